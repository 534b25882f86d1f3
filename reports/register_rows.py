"""A sub-topic's register workbook for the evidence pack (issue 15 §2): exactly the rows its rules read.

One sheet per rule and family (`evidence.services.rule_rows`), each row with its code and, where the
rule judges rows one by one (S1, S2, S6 profiles; P5 complaint stage times; U1 actions), the rule's
verdict and the reason, so an assessor can check a verdict row by row. A first sheet says which
items each sheet backs and how many rows pass or fail. Takes result objects, returns bytes.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evidence.services.rule_rows import VERDICT_TH, RuleRows

FONT = "TH Sarabun New"
SUMMARY_SHEET = "คำอธิบาย"
_HEADER = Font(name=FONT, size=14, bold=True)
_BODY = Font(name=FONT, size=14)
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


def _counts(read: RuleRows) -> str:
    if not read.judged:
        return f"{len(read.rows):,} แถว (กฎนับจากแถวเหล่านี้)"
    failed = sum(r.verdict == "fail" for r in read.rows)
    return f"{len(read.rows):,} แถว: ผ่าน {len(read.rows) - failed:,} ไม่ผ่าน {failed:,}"


def _header(ws: object, values: Sequence[str]) -> None:
    ws.append(list(values))  # type: ignore[attr-defined]
    for cell in ws[ws.max_row]:  # type: ignore[attr-defined,index]
        cell.font, cell.fill, cell.alignment = _HEADER, _FILL, Alignment(wrap_text=True, vertical="top")


def register_workbook(reads: Sequence[RuleRows], *, heading: str) -> bytes:
    """The workbook's bytes: a summary sheet, then one sheet per rule and family read."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    summary.append([heading])
    summary["A1"].font = _HEADER
    summary.append(["แต่ละแผ่นงานคือแถวทะเบียนที่กฎหนึ่งข้ออ่าน (ข้อมูลที่อนุมัติแล้วของปีประเมินและขอบเขตนี้) "
                    "คอลัมน์ 'ผลตามกฎ' ระบุผ่านหรือไม่ผ่านเมื่อกฎตัดสินทีละแถว ข้อมูลส่วนบุคคลแสดงตามสิทธิ์ของผู้จัดทำ"])
    summary.append([])
    _header(summary, ["แผ่นงาน", "กฎ", "รายการเกณฑ์", "ทะเบียน", "จำนวนแถว"])
    taken = {SUMMARY_SHEET}
    for read in reads:
        name = sheet_name(read, taken)
        summary.append([name, read.rule_id, ", ".join(read.item_ids), read.family_th, _counts(read)])
        ws = book.create_sheet(name)
        verdict_headers = [f"ผลตามกฎ {read.rule_id}", "เหตุผล"] if read.judged else []
        _header(ws, ["รหัส", *read.headers, *verdict_headers])
        for row in read.rows:
            verdict = [VERDICT_TH.get(row.verdict or "", "-"), row.reason] if read.judged else []
            ws.append([row.code, *row.cells, *verdict])
            for cell in ws[ws.max_row]:
                cell.font = _BODY
                if row.verdict == "fail":
                    cell.fill = _FAIL
        ws.freeze_panes = "B2"
        for number in range(1, len(read.headers) + len(verdict_headers) + 2):
            ws.column_dimensions[get_column_letter(number)].width = 18
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["C"].width = 30
    summary.column_dimensions["E"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
