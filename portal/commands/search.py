"""`scm-portal search TEXT --enterprise CODE [--year YYYY] [--as USER]`: the portal's search box on the
command line (the same service, roles and masking)."""

import argparse
import json

from evidence import db
from evidence.services.org import get_enterprise_by_code
from evidence.services.search import search_records
from portal.commands._excel_args import acting_user


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("search", help="ค้นหาข้อมูลและเอกสารของรัฐวิสาหกิจ (คำไทยตัดคำด้วย pythainlp)")
    parser.add_argument("text", help="คำค้น")
    parser.add_argument("--enterprise", required=True, metavar="CODE", help="รหัสรัฐวิสาหกิจ เช่น DEMO")
    parser.add_argument("--year", type=int, metavar="YYYY", help="เฉพาะข้อมูลของปีประเมินนี้ (และข้อมูลที่ไม่ผูกกับปี)")
    parser.add_argument("--page", type=int, default=1, help="หน้าของผลการค้นหา (หน้าละ 20 รายการ)")
    parser.add_argument("--as", dest="username", metavar="USERNAME", help="ค้นหาในนามผู้ใช้นี้ (สิทธิ์และการปิดบังข้อมูล)")
    parser.add_argument("--json", action="store_true", help="ผลลัพธ์เป็น JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = acting_user(session, args.username)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        found = search_records(session, actor, enterprise_id=enterprise.id or 0, query=args.text, year=args.year,
                               page=max(args.page, 1) - 1)
    if args.json:
        print(json.dumps({"total": found.total, "terms": list(found.terms), "hits": [
            {"table": h.record_table, "id": h.record_id, "family": h.family, "label": h.label,
             "snippet": h.snippet, "status": h.status_th, "year": h.year} for h in found.hits]},
            ensure_ascii=False, indent=2))
        return 0
    print(f"พบ {found.total:,} รายการ (คำค้น: {' + '.join(found.terms)})")
    for hit in found.hits:
        status = f" [{hit.status_th}]" if hit.status_th else ""
        print(f"- {hit.family}: {hit.label}{status}\n    {hit.snippet}")
    return 0
