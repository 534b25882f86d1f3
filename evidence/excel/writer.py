"""Write the workbook (openpyxl, streaming): an instructions sheet, one sheet per record family with
Thai headers and drop-down lists, and a hidden sheet holding the lists the drop-downs offer.

Cells are written as the importer reads them back: dates as text `วว/ดด/ปปปป` in Buddhist Era, coded
values as their Thai labels, other records by their code or title.
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from evidence.excel.schema import INSTRUCTIONS_SHEET, LISTS_SHEET, VERSION_FIELD, Column, Family, Kind
from evidence.formula_text import text_cell
from evidence.thai_dates import BE_OFFSET

YES, NO = "ใช่", "ไม่ใช่"
TEXT_FORMAT = "@"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
_WRAP = Alignment(wrap_text=True, vertical="top")

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


def build_workbook(families: Sequence[Family], data: Mapping[str, SheetData], *, heading: str) -> bytes:
    """The workbook as .xlsx bytes; `data` (by family key) may be empty for a blank template."""
    book = Workbook(write_only=True)
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET), families, heading)
    lists = _Lists(book.create_sheet(LISTS_SHEET))
    sheets = [(family, book.create_sheet(family.sheet)) for family in families]
    for family, sheet in sheets:
        _data_sheet(sheet, family, data.get(family.key, SheetData()), lists)
    lists.flush()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Lists:
    """The hidden sheet of drop-down values: one column per list, written when all are known."""

    def __init__(self, sheet: object) -> None:
        self.sheet = sheet
        self.columns: list[tuple[str, Sequence[str]]] = []
        sheet.sheet_state = "hidden"  # type: ignore[attr-defined]

    def range_of(self, name: str, values: Sequence[str]) -> str:
        self.columns.append((name, values))
        letter = get_column_letter(len(self.columns))
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def flush(self) -> None:
        height = max((len(v) for _, v in self.columns), default=0)
        self.sheet.append([text_cell(self.sheet, name) for name, _ in self.columns])  # type: ignore[attr-defined]
        for i in range(height):  # codes and titles are user text: written as text, never as formulas
            self.sheet.append([text_cell(self.sheet, values[i]) if i < len(values) else None  # type: ignore[attr-defined]
                               for _, values in self.columns])


def _data_sheet(sheet: object, family: Family, data: SheetData, lists: _Lists) -> None:
    ws = sheet
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]
    last_row = max(data.row_count + 500, 1000)
    for number, column in enumerate(family.columns, start=1):
        letter = get_column_letter(number)
        width = 40 if (column.max_length or 0) > 300 else max(14, min(len(column.header) + 4, 36))
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]
        if column.field == VERSION_FIELD:  # the system's column: kept out of the way, read back on import
            ws.column_dimensions[letter].hidden = True  # type: ignore[attr-defined]
        options, strict = _options(column, data)
        if options:
            source = lists.range_of(f"{family.sheet}: {column.header}", options)
            rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=strict,
                                  errorTitle="ค่าไม่อยู่ในรายการ", error="กรุณาเลือกจากรายการ",
                                  promptTitle=column.header, prompt=KIND_TH[column.kind], showInputMessage=True)
            rule.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(rule)  # type: ignore[attr-defined]
    ws.append([_header_cell(ws, column) for column in family.columns])  # type: ignore[attr-defined]
    text_columns = [c.kind in (Kind.TEXT, Kind.DATE, Kind.DATETIME, Kind.REF, Kind.CODES) for c in family.columns]
    for values in data.rows:
        row = []
        for column, value, as_text in zip(family.columns, values, text_columns, strict=True):
            shown = cell_value(column, value)
            if as_text and shown is not None:
                row.append(text_cell(ws, str(shown), TEXT_FORMAT))
            else:
                row.append(text_cell(ws, shown))  # every text is text: `=…` never becomes a formula
        ws.append(row)  # type: ignore[attr-defined]


def _header_cell(ws: object, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=column.header)
    cell.font = _HEADER_FONT
    cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
    cell.alignment = _WRAP
    return cell


def _options(column: Column, data: SheetData) -> tuple[list[str], bool]:
    """(drop-down values, whether anything else is refused) of a column."""
    if column.kind == Kind.CHOICE:
        return list(column.choices.values()), True
    if column.kind == Kind.BOOL:
        return [YES, NO], True
    if column.kind == Kind.REF:
        return list(data.ref_options.get(column.field, ())), False
    return [], False


def _instructions(ws: object, families: Sequence[Family], heading: str) -> None:
    for letter, width in zip("ABCDE", (28, 40, 12, 48, 50), strict=True):
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]
    lines = [
        [_bold(ws, heading)],
        ["วิธีกรอก: หนึ่งแถวต่อหนึ่งรายการ ใต้หัวคอลัมน์ภาษาไทยของแต่ละแผ่นงาน ไม่ต้องเปลี่ยนชื่อแผ่นงานหรือหัวคอลัมน์"],
        ["หัวคอลัมน์สีแดงต้องกรอกทุกแถว; คอลัมน์ที่มีรายการให้เลือก ให้เลือกจากรายการ (หรือพิมพ์รหัสของค่านั้น)"],
        ["วันที่กรอกเป็น วว/ดด/ปปปป ปีพุทธศักราช เช่น 15/01/2569; วันเวลาเช่น 15/01/2569 09:30"],
        ["ข้อมูลอื่นที่อ้างถึง (หน่วยงาน กลุ่มลูกค้า ช่องทาง ผู้มีส่วนได้ส่วนเสีย แผน) ให้ระบุด้วยรหัสหรือชื่อที่มีในพอร์ทัล "
         "หรือในแผ่นงานก่อนหน้าของไฟล์เดียวกัน"],
        ["นำเข้าซ้ำได้: แถวที่มีคีย์ตรงกับข้อมูลเดิมจะปรับปรุงข้อมูลเดิม ไม่สร้างซ้ำ; ระบบตรวจทุกแถวก่อน "
         "หากพบปัญหาแม้แถวเดียวจะไม่บันทึกข้อมูลใดเลย"],
        ["ข้อมูลที่เจ้าหน้าที่หน่วยงานนำเข้าจะเป็นร่าง รอฝ่ายแผนตรวจและอนุมัติ; การคิดคะแนนใช้เฉพาะข้อมูลที่อนุมัติแล้ว"],
        [],
        [_bold(ws, "แผ่นงาน"), _bold(ws, "คอลัมน์"), _bold(ws, "ต้องกรอก"), _bold(ws, "รูปแบบ / ค่าที่เลือกได้"),
         _bold(ws, "คีย์สำหรับนำเข้าซ้ำ และหมายเหตุ")],
    ]
    for line in lines:
        ws.append(line)  # type: ignore[attr-defined]
    for family in families:
        key = " + ".join(family.by_field[n].header for n in family.natural_key)
        note = f"คีย์: {key}" + (f"; {family.note}" if family.note else "")
        for number, column in enumerate(family.columns):
            form = KIND_TH[column.kind]
            if column.choices:
                form += ": " + ", ".join(column.choices.values())
            ws.append([family.sheet if number == 0 else None, column.header,  # type: ignore[attr-defined]
                       "ต้องกรอก" if column.required else "", form, note if number == 0 else None])


def _bold(ws: object, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True)
    return cell
