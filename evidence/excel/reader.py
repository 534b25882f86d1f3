"""Read an uploaded workbook (python-calamine) or a CSV file of one record family.

Whatever the file is, the answer is either the sheets it holds, matched to their families, or a
Thai `UploadRefused` saying why the file cannot be read: too large, not Excel or CSV, damaged, or
without a single sheet of the template.

A workbook's sheets are read one at a time, when the importer reaches them, and handed over in chunks
of rows (`SheetRows.chunks`) as pandas frames whose index is the row's position under the header (so
row numbers match the sheet), with the cells pandas' own calamine reader would give; an import of a
whole year therefore never holds all its rows as Python objects at once (issue 18 §4).
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from evidence.errors import DomainError
from evidence.excel.cells import normal_key
from evidence.excel.guard import WorkbookTooLarge, check_workbook_limits
from evidence.excel.schema import FAMILIES, INSTRUCTIONS_SHEET, LISTS_SHEET, Family, family_named
from evidence.formula_text import unescape_formula
from evidence.settings import get_settings

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CSV_ENCODINGS = ("utf-8-sig", "cp874")  # Excel's "CSV UTF-8", then Thai Windows


class UploadRefused(DomainError):
    """The file as a whole cannot be imported; nothing was read into the database."""


CHUNK_ROWS = 10_000
STREAM_XML_BYTES = 96 * 1024 * 1024  # a sheet whose XML is larger is streamed, not read whole by calamine
_EMPTY = float("nan")  # an empty cell, as pandas reads it


@dataclass(frozen=True)
class SheetRows:
    """The rows of one sheet: its header cells and its rows in chunks (frames indexed from 0 under the header)."""

    read: Callable[[int | None], Iterator[pd.DataFrame]]

    def chunks(self, size: int | None = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """Frames of at most `size` rows (None: the whole sheet as one frame), in sheet order."""
        return self.read(size)

    def frame(self) -> pd.DataFrame:
        return next(iter(self.read(None)))

    @classmethod
    def of(cls, frame: pd.DataFrame) -> "SheetRows":
        def read(size: int | None) -> Iterator[pd.DataFrame]:
            step = size or max(len(frame), 1)
            yield frame.iloc[:step]
            for start in range(step, len(frame), step):
                yield frame.iloc[start:start + step]

        return cls(read)


@dataclass(frozen=True)
class Upload:
    sheets: dict[str, tuple[Family, SheetRows]]  # sheet name → (family, rows)
    notices: tuple[str, ...] = ()


Source = bytes | Path  # the upload's bytes, or the file holding them (read from disk, never held whole)


def opened(source: Source) -> Path | io.BytesIO:
    """What the zip, calamine and openpyxl readers open: the path itself, or a stream over the bytes."""
    return source if isinstance(source, Path) else io.BytesIO(source)


def _size(source: Source) -> int:
    return source.stat().st_size if isinstance(source, Path) else len(source)


def _head(source: Source) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as stream:
            return stream.read(len(_OLE))
    return source[:len(_OLE)]


def check_size(data: Source, filename: str) -> None:
    limit = get_settings().max_upload_mb
    size = _size(data)
    if not size:
        raise UploadRefused(f"ไฟล์ '{filename}' ว่างเปล่า")
    if size > limit * 1024 * 1024:
        raise UploadRefused(f"ไฟล์ '{filename}' มีขนาด {size / 1024 / 1024:.1f} MB เกินขนาดที่อนุญาต {limit} MB")


def read_upload(data: Source, filename: str, *, family_key: str | None = None) -> Upload:
    """The sheets of an .xlsx/.xls/.ods workbook, or the one family of a CSV file. Given a path, a
    workbook is read from the file as its sheets are reached (its bytes are never all in memory)."""
    check_size(data, filename)
    if _head(data).startswith((_ZIP, _OLE)):
        return _read_workbook(data, filename)
    if filename.lower().endswith(".csv") or family_key:
        return _read_csv(data.read_bytes() if isinstance(data, Path) else data, filename, family_key)
    raise UploadRefused(f"ไฟล์ '{filename}' ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่นำเข้าได้")


def _calamine(source: Source) -> CalamineWorkbook:
    """calamine over the file (it seeks in it) or over a copy of the bytes (`from_filelike` reads them all)."""
    if isinstance(source, Path):
        return CalamineWorkbook.from_path(str(source))
    return CalamineWorkbook.from_filelike(io.BytesIO(source))


def _read_workbook(data: Source, filename: str) -> Upload:
    """Limits first (`evidence.excel.guard`), then the sheet names; only the template's sheets are read,
    each when its rows are asked for."""
    try:
        check_workbook_limits(data, filename)
    except WorkbookTooLarge as refusal:
        raise UploadRefused(refusal.message) from None
    try:
        with _calamine(data) as book:  # each sheet opens its own later
            names = [str(n) for n in book.sheet_names]
        wanted = _family_sheets(names, filename)
    except UploadRefused:
        raise
    except Exception as error:  # calamine, zip and XML errors alike: the file is not a readable workbook
        raise _unreadable(filename, error) from None
    large = _large_sheets(data, list(wanted))
    sheets: dict[str, tuple[Family, SheetRows]] = {
        name: (family, SheetRows(_streamed_reader(data, name, filename) if name in large
                                 else _sheet_reader(data, name, filename)))
        for name, family in wanted.items()}
    notices = [f"ข้ามแผ่นงาน '{name}' เพราะไม่ใช่แผ่นงานของแบบฟอร์ม" for name in names
               if name not in wanted and name.strip() not in (INSTRUCTIONS_SHEET, LISTS_SHEET)]
    if not sheets:
        known = ", ".join(f"'{f.sheet}'" for f in FAMILIES[:6])
        raise UploadRefused(
            f"ไม่พบแผ่นงานข้อมูลของแบบฟอร์มในไฟล์ '{filename}' (ต้องมีอย่างน้อยหนึ่งแผ่นงาน เช่น {known}) "
            "กรุณาใช้แบบฟอร์มที่ดาวน์โหลดจากพอร์ทัล"
        )
    return Upload(sheets, tuple(notices))


def _unreadable(filename: str, error: Exception) -> UploadRefused:
    return UploadRefused(f"อ่านไฟล์ '{filename}' ไม่ได้: ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel ({type(error).__name__})")


def _cell(value: object) -> object:
    """A cell as pandas' calamine reader gives it: empty → NaN, whole floats → int, dates → datetime."""
    if isinstance(value, str) and value == "":
        return _EMPTY
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime | timedelta | time):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def _header_names(cells: list[object]) -> list[str]:
    """Header cells as pandas names them: blank → `Unnamed: n`, a repeated name → `name.1`, `name.2`…"""
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, cell in enumerate(cells):
        value = _cell(cell)
        name = f"Unnamed: {number}" if value is _EMPTY else str(value)
        if name in seen:
            seen[name] += 1
            while f"{name}.{seen[name]}" in seen:
                seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    return names


def _chunks(lines: Iterable[list[object]], headers: list[str], size: int | None) -> Iterator[pd.DataFrame]:
    """Frames of `size` rows each (all rows in one when `size` is None); one empty frame for a sheet
    without rows."""
    number, chunk = 0, []
    for line in lines:
        chunk.append(line)
        number += 1
        if size and len(chunk) == size:
            yield _frame(chunk, headers, number)
            chunk = []
    if chunk or number == 0:
        yield _frame(chunk, headers, number)


def _padded(row: Sequence[object], width: int) -> list[object]:
    """A streamed row as `_sheet_reader` gives it: cut or padded to the header's width."""
    line = [_EMPTY if v is None else _cell(v) for v in row[:width]]
    return line + [_EMPTY] * (width - len(line))


def _sheet_reader(data: Source, name: str, filename: str) -> Callable[[int | None], Iterator[pd.DataFrame]]:
    """Rows of a sheet calamine reads whole (fast); the workbook is opened for this sheet and closed after."""

    def read(size: int | None) -> Iterator[pd.DataFrame]:
        try:
            book = _calamine(data)
            sheet = book.get_sheet_by_name(name)
            top, left = sheet.start or (0, 0)
            rows = sheet.iter_rows()
            blank = [""] * (left + sheet.width)
            lines = (([""] * left + list(row)) for row in rows)
            head = blank if top else next(lines, blank)
            skipped = max(top - 1, 0)  # empty rows above the data (after an empty header row)
            headers = _header_names(head)
            yield from _chunks(([_cell(v) for v in line] for line in _with_blank(skipped, blank, lines)), headers, size)
            del sheet, rows, lines
            book.close()
        except UploadRefused:
            raise
        except Exception as error:
            raise _unreadable(filename, error) from None

    return read


def _large_sheets(data: Source, names: list[str]) -> set[str]:
    """The sheets whose XML inflates past STREAM_XML_BYTES: calamine would hold such a sheet whole in
    memory (about twice its XML), so they are streamed instead."""
    try:
        book = openpyxl.load_workbook(opened(data), read_only=True, data_only=True)
        with zipfile.ZipFile(opened(data)) as archive:
            sizes = {name: archive.getinfo(book[name]._worksheet_path).file_size for name in names}  # type: ignore[attr-defined]
        book.close()
    except Exception:  # not an .xlsx openpyxl reads (.xls, .ods): calamine reads it whole
        return set()
    return {name for name, size in sizes.items() if size > STREAM_XML_BYTES}


def _streamed_reader(data: Source, name: str, filename: str) -> Callable[[int | None], Iterator[pd.DataFrame]]:
    """Rows of a large sheet read as a stream of XML (openpyxl's read-only mode): memory stays bounded by
    the chunk, whatever the sheet's size; cells as `_sheet_reader` gives them."""

    def read(size: int | None) -> Iterator[pd.DataFrame]:
        try:
            book = openpyxl.load_workbook(opened(data), read_only=True, data_only=True)
            rows = book[name].iter_rows(values_only=True)
            headers = _header_names(["" if v is None else v for v in next(rows, ())])
            width = len(headers)
            yield from _chunks((_padded(row, width) for row in rows), headers, size)
            book.close()
        except UploadRefused:
            raise
        except Exception as error:
            raise _unreadable(filename, error) from None

    return read


def _with_blank(count: int, blank: list[object], lines: Iterator[list[object]]) -> Iterator[list[object]]:
    for _ in range(count):
        yield blank
    yield from lines


def _frame(chunk: list[list[object]], headers: list[str], end: int) -> pd.DataFrame:
    index = pd.RangeIndex(end - len(chunk), end)
    frame = pd.DataFrame(chunk, columns=headers, index=index, dtype=object) if chunk else pd.DataFrame(
        columns=headers, dtype=object)
    return _clean(frame, keep_index=True)


def _family_sheets(names: list[str], filename: str) -> dict[str, Family]:
    """Sheet name → family; two sheets of one family are refused (which one would win is unclear)."""
    wanted: dict[str, Family] = {}
    for name in names:
        family = family_named(name)
        if family is None:
            continue
        twin = next((other for other, f in wanted.items() if f.key == family.key), None)
        if twin is not None:
            raise UploadRefused(f"ไฟล์ '{filename}' มีแผ่นงาน '{twin}' และ '{name}' ซึ่งเป็นข้อมูลประเภทเดียวกัน "
                                "กรุณารวมเป็นแผ่นงานเดียวแล้วนำเข้าใหม่")
        wanted[name] = family
    return wanted


def _decode(data: bytes, filename: str) -> str:
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UploadRefused(f"ไฟล์ '{filename}' ไม่ใช่ไฟล์ CSV ที่อ่านได้ (ต้องบันทึกเป็น CSV UTF-8)")


def _read_csv(data: bytes, filename: str, family_key: str | None) -> Upload:
    text = _decode(data, filename)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        raise UploadRefused(f"ไฟล์ '{filename}' ไม่ใช่ไฟล์ CSV ที่อ่านได้") from None
    family = family_named(family_key) if family_key else _guess_family(frame.columns)
    if family is None:
        if family_key:
            raise UploadRefused(f"ไม่รู้จักประเภทข้อมูล '{family_key}'")
        raise UploadRefused(
            f"ระบุไม่ได้ว่าไฟล์ '{filename}' เป็นข้อมูลประเภทใด: หัวคอลัมน์ต้องตรงกับแผ่นงานหนึ่งของแบบฟอร์ม"
        )
    frame = frame.replace("", None).map(unescape_formula)  # `'=x` as the portal's CSV files write `=x`
    return Upload({family.sheet: (family, SheetRows.of(_clean(frame)))})


def _guess_family(headers: object) -> Family | None:
    """The family whose required headers are all present and which knows the most of the headers."""
    given = {normal_key(h) for h in headers}  # type: ignore[attr-defined]
    best: tuple[int, Family] | None = None
    tie = False
    for family in FAMILIES:
        known = {normal_key(c.header) for c in family.columns}
        required = {normal_key(c.header) for c in family.columns if c.required}
        if not required <= given:
            continue
        score = len(known & given)
        if best is None or score > best[0]:
            best, tie = (score, family), False
        elif score == best[0]:
            tie = True
    return None if best is None or tie else best[1]


def _clean(frame: pd.DataFrame, *, keep_index: bool = False) -> pd.DataFrame:
    """Header names as stripped text; rows keep their position so row numbers match the sheet."""
    frame = frame.copy() if not keep_index else frame
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame if keep_index else frame.reset_index(drop=True)
