"""The bounds every extraction runs under (issue 11 §2: bounded time and memory, never blocks a page).

A caller passes its own `ReadingLimits` (tests use tight ones); `DEFAULT_LIMITS` is what the portal uses.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadingLimits:
    max_bytes: int = 25 * 1024 * 1024  # same as SCM_MAX_UPLOAD_MB's default: larger files are not read
    max_pages: int = 500  # PDF pages read; the rest is skipped and the extraction marked truncated
    max_chars: int = 2_000_000  # characters kept in all; further text is skipped (truncated)
    max_unzipped_bytes: int = 200 * 1024 * 1024  # a DOCX whose parts unpack to more is refused (zip bomb)
    timeout_s: float = 60.0  # wall clock of the child process, OCR included; then it is killed
    memory_mb: int = 1024  # address-space limit (RLIMIT_AS) of the child process and its OCR tools
    ocr: bool = True  # read pages without a text layer with Tesseract (tha+eng) when it is installed
    ocr_max_pages: int = 20  # pages OCR reads at most (a page takes a few seconds)
    ocr_dpi: int = 200
    ocr_languages: str = "tha+eng"
    poppler: bool = True  # read PDF text with poppler's pdftotext when installed (honours /ActualText), else pypdf


DEFAULT_LIMITS = ReadingLimits()
