"""Arguments and the acting user shared by the Excel commands (template, import, export)."""

import argparse

from sqlmodel import Session

from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import NotFound
from evidence.services.users import find_user


def add_target(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--enterprise", required=required, metavar="CODE", help="รหัสรัฐวิสาหกิจ เช่น DEMO")
    parser.add_argument("--year", type=int, required=required, metavar="YYYY", help="ปีประเมิน (พ.ศ.) เช่น 2569")
    parser.add_argument("--as", dest="username", metavar="USERNAME",
                        help="ทำรายการในนามผู้ใช้นี้ (สิทธิ์และบันทึกการตรวจสอบตามผู้ใช้) ค่าเริ่มต้น: system")


def acting_user(session: Session, username: str | None) -> Actor:
    if not username:
        return SYSTEM
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"ไม่พบผู้ใช้ '{username}'", field="as")
    return actor_for(session, user)
