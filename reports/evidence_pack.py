"""The assessor's evidence pack: a .docx listing, per criteria item, the records and files that prove
it (SHA-256, upload date), the approvals that make it count, and the reason where it is not met;
and a .zip holding that .docx, every file it lists under a stable folder per sub-topic
(`files/<sub-topic>/<first 12 hex of SHA-256>_<name>`) and `index.csv` of paths and hashes.

Files are streamed into the zip in chunks from the file store (never all in memory) and their
SHA-256 is checked on the way: a stored file that no longer matches its hash stops the pack.
"""

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from criteria.results import STATUS_TH, Assessment, ItemResult, SubtopicResult
from evidence.errors import DomainError
from evidence.services.report_data import ApprovalFact, FileFact, ItemEvidence, RecordFact
from evidence.thai_dates import thai_date
from reports.blocks import Block, CoverLine, DocumentPlan, Heading, Paragraph, Table, TableOfContents
from reports.docx_writer import render
from reports.readiness import CLAIM_MODE_TH, METHOD_TH, ReportMeta, fmt_level, scope_label

INDEX_NAME = "index.csv"
FILES_DIR = "files"
CHUNK_BYTES = 1024 * 1024
INDEX_COLUMNS = ("path", "sha256", "size_bytes", "name", "media_type", "uploaded_at", "uploaded_at_th",
                 "uploaded_by", "subtopic", "items")
# Already-compressed formats are stored as they are; everything else is deflated.
_STORED_SUFFIXES = {".zip", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4",
                    ".mp3", ".gz", ".7z", ".rar", ".pdf", ".heic"}
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


class FileSource(Protocol):
    """Where the pack reads evidence files from (the file store)."""

    def exists(self, file: FileFact) -> bool: ...

    def open(self, file: FileFact) -> BinaryIO: ...


class EvidencePackError(DomainError):
    """The pack cannot be delivered as it would misstate its evidence (a file changed in storage)."""


@dataclass(frozen=True)
class PackEntry:
    """One evidence file in the zip, under the folder of one sub-topic that lists it."""

    path: str
    file: FileFact
    subtopic: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PackLayout:
    entries: tuple[PackEntry, ...]
    missing: tuple[FileFact, ...] = ()  # listed by the register but absent from the file store
    _paths: dict[tuple[str, int], str] = field(default_factory=dict, compare=False, repr=False)

    def path_of(self, subtopic: str, file_id: int) -> str | None:
        return self._paths.get((subtopic, file_id))

    @property
    def total_bytes(self) -> int:
        return sum(e.file.size for e in self.entries)


def safe_name(name: str, *, limit: int = 80) -> str:
    """A file name usable on every system (no separators or control characters), extension kept."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" .") or "file"
    if len(cleaned) <= limit:
        return cleaned
    suffix = Path(cleaned).suffix[:10]
    return cleaned[: limit - len(suffix)] + suffix


def entry_path(subtopic: str, file: FileFact) -> str:
    return f"{FILES_DIR}/{safe_name(subtopic)}/{file.sha256[:12]}_{safe_name(file.name)}"


def pack_layout(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], *, available: Callable[[FileFact], bool]
) -> PackLayout:
    """Where every listed file goes: once per sub-topic that lists it, in criteria order."""
    entries: list[PackEntry] = []
    paths: dict[tuple[str, int], str] = {}
    missing: dict[int, FileFact] = {}
    for sub in assessment.subtopics():
        by_file: dict[int, tuple[FileFact, list[str]]] = {}
        for item in sub.items:
            for file in evidence.get(item.id, ItemEvidence(item.id)).files:
                by_file.setdefault(file.id, (file, []))[1].append(item.id)
        for file, items in by_file.values():
            if not available(file):
                missing[file.id] = file
                continue
            path = entry_path(sub.code, file)
            paths[(sub.code, file.id)] = path
            entries.append(PackEntry(path, file, sub.code, tuple(items)))
    return PackLayout(tuple(entries), tuple(missing.values()), paths)


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
        Paragraph("; ".join(item.reasons) or "-", label="ผลการตรวจ: " if item.met else "เหตุที่ยังไม่ผ่าน: "),
    ]
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
        CoverLine("(Evidence Pack สำหรับผู้ประเมิน)", 18),
        CoverLine("เกณฑ์ SE-AM ด้านการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (SCM)", 20, True, 12),
        CoverLine(assessment.enterprise, 24, True, 40),
        CoverLine(f"ขอบเขต: {scope_label(assessment)}", 18),
        CoverLine(f"ปีประเมิน พ.ศ. {assessment.year}", 20, True),
        CoverLine(f"เกณฑ์ฉบับ {assessment.criteria_version}", 16, False, 40),
        CoverLine(f"วิธีคิดคะแนน: {METHOD_TH.get(assessment.method, assessment.method)}", 16),
        CoverLine(f"การนับรายการที่อ้างหลักฐาน: {CLAIM_MODE_TH.get(assessment.claim_mode, assessment.claim_mode)}", 16),
        CoverLine(f"จัดทำเมื่อ {thai_date(meta.made_on)}", 16),
    ]
    if meta.made_by:
        lines.append(CoverLine(f"จัดทำโดย {meta.made_by}", 16))
    return tuple(lines)


def evidence_pack_plan(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], layout: PackLayout, meta: ReportMeta
) -> DocumentPlan:
    subs = assessment.subtopics()
    records = {(r.table, r.record_id) for e in evidence.values() for r in e.records}
    approvals = {a.approval_id for e in evidence.values() for a in e.approvals}
    unique_files = {e.file.id for e in layout.entries} | {f.id for f in layout.missing}
    blocks: list[Block] = [
        TableOfContents(),
        Heading("1. คำอธิบายชุดหลักฐาน", 1),
        Paragraph(
            f"เอกสารนี้แสดงหลักฐานของทุกรายการเกณฑ์ {sum(len(s.items) for s in subs)} รายการใน "
            f"{len(subs)} หัวข้อย่อย: ข้อมูลที่อ้างถึง {len(records)} รายการ การอนุมัติ {len(approvals)} รายการ "
            f"และไฟล์หลักฐาน {len(unique_files)} ไฟล์ ({fmt_size(layout.total_bytes)} เมื่อรวมทุกโฟลเดอร์) "
            "รายการที่ยังไม่ผ่านระบุเหตุผลไว้"
        ),
        Paragraph(
            f"ไฟล์ .zip ที่มากับเอกสารนี้เก็บเอกสารฉบับนี้ ไฟล์หลักฐานทุกไฟล์ในโฟลเดอร์ {FILES_DIR}/<รหัสหัวข้อย่อย>/ "
            "(ชื่อไฟล์ขึ้นต้นด้วย 12 หลักแรกของค่า SHA-256) และ index.csv ซึ่งระบุตำแหน่ง ค่า SHA-256 ขนาด "
            "และวันที่อัปโหลดของทุกไฟล์ ผู้ประเมินตรวจความถูกต้องของไฟล์ได้โดยคำนวณ SHA-256 เทียบกับ index.csv"
        ),
        Paragraph("ข้อมูลส่วนบุคคลแสดงแบบปิดบังบางส่วนสำหรับผู้ที่ไม่จำเป็นต้องเห็น (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)",
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
        for item in sub.items:
            blocks.extend(item_blocks(item, evidence.get(item.id, ItemEvidence(item.id)), layout, sub.code))
    title = f"ชุดหลักฐานประกอบการประเมิน SE-AM SCM ปีประเมิน พ.ศ. {assessment.year}"
    return DocumentPlan(title=title, header=f"{assessment.enterprise} · ชุดหลักฐาน SE-AM SCM พ.ศ. {assessment.year}",
                        cover=_cover(assessment, meta), blocks=tuple(blocks))


def build_evidence_pack_docx(
    assessment: Assessment, evidence: Mapping[str, ItemEvidence], layout: PackLayout, meta: ReportMeta
) -> bytes:
    return render(evidence_pack_plan(assessment, evidence, layout, meta))


# ---------------------------------------------------------------- the zip


def index_rows(layout: PackLayout, documents: Iterable[tuple[str, bytes]] = ()) -> list[dict[str, str]]:
    rows = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": str(len(data)), "name": name,
         "media_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "uploaded_at": "", "uploaded_at_th": "", "uploaded_by": "", "subtopic": "", "items": ""}
        for name, data in documents
    ]
    for entry in layout.entries:
        f = entry.file
        rows.append({
            "path": entry.path, "sha256": f.sha256, "size_bytes": str(f.size), "name": f.name,
            "media_type": f.media_type, "uploaded_at": f.uploaded_at.isoformat(timespec="seconds"),
            "uploaded_at_th": thai_date(f.uploaded_at), "uploaded_by": f.uploaded_by, "subtopic": entry.subtopic,
            "items": " ".join(entry.items),
        })
    return rows


def index_csv(rows: Sequence[Mapping[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet programs read the Thai names."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=INDEX_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def _compression(name: str) -> int:
    return zipfile.ZIP_STORED if Path(name).suffix.lower() in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def _stream_into(archive: zipfile.ZipFile, entry: PackEntry, source: FileSource) -> None:
    f = entry.file
    info = zipfile.ZipInfo(entry.path, date_time=f.uploaded_at.timetuple()[:6])
    info.compress_type = _compression(f.name)
    info.file_size = f.size
    digest = hashlib.sha256()
    with source.open(f) as reader, archive.open(info, mode="w", force_zip64=f.size > 2**31) as writer:
        while chunk := reader.read(CHUNK_BYTES):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != f.sha256:
        raise EvidencePackError(
            f"ไฟล์ '{f.name}' ในที่จัดเก็บไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ ({f.sha256[:12]}…): ไม่ได้จัดทำชุดหลักฐาน"
        )


def write_evidence_zip(
    target: Path,
    *,
    docx_name: str,
    docx: bytes,
    layout: PackLayout,
    source: FileSource,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the zip to `target` (a file: the archive is never held in memory); returns the entry count."""
    with zipfile.ZipFile(target, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(docx_name, docx, compress_type=zipfile.ZIP_DEFLATED)
        total = len(layout.entries)
        for n, entry in enumerate(layout.entries, start=1):
            _stream_into(archive, entry, source)
            if progress is not None and (n % 50 == 0 or n == total):
                progress(n, total)
        archive.writestr(INDEX_NAME, index_csv(index_rows(layout, [(docx_name, docx)])))
    return len(layout.entries) + 2
