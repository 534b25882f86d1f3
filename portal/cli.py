"""`scm-portal`: one console script with sub-commands.

Each sub-command lives in `portal/commands/<name>.py` with `register(subparsers)`; errors are Thai
domain errors printed on stderr with a non-zero exit.
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from evidence.errors import DomainError
from evidence.failures import describe_failure

COMMAND_MODULES = ("db", "demo", "serve", "bench", "score", "user", "pdpa", "template", "import_", "export", "report",
                   "documents", "enterprise", "year", "backup", "submission", "notify", "search", "worker")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scm-portal", description="พอร์ทัลหลักฐานและการประเมิน SE-AM SCM")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"portal.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DomainError as exc:
        print(f"ข้อผิดพลาด: {exc}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError, OverflowError, ValueError) as exc:  # faults, told in Thai (detail logged)
        print(f"ข้อผิดพลาด: {describe_failure(exc)[1]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
