"""A sub-topic's register workbook for the evidence pack (issue 15 §2): exactly the rows its rules read.

One sheet per rule and family (`evidence.services.rule_rows`), each row with its code and, where the
rule judges rows one by one (S1, S2, S6 profiles; P5 complaint stage times; U1 actions), the rule's
verdict and the reason, so an assessor can check a verdict row by row. A first sheet says which
items each sheet backs and how many rows pass or fail. Takes result objects, returns bytes.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evidence.services.rule_rows import VERDICT_TH, RuleRows

FONT = "TH Sarabun New"
SUMMARY_SHEET = "คำอธิบาย"
_HEADER = Font(name=FONT, size=14, bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_FAIL = PatternFill("solid", fgColor="FCE4D6")


def sheet_name(read: RuleRows, taken: set[str]) -> str:
    """`S1 ผู้มีส่วนได้ส่วนเสีย` (Excel allows 31 characters, no : / ? * [ ]), unique in the book."""
    base = "".join(ch for ch in f"{read.rule_id} {read.family_th}" if ch not in ":/\\?*[]")[:31]
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _header(ws: object, values: Sequence[str]) -> None:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font, cell.fill, cell.alignment = _HEADER, _FILL, Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    ws.append(cells)  # type: ignore[attr-defined]


def _failed_row(ws: object, values: Sequence[object]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.fill = _FAIL
        cells.append(cell)
    return cells


def register_workbook(reads: Sequence[RuleRows], *, heading: str) -> bytes:
    """The workbook's bytes: a summary sheet, then one sheet per rule (or rules) and family read.
    Written in openpyxl's write-only mode while the rows stream from the database."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(SUMMARY_SHEET)
    for letter, width in (("A", 30), ("B", 12), ("C", 30), ("D", 24), ("E", 30)):
        summary.column_dimensions[letter].width = width
    title = WriteOnlyCell(summary, value=heading)
    title.font = _HEADER
    summary.append([title])
    summary.append(["แต่ละแผ่นงานคือแถวทะเบียนที่กฎอ่าน (ข้อมูลที่อนุมัติแล้วของปีประเมินและขอบเขตนี้) "
                    "คอลัมน์ 'ผลตามกฎ' ระบุผ่านหรือไม่ผ่านเมื่อกฎตัดสินทีละแถว ข้อมูลส่วนบุคคลแสดงตามสิทธิ์ของผู้จัดทำ"])
    summary.append([])
    _header(summary, ["แผ่นงาน", "กฎ", "รายการเกณฑ์", "ทะเบียน", "จำนวนแถว"])
    taken = {SUMMARY_SHEET}
    for read in reads:
        name = sheet_name(read, taken)
        ws = book.create_sheet(name)
        verdict_headers = [f"ผลตามกฎ {read.rule_id}", "เหตุผล"] if read.judged else []
        for number in range(1, len(read.headers) + len(verdict_headers) + 2):
            ws.column_dimensions[get_column_letter(number)].width = 18
        ws.freeze_panes = "B2"
        _header(ws, ["รหัส", *read.headers, *verdict_headers])
        count = failed = 0
        for row in read.rows():
            values = [row.code, *row.cells]
            if read.judged:
                values += [VERDICT_TH.get(row.verdict or "", "-"), row.reason]
            count += 1
            if row.verdict == "fail":
                failed += 1
                ws.append(_failed_row(ws, values))
            else:
                ws.append(values)
        counts = (f"{count:,} แถว: ผ่าน {count - failed:,} ไม่ผ่าน {failed:,}" if read.judged
                  else f"{count:,} แถว (กฎนับจากแถวเหล่านี้)")
        summary.append([name, read.rule_id, ", ".join(read.item_ids), read.family_th, counts])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
