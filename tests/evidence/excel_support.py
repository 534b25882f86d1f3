"""Helpers shared by the Excel tests: workbooks built in memory, the demo's actors, row counts."""

import io
from collections.abc import Mapping, Sequence

import openpyxl
from sqlalchemy import func, select
from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.excel.schema import FAMILIES
from evidence.services.users import find_user


def workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """An .xlsx file with one sheet per entry: the first row is the header row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def demo_actor(session: Session, username: str) -> Actor:
    user = find_user(session, username)
    assert user is not None
    return actor_for(session, user)


def family_counts(session: Session) -> dict[str, int]:
    """Rows in every table the importer writes (and the audit log)."""
    from evidence.models import AuditLog

    tables = [f.model.__table__ for f in FAMILIES] + [AuditLog.__table__]  # type: ignore[attr-defined]
    return {t.name: int(session.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}


VOC_HEADERS = ["เลขที่อ้างอิง", "รหัสหน่วยงาน", "วันที่ได้รับ", "ไตรมาส", "มิติของ VOC", "ประเภทเสียงลูกค้า", "เนื้อหา",
               "รหัสกลุ่มลูกค้า", "รหัสช่องทางรับฟัง", "โทรศัพท์ลูกค้า"]


def voc_row(ref: str, unit: str = "D041", day: str = "15/01/2569", quarter: object = 2,
            aspect: str = "การทำธุรกรรม", kind: str = "ความต้องการ", text: str = "อยากชำระเงินผ่านแอป",
            segment: str | None = "SEG-HH", channel: str | None = "CH-APP", phone: str | None = None) -> list[object]:
    return [ref, unit, day, quarter, aspect, kind, text, segment, channel, phone]

