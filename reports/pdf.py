"""Render a .docx the way an assessor's machine would: PDF through LibreOffice, text through pdftotext,
page images through pdftoppm. Used by the render tests and by `python -m reports.preview`.

Each conversion runs LibreOffice with its own throw-away profile, so it never collides with another
LibreOffice running on the machine.
"""

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

SOFFICE_TIMEOUT = 240


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def poppler_available() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


def _soffice(source: Path, fmt: str, out_dir: Path) -> Path:
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scm-soffice-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=SOFFICE_TIMEOUT,
        )
    made = out_dir / f"{source.stem}.{fmt}"
    if not made.exists():
        raise RuntimeError(f"LibreOffice did not write {made}")
    return made


def docx_to_pdf(docx: Path, out_dir: Path, *, page_digits: bool = True) -> Path:
    """Convert with `soffice --headless --convert-to pdf`; returns the PDF's path.

    LibreOffice (7.x) reads Word's `PAGE \\* ThaiArabic` as Thai letters (ก ข ค) and knows no Thai digit
    page format in .docx, so a document whose page numbers are Thai digits goes through ODF, where the
    page-number fields get LibreOffice's native numbering in a Thai locale ("- ๒ -"). `page_digits=False`
    skips that detour where only the layout is read (a measuring pass of the table of contents)."""
    if not (page_digits and _thai_page_digits(docx)):
        return _soffice(docx, "pdf", out_dir)
    with tempfile.TemporaryDirectory(prefix="scm-odt-") as tmp:
        odt = _soffice(docx, "odt", Path(tmp))
        _native_page_digits(odt)
        made = _soffice(odt, "pdf", Path(tmp))
        pdf = out_dir / f"{docx.stem}.pdf"
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(made, pdf)
    return pdf


def _thai_page_digits(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as archive:
        return any("ThaiArabic" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                   if n.startswith("word/header") or n.startswith("word/footer"))


_PAGE_FIELD = re.compile(r"<text:(page-number|page-count)(?![^>]*style:num-format)")
_RUNNING_STYLE = re.compile(r'(<style:(?:default-)?style (?:style:name="(?:Header|Footer)(?:_20_Char)?" )?'
                            r'style:family="(?:paragraph|text)"[^>]*>(?:(?!</style:style>|</style:default-style>).)*?'
                            r'<style:text-properties[^>]*?)fo:language="[^"]*" fo:country="[^"]*"', re.S)


def _native_page_digits(odt: Path) -> None:
    """Page numbers and counts in Thai digits: native numbering, Thai as the language of the header and
    footer styles (and the default paragraph style), where the fields are."""
    with zipfile.ZipFile(odt) as archive:
        parts = {info.filename: (info, archive.read(info)) for info in archive.infolist()}
    info, styles = parts["styles.xml"]
    text = styles.decode("utf-8")
    text = _PAGE_FIELD.sub(r'<text:\1 style:num-format="Native Numbering"', text)
    text = re.sub(r'(<text:(?:page-number|page-count)[^>]*style:num-format=)"[^"]*"', r'\1"Native Numbering"', text)
    text = _RUNNING_STYLE.sub(r'\1fo:language="th" fo:country="TH"', text)  # the locale of native digits
    parts["styles.xml"] = (info, text.encode("utf-8"))
    with zipfile.ZipFile(odt, "w") as archive:  # mimetype first and stored, as ODF asks
        for name, (entry, data) in sorted(parts.items(), key=lambda kv: kv[0] != "mimetype"):
            archive.writestr(entry, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                             else zipfile.ZIP_DEFLATED)


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
