"""`scm-portal demo`: load the demo enterprise (DEMO, 2569); a second run changes nothing."""

import argparse

from evidence import db
from evidence.demo import DEMO_PASSWORD, load_demo


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="โหลดรัฐวิสาหกิจตัวอย่าง (DEMO ปี 2569)")
    parser.set_defaults(handler=run)


def run(_args: argparse.Namespace) -> int:
    db.upgrade()
    with db.session_scope() as session:
        result = load_demo(session)
    print(result.message)
    if result.loaded:
        print(f"ผู้ใช้ตัวอย่าง: admin, planner, cs.staff, ops.staff, executive, assessor (รหัสผ่าน {DEMO_PASSWORD})")
    return 0
