"""`scm-portal year open --enterprise CODE --year YYYY [--from YYYY]`: open an assessment year,
empty or carried from last year."""

import argparse

from evidence import db
from evidence.services.org import get_enterprise_by_code, open_year
from evidence.services.year_carry import open_year_from
from portal.commands._excel_args import acting_user


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("year", help="รอบการประเมิน")
    actions = parser.add_subparsers(dest="action", required=True)
    opened = actions.add_parser("open", help="เปิดรอบการประเมินปีใหม่ (ยกโครงสร้าง เป้าหมาย กลุ่มลูกค้า และ "
                                             "Stakeholder Profile จากปีก่อนได้)")
    opened.add_argument("--enterprise", required=True, metavar="CODE", help="รหัสรัฐวิสาหกิจ")
    opened.add_argument("--year", type=int, required=True, metavar="YYYY", help="ปีที่เปิด (พ.ศ.) เช่น 2570")
    opened.add_argument("--from", dest="from_year", type=int, metavar="YYYY", help="ยกข้อมูลมาจากปีนี้ เช่น 2569")
    opened.add_argument("--as", dest="username", metavar="USERNAME", help="ทำรายการในนามผู้ใช้นี้ ค่าเริ่มต้น: system")
    opened.set_defaults(handler=run_open)


def run_open(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = acting_user(session, args.username)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        if args.from_year is None:
            open_year(session, actor, enterprise_id=enterprise.id or 0, year=args.year)
            message = f"เปิดรอบการประเมินปี {args.year} ของ {args.enterprise} แล้ว"
        else:
            message = open_year_from(session, actor, enterprise_id=enterprise.id or 0, year=args.year,
                                     from_year=args.from_year).summary()
    print(message)
    return 0
