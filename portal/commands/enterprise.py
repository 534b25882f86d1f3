"""`scm-portal enterprise create CODE --name TEXT [--year-basis fiscal|calendar]`: onboarding."""

import argparse

from evidence import db
from evidence.access import SYSTEM
from evidence.models.org import YEAR_BASIS_TH, YearBasis
from evidence.services.org import create_enterprise


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("enterprise", help="รัฐวิสาหกิจ (เริ่มใช้งานพอร์ทัล)")
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="เพิ่มรัฐวิสาหกิจใหม่ แล้วนำเข้าโครงสร้างด้วย scm-portal import")
    create.add_argument("code", metavar="CODE", help="รหัสรัฐวิสาหกิจ เช่น DEMO")
    create.add_argument("--name", required=True, metavar="TEXT", help="ชื่อรัฐวิสาหกิจ (ภาษาไทย)")
    create.add_argument("--name-en", metavar="TEXT", help="ชื่อภาษาอังกฤษ")
    create.add_argument("--year-basis", choices=[b.value for b in YearBasis], default=YearBasis.FISCAL.value,
                        help="รอบปีของรอบการประเมิน: fiscal = ปีงบประมาณ (ค่าเริ่มต้น), calendar = ปีปฏิทิน")
    create.add_argument("--top-executive", metavar="TITLE", help="ตำแหน่งผู้บริหารสูงสุด (ค่าเริ่มต้น: ผู้ว่าการ)")
    create.set_defaults(handler=run_create)


def run_create(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise = create_enterprise(session, SYSTEM, code=args.code, name_th=args.name, name_en=args.name_en,
                                       year_basis=args.year_basis, top_executive_title=args.top_executive)
        basis = YEAR_BASIS_TH[enterprise.year_basis]
    print(f"เพิ่มรัฐวิสาหกิจ {args.code} ({args.name}) แล้ว รอบปี: {basis}")
    print(f"ขั้นต่อไป: scm-portal year open --enterprise {args.code} --year YYYY แล้ว "
          f"scm-portal import โครงสร้าง.xlsx --enterprise {args.code} --year YYYY")
    return 0
