"""`scm-portal bench generate --scale S|M|L --out PATH.db`: generated data at a named scale."""

import argparse
import sys

from bench import generate


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("bench", help="สร้างข้อมูลทดสอบสมรรถนะ")
    actions = parser.add_subparsers(dest="bench_command", required=True)
    gen = actions.add_parser("generate", help="สร้างฐานข้อมูลตัวอย่างตามขนาด S/M/L")
    gen.add_argument("--scale", choices=sorted(generate.SCALES), default="S")
    gen.add_argument("--out", required=True)
    gen.set_defaults(handler=run_generate)


def run_generate(args: argparse.Namespace) -> int:
    sys.argv = ["bench.generate", "--scale", args.scale, "--out", args.out]
    generate.main()
    return 0
