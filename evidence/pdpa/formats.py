"""Small output helpers shared by the PDPA exports and the audit-log export: Excel and CSV bytes with
Thai headers, and times shown in Thailand's time zone (the database keeps naive UTC)."""

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from itertools import chain, islice
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from evidence.formula_text import escape_formula
from evidence.thai_dates import BANGKOK, bangkok, from_bangkok, thai_datetime  # noqa: F401  (time zones live there)

Row = Mapping[str, object]


def to_bangkok(moment: datetime | None) -> datetime | None:
    """A naive UTC datetime from the database as a naive Bangkok wall-clock time (`thai_dates.bangkok`)."""
    return None if moment is None else bangkok(moment)


def thai_local(moment: datetime | None) -> str:
    """`23 พ.ย. 2569 14:05 น.` in Bangkok time, from a naive UTC datetime."""
    return thai_datetime(moment)  # thai_datetime shows stored (UTC) moments in Bangkok time


def _cell(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool | datetime):
        return value
    return str(value)


def xlsx_bytes(sheets: Mapping[str, Sequence[Row]], *, headers: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """One worksheet per entry; the first row holds the (Thai) column names in bold. Text that starts
    with "=" stays text, never a formula."""
    buffer = io.BytesIO()
    write_xlsx(buffer, {title: (list((headers or {}).get(title) or (rows[0].keys() if rows else [])), rows)
                        for title, rows in sheets.items()})
    return buffer.getvalue()


def write_xlsx(target: str | BinaryIO, sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]) -> int:
    """Write the sheets (columns, rows) in constant memory (xlsxwriter `constant_memory`: each row goes to
    a temporary file as it is written, so rows may be a stream from the database); returns the rows."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    written = 0
    for title, (columns, rows) in (sheets or {"ว่าง": ((), ())}).items():
        sheet = book.add_worksheet(title[:31])
        stream = iter(rows)
        head = list(islice(stream, 200))  # column widths from the first rows
        for i, name in enumerate(columns):
            width = max([len(str(name))] + [len(str(r.get(name) or "")) for r in head])
            sheet.set_column(i, i, min(60, max(10, width + 2)))
        sheet.freeze_panes(1, 0)
        for i, name in enumerate(columns):
            sheet.write_string(0, i, str(name), bold)
        for number, row in enumerate(chain(head, stream), start=1):
            for i, name in enumerate(columns):
                _write(sheet, number, i, _cell(row.get(name)), moment)
            written += 1
    book.close()
    return written


def _write(sheet: Worksheet, row: int, col: int, value: object, moment: object) -> None:
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value[:32_767])  # text stays text: never a formula or a link
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, moment)
    elif isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e300:
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def _csv_text(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str(escape_formula(value))
    return _cell(value)


def csv_bytes(rows: Iterable[Row], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark so Excel opens Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_text(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
