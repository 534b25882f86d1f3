"""`scm-portal backup --enterprise CODE --out FILE.zip` and `scm-portal restore FILE.zip`."""

import argparse
from pathlib import Path

from evidence import db
from evidence.access import SYSTEM
from evidence.backup import backup_enterprise, restore_backup
from evidence.errors import DomainError
from evidence.services.org import get_enterprise_by_code


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = subparsers.add_parser("backup", help="สำรองข้อมูลทั้งหมดของรัฐวิสาหกิจ (ตาราง ไฟล์หลักฐาน และ manifest)")
    backup.add_argument("--enterprise", required=True, metavar="CODE", help="รหัสรัฐวิสาหกิจ")
    backup.add_argument("--out", required=True, type=Path, metavar="FILE.zip", help="ไฟล์ .zip ที่จะสร้าง")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser("restore", help="กู้คืนรัฐวิสาหกิจจากไฟล์สำรองข้อมูลเข้าฐานข้อมูลที่ยังไม่มีรัฐวิสาหกิจนี้")
    restore.add_argument("path", type=Path, metavar="FILE.zip", help="ไฟล์สำรองข้อมูล")
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise = get_enterprise_by_code(session, args.enterprise)
        data = backup_enterprise(session, SYSTEM, enterprise_id=enterprise.id or 0)
    args.out.write_bytes(data)
    print(f"สำรองข้อมูล {args.enterprise} แล้ว: {args.out} ({len(data) / 1024:.0f} KB)")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if not args.path.exists():
        raise DomainError(f"ไม่พบไฟล์ {args.path}", field="path")
    engine = db.get_engine()
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        report = restore_backup(session, SYSTEM, args.path.read_bytes())
    print(report.summary())
    return 0
