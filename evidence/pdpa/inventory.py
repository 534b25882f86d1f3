"""The data inventory (บันทึกรายการกิจกรรมการประมวลผล / data inventory mapping, brief §3).

The columns come from the models' one declaration of personal data (`pii_field`); who sees them in
full comes from `evidence.masking` (the single place that decides); purpose, lawful basis and
retention come from the records themselves (`PersonalData` columns), summarised per table.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning
from evidence.audit import record_audit
from evidence.masking import sees_contacts_of
from evidence.models.base import LAWFUL_BASIS_TH, LawfulBasis, utcnow
from evidence.models.users import ROLE_TH, Role
from evidence.pdpa.catalog import PII_KIND_TH, TableInfo, column_label, personal_data_tables
from evidence.pdpa.formats import xlsx_bytes
from evidence.thai_dates import thai_date

# Tables without per-record PDPA columns state their purpose, basis and retention here.
FIXED_BASIS = {
    "user": ("บริหารบัญชีผู้ใช้และสิทธิ์การเข้าถึงพอร์ทัล", LawfulBasis.LEGITIMATE_INTEREST,
             "ตลอดระยะเวลาที่บัญชียังใช้งาน"),
}
RECIPIENTS = "ผู้ใช้พอร์ทัลตามบทบาท; รายงาน Word และไฟล์ Excel ที่ส่งออก (ปิดบังตามบทบาทผู้ส่งออก)"

COLUMNS_TH = {
    "table_label": "ตาราง", "column_label": "ข้อมูล", "kind": "ประเภทข้อมูลส่วนบุคคล", "purpose": "วัตถุประสงค์",
    "basis": "ฐานทางกฎหมาย", "retention": "ระยะเวลาเก็บรักษา", "records": "จำนวนรายการที่มีข้อมูล",
    "missing_basis": "ไม่ระบุฐานทางกฎหมาย", "past_retention": "พ้นระยะเวลาเก็บรักษา", "full_view": "ผู้เห็นข้อมูลเต็ม",
    "masked_view": "ผู้เห็นแบบปิดบัง", "recipients": "ผู้รับข้อมูล", "table": "ชื่อตาราง", "column": "ชื่อคอลัมน์",
}


@dataclass(frozen=True)
class InventoryEntry:
    table: str
    table_label: str
    column: str
    column_label: str
    kind: str
    purpose: str
    basis: str
    retention: str
    records: int
    missing_basis: int
    past_retention: int
    full_view: str
    masked_view: str
    recipients: str = RECIPIENTS

    def as_row(self) -> dict[str, object]:
        return {label: getattr(self, name) for name, label in COLUMNS_TH.items()}


def who_sees(info: TableInfo) -> tuple[str, str]:
    """(full view, masked view) in Thai, asked of `evidence.masking` for each role."""
    full, masked = [], []
    for role in Role:
        if role == Role.DIVISION and info.has_unit:
            full.append("เจ้าหน้าที่หน่วยงานเจ้าของข้อมูล")
            masked.append("เจ้าหน้าที่หน่วยงานอื่น")
            continue
        probe = Actor(username="-", role=role)
        (full if sees_contacts_of(probe, None) else masked).append(ROLE_TH[role])
    return ", ".join(full), ", ".join(masked)


def _summary(session: Session, info: TableInfo, column: str, enterprise_id: int, today: date) -> dict[str, object]:
    model = info.model
    holds = col(getattr(model, column)).is_not(None)
    where = [holds, model.enterprise_id == enterprise_id] if info.has_enterprise else [holds]  # type: ignore[attr-defined]
    records = int(session.exec(select(func.count()).select_from(model).where(*where)).one())
    if not info.has_pdpa_columns:
        purpose, basis, retention = FIXED_BASIS.get(info.name, ("ยังไม่ได้กำหนด", None, "ยังไม่ได้กำหนด"))
        return {"records": records, "purpose": purpose, "basis": LAWFUL_BASIS_TH[basis] if basis else "ยังไม่ได้กำหนด",
                "retention": retention, "missing_basis": 0 if basis else records, "past_retention": 0}
    rows = session.exec(
        select(model.pdpa_purpose, model.pdpa_basis, model.pdpa_retain_until).where(*where)  # type: ignore[attr-defined]
    ).all()
    purposes = Counter(p for p, _, _ in rows if p)
    bases = Counter(LawfulBasis(b) for _, b, _ in rows if b)
    dates = sorted(d for _, _, d in rows if d)
    return {
        "records": records,
        "purpose": "; ".join(p for p, _ in purposes.most_common(3)) or "ยังไม่ได้ระบุ",
        "basis": "; ".join(f"{LAWFUL_BASIS_TH[b]} ({n:,})" for b, n in bases.most_common()) or "ยังไม่ได้ระบุ",
        "retention": (f"ถึง {thai_date(dates[0])}" if dates[0] == dates[-1]
                      else f"{thai_date(dates[0])} – {thai_date(dates[-1])}") if dates else "ยังไม่ได้ระบุ",
        "missing_basis": sum(1 for _, b, _ in rows if not b),
        "past_retention": sum(1 for _, _, d in rows if d and d < today),
    }


def build_inventory(session: Session, actor: Actor, *, enterprise_id: int, today: date | None = None) -> list[InventoryEntry]:
    """One entry per declared personal-data column of every table."""
    require_planning(actor, enterprise_id, session=session, table_name="inventory", attempt="pdpa:inventory")
    today = today or utcnow().date()
    entries = []
    for info in personal_data_tables():
        full, masked = who_sees(info)
        for column, kind in info.pii:
            entries.append(InventoryEntry(
                table=info.name, table_label=info.label, column=column, column_label=column_label(info, column),
                kind=PII_KIND_TH.get(kind, kind), full_view=full, masked_view=masked,
                **_summary(session, info, column, enterprise_id, today),  # type: ignore[arg-type]
            ))
    return entries


def inventory_xlsx(session: Session, actor: Actor, *, enterprise_id: int) -> bytes:
    """The inventory as an Excel file (audited)."""
    entries = build_inventory(session, actor, enterprise_id=enterprise_id)
    record_audit(session, actor, "export:inventory", enterprise_id=enterprise_id, table_name="inventory",
                 summary=f"ส่งออกบัญชีข้อมูลส่วนบุคคล {len(entries)} รายการ")
    sheet = "บัญชีข้อมูลส่วนบุคคล"
    return xlsx_bytes({sheet: [e.as_row() for e in entries]}, headers={sheet: list(COLUMNS_TH.values())})

