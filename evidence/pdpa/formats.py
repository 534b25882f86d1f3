"""Small output helpers shared by the PDPA exports and the audit-log export: Excel and CSV bytes with
Thai headers, and times shown in Thailand's time zone (the database keeps naive UTC)."""

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from evidence.formula_text import escape_formula, text_cell
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
    """One worksheet per entry; the first row holds the (Thai) column names in bold. Written in
    openpyxl's streaming mode; text that starts with "=" stays text, never a formula."""
    book = Workbook(write_only=True)
    for title, rows in sheets.items() or {"ว่าง": []}.items():
        sheet = book.create_sheet(title=title[:31])
        columns = list((headers or {}).get(title) or (rows[0].keys() if rows else []))
        for i, name in enumerate(columns, start=1):
            width = max([len(str(name))] + [len(str(r.get(name) or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
        sheet.freeze_panes = "A2"
        sheet.append([_bold(sheet, name) for name in columns])
        for row in rows:
            sheet.append([_text_cell(sheet, _cell(row.get(name))) for name in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    return text_cell(sheet, value)


def _csv_text(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str(escape_formula(value))
    return _cell(value)


def csv_bytes(rows: Sequence[Row], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark so Excel opens Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_text(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
