"""`scm-portal documents add|list|suggest`: the document register from the command line (issue 11)."""

import argparse
import json
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from evidence import db
from evidence.access import SYSTEM
from evidence.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from evidence.labels import label_of
from evidence.models import Document, DocumentVersion, EvidenceLink, FileReading
from evidence.models.documents import READING_STATE_TH, DocumentKind, ReadingState
from evidence.services.documents import add_document, attach_file
from evidence.services.documents import register as register_rows
from evidence.services.scoring import resolve_scope
from evidence.services.suggestions import suggest_for_file
from evidence.thai_dates import bangkok_today, fiscal_year, parse_be_date, thai_date


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("documents", help="ทะเบียนเอกสาร: เพิ่ม ดูรายการ และแนะนำรายการเกณฑ์")
    sub = parser.add_subparsers(dest="documents_command", required=True)
    add = sub.add_parser("add", help="เพิ่มเอกสารพร้อมไฟล์ (อ่านข้อความในไฟล์ทันที)")
    add.add_argument("file", help="ไฟล์เอกสาร (PDF, DOCX)")
    add.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    add.add_argument("--kind", required=True, choices=[k.value for k in DocumentKind], help="ประเภทเอกสาร")
    add.add_argument("--title", required=True, help="ชื่อเอกสาร")
    add.add_argument("--version", default="1", help="ฉบับที่ (ค่าเริ่มต้น 1)")
    add.add_argument("--effective", help="วันที่มีผลบังคับใช้ วว/ดด/ปปปป (พ.ศ.)")
    add.add_argument("--year", type=int, help="ปีที่บันทึก (พ.ศ.; ค่าเริ่มต้น ปีของวันที่มีผลหรือปีงบประมาณปัจจุบัน)")
    add.add_argument("--declared", default="", help="ข้อเท็จจริงที่ระบุว่ามีในเอกสาร คั่นด้วยจุลภาค เช่น recovery_normal,before")
    add.set_defaults(handler=run_add)
    show = sub.add_parser("list", help="รายการเอกสารในทะเบียน ฉบับที่มีผลในปี และไฟล์")
    show.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    show.add_argument("--year", type=int, help="ปีประเมิน (พ.ศ.): ระบุว่าฉบับใดมีผลในปีนั้น")
    show.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    show.set_defaults(handler=run_list)
    suggest = sub.add_parser("suggest", help="รายการเกณฑ์ที่เอกสารน่าจะสนับสนุน (BM25)")
    suggest.add_argument("document", help="รหัสเอกสาร (เช่น DOC-CMP-POL) หรือเลขที่เอกสาร")
    suggest.add_argument("--enterprise", required=True, help="รหัสรัฐวิสาหกิจ")
    suggest.add_argument("--year", type=int, required=True, help="ปีประเมิน (พ.ศ.)")
    suggest.add_argument("--top", type=int, default=5, help="จำนวนรายการที่แนะนำ (ค่าเริ่มต้น 5)")
    suggest.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    suggest.set_defaults(handler=run_suggest)



def run_add(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise NotFound(f"ไม่พบไฟล์ '{args.file}'", field="file")
    try:
        effective = parse_be_date(args.effective) if args.effective else None
    except ValueError:
        raise ValidationFailed([FieldProblem("effective_on", f"อ่านวันที่ '{args.effective}' ไม่ได้ กรุณากรอกแบบ "
                                             "วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569", "วันที่มีผลบังคับใช้")]) from None
    year = args.year or fiscal_year(effective or bangkok_today())
    declared = [c.strip() for c in args.declared.split(",") if c.strip()]
    with db.session_scope() as session:
        enterprise_id, _ = resolve_scope(session, enterprise_code=args.enterprise, division_code=None)
        version = add_document(session, SYSTEM, enterprise_id=enterprise_id, year=year,
                               data={"kind": args.kind, "title": args.title},
                               version={"label": args.version, "effective_on": effective, "declared": declared})
        stored = attach_file(session, SYSTEM, version_id=int(version.id or 0), year=year, name=path.name,
                             data=path.read_bytes())
        reading = session.exec(select(FileReading).where(FileReading.file_id == stored.id)).one()
        print(f"เพิ่มเอกสาร {version.code} '{args.title}' ฉบับ {version.label} แล้ว")
        print(f"ไฟล์ {stored.name} · SHA-256 {stored.sha256[:12]} · {READING_STATE_TH[ReadingState(reading.state)]}"
              + (f" · {reading.pages} หน้า" if reading.pages else ""))
        if reading.message_th:
            print(reading.message_th)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise_id, _ = resolve_scope(session, enterprise_code=args.enterprise, division_code=None)
        rows = register_rows(session, SYSTEM, enterprise_id=enterprise_id, year=args.year)
        data = [{
            "id": r.document.id, "code": r.document.code, "kind": r.document.kind,
            "kind_th": label_of(DocumentKind, r.document.kind), "title": r.document.title, "version": r.version.label,
            "version_code": r.version.code, "effective_on": r.version.effective_on.isoformat() if r.version.effective_on else None,
            "in_force": r.in_force, "status": r.version.status,
            "approvals": [{"code": a.code, "meeting_no": a.meeting_no,
                           "meeting_date": a.meeting_date.isoformat() if a.meeting_date else None} for a in r.approvals],
            "files": [{"name": f.name, "sha256": f.sha256[:12], "reading": s} for f, s in zip(r.files, r.file_states, strict=True)],
            "declared": list(r.version.declared or ()),
            "not_found": sorted(r.fact.unsupported) if r.fact else [],
            "warnings": list(r.fact.warnings) if r.fact else [],
        } for r in rows]  # fmt: skip
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for row in data:
        mark = "● มีผลในปี" if row["in_force"] else "○"
        effective = thai_date(date.fromisoformat(row["effective_on"])) if row["effective_on"] else "ไม่ระบุวันที่มีผล"
        print(f"{mark} {row['version_code']:<22} {row['title']} ({row['kind_th']}) · มีผล {effective}")
        for approval in row["approvals"]:
            print(f"    อนุมัติ {approval['code']} ครั้งที่ {approval['meeting_no'] or '-'}")
        for file in row["files"]:
            print(f"    ไฟล์ {file['name']} · {file['sha256']} · {READING_STATE_TH[ReadingState(file['reading'])]}")
        for code in row["not_found"]:
            print(f"    ไม่พบในเอกสาร: {code}")
    if not data:
        print("ยังไม่มีเอกสารในทะเบียน")
    return 0


def _document(session: Session, enterprise_id: int, key: str) -> Document:
    query = select(Document).where(Document.enterprise_id == enterprise_id)
    found = session.exec(query.where(Document.code == key)).first()
    if found is None and key.isdigit():
        found = session.exec(query.where(Document.id == int(key))).first()
    if found is None:
        raise NotFound(f"ไม่พบเอกสาร '{key}' ในทะเบียนของรัฐวิสาหกิจนี้", field="document")
    return found


def run_suggest(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        enterprise_id, _ = resolve_scope(session, enterprise_code=args.enterprise, division_code=None)
        document = _document(session, enterprise_id, args.document)
        versions = [int(v) for v in session.exec(select(DocumentVersion.id).where(
            DocumentVersion.document_id == document.id).order_by(col(DocumentVersion.id).desc())).all()]
        file_ids = [int(f) for f in session.exec(select(EvidenceLink.file_id).where(
            EvidenceLink.record_table == "documentversion", col(EvidenceLink.record_id).in_(versions))).all()]
        if not file_ids:
            raise DomainError(f"เอกสาร '{document.title}' ยังไม่มีไฟล์ จึงแนะนำรายการเกณฑ์ไม่ได้", field="document")
        found = suggest_for_file(session, SYSTEM, enterprise_id=enterprise_id, year=args.year, file_id=file_ids[0],
                                 k=args.top)
    if args.json:
        print(json.dumps([s.__dict__ for s in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("ยังอ่านข้อความในไฟล์ไม่ได้ จึงยังไม่มีรายการแนะนำ")
    for n, s in enumerate(found, start=1):
        how = "อ้างหลักฐานได้" if s.judged else "ตรวจด้วยกฎ"
        print(f"{n}. {s.item_id} ({s.subtopic}, {how}) คะแนน {s.score:.2f}: {s.text_th}")
        if s.locator_th:
            print(f"   {s.locator_th}: {s.quote}")
    return 0
