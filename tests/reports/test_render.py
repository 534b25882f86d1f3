"""The readiness report as an assessor's machine shows it: LibreOffice's PDF, read back with poppler."""

import re
import subprocess
from datetime import date

import pytest

from evidence.access import SYSTEM
from evidence.services.scoring import score_enterprise
from reports.jobs import make_readiness_report
from reports.pdf import (
    docx_to_pdf,
    pdf_page_texts,
    pdf_pages,
    pdf_text,
    poppler_available,
    render_page,
    soffice_path,
)
from reports.pdf_toc import squeeze
from tests.reports.conftest import open_docx

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(soffice_path() is None,
                       reason="LibreOffice (soffice) is not installed: apt install libreoffice-writer-nogui"),
    pytest.mark.skipif(not poppler_available(), reason="poppler is not installed: apt install poppler-utils"),
]


def _squeeze(text: str) -> str:
    """pdftotext may split Thai glyph clusters with spaces: compare without white space."""
    return re.sub(r"\s+", "", text)


# squeeze (reports.pdf_toc) also drops the Thai marks pdftotext reorders


def test_the_readiness_report_converts_to_pdf_with_thai_text_in_the_thai_font(session, demo, tmp_path):
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, made_on=date(2026, 9, 30))
    docx = tmp_path / document.filename
    docx.write_bytes(document.data)
    pdf = docx_to_pdf(docx, tmp_path)

    text = _squeeze(pdf_text(pdf))
    for words in ("รายงานผลการประเมินความพร้อม", "องค์การน้ำสะอาดแห่งชาติ(ตัวอย่าง)", "ปีประเมินพ.ศ.2569",
                  "บทสรุปผู้บริหาร", "การจัดการข้อร้องเรียน", "วันที่จัดทำ:30กันยายน2569", "ภาคผนวกงเกณฑ์และน้ำหนัก"):
        assert words in text, words
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Laksaman|Sarabun", fonts), fonts  # the w:cs font (or its metric twin), not a fallback
    assert pdf_pages(pdf) > 10

    page = render_page(pdf, 4, tmp_path / "page-4.png", dpi=40)
    assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_pdf_table_of_contents_has_page_numbers_that_point_at_the_headings(session, demo, tmp_path):
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, heat_map=False, with_pdf=True)
    pdf = tmp_path / "readiness.pdf"
    pdf.write_bytes(document.pdf)
    pages = pdf_page_texts(pdf)
    toc_page = next(n for n, text in enumerate(pages) if "สารบัญ" in text and "บทสรุปผู้บริหาร" in text)
    entries = re.findall(r"^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", pages[toc_page], flags=re.M)
    assert len(entries) >= 10, pages[toc_page]
    for title, number in entries:
        assert squeeze(title) in squeeze(pages[int(number) - 1]), (title, number)
    docx_toc = [p.text for p in open_docx(document.data).paragraphs if p.style.name.startswith("toc")]
    assert all(re.search(r"\t\d+$", line) for line in docx_toc)  # the .docx carries the same numbers


def test_the_first_three_pages_say_where_the_enterprise_stands_what_blocks_it_and_who_owns_it(session, demo, tmp_path):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, heat_map=False, with_pdf=True)
    pdf = tmp_path / "readiness.pdf"
    pdf.write_bytes(document.pdf)
    first = squeeze(pdf_text(pdf, first=1, last=3))
    for part in result.parts:
        assert squeeze(f"{part.code} {part.score:.2f}") in first
    for action in result.next_actions:
        assert squeeze(action.subtopic_code) in first and all(squeeze(i) in first for i in action.items)
    assert squeeze("ผู้รับผิดชอบ") in first and squeeze("สายงานบริการลูกค้า") in first


def _top_words(pdf, page: int) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of the words above the top margin (2.5 cm) of a page, left to right (pdftotext -bbox)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)
    return sorted((float(x0), float(x1), text) for x0, y0, x1, text in words if float(y0) < 66)


def test_thai_page_numbers_sit_at_the_top_centre_and_the_toc_has_thai_page_numbers(session, demo, tmp_path):
    from reports.control import ReportOptions
    from reports.docx_style import MARGINS_CM, PAGE_WIDTH_CM

    options = ReportOptions(thai_numerals=True, page_numbers="thai-top")
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, heat_map=False, with_pdf=True,
                                     options=options)
    pdf = tmp_path / "readiness.pdf"
    pdf.write_bytes(document.pdf)
    for page, digit in ((2, "๒"), (3, "๓")):
        words = _top_words(pdf, page)
        assert [w for _, _, w in words] == ["-", digit, "-"], words  # "- ๒ -": three words, spaces between
        points = 72 / 2.54
        centre = (MARGINS_CM["left"] + PAGE_WIDTH_CM - MARGINS_CM["right"]) / 2 * points
        assert abs((words[0][0] + words[-1][1]) / 2 - centre) < 6
    pages = pdf_page_texts(pdf)
    assert "หน้า" not in pages[1].splitlines()[-1]  # the footer carries the enterprise's name, no "หน้า 2 จาก"
    toc_page = next(n for n, text in enumerate(pages) if "สารบัญ" in text and "บทสรุปผู้บริหาร" in text)
    entries = re.findall(r"^\s*(.+?)\s*\.{3,}\s*([๐-๙]+)\s*$", pages[toc_page], flags=re.M)
    assert len(entries) >= 10, pages[toc_page]
    arabic = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    for title, number in entries:
        assert squeeze(title) in squeeze(pages[int(number.translate(arabic)) - 1]), (title, number)
