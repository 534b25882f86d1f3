"""PDFs whose table of contents has page numbers: LibreOffice does not update a TOC field when it
converts, so the portal writes the numbers itself.

Pass 1 renders the plan with a placeholder where each TOC page number goes (same layout), converts it,
and reads on which page each heading lands (pdftotext, pages other than the TOC's own); pass 2 renders
the numbers and converts again. When a number's width moved a heading (rare), a third pass settles it.
The .docx returned carries the same numbers, so Word and LibreOffice show them before any update.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from reports.blocks import DocumentPlan
from reports.control import ReportOptions
from reports.docx_writer import render
from reports.pdf import docx_to_pdf, pdf_page_texts

PLACEHOLDER = "¶¶"
MAX_PASSES = 3


@dataclass(frozen=True)
class RenderedDocument:
    docx: bytes
    pdf: Path
    toc_pages: dict[str, int]


_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")  # Thai numerals on: headings match either way
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def squeeze(text: str) -> str:
    """pdftotext may split Thai glyph clusters with spaces and swap a tone mark with the vowel above it
    ("ทั้ง" comes back as "ทัง้"): compare without white space and without the marks above and below, and
    Thai digits as Arabic ones (a report with Thai numerals)."""
    return _THAI_MARKS.sub("", re.sub(r"\s+", "", text)).translate(_ARABIC_DIGITS)


def heading_pages(page_texts: list[str], headings: list[str]) -> dict[str, int]:
    """Heading text → 1-based page, searching in document order and skipping the TOC's own pages
    (those holding the placeholder; the caller blanks them in later passes)."""
    toc_pages = {n for n, text in enumerate(page_texts) if PLACEHOLDER in text}
    pages = [squeeze(t) for t in page_texts]
    found: dict[str, int] = {}
    start = 0
    for heading in headings:
        wanted = squeeze(heading)
        for n in range(start, len(pages)):
            if n in toc_pages:
                continue
            if wanted in pages[n]:
                found[heading] = n + 1
                start = n
                break
    return found


def render_with_toc_pages(plan: DocumentPlan, options: ReportOptions, workdir: Path, stem: str) -> RenderedDocument:
    """The .docx and its LibreOffice PDF with page numbers in the table of contents."""
    headings = [h.text for h in plan.headings()]
    workdir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, int | str] = dict.fromkeys(headings, PLACEHOLDER)
    found: dict[str, int] = {}
    toc: set[int] = set()
    docx = b""
    pdf = workdir / f"{stem}.pdf"
    source = workdir / f"{stem}.docx"
    for number in range(MAX_PASSES):
        docx = render(plan, options=options, toc_pages=pages)
        source.write_bytes(docx)
        pdf = docx_to_pdf(source, workdir, page_digits=number > 0)  # pass 1 only measures the layout
        texts = pdf_page_texts(pdf)
        if not toc:  # pass 1: the TOC's pages are those holding placeholders (the layout stays the same)
            toc = {n for n, text in enumerate(texts) if PLACEHOLDER in text}
        texts = [("" if n in toc else t) for n, t in enumerate(texts)]
        measured = heading_pages(texts, headings)
        if measured == found:
            break
        found = measured
        pages = {h: found.get(h, PLACEHOLDER) for h in headings}
    if number == 0:  # settled at once (no headings): the kept PDF still needs its page digits
        pdf = docx_to_pdf(source, workdir)
    return RenderedDocument(docx, pdf, found)
