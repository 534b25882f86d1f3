"""`bench.report_text`: the text a report's before/after comparison reads, in document order."""

import hashlib
import io

import docx
from PIL import Image

from bench.report_text import document_text


def test_paragraphs_and_table_rows_come_in_document_order_then_each_pictures_hash():
    document = docx.Document()
    document.add_paragraph("ภาคผนวก จ")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("ประเภทข้อมูล", "เพิ่ม"), ("VOC", "240"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("ท้าย")
    png = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(png, format="PNG")
    document.add_picture(io.BytesIO(png.getvalue()))
    out = io.BytesIO()
    document.save(out)
    lines = document_text(out.getvalue())
    assert lines[:4] == ["ภาคผนวก จ", "ประเภทข้อมูล | เพิ่ม", "VOC | 240", "ท้าย"]
    assert lines[-1] == f"word/media/image1.png {hashlib.sha256(png.getvalue()).hexdigest()}"
