"""`scm-portal export PATH.xlsx --enterprise CODE --year YYYY`: every record of a year as a workbook."""

import argparse
from pathlib import Path

from evidence import db
from evidence.excel.exporter import export_workbook_to
from evidence.services.org import get_enterprise_by_code
from portal.commands._excel_args import acting_user, add_target


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("export", help="ส่งออกข้อมูลหลักฐานของปีประเมินเป็นไฟล์ Excel")
    parser.add_argument("path", type=Path, help="ไฟล์ .xlsx ที่จะสร้าง")
    add_target(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = acting_user(session, args.username)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        # written row by row to a temporary name beside the file, then renamed (constant memory)
        rows = export_workbook_to(args.path, session, actor, enterprise_id=enterprise.id or 0, year=args.year)
    size = args.path.stat().st_size
    print(f"ส่งออกข้อมูลปี {args.year} ของ {args.enterprise} แล้ว: {args.path} ({rows:,} แถว, {size / 1024:.0f} KB)")
    return 0
