"""The assessor's evidence pack: a .docx listing, per criteria item, the records and files that prove
it (SHA-256, upload date), the approvals that make it count, and the reason where it is not met;
and a .zip holding that .docx, every file it lists stored ONCE (`files/<first 12 hex of SHA-256>_<name>`,
linked from every sub-topic that cites it), the register rows the rules read as a Thai workbook per
sub-topic (`registers/<sub-topic>.xlsx`, `reports.registers`) and `index.csv` of paths and hashes
(cells that a spreadsheet would run as a formula are escaped).

Files are streamed into the zip in chunks from the file store (never all in memory) and their
SHA-256 is checked on the way: a stored file that no longer matches its hash stops the pack.
"""

from collections.abc import Mapping, Sequence

from criteria.results import STATUS_TH, Assessment, ItemResult, SubtopicResult
from evidence.services.report_data import ApprovalFact, FileFact, ItemEvidence, RecordFact
from evidence.thai_dates import thai_date
from reports.blocks import Block, CoverLine, DocumentPlan, Heading, Paragraph, Table, TableOfContents
from reports.cite_text import citation_lines, thai_sentence
from reports.control import control_rows
from reports.docx_writer import render
from reports.pack_types import (
    FILES_DIR,
    EvidencePackError,
    FileSource,
    PackEntry,
    PackLayout,
    entry_path,
    pack_layout,
    safe_name,
)
from reports.pack_zip import INDEX_NAME, index_csv, index_rows, write_evidence_zip
from reports.readiness import CLAIM_MODE_TH, METHOD_TH, ReportMeta, fmt_level, scope_label

# ---------------------------------------------------------------- the document


def fmt_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _hash_lines(sha256: str) -> str:
    return f"{sha256[:32]}\n{sha256[32:]}"


def _records_table(records: Sequence[RecordFact]) -> Table:
    rows = tuple((r.family_th, r.label, r.status_th or "-", r.contacts or "-") for r in records)
    return Table(("ประเภทข้อมูล", "รายการ", "สถานะ", "ข้อมูลติดต่อ (PDPA)"), rows, (3.4, 6.4, 2.2, 4.0), small=True)


def _approvals_table(approvals: Sequence[ApprovalFact]) -> Table:
    rows = []
    for a in approvals:
        meeting = " ".join(p for p in (f"ครั้งที่ {a.meeting_no}" if a.meeting_no else "",
                                       thai_date(a.meeting_date)) if p) or "-"
        signed = f"\nลงนามโดย {a.signer} {thai_date(a.signed_on)}".rstrip() if a.signer else ""
        rows.append((a.document_title, f"{a.body_name} ({a.body_kind_th})", meeting,
                     (a.resolution or "-") + signed))
    return Table(("เอกสารที่อนุมัติ", "ผู้อนุมัติ", "การประชุม", "มติ"), tuple(rows), (4.4, 4.4, 3.0, 4.2),
                 small=True)


def _files_table(files: Sequence[FileFact], layout: PackLayout, subtopic: str) -> Table:
    rows = []
    missing = {f.id for f in layout.missing}
    for f in files:
        where = "ไม่พบไฟล์ในที่จัดเก็บ" if f.id in missing else (layout.path_of(subtopic, f.id) or "-")
        rows.append((f"{f.name}\n{where}", _hash_lines(f.sha256), fmt_size(f.size), thai_date(f.uploaded_at, short=True)))
    return Table(("ไฟล์ / ตำแหน่งใน .zip", "SHA-256", "ขนาด", "อัปโหลดเมื่อ"), tuple(rows), (5.3, 6.6, 1.7, 2.4),
                 numeric_columns=(2,), small=True, column_pt=(None, 10.5))


def item_blocks(item: ItemResult, found: ItemEvidence, layout: PackLayout, subtopic: str) -> list[Block]:
    verdict = STATUS_TH.get(item.status, item.status)
    blocks: list[Block] = [
        Heading(f"{item.id} (ระดับ {item.level}): {verdict}", 3),
        Paragraph(item.text_th),
        Paragraph(thai_sentence("; ".join(item.reasons)) or "-",
                  label="ผลการตรวจ: " if item.met else "เหตุที่ยังไม่ผ่าน: "),
    ]
    if item.citations:
        blocks.append(Paragraph(citation_lines(item.citations, limit=40, paths=layout.paths), label="อ้างอิง: "))
    if found.records:
        blocks.append(Paragraph("", label="ข้อมูลที่อ้างถึง"))
        blocks.append(_records_table(found.records))
    if found.approvals:
        blocks.append(Paragraph("", label="การอนุมัติที่ทำให้นับได้"))
        blocks.append(_approvals_table(found.approvals))
    if found.files:
        blocks.append(Paragraph("", label="ไฟล์หลักฐาน"))
        blocks.append(_files_table(found.files, layout, subtopic))
    if not (found.records or found.approvals or found.files):
        blocks.append(Paragraph("ไม่มีข้อมูลหรือไฟล์หลักฐานที่อ้างถึง", style="note"))
    return blocks


def _subtopic_summary(sub: SubtopicResult, evidence: Mapping[str, ItemEvidence]) -> tuple[str, ...]:
    met = sum(i.met for i in sub.items)
    files = {f.id for i in sub.items for f in evidence.get(i.id, ItemEvidence(i.id)).files}
    return (sub.code, sub.name_th, fmt_level(sub.level), f"{met}/{len(sub.items)}", str(len(files)))


def _cover(assessment: Assessment, meta: ReportMeta) -> tuple[CoverLine, ...]:
    lines = [
        CoverLine("ชุดหลักฐานประกอบการประเมิน", 28, True, 72),
        CoverLine("สำหรับผู้ประเมิน", 18),
        CoverLine("เกณฑ์ SE-AM ด้านการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (SCM)", 20, True, 12),
        CoverLine(assessment.enterprise, 24, True, 40),
        CoverLine(f"ขอบเขต: {scope_label(assessment)}", 18),
        CoverLine(f"ปีประเมิน พ.ศ. {assessment.year}", 20, True),
        CoverLine(f"เกณฑ์ฉบับ {assessment.criteria_version}", 16, False, 40),
        CoverLine(f"วิธีคิดคะแนน: {METHOD_TH.get(assessment.method, assessment.method)}", 16),
        CoverLine(f"การนับรายการที่อ้างหลักฐาน: {CLAIM_MODE_TH.get(assessment.claim_mode, assessment.claim_mode)}", 16),
    ]
    if meta.control is not None:
        lines += [CoverLine(f"{label}: {value}", 14) for label, value in control_rows(meta.control, made_on=meta.made_on)]
    else:
        lines.append(CoverLine(f"จัดทำเมื่อ {thai_date(meta.made_on)}", 16))
    if meta.version_label:
        lines.append(CoverLine(f"ฉบับข้อมูล: {meta.version_label}", 16))
    if meta.made_by:
        lines.append(CoverLine(f"จัดทำโดย {meta.made_by}", 16))
    return tuple(lines)


def evidence_pack_plan(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], layout: PackLayout, meta: ReportMeta,
    registers: Mapping[str, str] | None = None,
) -> DocumentPlan:
    """`registers`: sub-topic → path of its register workbook in the zip."""
    registers = registers or {}
    subs = assessment.subtopics()
    records = {(r.table, r.record_id) for e in evidence.values() for r in e.records}
    approvals = {a.approval_id for e in evidence.values() for a in e.approvals}
    unique_files = {e.file.id for e in layout.entries} | {f.id for f in layout.missing}
    shared = sum(len(e.subtopics) > 1 for e in layout.entries)
    blocks: list[Block] = [
        TableOfContents(),
        Heading("1. คำอธิบายชุดหลักฐาน", 1),
        Paragraph(
            f"เอกสารนี้แสดงหลักฐานของทุกรายการเกณฑ์ {sum(len(s.items) for s in subs)} รายการใน "
            f"{len(subs)} หัวข้อย่อย: ข้อมูลที่อ้างถึง {len(records)} รายการ การอนุมัติ {len(approvals)} รายการ "
            f"และไฟล์หลักฐาน {len(unique_files)} ไฟล์ ({fmt_size(layout.total_bytes)}; เก็บไฟล์ละหนึ่งชุด "
            f"{shared} ไฟล์ใช้ร่วมกันหลายหัวข้อย่อย) รายการที่ยังไม่ผ่านระบุเหตุผลไว้"
        ),
        Paragraph(
            f"ไฟล์ .zip ที่มากับเอกสารนี้เก็บเอกสารฉบับนี้ ไฟล์หลักฐานทุกไฟล์ในโฟลเดอร์ {FILES_DIR}/ ไฟล์ละหนึ่งชุด "
            "(ชื่อไฟล์ขึ้นต้นด้วย 12 หลักแรกของค่า SHA-256) ข้อมูลทะเบียนที่กฎใช้ตัดสินของแต่ละหัวข้อย่อยในโฟลเดอร์ "
            "registers/ (ไฟล์ Excel ภาษาไทย) และ index.csv ซึ่งระบุตำแหน่ง ค่า SHA-256 ขนาด จำนวนหน้า "
            "วันที่อัปโหลด และหัวข้อย่อยที่อ้างถึงของทุกไฟล์ ผู้ประเมินตรวจความถูกต้องของไฟล์ได้โดยคำนวณ SHA-256 "
            "เทียบกับ index.csv"
        ),
        Paragraph(
            "ข้อมูลส่วนบุคคลแสดงแบบปิดบังบางส่วน (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)" if not meta.unmasked
            else "ชุดหลักฐานนี้แสดงข้อมูลส่วนบุคคลโดยไม่ปิดบัง ตามสิทธิ์ของผู้จัดทำ และบันทึกไว้ในบันทึกการตรวจสอบ",
            style="note"),
    ]
    if layout.missing:
        names = ", ".join(f.name for f in layout.missing[:10]) + (" …" if len(layout.missing) > 10 else "")
        blocks.append(Paragraph(f"{len(layout.missing)} ไฟล์ไม่พบในที่จัดเก็บ จึงไม่อยู่ในไฟล์ .zip: {names}",
                                label="ข้อควรทราบ: "))
    blocks.append(Table(
        ("รหัส", "หัวข้อย่อย", "ระดับ", "รายการที่ผ่าน", "ไฟล์"),
        tuple(_subtopic_summary(s, evidence) for s in subs),
        (2.2, 7.8, 2.0, 2.2, 1.8),
        numeric_columns=(2, 3, 4),
        small=True,
    ))
    blocks.append(Heading("2. หลักฐานรายเกณฑ์", 1))
    for n, sub in enumerate(subs, start=1):
        blocks.append(Heading(f"2.{n} {sub.code} {sub.name_th} (ระดับ {fmt_level(sub.level)})", 2))
        if sub.assessor_level is not None:
            blocks.append(Paragraph(f"{sub.assessor_level:.2f} — {sub.assessor_rationale or '-'}",
                                    label="ระดับที่ผู้ประเมินให้: "))
        workbook = registers.get(sub.code)
        if workbook:
            blocks.append(Paragraph(f"{workbook} (แถวทะเบียนที่กฎของหัวข้อย่อยนี้อ่าน ตรวจผลได้ทีละแถว)",
                                    label="ข้อมูลทะเบียน: "))
        for item in sub.items:
            blocks.extend(item_blocks(item, evidence.get(item.id, ItemEvidence(item.id)), layout, sub.code))
    title = f"ชุดหลักฐานประกอบการประเมิน SE-AM SCM ปีประเมิน พ.ศ. {assessment.year}"
    control = meta.control
    return DocumentPlan(title=title, header=f"{assessment.enterprise} · ชุดหลักฐาน SE-AM SCM พ.ศ. {assessment.year}",
                        cover=_cover(assessment, meta), blocks=tuple(blocks),
                        number=control.number if control else "", version=control.evidence_version if control else "",
                        subject=f"ชุดหลักฐาน SE-AM SCM ของ{assessment.enterprise}")


def build_evidence_pack_docx(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], layout: PackLayout, meta: ReportMeta,
    registers: Mapping[str, str] | None = None,
) -> bytes:
    return render(evidence_pack_plan(assessment, evidence, layout, meta, registers), options=meta.options)



__all__ = ["INDEX_NAME", "EvidencePackError", "FileSource", "PackEntry", "PackLayout", "build_evidence_pack_docx",
           "entry_path", "evidence_pack_plan", "index_csv", "index_rows", "pack_layout", "safe_name",
           "write_evidence_zip"]
