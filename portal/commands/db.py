"""`scm-portal db upgrade`: bring the database to the newest schema."""

import argparse

from evidence import db


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("db", help="จัดการฐานข้อมูล")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade = actions.add_parser("upgrade", help="ปรับโครงสร้างฐานข้อมูลเป็นรุ่นล่าสุด (Alembic)")
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(_args: argparse.Namespace) -> int:
    engine = db.get_engine()
    db.upgrade(engine)
    print(f"ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว ({db.current_revision(engine)}) ที่ {engine.url.render_as_string(hide_password=True)}")
    return 0
