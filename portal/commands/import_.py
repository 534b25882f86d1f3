"""`scm-portal import PATH --enterprise CODE --year YYYY [--dry-run]`: check every row, then store
all rows in one transaction or none (an .xlsx workbook, or a CSV file of one record family)."""

import argparse
import sys
from pathlib import Path

from evidence import db
from evidence.errors import DomainError
from evidence.excel.importer import ImportReport, import_file
from evidence.services.org import get_enterprise_by_code
from portal.commands._excel_args import acting_user, add_target

SHOWN = 50


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("import", help="นำเข้าข้อมูลจากไฟล์ Excel หรือ CSV (ตรวจทุกแถวก่อนบันทึก)")
    parser.add_argument("path", type=Path, help="ไฟล์ .xlsx หรือ .csv")
    add_target(parser)
    parser.add_argument("--dry-run", action="store_true", help="ตรวจสอบอย่างเดียว ไม่บันทึก")
    parser.add_argument("--sheet", metavar="KEY", help="ประเภทข้อมูลของไฟล์ CSV เช่น voc หรือ 'เรื่องร้องเรียน'")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        data = args.path.read_bytes()
    except OSError as error:
        raise DomainError(f"เปิดไฟล์ '{args.path}' ไม่ได้ ({error.strerror})") from None
    with db.session_scope() as session:
        actor = acting_user(session, args.username)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        report = import_file(session, actor, data=data, filename=args.path.name, enterprise_id=enterprise.id or 0,
                             year=args.year, dry_run=args.dry_run, family_key=args.sheet)
    print_report(report)
    return 0 if report.ok else 2


def print_report(report: ImportReport) -> None:
    for notice in report.notices:
        print(f"หมายเหตุ: {notice}")
    for sheet in report.sheets:
        print(f"  {sheet.sheet}: {sheet.rows:,} แถว — เพิ่ม {sheet.created:,} ปรับปรุง {sheet.updated:,} "
              f"ไม่เปลี่ยนแปลง {sheet.unchanged:,}" + (f" ฉบับแก้ไขรออนุมัติ {sheet.revisions:,}" if sheet.revisions else ""))
    for problem in report.problems[:SHOWN]:
        print(f"  ✗ {problem}", file=sys.stderr)
    if report.problem_count > SHOWN:
        print(f"  … และอีก {report.problem_count - SHOWN:,} ปัญหา", file=sys.stderr)
    print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
