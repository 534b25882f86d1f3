"""Write the workbook in constant memory (xlsxwriter's `constant_memory` mode: each row goes to a temporary
file as soon as it is written, so an export of a whole year never holds its rows): an instructions
sheet, one sheet per record family with Thai headers and drop-down lists, and a hidden sheet holding
the lists the drop-downs offer.

Cells are written as the importer reads them back: dates as text `วว/ดด/ปปปป` in Buddhist Era, coded
values as their Thai labels, other records by their code or title. Every text is written as a string
cell, so user text starting with `=` never becomes a formula; the data rows go through
`evidence.excel.sheet_rows` (the same XML as `write_string`, a row at a time).
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from evidence.excel.schema import INSTRUCTIONS_SHEET, LISTS_SHEET, VERSION_FIELD, Column, Family, Kind
from evidence.excel.sheet_rows import MAX_TEXT, NO, YES, Written, cell_value, end_rows, start_rows, write_rows

__all__ = ["NO", "YES", "SheetData", "build_workbook", "cell_value", "write_workbook"]

TEXT_FORMAT = "@"
_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "use_future_functions": False}


KIND_TH = {
    Kind.TEXT: "ข้อความ",
    Kind.INT: "จำนวนเต็ม",
    Kind.FLOAT: "ตัวเลข",
    Kind.BOOL: "ใช่ / ไม่ใช่",
    Kind.DATE: "วันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569",
    Kind.DATETIME: "วันเวลา วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/01/2569 09:30",
    Kind.CHOICE: "เลือกจากรายการ",
    Kind.CODES: "หลายค่า คั่นด้วยจุลภาค (,)",
    Kind.REF: "รหัส/ชื่อของข้อมูลที่มีอยู่แล้ว",
}


@dataclass
class SheetData:
    """The rows of one family's sheet, and the values its reference columns may take."""

    rows: Iterable[Sequence[object]] = ()
    row_count: int = 0
    ref_options: Mapping[str, Sequence[str]] = field(default_factory=dict)  # field → codes or titles


def build_workbook(families: Sequence[Family], data: Mapping[str, SheetData], *, heading: str) -> bytes:
    """The workbook as .xlsx bytes (a template, a register workbook); `data` may be empty for a blank template."""
    out = io.BytesIO()
    write_workbook(out, families, data, heading=heading)
    return out.getvalue()


Elsewhere = Callable[[str, Mapping[str, str]], Mapping[str, Written]]
"""Rows written outside the workbook (`evidence.excel.export_parts`): called with the text format's xf index
and each such family's zip entry, after every sheet is set up and before the package is written; returns
what was written for each family."""


def write_workbook(target: Path | BinaryIO, families: Sequence[Family], data: Mapping[str, SheetData], *,
                   heading: str, elsewhere: Elsewhere | None = None) -> int:
    """Write the workbook to `target` (a path or a binary stream) row by row; returns the data rows written.
    With `elsewhere`, the data sheets get their headers only and `elsewhere` writes their rows."""
    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, _OPTIONS)
    styles = _Styles(book)
    instructions = book.add_worksheet(INSTRUCTIONS_SHEET)
    lists = _Lists(book.add_worksheet(LISTS_SHEET))
    sheets = [(family, book.add_worksheet(family.sheet)) for family in families]
    _instructions(instructions, families, heading, styles)
    if elsewhere is None:
        written = sum(_data_sheet(sheet, family, data.get(family.key, SheetData()), lists, styles)
                      for family, sheet in sheets)
    else:
        styled = [start_rows(_sheet_head(sheet, family, data.get(family.key, SheetData()), lists, styles),
                             styles.text) for family, sheet in sheets]
        done = elsewhere(styled[0] if styled else "", {f.key: f"xl/worksheets/sheet{s.index + 1}.xml" for f, s in sheets})
        for family, sheet in sheets:
            end_rows(sheet, family.columns, done[family.key])
        written = sum(d.rows for d in done.values())
    lists.flush()
    book.close()
    return written


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        header = {"bold": True, "font_color": "#FFFFFF", "text_wrap": True, "valign": "top"}
        self.header = book.add_format(header | {"bg_color": "#1F4E79", "pattern": 1})
        self.required = book.add_format(header | {"bg_color": "#9C2A00", "pattern": 1})
        self.bold = book.add_format({"bold": True})
        self.text = book.add_format({"num_format": TEXT_FORMAT})


class _Lists:
    """The hidden sheet of drop-down values: one column per list, written when all are known."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.columns: list[tuple[str, Sequence[str]]] = []
        sheet.hide()

    def range_of(self, name: str, values: Sequence[str]) -> str:
        self.columns.append((name, values))
        letter = xl_col_to_name(len(self.columns) - 1)
        return f"={quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def flush(self) -> None:
        height = max((len(v) for _, v in self.columns), default=0)
        for col, (name, _) in enumerate(self.columns):
            self.sheet.write_string(0, col, name)
        for i in range(height):  # codes and titles are user text: written as text, never as formulas
            for col, (_, values) in enumerate(self.columns):
                if i < len(values):
                    self.sheet.write_string(i + 1, col, str(values[i])[:MAX_TEXT])


def _data_sheet(sheet: Worksheet, family: Family, data: SheetData, lists: _Lists, styles: _Styles) -> int:
    _sheet_head(sheet, family, data, lists, styles)
    return write_rows(sheet, family.columns, data.rows, styles.text)


def _sheet_head(sheet: Worksheet, family: Family, data: SheetData, lists: _Lists, styles: _Styles) -> Worksheet:
    """One family's sheet set up (widths, hidden version column, drop-downs) with its header row."""
    sheet.freeze_panes(1, 0)
    last_row = max(data.row_count + 500, 1000)
    for number, column in enumerate(family.columns):
        width = 40 if (column.max_length or 0) > 300 else max(14, min(len(column.header) + 4, 36))
        # the system's column (record version) is kept out of the way, read back on import
        sheet.set_column(number, number, width, None, {"hidden": column.field == VERSION_FIELD})
        options, strict = _options(column, data)
        if options:
            source = lists.range_of(f"{family.sheet}: {column.header}", options)
            sheet.data_validation(1, number, last_row - 1, number, {
                "validate": "list", "source": source, "ignore_blank": True, "show_error": strict,
                "error_title": "ค่าไม่อยู่ในรายการ", "error_message": "กรุณาเลือกจากรายการ",
                "input_title": column.header[:32], "input_message": KIND_TH[column.kind][:255],
                "show_input": True})
    for number, column in enumerate(family.columns):
        sheet.write_string(0, number, column.header, styles.required if column.required else styles.header)
    return sheet


def _options(column: Column, data: SheetData) -> tuple[list[str], bool]:
    """(drop-down values, whether anything else is refused) of a column."""
    if column.kind == Kind.CHOICE:
        return list(column.choices.values()), True
    if column.kind == Kind.BOOL:
        return [YES, NO], True
    if column.kind == Kind.REF:
        return list(data.ref_options.get(column.field, ())), False
    return [], False


def _instructions(ws: Worksheet, families: Sequence[Family], heading: str, styles: _Styles) -> None:
    for col, width in enumerate((28, 40, 12, 48, 50)):
        ws.set_column(col, col, width)
    lines: list[list[object]] = [
        [(heading, styles.bold)],
        ["วิธีกรอก: หนึ่งแถวต่อหนึ่งรายการ ใต้หัวคอลัมน์ภาษาไทยของแต่ละแผ่นงาน ไม่ต้องเปลี่ยนชื่อแผ่นงานหรือหัวคอลัมน์"],
        ["หัวคอลัมน์สีแดงต้องกรอกทุกแถว; คอลัมน์ที่มีรายการให้เลือก ให้เลือกจากรายการ (หรือพิมพ์รหัสของค่านั้น)"],
        ["วันที่กรอกเป็น วว/ดด/ปปปป ปีพุทธศักราช เช่น 15/01/2569; วันเวลาเช่น 15/01/2569 09:30"],
        ["ข้อมูลอื่นที่อ้างถึง (หน่วยงาน กลุ่มลูกค้า ช่องทาง ผู้มีส่วนได้ส่วนเสีย แผน) ให้ระบุด้วยรหัสหรือชื่อที่มีในพอร์ทัล "
         "หรือในแผ่นงานก่อนหน้าของไฟล์เดียวกัน"],
        ["นำเข้าซ้ำได้: แถวที่มีคีย์ตรงกับข้อมูลเดิมจะปรับปรุงข้อมูลเดิม ไม่สร้างซ้ำ; ระบบตรวจทุกแถวก่อน "
         "หากพบปัญหาแม้แถวเดียวจะไม่บันทึกข้อมูลใดเลย"],
        ["ข้อมูลที่เจ้าหน้าที่หน่วยงานนำเข้าจะเป็นร่าง รอฝ่ายแผนตรวจและอนุมัติ; การคิดคะแนนใช้เฉพาะข้อมูลที่อนุมัติแล้ว"],
        [],
        [(t, styles.bold) for t in ("แผ่นงาน", "คอลัมน์", "ต้องกรอก", "รูปแบบ / ค่าที่เลือกได้",
                                    "คีย์สำหรับนำเข้าซ้ำ และหมายเหตุ")],
    ]
    for family in families:
        key = " + ".join(family.by_field[n].header for n in family.natural_key)
        note = f"คีย์: {key}" + (f"; {family.note}" if family.note else "")
        for number, column in enumerate(family.columns):
            form = KIND_TH[column.kind]
            if column.choices:
                form += ": " + ", ".join(column.choices.values())
            lines.append([family.sheet if number == 0 else None, column.header,
                          "ต้องกรอก" if column.required else "", form, note if number == 0 else None])
    for row, line in enumerate(lines):
        for col, cell in enumerate(line):
            if isinstance(cell, tuple):
                ws.write_string(row, col, cell[0], cell[1])
            elif cell:
                ws.write_string(row, col, str(cell))
