"""What a reviewer sees of an attached file without downloading it: an image inline, a PDF's first
page as an image (poppler's `pdftoppm`), a DOCX's (or any read file's) opening text.

Text comes from the passages the reading library stored (`evidence/reading/`, read once per file
content); a file not read yet is read now through the same bounded child process.
"""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from evidence.access import Actor
from evidence.models import EvidenceFile, FilePassage
from evidence.services.files import read_file
from evidence.services.readings import read_text_of

PreviewKind = Literal["image", "page", "text", "none"]
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
PDF = "application/pdf"
EXCERPT_CHARS = 1200
RENDER_SECONDS = 20


@dataclass(frozen=True)
class FilePreview:
    file: EvidenceFile
    data: bytes  # the whole file, for the download beside the preview
    kind: PreviewKind
    image: bytes | None = None  # PNG of a PDF's first page, or the image itself
    text: str = ""  # the opening text (DOCX, XLSX, or a PDF that could not be drawn)
    note: str = ""  # Thai: why nothing better is shown


def pdf_first_page(data: bytes, *, dpi: int = 70) -> bytes | None:
    """The first page of a PDF as PNG bytes, or None when poppler is absent or the PDF does not draw."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="scm-preview-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "page"
        source.write_bytes(data)
        try:
            subprocess.run([tool, "-f", "1", "-l", "1", "-r", str(dpi), "-png", "-singlefile", str(source), str(target)],
                           capture_output=True, timeout=RENDER_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError):
            return None
        image = target.with_suffix(".png")
        return image.read_bytes() if image.exists() else None


def opening_text(session: Session, file: EvidenceFile, data: bytes, limit: int = EXCERPT_CHARS) -> str:
    """The first `limit` characters of the file's text, from its stored passages (read now if needed)."""
    def stored() -> list[str]:
        return list(session.exec(select(FilePassage.text).where(FilePassage.file_id == file.id)
                                 .order_by(col(FilePassage.seq)).limit(40)).all())

    texts = stored()
    if not texts:
        read_text_of(session, file, data)
        texts = stored()
    text = "\n".join(t.strip() for t in texts if t.strip())
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def file_preview(session: Session, actor: Actor, file_id: int) -> FilePreview:
    """The preview of one file the actor may read (refused as `read_file` refuses)."""
    file, data = read_file(session, actor, file_id)
    if file.media_type in IMAGE_TYPES:
        return FilePreview(file, data, "image", image=data)
    if file.media_type == PDF:
        page = pdf_first_page(data)
        if page is not None:
            return FilePreview(file, data, "page", image=page)
        text = opening_text(session, file, data)
        return FilePreview(file, data, "text" if text else "none", text=text,
                           note="แสดงภาพหน้าแรกไม่ได้ (ไม่พบโปรแกรม pdftoppm หรือไฟล์เสีย): แสดงข้อความแทน")
    text = opening_text(session, file, data)
    if text:
        return FilePreview(file, data, "text", text=text)
    return FilePreview(file, data, "none", note="ไม่พบข้อความในไฟล์นี้ กรุณาดาวน์โหลดเพื่อเปิดดู")
