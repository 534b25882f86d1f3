"""Real-looking Thai evidence files of the demo enterprise (DEMO, องค์การน้ำสะอาดแห่งชาติ), as bytes.

PDFs are written with fpdf2 and the Sarabun TrueType font shipped in `evidence/fonts/` (OFL), so they
carry a real Thai text layer on any machine; DOCX files with python-docx in the reports' Thai style, with
real headings. Bytes are deterministic (fixed dates), so the content-addressed store keeps one copy.

`DEMO_DOCUMENTS` lists each file with the facts the demo declares for it; the service standards declare
"recovery_abnormal" but never mention abnormal events (`missing_facts`): the demo's deliberate
inconsistency (C4), which the portal shows as "ไม่พบในเอกสาร".
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from evidence import demo_document_texts as texts
from evidence.demo_document_texts import ORG, Section

FONTS_DIR = Path(__file__).parent / "fonts"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FIXED = datetime(2026, 1, 5, 9, 0, 0)


@dataclass(frozen=True)
class DemoDocument:
    key: str  # stable code, e.g. "complaint_policy"
    kind: str  # the register's document kind
    title_th: str
    file_name: str
    media_type: str
    pages: int | None  # PDF pages by construction (one section a page); None for DOCX
    declared_facts: tuple[str, ...]  # the fact codes the demo declares for this document
    missing_facts: tuple[str, ...]  # declared, yet deliberately not in the text
    build: Callable[[], bytes]

    @property
    def data(self) -> bytes:
        return _built(self.key)


# ------------------------------------------------------------------ PDF
def _pdf(title: str, pages: tuple[Section, ...]) -> bytes:
    from fpdf import FPDF

    class _Doc(FPDF):
        def header(self) -> None:
            self.set_font("sarabun", size=10)
            self.cell(0, 6, ORG, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("sarabun", size=10)
            self.cell(0, 8, f"หน้า {self.page_no()}/{{nb}}", align="C")

    pdf = _Doc(format="A4")
    pdf.set_creation_date(_FIXED)
    pdf.set_title(title)
    pdf.set_author(ORG)
    pdf.set_lang("th")
    pdf.add_font("sarabun", "", str(FONTS_DIR / "Sarabun-Regular.ttf"))
    pdf.add_font("sarabun", "B", str(FONTS_DIR / "Sarabun-Bold.ttf"))
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    for number, (heading, paragraphs) in enumerate(pages, start=1):
        pdf.add_page()
        if number == 1:
            pdf.set_font("sarabun", "B", 16)
            pdf.multi_cell(0, 9, title, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_font("sarabun", "B", 14)
        pdf.multi_cell(0, 8, heading, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("sarabun", "", 14)
        for paragraph in paragraphs:
            lines = _thai_lines(pdf, paragraph, pdf.epw)
            pdf.multi_cell(0, 7.5, "\n".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def _thai_lines(pdf: object, text: str, width: float) -> list[str]:
    """Greedy line breaking at Thai word boundaries (pythainlp newmm): fpdf2 breaks only at spaces, and
    would cut a long Thai run inside a word."""
    from pythainlp.tokenize import word_tokenize

    lines, current = [], ""
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        candidate = current + word
        if current and pdf.get_string_width(candidate.rstrip()) > width - 1:  # type: ignore[attr-defined]
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


# ------------------------------------------------------------------ DOCX
def _docx(title: str, sections: tuple[Section, ...]) -> bytes:
    from reports.docx_style import new_document

    doc = new_document(title=title, header=ORG)
    doc.add_heading(title, level=0)
    for heading, paragraphs in sections:
        doc.add_heading(heading, level=1)
        for paragraph in paragraphs:
            doc.add_paragraph(paragraph)
    props = doc.core_properties
    props.created = props.modified = _FIXED
    props.last_modified_by = props.author = ORG
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _docx_with_table(title: str, sections: tuple[Section, ...], table_after: int,
                     rows: tuple[tuple[str, ...], ...]) -> bytes:
    from reports.docx_style import new_document

    doc = new_document(title=title, header=ORG)
    doc.add_heading(title, level=0)
    for index, (heading, paragraphs) in enumerate(sections):
        doc.add_heading(heading, level=1)
        for paragraph in paragraphs:
            doc.add_paragraph(paragraph)
        if index == table_after:
            table = doc.add_table(rows=0, cols=len(rows[0]))
            table.style = "Table Grid"
            for row in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    props = doc.core_properties
    props.created = props.modified = _FIXED
    props.last_modified_by = props.author = ORG
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with every member dated `_FIXED` (python-docx stamps the current time)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------ the documents
def complaint_policy_docx() -> bytes:
    """The complaint policy, approved by the board at meeting 4/2567 (25 April 2567 B.E.)."""
    return _docx_with_table(
        "นโยบายการจัดการข้อร้องเรียน องค์การน้ำสะอาดแห่งชาติ", texts.COMPLAINT_POLICY, table_after=2,
        rows=(("ขั้นตอน", "มาตรฐานระยะเวลา"), ("รับเรื่อง", "1 ชั่วโมงทำการ"), ("แจ้งรับเรื่อง", "24 ชั่วโมง"),
              ("ตอบกลับ", "3 วันทำการ"), ("แก้ไขแล้วเสร็จ", "15 วันทำการ")),
    )


def service_charter_pdf() -> bytes:
    return _pdf("กฎบัตรการให้บริการลูกค้า องค์การน้ำสะอาดแห่งชาติ พ.ศ. 2569", texts.SERVICE_CHARTER)


def service_standards_pdf() -> bytes:
    return _pdf("มาตรฐานการให้บริการลูกค้า (Service Standards) พ.ศ. 2569", texts.SERVICE_STANDARDS)


def board_minutes_docx() -> bytes:
    return _docx("รายงานการประชุมคณะกรรมการ ครั้งที่ 4/2567", texts.BOARD_MINUTES)


def survey_report_pdf() -> bytes:
    return _pdf("รายงานผลการสำรวจความพึงพอใจและความผูกพันของลูกค้า ปี 2569", texts.SURVEY_REPORT)


def voc_report_docx() -> bytes:
    return _docx("รายงานเสียงของลูกค้า (VOC) ไตรมาสที่ 1/2569", texts.VOC_REPORT)


DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    DemoDocument("complaint_policy", "complaint_policy", "นโยบายการจัดการข้อร้องเรียน",
                 "นโยบายการจัดการข้อร้องเรียน-2567.docx", DOCX_TYPE, None,
                 ("complaint_handling", "stage_receive", "stage_acknowledge", "stage_respond", "stage_resolve",
                  "complaint_standards", "published", "improvement_in_strategy"), (), complaint_policy_docx),
    DemoDocument("service_charter", "service_charter", "กฎบัตรการให้บริการลูกค้า พ.ศ. 2569",
                 "กฎบัตรการให้บริการ-2569.pdf", PDF_TYPE, len(texts.SERVICE_CHARTER),
                 ("before", "during", "after", "journey_map", "published"), (), service_charter_pdf),
    DemoDocument("service_standards", "service_standards", "มาตรฐานการให้บริการลูกค้า พ.ศ. 2569",
                 "มาตรฐานการให้บริการ-2569.pdf", PDF_TYPE, len(texts.SERVICE_STANDARDS),
                 ("blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                  "measurable_protocols", "recovery_plan", "recovery_normal", "recovery_abnormal"),
                 ("recovery_abnormal",), service_standards_pdf),
    DemoDocument("board_minutes", "meeting_minutes", "รายงานการประชุมคณะกรรมการ ครั้งที่ 4/2567",
                 "รายงานการประชุมคณะกรรมการ-4-2567.docx", DOCX_TYPE, None, ("complaint_handling",), (),
                 board_minutes_docx),
    DemoDocument("survey_report", "survey_report", "รายงานผลการสำรวจความพึงพอใจและความผูกพันของลูกค้า ปี 2569",
                 "รายงานผลสำรวจความพึงพอใจ-2569.pdf", PDF_TYPE, len(texts.SURVEY_REPORT), (), (),
                 survey_report_pdf),
    DemoDocument("voc_report", "voc_report", "รายงานเสียงของลูกค้า (VOC) ไตรมาสที่ 1/2569",
                 "รายงาน-VOC-ไตรมาส1-2569.docx", DOCX_TYPE, None, (), (), voc_report_docx),
)


def demo_document(key: str) -> DemoDocument:
    for document in DEMO_DOCUMENTS:
        if document.key == key:
            return document
    raise KeyError(f"ไม่พบเอกสารตัวอย่าง '{key}'")


@cache
def _built(key: str) -> bytes:
    return demo_document(key).build()
