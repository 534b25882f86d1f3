"""`scm-portal report readiness|evidence-pack --enterprise CODE --year YYYY [--division CODE] --out PATH`.

`readiness` writes the scored readiness report (.docx) to PATH; `evidence-pack` writes the assessor's
pack (.zip holding the .docx, the evidence files and index.csv) to PATH and the .docx beside it.
`--user NAME` makes the document as that user sees it (scope checks). Personal data in the pack is
masked unless `--unmasked` is given with a `--user` whose role may see it (audited). `--pdf` also writes
LibreOffice's PDF (page numbers in the table of contents); `--manifest HASH` names the frozen submission
the evidence comes from; `--thai-numerals`, `--page-numbers thai-top`, `--justify thai-distributed` are the
layout options Thai offices ask for.
"""

import argparse
import sys
from pathlib import Path

from sqlmodel import Session

from evidence import db
from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import NotFound
from evidence.services.scoring import resolve_scope
from evidence.services.users import find_user
from reports.control import ReportOptions
from reports.file_source import store_source
from reports.jobs import make_evidence_pack, make_readiness_report, write_atomically


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("report", help="จัดทำรายงานความพร้อมหรือชุดหลักฐานสำหรับผู้ประเมิน (Word)")
    kinds = parser.add_subparsers(dest="report_kind", required=True)
    readiness = kinds.add_parser("readiness", help="รายงานผลการประเมินความพร้อม (.docx)")
    _common(readiness)
    readiness.add_argument("--target", type=_level, help="ระดับเป้าหมายในแผนภูมิ 0–5 (ไม่ระบุ = ระดับเมื่อผ่านรายการที่กั้นอยู่)")
    readiness.set_defaults(handler=run_readiness)
    pack = kinds.add_parser("evidence-pack", help="ชุดหลักฐานสำหรับผู้ประเมิน (.zip และ .docx)")
    _common(pack)
    pack.add_argument("--unmasked", action="store_true",
                      help="แสดงข้อมูลส่วนบุคคลโดยไม่ปิดบัง (ต้องระบุ --user ที่มีสิทธิ์ และบันทึกการตรวจสอบ)")
    pack.set_defaults(handler=run_evidence_pack)


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ไม่ใช่ตัวเลข") from None
    if not 0 <= value <= 5:
        raise argparse.ArgumentTypeError("ระดับเป้าหมายต้องอยู่ระหว่าง 0 ถึง 5")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    parser.add_argument("--year", type=int, required=True, help="ปีประเมิน (พ.ศ.)")
    parser.add_argument("--division", help="รหัสสายงาน (ไม่ระบุ = ทั้งองค์กร)")
    parser.add_argument("--out", type=Path, required=True, help="ไฟล์ที่จะเขียน (หรือโฟลเดอร์)")
    parser.add_argument("--method", choices=["whole-levels", "partial"], help="วิธีคิดคะแนน (ค่าเริ่มต้นตามรอบประเมิน)")
    parser.add_argument("--claims", choices=["self-assessment", "confirmed"], help="การนับรายการที่อ้างหลักฐาน")
    parser.add_argument("--user", help="จัดทำในนามผู้ใช้นี้ (สิทธิ์และการปิดบังข้อมูลส่วนบุคคลตามบทบาท)")
    parser.add_argument("--pdf", action="store_true", help="เขียนไฟล์ PDF ด้วย (ต้องมี LibreOffice; สารบัญมีเลขหน้า)")
    parser.add_argument("--manifest", help="ค่าแฮชของรายการไฟล์ของชุดหลักฐานที่ยื่นแล้ว (ฉบับหลักฐานในเอกสาร)")
    parser.add_argument("--thai-numerals", action="store_true", help="ใช้เลขไทยในเอกสาร")
    parser.add_argument("--page-numbers", choices=["footer", "thai-top"], default="footer",
                        help="เลขหน้า: ท้ายหน้า (ค่าเริ่มต้น) หรือ \"- ๒ -\" กลางหัวกระดาษ")
    parser.add_argument("--justify", choices=["left", "thai-distributed"], default="left",
                        help="การจัดข้อความ: ชิดซ้าย (ค่าเริ่มต้น) หรือกระจายแบบไทย")


def _options(args: argparse.Namespace) -> ReportOptions:
    return ReportOptions(thai_numerals=args.thai_numerals, page_numbers=args.page_numbers, justify=args.justify)


def _actor(session: Session, username: str | None) -> Actor:
    if not username:
        return SYSTEM
    user = find_user(session, username)
    if user is None or not user.active:
        raise NotFound(f"ไม่พบผู้ใช้ '{username}'", field="user")
    return actor_for(session, user)


def _progress(share: float, message: str) -> None:
    print(f"[{share:>4.0%}] {message}", file=sys.stderr)


def run_readiness(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = _actor(session, args.user)
        enterprise_id, division_id = resolve_scope(session, enterprise_code=args.enterprise, division_code=args.division)
        document = make_readiness_report(
            session, actor, enterprise_id=enterprise_id, year=args.year, division_id=division_id,
            method=args.method, claim_mode=args.claims, target_level=args.target, progress=_progress,
            options=_options(args), manifest=args.manifest, with_pdf=args.pdf,
        )
    out: Path = args.out / document.filename if args.out.is_dir() else args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, document.data)
    if document.pdf is not None:
        write_atomically(out.with_suffix(".pdf"), document.pdf)
    score = "-" if document.score is None else f"{document.score:.2f}"
    print(f"เขียนรายงานความพร้อมแล้ว: {out} (คะแนน SCM {score} / 5)")
    return 0


def run_evidence_pack(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = _actor(session, args.user)
        enterprise_id, division_id = resolve_scope(session, enterprise_code=args.enterprise, division_code=args.division)
        pack = make_evidence_pack(
            session, actor, enterprise_id=enterprise_id, year=args.year, division_id=division_id, target=args.out,
            source=store_source(), method=args.method, claim_mode=args.claims, progress=_progress,
            unmasked=args.unmasked, options=_options(args), manifest=args.manifest, with_pdf=args.pdf,
        )
    print(f"เขียนชุดหลักฐานแล้ว: {pack.zip_path} และ {pack.docx_path.name} "
          f"(ไฟล์หลักฐาน {pack.files:,} รายการ, ไม่พบในที่จัดเก็บ {pack.missing:,})")
    return 0
