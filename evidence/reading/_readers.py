"""The parsers, run inside the child process of `evidence.reading.extract` (never in the caller).

Each returns a `Raw` result; an exception escaping them is turned into "corrupt" by the child.
"""

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from evidence.reading.limits import ReadingLimits
from evidence.reading.passages import Passage, State

_MIN_PAGE_CHARS = 10  # a PDF page with a picture and fewer visible characters is a scan (OCR candidate)
_HEADING_STYLES = re.compile(r"^(heading|หัวเรื่อง|title|ชื่อเรื่อง)", re.IGNORECASE)


@dataclass
class Raw:
    state: State
    kind: str | None = None
    pages: int | None = None
    passages: list[Passage] = field(default_factory=list)
    truncated: bool = False
    detail: str = ""
    memory: bool = False


class _Budget:
    """Characters left under `max_chars`; marks the result truncated when it runs out."""

    def __init__(self, limits: ReadingLimits) -> None:
        self.left = limits.max_chars
        self.exhausted = False

    def take(self, text: str) -> str:
        if len(text) > self.left:
            text, self.exhausted = text[: self.left], True
        self.left -= len(text)
        return text


def sniff(data: bytes, media_type: str, name: str) -> str:
    """"pdf", "docx", "ole", "zip", "image", "text", "pdf?" / "docx?" (declared but not that) or ""."""
    head, lower, mt = data[:1024], name.lower(), media_type.lower()
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if "pdf" in mt or lower.endswith(".pdf"):
        return "pdf?"
    if "wordprocessingml" in mt or lower.endswith(".docx"):
        return "docx?"
    if mt.startswith("text/") or lower.endswith((".txt", ".csv", ".md", ".text")):
        return "text"
    return ""


def read(data: bytes, media_type: str, name: str, limits: ReadingLimits) -> Raw:
    kind = sniff(data, media_type, name)
    if kind == "pdf":
        return read_pdf(data, limits)
    if kind == "zip":
        return read_zip(data, limits)
    if kind == "ole":
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            return Raw("encrypted", kind="docx")
        return Raw("unsupported", detail="ไฟล์ Office รุ่นเก่า (.doc/.xls) กรุณาบันทึกเป็น .docx หรือ PDF")
    if kind == "image":
        return read_image(data, limits)
    if kind == "pdf?":
        return Raw("corrupt", kind="pdf", detail="ไม่พบส่วนหัวของไฟล์ PDF")
    if kind == "docx?":
        return Raw("corrupt", kind="docx", detail="ไม่ใช่ไฟล์ .docx (ZIP) ที่ถูกต้อง")
    if kind == "text":
        return read_text(data, limits)
    return Raw("unsupported", detail=f"ชนิด {media_type or 'ไม่ทราบ'}")


# ------------------------------------------------------------------ PDF
def read_pdf(data: bytes, limits: ReadingLimits) -> Raw:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return Raw("encrypted", kind="pdf")
        total = len(reader.pages)
    except FileNotDecryptedError:
        return Raw("encrypted", kind="pdf")
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        return Raw("corrupt", kind="pdf", detail=type(error).__name__)
    except NotImplementedError:  # an encryption algorithm pypdf cannot open
        return Raw("encrypted", kind="pdf")
    budget, texts = _Budget(limits), []
    wanted = min(total, limits.max_pages)
    poppler = _pdftotext(data, wanted) if limits.poppler else None
    for index in range(wanted):
        if poppler is not None:
            page_text = poppler[index]
        else:
            try:
                page_text = reader.pages[index].extract_text() or ""
            except FileNotDecryptedError:
                return Raw("encrypted", kind="pdf", pages=total)
        texts.append(budget.take(page_text))
        if budget.exhausted:
            break
    empty = [i for i, t in enumerate(texts)
             if len(re.sub(r"\s", "", t)) < _MIN_PAGE_CHARS and _has_image(reader, i)]
    ocr_texts: dict[int, str] = {}
    ocr_note = ""
    if empty and limits.ocr:
        ocr_texts, ocr_note = _ocr_pdf_pages(data, empty[: limits.ocr_max_pages], limits)
    elif empty:
        ocr_note = "ปิดการอ่านด้วย OCR ไว้"
    passages = []
    for index, text in enumerate(texts):
        via_ocr = index in ocr_texts
        text = budget.take(ocr_texts[index]) if via_ocr else text
        if not text.strip():
            continue
        locator = f"หน้า {index + 1}" + (" (OCR)" if via_ocr else "")
        passages.append(Passage(len(passages) + 1, index + 1, None, locator, text.strip()))
    truncated = total > limits.max_pages or budget.exhausted
    if not passages and empty:
        return Raw("scanned_unread", kind="pdf", pages=total, detail=ocr_note)
    if not passages:
        return Raw("corrupt", kind="pdf", pages=total, detail="ไม่พบข้อความหรือภาพในเอกสาร")
    state: State = "ocr" if ocr_texts and any(p.page - 1 in ocr_texts for p in passages) else "read"
    return Raw(state, kind="pdf", pages=total, passages=passages, truncated=truncated)


def _has_image(reader: object, index: int) -> bool:
    """True when the page draws a picture (a scan): only such pages are worth OCR."""
    try:
        resources = reader.pages[index].get("/Resources") or {}  # type: ignore[attr-defined]
        xobjects = resources.get_object().get("/XObject") or {}
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
    except Exception:  # noqa: BLE001 - a damaged resource dictionary: treat as no picture
        return False


def _pdftotext(data: bytes, pages: int) -> list[str] | None:
    """Page texts from poppler's pdftotext, or None when it is missing or fails (then pypdf reads).

    Preferred because it honours /ActualText: LibreOffice and Word write a Thai vowel or tone mark that
    reuses another character's glyph with an ActualText span, which pypdf and pdfminer.six read as the
    wrong character ("ล้กคูา" for "ลูกค้า")."""
    if pages == 0 or shutil.which("pdftotext") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="scm-pdf-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", "-f", "1", "-l", str(pages), str(source), "-"],
            capture_output=True, check=False,
        )
    if done.returncode != 0:
        return None
    found = done.stdout.decode("utf-8", "replace").split("\f")
    if len(found) < pages:
        return None
    return found[:pages]


def ocr_available(languages: str = "tha+eng") -> bool:
    if shutil.which("tesseract") is None:
        return False
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return all(lang in out.split() for lang in languages.split("+"))


def _ocr_pdf_pages(data: bytes, indexes: list[int], limits: ReadingLimits) -> tuple[dict[int, str], str]:
    if not ocr_available(limits.ocr_languages):
        return {}, "เครื่องนี้ไม่มีโปรแกรม OCR ภาษาไทย (Tesseract tha)"
    if shutil.which("pdftoppm") is None:
        return {}, "เครื่องนี้ไม่มีโปรแกรมแปลงหน้า PDF เป็นภาพ (poppler-utils)"
    found: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="scm-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        for index in indexes:
            stem = Path(tmp) / f"p{index + 1}"
            subprocess.run(
                ["pdftoppm", "-r", str(limits.ocr_dpi), "-gray", "-png", "-singlefile",
                 "-f", str(index + 1), "-l", str(index + 1), str(pdf), str(stem)],
                capture_output=True, check=False,
            )
            image = stem.with_suffix(".png")
            if image.exists():
                found[index] = _tesseract(image, limits)
    if not any(text.strip() for text in found.values()):
        return {}, "อ่านด้วย OCR แล้วไม่พบข้อความ"
    return found, ""


def _tesseract(image: Path, limits: ReadingLimits) -> str:
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", limits.ocr_languages, "--psm", "3"],
        capture_output=True, check=False, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return done.stdout.decode("utf-8", "replace")


def read_image(data: bytes, limits: ReadingLimits) -> Raw:
    if not limits.ocr:
        return Raw("scanned_unread", kind="image", pages=1, detail="ปิดการอ่านด้วย OCR ไว้")
    if not ocr_available(limits.ocr_languages):
        return Raw("scanned_unread", kind="image", pages=1)
    with tempfile.TemporaryDirectory(prefix="scm-ocr-") as tmp:
        image = Path(tmp) / "in.img"
        image.write_bytes(data)
        text = _Budget(limits).take(_tesseract(image, limits)).strip()
    if not text:
        return Raw("scanned_unread", kind="image", pages=1, detail="OCR ไม่พบข้อความในภาพ")
    return Raw("ocr", kind="image", pages=1, passages=[Passage(1, 1, None, "หน้า 1 (OCR)", text)])


# ------------------------------------------------------------------ DOCX
def read_zip(data: bytes, limits: ReadingLimits) -> Raw:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        return Raw("corrupt", kind="docx", detail=type(error).__name__)
    if "word/document.xml" not in names:
        return Raw("unsupported", detail="ไฟล์ ZIP ที่ไม่ใช่เอกสาร Word (.docx)")
    if unpacked > limits.max_unzipped_bytes:
        return Raw("too_large", kind="docx",
                   detail=f"(เนื้อหาเมื่อแตกไฟล์ {unpacked / 1024 / 1024:,.0f} MB)")
    return read_docx(data, limits)


def read_docx(data: bytes, limits: ReadingLimits) -> Raw:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on a broken package
        return Raw("corrupt", kind="docx", detail=type(error).__name__)
    budget, passages = _Budget(limits), []
    section: str | None = None
    paragraph_no = table_no = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            paragraph_no += 1
            if _is_heading(paragraph):
                section = text[:120]
                locator = f"ย่อหน้า {paragraph_no} (หัวข้อ)"
            else:
                locator = f"ย่อหน้า {paragraph_no}" + (f" (หัวข้อ {_short(section)})" if section else "")
            passages.append(Passage(len(passages) + 1, None, section, locator, budget.take(text)))
        elif tag == "tbl":
            table_no += 1
            for row_no, row in enumerate(Table(child, document).rows, start=1):
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if not cells:
                    continue
                where = f" (หัวข้อ {_short(section)})" if section else ""
                passages.append(Passage(len(passages) + 1, None, section, f"ตาราง {table_no} แถว {row_no}{where}",
                                        budget.take(" | ".join(cells))))
        if budget.exhausted:
            break
    state: State = "read" if passages else "corrupt"
    return Raw(state, kind="docx", passages=passages, truncated=budget.exhausted,
               detail="" if passages else "ไม่พบข้อความในเอกสาร")


def _is_heading(paragraph: object) -> bool:
    style = getattr(paragraph, "style", None)
    name = getattr(style, "name", "") or ""
    if _HEADING_STYLES.match(name):
        return True
    ppr = paragraph._p.pPr  # type: ignore[attr-defined]
    return ppr is not None and ppr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl") is not None


def _short(text: str | None, limit: int = 40) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ text
def read_text(data: bytes, limits: ReadingLimits) -> Raw:
    text = _decode(data)
    if text is None:
        return Raw("corrupt", kind="text", detail="ถอดรหัสอักขระไม่ได้ (ไม่ใช่ UTF-8 หรือ TIS-620)")
    budget = _Budget(limits)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    passages = []
    for block in blocks:
        passages.append(Passage(len(passages) + 1, None, None, f"ย่อหน้า {len(passages) + 1}", budget.take(block)))
        if budget.exhausted:
            break
    if not passages:
        return Raw("corrupt", kind="text", detail="ไฟล์ว่าง")
    return Raw("read", kind="text", passages=passages, truncated=budget.exhausted)


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")
        except UnicodeDecodeError:
            return None
    controls = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return None if controls > 50 else text
