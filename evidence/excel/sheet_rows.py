"""The data rows of a sheet written as the XML xlsxwriter itself writes them in `constant_memory` mode,
one string per row instead of one method call chain per cell.

xlsxwriter stays the writer of the workbook (styles, drop-downs, the hidden lists sheet, column
settings, the package); only the rows under the header are handed to it this way: written to the
worksheet's own row file (`Worksheet.fh`, a temporary file in `constant_memory` mode) and its
dimensions updated, so memory stays flat and the file is byte for byte the one `write_string` /
`write_number` would give (`tests/evidence/test_excel_sheet_rows.py` compares them). A year at scale L
is about 9.7 million cells; xlsxwriter's per-cell path (`_write_cell`, attribute lists, three regular
expressions per string) costs several microseconds a cell, this path about one.

Each column gets one encoder, from the stored value straight to its `<c>` element: the sheet's form of
the value (Buddhist-Era dates, Thai labels, ใช่/ไม่ใช่, as `cell_value`) and
its XML at once. Text stays text (an inline string, never a formula), escaped as xlsxwriter escapes it.
"""

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from evidence.excel.schema import Column, Kind
from evidence.thai_dates import BE_OFFSET

YES, NO = "ใช่", "ไม่ใช่"
MAX_TEXT = 32_767  # Excel's limit for one cell, in UTF-16 units
FLUSH_ROWS = 2_000  # rows joined before one write to the row file
# Anything xlsxwriter would change in a string: XML specials, control characters (written `_xHHHH_`),
# the two non-characters, and text that already looks like such an escape.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPE_1 = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")

Encoder = Callable[[object], str]  # stored value → the rest of its `<c r="B17` element, or "" for no cell


def text_body(text: str) -> str:
    """`<t>` of an inline string, as xlsxwriter writes it (control characters, whitespace, escapes)."""
    if len(text) > MAX_TEXT // 2 and _utf16_len(text) > MAX_TEXT:
        text = _utf16_truncate(text, MAX_TEXT)
    if _SPECIAL.search(text):
        text = _ESCAPE_1.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _string(style: str) -> Callable[[str], str]:
    head = f'" s="{style}" t="inlineStr"><is>' if style else '" t="inlineStr"><is>'
    return lambda text: f"{head}{text_body(text)}</is></c>"


def _number(number: float) -> str:
    return f'"><v>{number:.16G}</v></c>'


def _text(style: str, general: Encoder) -> Encoder:
    """Free text, the bulk of a year's cells: one function call per cell, no regular expression for
    text with nothing to escape (`_SPECIAL`)."""
    head, slow = f'" s="{style}" t="inlineStr"><is><t>', _string(style)
    search = _SPECIAL.search

    def encode(value: object) -> str:
        if value.__class__ is not str:
            return general(value)
        if len(value) > MAX_TEXT // 2 or search(value) or value[:1].isspace() or value[-1:].isspace():  # type: ignore[arg-type]
            return slow(value)  # type: ignore[arg-type]
        return f"{head}{value}</t></is></c>"

    encode.text_head = head  # type: ignore[attr-defined]  # the row function inlines the short path
    return encode


_SECONDS = ["", *(f":{n:02d}" for n in range(1, 60))]
_MINUTES = [f" {n // 60:02d}:{n % 60:02d}" for n in range(24 * 60)]  # " ชช:นน" of each minute of a day


def _moment(style: str, general: Encoder) -> Encoder:
    """A date-time as `cell_value` shows it (วว/ดด/ปปปป ชช:นน[:วว]): digits and separators only, nothing
    to escape; the day part cached per day, the time taken from tables."""
    head = f'" s="{style}" t="inlineStr"><is><t>'
    days, minutes, seconds = _DAYS, _MINUTES, _SECONDS

    def encode(value: object) -> str:
        if value.__class__ is not datetime:
            return general(value)
        day = value.date()  # type: ignore[attr-defined]
        return (f"{head}{days.get(day) or _day(day)}{minutes[value.hour * 60 + value.minute]}"  # type: ignore[attr-defined]
                f"{seconds[value.second]}</t></is></c>")  # type: ignore[attr-defined]

    return encode


def _cached(encode: Encoder, limit: int = 20_000) -> Encoder:
    """`encode` remembered per value, for columns whose values repeat (dates, labels, codes)."""
    cache: dict[object, str] = {}

    def cached(value: object) -> str:
        found = cache.get(value)
        if found is None:
            found = encode(value)
            if len(cache) < limit:
                cache[value] = found
        return found

    cached.cache = cache  # type: ignore[attr-defined]  # the row function looks values up itself
    return cached


def encoder(column: Column, text_style: str) -> Encoder:
    """The encoder of one column; `text_style` is the xf index of the text format ("@"). The usual
    type of each kind takes a short path; anything else the general one (`_general`)."""
    plain, styled = _string(""), _string(text_style)
    general = _general(column, plain, styled)
    kind = column.kind
    if kind == Kind.CHOICE:
        return _cached(general)
    if kind == Kind.DATE:
        return _cached(lambda v: styled(_day(v)) if v.__class__ is date else general(v))  # type: ignore[arg-type]
    if kind == Kind.DATETIME:
        return _moment(text_style, general)
    if kind == Kind.REF:
        return _cached(_text(text_style, general))
    if kind == Kind.TEXT:
        return _text(text_style, general)
    if kind in (Kind.INT, Kind.FLOAT):
        def number(value: object) -> str:
            return _number(value) if value.__class__ is int else general(value)  # type: ignore[arg-type]

        number.whole = True  # type: ignore[attr-defined]  # the row function writes small integers itself
        return number
    return general


def _general(column: Column, plain: Callable[[str], str], styled: Callable[[str], str]) -> Encoder:
    """Any stored value as the sheet shows it: `cell_value`, then a string (text kinds
    with the text format), a number (numeric kinds) or ใช่/ไม่ใช่."""
    as_text = column.kind in (Kind.TEXT, Kind.DATE, Kind.DATETIME, Kind.REF, Kind.CODES)

    def encode(value: object) -> str:
        shown = cell_value(column, value)
        if shown is None:
            return ""
        if isinstance(shown, bool):
            return plain(YES if shown else NO)
        if isinstance(shown, int | float) and not as_text:
            return _number(shown) if math.isfinite(shown) else plain(str(shown))
        return (styled if as_text else plain)(str(shown))

    return encode


def cell_value(column: Column, value: object) -> object:
    """A stored value as the sheet shows it (the inverse of `evidence.excel.cells`)."""
    if value is None or value == []:
        return None
    if column.kind == Kind.BOOL:
        return YES if value else NO
    if column.kind == Kind.DATE and isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    if column.kind == Kind.DATETIME and isinstance(value, datetime):
        text = f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET} {value.hour:02d}:{value.minute:02d}"
        return f"{text}:{value.second:02d}" if value.second else text
    if column.kind == Kind.CHOICE:
        code = getattr(value, "value", value)
        return column.choices.get(str(code), str(code))
    if column.kind == Kind.CODES and isinstance(value, list | tuple):
        return ", ".join(column.choices.get(str(v), str(v)) for v in value)
    return value


_DAYS: dict[date, str] = {}


def _day(value: date) -> str:
    text = _DAYS.get(value)
    if text is None:
        if len(_DAYS) > 50_000:
            _DAYS.clear()
        text = _DAYS[value] = f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    return text


@dataclass
class Written:
    """What `row_xml` wrote: rows taken (empty ones too) and the 1-based number of the last row holding a
    cell (`first_row` when none did)."""

    rows: int = 0
    last: int = 0


def row_xml(columns: Sequence[Column], rows: Iterable[Sequence[object]], text_style: str, *, first_row: int,
            written: Written) -> Iterator[str]:
    """The `<row>` elements of `rows` (stored values, None for an empty cell) numbered from sheet row
    `first_row` + 1 (1-based), FLUSH_ROWS rows joined per string; `written` is filled in as they go.
    `text_style` is the xf index of the text format ("@")."""
    cells = _cells_of(columns, text_style)
    out: list[str] = []
    number = written.last = first_row
    for values in rows:
        number += 1  # the 1-based row number of this row
        tail = str(number)
        parts = cells(tail, values)
        if len(parts) > 1:
            parts.append("</row>")
            out.append("".join(parts))
            written.last = number
        if len(out) >= FLUSH_ROWS:
            written.rows = number - first_row
            yield "".join(out)
            out.clear()
    written.rows = number - first_row
    if out:
        yield "".join(out)


_WHOLE = 10**15  # integers below this are written as `str`, which is what `{:.16G}` gives for them


def _cells_of(columns: Sequence[Column], text_style: str) -> Callable[[str, Sequence[object]], list[str]]:
    """One function per sheet from a row's values to `['<row r="N">', '<c r="AN"…</c>', …]`, its columns
    unrolled (no loop, no zip per cell) and the short path of the usual value inlined (a small integer,
    a text with nothing to escape, a value already encoded): a year at L is 9.7 million cells, and the
    calls per cell were most of the time. Anything else goes through the column's encoder. The text
    compiled holds only column numbers and names bound here."""
    scope: dict[str, object] = {"_SPECIAL": _SPECIAL.search, "HALF": MAX_TEXT // 2, "WHOLE": _WHOLE}
    lines = ["def cells(tail, values):",
             f"    {''.join(f'v{n}, ' for n in range(len(columns)))}= values",
             "    out = [f'<row r=\"{tail}\">']"]
    for n, column in enumerate(columns):
        encode = encoder(column, text_style)
        scope[f"l{n}"], scope[f"e{n}"] = f'<c r="{xl_col_to_name(n)}', encode
        v, call = f"v{n}", [f"b = e{n}(v{n})", "if b:", f"    out.append(l{n} + tail + b)"]
        if hasattr(encode, "cache"):
            scope[f"c{n}"] = encode.cache
            body = [f"b = c{n}.get({v})", "if b is None:", f"    b = e{n}({v})", "if b:", f"    out.append(l{n} + tail + b)"]
        elif hasattr(encode, "text_head"):
            scope[f"h{n}"] = encode.text_head
            body = [f"if {v}.__class__ is str and len({v}) <= HALF and not _SPECIAL({v}) "
                    f"and not {v}[:1].isspace() and not {v}[-1:].isspace():",
                    f"    out.append(l{n} + tail + h{n} + {v} + '</t></is></c>')", "else:", *(f"    {c}" for c in call)]
        elif hasattr(encode, "whole"):
            body = [f"if {v}.__class__ is int and -WHOLE < {v} < WHOLE:",
                    f"    out.append(f'{{l{n}}}{{tail}}\"><v>{{{v}}}</v></c>')", "else:", *(f"    {c}" for c in call)]
        else:
            body = call
        lines += [f"    if {v} is not None:", *(f"        {line}" for line in body)]
    lines.append("    return out")
    exec("\n".join(lines), scope)  # noqa: S102 — text built here from column numbers only
    return scope["cells"]  # type: ignore[return-value]


def start_rows(sheet: Worksheet, text_format: Format, *, first_row: int = 1) -> str:
    """Ready `sheet` for rows written outside xlsxwriter from sheet row `first_row` (0-based) on: the
    header row goes to the row file first. Returns the text format's xf index, numbered after the
    header's formats, as xlsxwriter would."""
    if not sheet.constant_memory:
        raise ValueError("write_rows needs a workbook opened with constant_memory")
    sheet._write_single_row(first_row)  # noqa: SLF001
    return str(text_format._get_xf_index())  # noqa: SLF001


def end_rows(sheet: Worksheet, columns: Sequence[Column], written: Written, *, first_row: int = 1) -> None:
    """xlsxwriter's dimensions after `written`: the last row that holds a cell (0-based)."""
    if written.last > first_row:
        sheet._check_dimensions(written.last - 1, len(columns) - 1)  # noqa: SLF001
    sheet.previous_row = max(first_row + written.rows - 1, first_row)


def write_rows(sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[object]],
               text_format: Format, *, first_row: int = 1) -> int:
    """Write `rows` (stored values, None for an empty cell) from sheet row `first_row` (0-based) on;
    returns how many were written. Rows above `first_row` (the header) must already be in the sheet."""
    text_style = start_rows(sheet, text_format, first_row=first_row)
    written = Written()
    fh = sheet.fh
    for block in row_xml(columns, rows, text_style, first_row=first_row, written=written):
        fh.write(block)
    end_rows(sheet, columns, written, first_row=first_row)
    return written.rows
