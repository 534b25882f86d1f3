"""`scm-portal template PATH.xlsx [--enterprise CODE --year YYYY]`: the blank import workbook."""

import argparse
from pathlib import Path

from evidence import db
from evidence.errors import DomainError
from evidence.excel.exporter import template_workbook
from evidence.services.org import get_enterprise_by_code
from portal.commands._excel_args import acting_user, add_target
from reports.jobs import write_atomically


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("template", help="สร้างแบบฟอร์ม Excel สำหรับนำเข้าข้อมูล")
    parser.add_argument("path", type=Path, help="ไฟล์ .xlsx ที่จะสร้าง")
    add_target(parser, required=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (args.enterprise is None) != (args.year is None):
        raise DomainError("ต้องระบุ --enterprise และ --year พร้อมกัน (หรือไม่ระบุทั้งคู่)")
    if args.enterprise:
        with db.session_scope() as session:
            actor = acting_user(session, args.username)
            enterprise = get_enterprise_by_code(session, args.enterprise)
            data = template_workbook(session, actor, enterprise_id=enterprise.id or 0, year=args.year)
    else:
        data = template_workbook()
    write_atomically(args.path, data)
    print(f"สร้างแบบฟอร์มแล้ว: {args.path} ({len(data) / 1024:.0f} KB)")
    return 0
