"""`scm-portal pdpa retention [--apply]` and `scm-portal pdpa inventory PATH.xlsx --enterprise CODE`.

The retention job lists personal data past its retention date (a dry run, the default) and, with
`--apply`, removes it (the evidence records stay; their personal-data columns are emptied).
"""

import argparse
from datetime import date
from pathlib import Path

from evidence import db
from evidence.access import Actor
from evidence.models.users import Role
from evidence.pdpa.inventory import inventory_xlsx
from evidence.pdpa.retention import run_retention
from evidence.services.org import get_enterprise_by_code
from evidence.thai_dates import thai_date
from reports.jobs import write_atomically

CLI = Actor(username="cli", role=Role.ADMIN)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("pdpa", help="งานด้านข้อมูลส่วนบุคคล (PDPA)")
    actions = parser.add_subparsers(dest="pdpa_command", required=True)
    retention = actions.add_parser("retention", help="ลบข้อมูลส่วนบุคคลที่พ้นระยะเวลาเก็บรักษา (ค่าเริ่มต้น: ทดลอง)")
    retention.add_argument("--apply", action="store_true", help="ลบจริง (ไม่ระบุ = แสดงรายการเท่านั้น)")
    retention.add_argument("--enterprise", help="รหัสรัฐวิสาหกิจ (ไม่ระบุ = ทุกแห่ง)")
    retention.add_argument("--today", type=date.fromisoformat, help="วันที่ตรวจ YYYY-MM-DD (ค่าเริ่มต้น: วันนี้)")
    retention.set_defaults(handler=run_retention_command)
    inventory = actions.add_parser("inventory", help="ส่งออกบัญชีข้อมูลส่วนบุคคลเป็น .xlsx")
    inventory.add_argument("path", type=Path, help="ไฟล์ปลายทาง .xlsx")
    inventory.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    inventory.set_defaults(handler=run_inventory)


def run_retention_command(args: argparse.Namespace) -> int:
    db.upgrade()
    with db.session_scope() as session:
        enterprise_id = get_enterprise_by_code(session, args.enterprise).id if args.enterprise else None
        result = run_retention(session, CLI, today=args.today, enterprise_id=enterprise_id, apply=args.apply)
    mode = "ลบแล้ว" if result.applied else "ทดลอง (ยังไม่ลบ; ใช้ --apply เพื่อลบจริง)"
    print(f"ข้อมูลส่วนบุคคลที่พ้นระยะเวลาเก็บรักษา ณ {thai_date(result.today)}: {len(result.items):,} รายการ — {mode}")
    for label, count in result.by_table().items():
        print(f"  {label}: {count:,} รายการ")
    for label, count in result.without_date.items():
        print(f"  คำเตือน: {label} มีข้อมูลส่วนบุคคลที่ไม่ได้กำหนดวันสิ้นสุดการเก็บรักษา {count:,} รายการ")
    return 0


def run_inventory(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise = get_enterprise_by_code(session, args.enterprise)
        data = inventory_xlsx(session, CLI, enterprise_id=enterprise.id or 0)
    write_atomically(args.path, data)
    print(f"บันทึกบัญชีข้อมูลส่วนบุคคลของ {enterprise.code} ที่ {args.path}")
    return 0
