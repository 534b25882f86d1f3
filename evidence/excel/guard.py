"""Limits checked before a workbook is parsed: a decompression bomb is refused in milliseconds.

An .xlsx or .ods file is a zip: the central directory states each member's inflated size, and the
worksheets are streamed (never held whole) to count their rows and cells and find the farthest cell
reference, which decides how large a grid the parser would allocate. Anything over the settings
(`SCM_MAX_INFLATED_MB`, `SCM_MAX_IMPORT_ROWS`, `SCM_MAX_IMPORT_CELLS`) is refused in Thai.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import DomainError
from evidence.settings import get_settings

_CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_CELL_COL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})\d")
_CELL_ROW = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"[A-Z]{1,3}(\d+)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?(?:row|table-row)[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?(?:c|table-cell)[\s>/]")
_SHEETS = re.compile(r"^(xl/worksheets/[^/]+\.xml|content\.xml)$")
MAX_MEMBERS = 5_000


class WorkbookTooLarge(DomainError):
    """The workbook would take more memory or time to read than the portal allows; nothing was read."""


@dataclass
class SheetExtent:
    rows: int = 0  # row elements, or the highest row number named
    cells: int = 0  # cell elements
    max_row: int = 0
    max_col: int = 0

    @property
    def grid(self) -> int:
        """Cells of the rectangle a reader allocates (first to farthest cell)."""
        return self.max_row * self.max_col


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> tuple[SheetExtent, int]:
    """Stream one worksheet; returns its extent and the bytes inflated (stops past `budget`)."""
    extent, inflated, tail = SheetExtent(), 0, b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            inflated += len(chunk)
            if inflated > budget:
                return extent, inflated
            text = tail + chunk
            cut = max(text.rfind(b"<"), len(tail))
            head, tail = text[:cut], text[cut:][-4096:]
            extent.rows += len(_ROW_TAG.findall(head))
            extent.cells += len(_CELL_TAG.findall(head))
            # numbers compared in C (`map`), columns once per distinct letters: no Python loop per cell
            extent.max_row = max(extent.max_row, max(map(int, _ROW.findall(head)), default=0),
                                 max(map(int, _CELL_ROW.findall(head)), default=0))
            extent.max_col = max(extent.max_col, max(map(_column_number, set(_CELL_COL.findall(head))), default=0))
    extent.max_row = max(extent.max_row, extent.rows)
    return extent, inflated


def check_workbook_limits(data: bytes | Path, filename: str) -> None:
    """Refuse a zip workbook (its bytes or its file) whose inflated size, rows or cells exceed the
    limits (before parsing)."""
    settings = get_settings()
    cap = settings.max_inflated_mb * 1024 * 1024
    try:
        archive = zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, NotImplementedError):
        return  # not a zip: the reader refuses it as damaged
    if len(members) > MAX_MEMBERS:
        raise WorkbookTooLarge(f"ไฟล์ '{filename}' มีส่วนประกอบมากผิดปกติ ({len(members):,} ส่วน) จึงไม่นำเข้า")
    declared = sum(m.file_size for m in members)
    if declared > cap:
        raise WorkbookTooLarge(
            f"ไฟล์ '{filename}' เมื่อขยายแล้วมีขนาด {declared / 1024 / 1024:,.0f} MB เกินที่อนุญาต "
            f"{settings.max_inflated_mb:,} MB (ไฟล์อาจถูกบีบอัดผิดปกติ) จึงไม่นำเข้า")
    budget = cap
    rows = cells = 0
    for info in members:
        if not _SHEETS.match(info.filename):
            continue
        try:
            extent, inflated = _scan(archive, info, budget)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):  # sizes or checksums that do not match: forged
            raise WorkbookTooLarge(f"อ่านไฟล์ '{filename}' ไม่ได้: ไฟล์เสียหายหรือถูกแก้ไขโครงสร้าง") from None
        budget -= inflated
        if budget < 0:  # the central directory understated the sizes
            raise WorkbookTooLarge(f"ไฟล์ '{filename}' เมื่อขยายแล้วมีขนาดเกินที่อนุญาต "
                                   f"{settings.max_inflated_mb:,} MB จึงไม่นำเข้า")
        rows += extent.max_row
        cells += max(extent.cells, extent.grid)
    if rows > settings.max_import_rows:
        raise WorkbookTooLarge(f"ไฟล์ '{filename}' มี {rows:,} แถว เกินที่นำเข้าได้ครั้งละ "
                               f"{settings.max_import_rows:,} แถว กรุณาแบ่งเป็นหลายไฟล์")
    if cells > settings.max_import_cells:
        raise WorkbookTooLarge(f"ไฟล์ '{filename}' มีเซลล์ (รวมช่วงว่างถึงเซลล์ที่ไกลที่สุด) {cells:,} เซลล์ "
                               f"เกินที่นำเข้าได้ครั้งละ {settings.max_import_cells:,} เซลล์ กรุณาแบ่งเป็นหลายไฟล์")
