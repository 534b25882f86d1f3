"""The export's data rows, written a row at a time (`evidence.excel.sheet_rows`), are the very XML that
xlsxwriter's own `write_string` / `write_number` give cell by cell, and read back as the same values."""

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

import pandas as pd
import pytest
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from evidence.excel import writer
from evidence.excel.schema import BY_KEY, Column, Kind
from evidence.excel.sheet_rows import MAX_TEXT, NO, YES, cell_value

VOC = BY_KEY["voc"]


def cell_by_cell(sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[object]],
                 text_format: Format, *, first_row: int = 1) -> int:
    """The export's former writer: every cell through xlsxwriter's public per-cell methods."""
    def writer_of(column: Column) -> Callable[[int, int, object], None]:
        as_text = column.kind in (Kind.TEXT, Kind.DATE, Kind.DATETIME, Kind.REF, Kind.CODES)

        def write(row: int, col: int, value: object) -> None:
            shown = cell_value(column, value)
            if shown is None:
                return
            if isinstance(shown, bool):
                sheet.write_string(row, col, YES if shown else NO)
            elif isinstance(shown, int | float) and not as_text:
                sheet.write_number(row, col, shown)
            else:
                sheet.write_string(row, col, str(shown)[:MAX_TEXT], text_format if as_text else None)
        return write

    writers = [writer_of(c) for c in columns]
    row = first_row - 1
    for values in rows:
        row += 1
        for col, (write, value) in enumerate(zip(writers, values, strict=True)):
            if value is not None:
                write(row, col, value)
    return row - first_row + 1


def tricky_rows(*, markup: bool = True) -> list[list[object]]:
    """Values that every escape of xlsxwriter meets: XML specials, control characters, text that looks
    like an escape, surrounding spaces, a formula-like text, Thai, dates, labels, numbers. With `markup`,
    also a text shaped like rich-text markup, which xlsxwriter's `write_string` would copy unescaped into
    the sheet (a damaged file); the row writer escapes it like any text."""
    texts = ["=SUM(A1:A2)", "a & b < c > d", "tab\there", "bell\x07x", "_x0041_ literal", "  spaced ",
             "ข้อร้องเรียน\nสองบรรทัด", "", "\ufffe", "ok", *(["<r>not rich</r>"] if markup else [])]
    rows = []
    by_field = {c.field: n for n, c in enumerate(VOC.columns)}
    for n, text in enumerate(texts):
        row: list[object] = [None] * len(VOC.columns)
        row[by_field["ref_no"]] = f"R-{n}"
        row[by_field["text"]] = text
        row[by_field["received_on"]] = date(2026, 1, n + 1)
        row[by_field["aspect"]] = "transaction" if n % 2 else "unknown-code"
        row[by_field["priority"]] = [3, 2.5, True, "x"][n % 4]
        row[by_field["org_unit_id"]] = f"U{n}"
        row[by_field["version"]] = n + 1
        rows.append(row)
    rows.append([None] * len(VOC.columns))  # an empty row: no <row> element, as xlsxwriter
    return rows


def sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/") and n.endswith(".xml")}


def build(monkeypatch: pytest.MonkeyPatch | None, rows: list[list[object]]) -> bytes:
    if monkeypatch is not None:
        monkeypatch.setattr(writer, "write_rows", cell_by_cell)
    data = writer.SheetData(rows=iter(rows), row_count=len(rows), ref_options={"org_unit_id": ["U1"]})
    return writer.build_workbook([BY_KEY["units"], VOC], {"voc": data}, heading="ทดสอบ")


def test_rows_written_a_row_at_a_time_are_the_xml_xlsxwriter_writes_cell_by_cell(monkeypatch):
    fast = sheets(build(None, tricky_rows(markup=False)))
    reference = sheets(build(monkeypatch, tricky_rows(markup=False)))
    assert set(fast) == set(reference)
    for name in reference:
        assert fast[name] == reference[name], name
    voc_sheet = fast["xl/worksheets/sheet4.xml"].decode()
    assert "<t>=SUM(A1:A2)</t>" in voc_sheet and "bell_x0007_x" in voc_sheet and '<dimension ref="A1:' in voc_sheet


def moment_rows() -> list[list[object]]:
    """Complaints with date-times on and off the minute, with microseconds, at midnight and at 23:59:59,
    a date-time given as text, and numbers large and small in the version column."""
    complaints = BY_KEY["complaints"]
    moments = [datetime(2026, 1, 2, 9, 5, 7), datetime(2026, 1, 2, 9, 5), datetime(2025, 10, 1, 0, 0, 0, 559276),
               datetime(2026, 9, 30, 23, 59, 59), "15/01/2569 09:30", None]
    by_field = {c.field: n for n, c in enumerate(complaints.columns)}
    rows = []
    for n, moment in enumerate(moments):
        row: list[object] = [None] * len(complaints.columns)
        row[by_field["case_no"]] = f"C-{n}"
        for field in ("received_at", "acknowledged_at", "responded_at", "resolved_at"):
            row[by_field[field]] = moment
        row[by_field["version"]] = [1, 10**15, -(10**15) + 1, 2.5, 10**17, 7][n]
        rows.append(row)
    return rows


def test_date_times_and_numbers_are_the_xml_xlsxwriter_writes_cell_by_cell(monkeypatch):
    complaints = BY_KEY["complaints"]

    def build_complaints(patch: pytest.MonkeyPatch | None) -> bytes:
        if patch is not None:
            patch.setattr(writer, "write_rows", cell_by_cell)
        data = writer.SheetData(rows=iter(moment_rows()), row_count=6)
        return writer.build_workbook([BY_KEY["units"], complaints], {"complaints": data}, heading="ทดสอบ")

    fast = sheets(build_complaints(None))
    reference = sheets(build_complaints(monkeypatch))
    assert fast == reference
    sheet = fast["xl/worksheets/sheet4.xml"].decode()
    assert "<t>02/01/2569 09:05:07</t>" in sheet and "<t>02/01/2569 09:05</t>" in sheet
    assert "<t>01/10/2568 00:00</t>" in sheet and "<t>30/09/2569 23:59:59</t>" in sheet


def test_text_that_looks_like_a_formula_or_markup_reads_back_as_the_same_text():
    frame = pd.read_excel(io.BytesIO(build(None, tricky_rows())), sheet_name=VOC.sheet, engine="calamine",
                          dtype=object)
    texts = frame[VOC.by_field["text"].header].tolist()
    assert texts[0] == "=SUM(A1:A2)" and texts[1] == "a & b < c > d" and texts[4] == "_x0041_ literal"
    assert texts[5] == "  spaced " and texts[6] == "ข้อร้องเรียน\nสองบรรทัด" and texts[10] == "<r>not rich</r>"
    assert frame[VOC.by_field["received_on"].header].tolist()[:2] == ["01/01/2569", "02/01/2569"]
    assert frame[VOC.by_field["aspect"].header].tolist()[:2] == ["unknown-code", "การทำธุรกรรม"]


def test_a_year_of_dates_and_moments_is_shown_in_buddhist_era():
    moment = VOC.by_field["received_on"]
    assert cell_value(moment, date(2025, 10, 1)) == "01/10/2568"
    assert cell_value(Column("at", "เวลา", Kind.DATETIME, False), datetime(2026, 1, 2, 9, 5, 7)) == "02/01/2569 09:05:07"
