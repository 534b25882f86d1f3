"""`scm-portal user add|list|passwd|unlock`: local accounts from the server's shell.

The first administrator is made here: `scm-portal user add --role admin --username U --name N`.
Passwords are always typed at a getpass prompt, twice, and never taken on the command line.
"""

import argparse
import getpass

from sqlmodel import Session

from evidence import db
from evidence.access import Actor
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.users import ROLE_TH, Role
from evidence.services.org import get_enterprise_by_code, list_units
from evidence.services.users import create_user, find_user, list_users, reset_password, unlock_user

CLI = Actor(username="cli", role=Role.ADMIN)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("user", help="จัดการบัญชีผู้ใช้ (รหัสผ่านพิมพ์ที่พรอมต์เท่านั้น)")
    actions = parser.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", help="เพิ่มผู้ใช้ (เช่น ผู้ดูแลระบบคนแรก)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="บทบาท")
    add.add_argument("--username", required=True, help="ชื่อผู้ใช้")
    add.add_argument("--name", required=True, help="ชื่อที่แสดง")
    add.add_argument("--email", help="อีเมล (ใช้จับคู่เมื่อเข้าสู่ระบบด้วยบัญชีองค์กร OIDC)")
    add.add_argument("--enterprise", help="รหัสรัฐวิสาหกิจ (ผู้ประเมิน: รัฐวิสาหกิจที่ได้รับมอบหมาย)")
    add.add_argument("--unit", help="รหัสหน่วยงาน (เจ้าหน้าที่หน่วยงาน)")
    add.add_argument("--no-password", action="store_true", help="ไม่ตั้งรหัสผ่าน: เข้าสู่ระบบผ่าน OIDC เท่านั้น")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="รายชื่อผู้ใช้")
    listing.set_defaults(handler=run_list)
    passwd = actions.add_parser("passwd", help="ตั้งรหัสผ่านใหม่ (และปลดการระงับ)")
    passwd.add_argument("--username", required=True)
    passwd.set_defaults(handler=run_passwd)
    unlock = actions.add_parser("unlock", help="ปลดการระงับบัญชีที่ใส่รหัสผ่านผิดหลายครั้ง")
    unlock.add_argument("--username", required=True)
    unlock.set_defaults(handler=run_unlock)


def ask_password() -> str:
    """Prompt twice (input hidden); refuse when the two differ."""
    first = getpass.getpass("รหัสผ่าน: ")
    second = getpass.getpass("ยืนยันรหัสผ่าน: ")
    if first != second:
        raise ValidationFailed([FieldProblem("password", "รหัสผ่านทั้งสองครั้งไม่ตรงกัน", "รหัสผ่าน")])
    return first


def _unit_id(session: Session, enterprise_id: int | None, code: str | None) -> int | None:
    if not code:
        return None
    if enterprise_id is None:
        raise ValidationFailed([FieldProblem("unit", "ระบุหน่วยงานต้องระบุรัฐวิสาหกิจด้วย (--enterprise)", "หน่วยงาน")])
    unit = next((u for u in list_units(session, CLI, enterprise_id) if u.code == code), None)
    if unit is None:
        raise NotFound(f"ไม่พบหน่วยงานรหัส '{code}' ในรัฐวิสาหกิจนี้", field="unit")
    return unit.id


def run_add(args: argparse.Namespace) -> int:
    db.upgrade()
    role = Role(args.role)
    password = None if args.no_password else ask_password()
    with db.session_scope() as session:
        enterprise_id = get_enterprise_by_code(session, args.enterprise).id if args.enterprise else None
        user = create_user(
            session, CLI, username=args.username, display_name=args.name, role=role, password=password,
            email=args.email, enterprise_id=None if role == Role.ASSESSOR else enterprise_id,
            org_unit_id=_unit_id(session, enterprise_id, args.unit),
            assessed_enterprise_ids=[enterprise_id] if role == Role.ASSESSOR and enterprise_id else None,
        )
        print(f"เพิ่มผู้ใช้ {user.username} ({ROLE_TH[role]}) แล้ว")
    return 0


def run_list(_args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        for user in list_users(session, CLI):
            state = "ใช้งาน" if user.active else "ปิดใช้งาน"
            if user.locked:
                state += " (ถูกระงับชั่วคราว)"
            login = "รหัสผ่าน" if user.has_password else "OIDC"
            print(f"{user.username:<24} {ROLE_TH[user.role]:<24} {login:<10} {state}")
    return 0


def _user_id(session: Session, username: str) -> int:
    user = find_user(session, username.strip().lower())
    if user is None or user.id is None:
        raise NotFound(f"ไม่พบผู้ใช้ '{username}'", field="username")
    return user.id


def run_passwd(args: argparse.Namespace) -> int:
    password = ask_password()
    with db.session_scope() as session:
        reset_password(session, CLI, _user_id(session, args.username), password)
    print(f"ตั้งรหัสผ่านใหม่ให้ {args.username} แล้ว")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        unlock_user(session, CLI, _user_id(session, args.username))
    print(f"ปลดการระงับบัญชี {args.username} แล้ว")
    return 0
