"""What a reviewer sees of a file: a PDF's first page as an image, an image as itself, a DOCX's text."""

import shutil

import pytest

from evidence.services.files import upload_file
from evidence.services.previews import file_preview
from tests.evidence.excel_support import demo_actor
from tests.evidence.reading.documents import thai_docx, thai_pdf

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def upload(session, actor, demo, name, data):
    return upload_file(session, actor, enterprise_id=demo, year=2569, name=name, data=data)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler not installed (apt install poppler-utils)")
def test_a_pdf_is_previewed_by_its_first_page(session, demo):
    planner = demo_actor(session, "planner")
    stored = upload(session, planner, demo, "มติ.pdf", thai_pdf(["มติคณะกรรมการ ครั้งที่ 3/2569", "หน้าที่สอง"]))
    preview = file_preview(session, planner, stored.id)
    assert preview.kind == "page" and preview.image.startswith(PNG_MAGIC)
    assert preview.data.startswith(b"%PDF")


def test_a_docx_is_previewed_by_its_opening_text_and_an_image_inline(session, demo):
    planner = demo_actor(session, "planner")
    docx = upload(session, planner, demo, "นโยบาย.docx", thai_docx([("h1", "นโยบายการจัดการข้อร้องเรียน"),
                                                                    ("p", "รับเรื่องภายใน 1 วันทำการ")]))
    preview = file_preview(session, planner, docx.id)
    assert preview.kind == "text" and preview.text.splitlines()[:2] == ["นโยบายการจัดการข้อร้องเรียน",
                                                                        "รับเรื่องภายใน 1 วันทำการ"]
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, format="PNG")
    image = upload(session, planner, demo, "ป้าย.png", buffer.getvalue())
    shown = file_preview(session, planner, image.id)
    assert (shown.kind, shown.image) == ("image", buffer.getvalue())
