"""`scm-portal score --enterprise CODE --year YYYY [--division CODE] [--method M] [--claims MODE] [--json]`."""

import argparse
import json

from criteria.results import Assessment
from evidence import db
from evidence.access import SYSTEM
from evidence.services.scoring import resolve_scope, score_enterprise


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("score", help="คำนวณระดับตามเกณฑ์ SE-AM SCM")
    parser.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    parser.add_argument("--year", type=int, required=True, help="ปีประเมิน (พ.ศ.)")
    parser.add_argument("--division", help="รหัสสายงาน (ไม่ระบุ = ทั้งองค์กร)")
    parser.add_argument("--method", choices=["whole-levels", "partial"], help="วิธีคิดคะแนน (ค่าเริ่มต้นตามรอบประเมิน)")
    parser.add_argument("--claims", choices=["self-assessment", "confirmed"], help="การนับรายการที่อ้างหลักฐาน")
    parser.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    parser.set_defaults(handler=run)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def render_table(result: Assessment) -> str:
    lines = [
        f"{result.enterprise} ({result.scope_name}) ปีประเมิน พ.ศ. {result.year}",
        f"เกณฑ์ฉบับ {result.criteria_version} · วิธีคิดคะแนน {result.method} · การนับรายการอ้างหลักฐาน {result.claim_mode}"
        f" · ข้อเท็จจริงที่ไม่พบในเอกสาร {result.fact_mode}",
        f"คะแนนรวม SCM: {_fmt(result.score)} / 5",
        "",
        f"{'หัวข้อย่อย':<10} {'น้ำหนัก':>7} {'ระดับ':>6} {'ผ่านครบ':>7}  ติดอยู่ที่",
    ]
    for part in result.parts:
        lines.append(f"[{part.code}] {part.name_th}: {_fmt(part.score)}")
        for topic in part.topics:
            for sub in topic.subtopics:
                lines.append(f"{sub.code:<10} {sub.weight:>7.2f} {_fmt(sub.level):>6} {'-' if sub.levels_met is None else sub.levels_met:>7}  "
                             f"{', '.join(sub.blocking) or '-'}")
    if result.next_actions:
        lines += ["", "สิ่งที่ควรทำต่อ (เรียงตามคะแนนที่จะเพิ่ม):"]
        for n, action in enumerate(result.next_actions[:10], start=1):
            owners = ", ".join(action.owners) or "ฝ่ายแผน"
            lines.append(f"{n:>2}. {action.subtopic_code} +{action.gain:.2f} ({owners}): {', '.join(action.items)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise_id, division_id = resolve_scope(session, enterprise_code=args.enterprise,
                                                   division_code=args.division)
        result = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=args.year,
                                  division_id=division_id, method=args.method, claim_mode=args.claims)
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_table(result))
    return 0
