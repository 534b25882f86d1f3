"""Read an uploaded workbook (python-calamine through pandas) or a CSV file of one record family.

Whatever the file is, the answer is either the sheets it holds, matched to their families, or a
Thai `UploadRefused` saying why the file cannot be read: too large, not Excel or CSV, damaged, or
without a single sheet of the template.
"""

import io
from dataclasses import dataclass

import pandas as pd

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


@dataclass(frozen=True)
class Upload:
    sheets: dict[str, tuple[Family, pd.DataFrame]]  # sheet name → (family, rows)
    notices: tuple[str, ...] = ()


def check_size(data: bytes, filename: str) -> None:
    limit = get_settings().max_upload_mb
    if not data:
        raise UploadRefused(f"ไฟล์ '{filename}' ว่างเปล่า")
    if len(data) > limit * 1024 * 1024:
        raise UploadRefused(f"ไฟล์ '{filename}' มีขนาด {len(data) / 1024 / 1024:.1f} MB เกินขนาดที่อนุญาต {limit} MB")


def read_upload(data: bytes, filename: str, *, family_key: str | None = None) -> Upload:
    """The sheets of an .xlsx/.xls/.ods workbook, or the one family of a CSV file."""
    check_size(data, filename)
    if data.startswith((_ZIP, _OLE)):
        return _read_workbook(data, filename)
    if filename.lower().endswith(".csv") or family_key:
        return _read_csv(data, filename, family_key)
    raise UploadRefused(f"ไฟล์ '{filename}' ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่นำเข้าได้")


def _read_workbook(data: bytes, filename: str) -> Upload:
    """Limits first (`evidence.excel.guard`), then the sheet names; only the template's sheets are parsed."""
    try:
        check_workbook_limits(data, filename)
    except WorkbookTooLarge as refusal:
        raise UploadRefused(refusal.message) from None
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="calamine")
        names = [str(n) for n in book.sheet_names]
        wanted = _family_sheets(names, filename)
        frames = {name: pd.read_excel(book, sheet_name=name, dtype=object) for name in wanted}
    except UploadRefused:
        raise
    except Exception as error:  # calamine, zip and XML errors alike: the file is not a readable workbook
        raise UploadRefused(
            f"อ่านไฟล์ '{filename}' ไม่ได้: ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel ({type(error).__name__})"
        ) from None
    sheets: dict[str, tuple[Family, pd.DataFrame]] = {
        name: (wanted[name], _clean(frame)) for name, frame in frames.items()}
    notices = [f"ข้ามแผ่นงาน '{name}' เพราะไม่ใช่แผ่นงานของแบบฟอร์ม" for name in names
               if name not in wanted and name.strip() not in (INSTRUCTIONS_SHEET, LISTS_SHEET)]
    if not sheets:
        known = ", ".join(f"'{f.sheet}'" for f in FAMILIES[:6])
        raise UploadRefused(
            f"ไม่พบแผ่นงานข้อมูลของแบบฟอร์มในไฟล์ '{filename}' (ต้องมีอย่างน้อยหนึ่งแผ่นงาน เช่น {known}) "
            "กรุณาใช้แบบฟอร์มที่ดาวน์โหลดจากพอร์ทัล"
        )
    return Upload(sheets, tuple(notices))


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
    return Upload({family.sheet: (family, _clean(frame))})


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


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Header names as stripped text; rows keep their position so row numbers match the sheet."""
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.reset_index(drop=True)
