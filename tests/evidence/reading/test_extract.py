"""extract(): positioned passages from Thai PDF, DOCX and text; every bad file ends in a state with a
Thai message, in a child process the caller survives."""

import shutil
import subprocess

import pytest

from evidence.reading.extract import extract
from evidence.reading.limits import ReadingLimits
from evidence.reading.passages import Extraction
from tests.evidence.reading import documents

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HAS_OCR = shutil.which("tesseract") is not None and "tha" in (
    subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if shutil.which("tesseract") else []
)


def _pages() -> list[str]:
    return [
        "นโยบายการจัดการข้อร้องเรียน องค์การน้ำสะอาดแห่งชาติ",
        "แจ้งรับเรื่องภายใน ๒๔ ชั่วโมง และแก้ไขแล้วเสร็จภายใน 15 วันทำการ",
        "เผยแพร่บนเว็บไซต์ขององค์การพร้อม QR Code",
    ]


@pytest.mark.parametrize("poppler", [True, False], ids=["pdftotext", "pypdf"])
def test_thai_pdf_is_read_page_by_page_with_page_locators(poppler: bool) -> None:
    if poppler and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = extract(documents.thai_pdf(_pages()), PDF, "policy.pdf", limits=ReadingLimits(poppler=poppler))

    assert (result.state, result.pages, result.message_th, result.kind) == ("read", 3, None, "pdf")
    assert [(p.seq, p.page, p.locator_th) for p in result.passages] == [
        (1, 1, "หน้า 1"), (2, 2, "หน้า 2"), (3, 3, "หน้า 3")]
    assert "นโยบายการจัดการข้อร้องเรียน" in result.passages[0].text
    assert "แจ้งรับเรื่องภายใน ๒๔ ชั่วโมง" in result.passages[1].text


def test_docx_paragraphs_carry_their_nearest_heading_and_tables_their_rows() -> None:
    data = documents.thai_docx(
        [("h1", "1. บททั่วไป"), ("p", "นโยบายนี้ใช้กับทุกหน่วยงาน"), ("h2", "2.1 มาตรฐานระยะเวลา"),
         ("p", "แจ้งรับเรื่องภายใน 24 ชั่วโมง"), ("p", "")],
        table=[("ขั้นตอน", "ระยะเวลา"), ("ตอบกลับ", "3 วันทำการ")],
    )
    result = extract(data, DOCX, "policy.docx")

    assert (result.state, result.pages, result.kind) == ("read", None, "docx")
    assert [(p.seq, p.section, p.locator_th, p.text) for p in result.passages] == [
        (1, "1. บททั่วไป", "ย่อหน้า 1 (หัวข้อ)", "1. บททั่วไป"),
        (2, "1. บททั่วไป", "ย่อหน้า 2 (หัวข้อ 1. บททั่วไป)", "นโยบายนี้ใช้กับทุกหน่วยงาน"),
        (3, "2.1 มาตรฐานระยะเวลา", "ย่อหน้า 3 (หัวข้อ)", "2.1 มาตรฐานระยะเวลา"),
        (4, "2.1 มาตรฐานระยะเวลา", "ย่อหน้า 4 (หัวข้อ 2.1 มาตรฐานระยะเวลา)", "แจ้งรับเรื่องภายใน 24 ชั่วโมง"),
        (5, "2.1 มาตรฐานระยะเวลา", "ตาราง 1 แถว 1 (หัวข้อ 2.1 มาตรฐานระยะเวลา)", "ขั้นตอน | ระยะเวลา"),
        (6, "2.1 มาตรฐานระยะเวลา", "ตาราง 1 แถว 2 (หัวข้อ 2.1 มาตรฐานระยะเวลา)", "ตอบกลับ | 3 วันทำการ"),
    ]


def test_plain_text_in_utf8_or_tis620_is_read_by_paragraph() -> None:
    text = "ย่อหน้าแรก ข้อร้องเรียน\n\nย่อหน้าที่สอง"
    for data in (text.encode("utf-8"), text.encode("cp874")):
        result = extract(data, "text/plain", "note.txt")
        assert [(p.locator_th, p.text) for p in result.passages] == [
            ("ย่อหน้า 1", "ย่อหน้าแรก ข้อร้องเรียน"), ("ย่อหน้า 2", "ย่อหน้าที่สอง")]


@pytest.mark.skipif(not HAS_OCR, reason="Tesseract with the Thai model (tesseract-ocr-tha) is not installed")
def test_scanned_pdf_is_read_with_thai_ocr() -> None:
    data = documents.scanned_pdf(["นโยบายการจัดการข้อร้องเรียน", "Service Recovery Plan 2569"])
    result = extract(data, PDF, "scan.pdf")

    assert (result.state, result.pages) == ("ocr", 1)
    assert result.passages[0].locator_th == "หน้า 1 (OCR)"
    assert "ข้อร้องเรียน" in result.passages[0].text and "Recovery" in result.passages[0].text
    assert "OCR" in (result.message_th or "")


def test_scanned_pdf_without_ocr_is_marked_scanned_unread() -> None:
    data = documents.scanned_pdf(["นโยบายการจัดการข้อร้องเรียน"])
    result = extract(data, PDF, "scan.pdf", limits=ReadingLimits(ocr=False))

    assert (result.state, result.pages, result.passages) == ("scanned_unread", 1, ())
    assert result.message_th is not None and result.message_th.startswith("สแกน ยังไม่ได้อ่านข้อความ")


def test_password_protected_pdf_is_encrypted_with_a_thai_message() -> None:
    result = extract(documents.encrypted_pdf("ความลับ"), PDF, "locked.pdf")

    assert (result.state, result.passages) == ("encrypted", ())
    assert "รหัสผ่าน" in (result.message_th or "") and "locked.pdf" in (result.message_th or "")


@pytest.mark.parametrize(
    ("data", "media_type", "name"),
    [(b"\x00\x01garbage" * 50, PDF, "broken.pdf"), (b"%PDF-1.7\n1 0 obj <<", PDF, "cut.pdf"),
     (b"PK\x03\x04 not really a zip", DOCX, "broken.docx"), (b"plain words", DOCX, "fake.docx")],
    ids=["no-header", "truncated-pdf", "bad-zip", "not-a-docx"],
)
def test_corrupt_bytes_are_corrupt_not_a_crash(data: bytes, media_type: str, name: str) -> None:
    result = extract(data, media_type, name)

    assert (result.state, result.passages) == ("corrupt", ())
    assert "เสีย" in (result.message_th or "")


def test_a_file_over_the_size_cap_is_refused_before_reading() -> None:
    data = documents.thai_pdf(["ข้อความ"] * 3)
    result = extract(data, PDF, "big.pdf", limits=ReadingLimits(max_bytes=len(data) - 1))

    assert result.state == "too_large"
    assert "ใหญ่เกิน" in (result.message_th or "")


def test_a_file_that_needs_more_memory_than_the_limit_is_too_large() -> None:
    result = extract(documents.thai_pdf(["ข้อความ"]), PDF, "heavy.pdf", limits=ReadingLimits(memory_mb=30))

    assert result.state == "too_large"
    assert "หน่วยความจำเกิน 30 MB" in (result.message_th or "")


def test_a_pathological_pdf_times_out_and_the_caller_goes_on() -> None:
    limits = ReadingLimits(timeout_s=1.5, memory_mb=2048, poppler=False)
    result = extract(documents.slow_pdf(), PDF, "trap.pdf", limits=limits)

    assert result.state == "timeout"
    assert "1.5 วินาที" in (result.message_th or "")
    follow_up = extract("ยังทำงานต่อได้".encode(), "text/plain", "after.txt")
    assert follow_up.state == "read"


def test_pages_beyond_the_page_cap_are_skipped_and_said() -> None:
    result = extract(documents.thai_pdf(["หน้าหนึ่ง", "หน้าสอง", "หน้าสาม"]), PDF, "long.pdf",
                     limits=ReadingLimits(max_pages=2))

    assert (result.state, result.pages, result.truncated) == ("read", 3, True)
    assert [p.page for p in result.passages] == [1, 2]
    assert result.message_th == "อ่านเฉพาะ 2 หน้าแรกจากทั้งหมด 3 หน้า"


def test_unknown_kinds_and_old_word_files_are_unsupported() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert extract(ole, "application/msword", "old.doc").state == "unsupported"
    assert extract(b"\x00\x01\x02", "application/octet-stream", "blob.bin").state == "unsupported"


def test_an_encrypted_word_file_is_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    assert extract(ole, DOCX, "locked.docx").state == "encrypted"


def test_an_extraction_survives_a_round_trip_through_plain_data() -> None:
    result = extract(documents.thai_pdf(_pages()), PDF, "policy.pdf")
    assert Extraction.from_data(result.to_data()) == result


@pytest.mark.render
def test_a_thai_pdf_made_by_libreoffice_reads_its_vowels_and_tone_marks_right(tmp_path) -> None:  # noqa: ANN001
    """LibreOffice writes some Thai marks through /ActualText spans, which pypdf misreads ("ล้กคูา");
    the poppler path reads them as written."""
    from reports.pdf import docx_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and poppler-utils are needed to make and read this PDF")
    source = tmp_path / "voc.docx"
    source.write_bytes(documents.thai_docx([("h1", "รายงานเสียงของลูกค้า"),
                                            ("p", "รวบรวมเสียงของลูกค้าจากศูนย์บริการลูกค้า และผู้บริหารระดับสูง")]))
    pdf = docx_to_pdf(source, tmp_path)
    result = extract(pdf.read_bytes(), PDF, "voc.pdf")

    assert (result.state, result.pages) == ("read", 1)
    assert "ศูนย์บริการลูกค้า" in result.text and "ระดับสูง" in result.text
