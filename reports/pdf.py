"""Render a .docx the way an assessor's machine would: PDF through LibreOffice, text through pdftotext,
page images through pdftoppm. Used by the render tests and by `python -m reports.preview`.

Each conversion runs LibreOffice with its own throw-away profile, so it never collides with another
LibreOffice running on the machine.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_TIMEOUT = 240


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def poppler_available() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with `soffice --headless --convert-to pdf`; returns the PDF's path."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scm-soffice-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=SOFFICE_TIMEOUT,
        )
    pdf = out_dir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    result = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with form feeds)."""
    pages = pdf_text(pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_pages(pdf: Path) -> int:
    result = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def render_page(pdf: Path, page: int, target: Path, *, dpi: int = 80) -> Path:
    """Page `page` (1-based) as a PNG at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True, capture_output=True,
    )
    return target
