"""The readiness report as an assessor's machine shows it: LibreOffice's PDF, read back with poppler."""

import re
import subprocess
from datetime import date

import pytest

from evidence.access import SYSTEM
from reports.jobs import make_readiness_report
from reports.pdf import docx_to_pdf, pdf_pages, pdf_text, poppler_available, render_page, soffice_path

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(soffice_path() is None,
                       reason="LibreOffice (soffice) is not installed: apt install libreoffice-writer-nogui"),
    pytest.mark.skipif(not poppler_available(), reason="poppler is not installed: apt install poppler-utils"),
]


def _squeeze(text: str) -> str:
    """pdftotext may split Thai glyph clusters with spaces: compare without white space."""
    return re.sub(r"\s+", "", text)


def test_the_readiness_report_converts_to_pdf_with_thai_text_in_the_thai_font(session, demo, tmp_path):
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, made_on=date(2026, 9, 30))
    docx = tmp_path / document.filename
    docx.write_bytes(document.data)
    pdf = docx_to_pdf(docx, tmp_path)

    text = _squeeze(pdf_text(pdf))
    for words in ("รายงานผลการประเมินความพร้อม", "องค์การน้ำสะอาดแห่งชาติ(ตัวอย่าง)", "ปีประเมินพ.ศ.2569",
                  "บทสรุปผู้บริหาร", "การจัดการข้อร้องเรียน", "จัดทำเมื่อ30กันยายน2569", "ภาคผนวกกเกณฑ์และน้ำหนัก"):
        assert words in text, words
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Laksaman|Sarabun", fonts), fonts  # the w:cs font (or its metric twin), not a fallback
    assert pdf_pages(pdf) > 10

    page = render_page(pdf, 4, tmp_path / "page-4.png", dpi=40)
    assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
