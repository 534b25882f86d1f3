"""The data inventory (บันทึกรายการกิจกรรมการประมวลผล / data inventory mapping, brief §3).

The columns come from the models' one declaration of personal data (`pii_field`); who sees them in
full comes from `evidence.masking` (the single place that decides); purpose, lawful basis and
retention come from the records themselves (`PersonalData` columns), summarised per table.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning
from evidence.audit import record_audit
from evidence.masking import sees_contacts_of
from evidence.models.base import LAWFUL_BASIS_TH, LawfulBasis
from evidence.models.users import ROLE_TH, Role
from evidence.pdpa.catalog import PII_KIND_TH, TableInfo, column_label, personal_data_tables
from evidence.pdpa.formats import xlsx_bytes
from evidence.thai_dates import bangkok_today, thai_date

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


def _summaries(session: Session, info: TableInfo, enterprise_id: int, today: date) -> dict[str, dict[str, object]]:
    """Per declared column: how many records hold it, and their purposes, bases and retention — three
    scans of the table whatever its number of personal-data columns."""
    model = info.model
    where = [model.enterprise_id == enterprise_id] if info.has_enterprise else []  # type: ignore[attr-defined]
    held = {c: col(getattr(model, c)).is_not(None) for c, _ in info.pii}
    if not info.has_pdpa_columns:
        counts = session.exec(select(*[func.count().filter(h) for h in held.values()]).where(*where)).one()
        purpose, basis, retention = FIXED_BASIS.get(info.name, ("ยังไม่ได้กำหนด", None, "ยังไม่ได้กำหนด"))
        return {c: {"records": int(n), "purpose": purpose, "retention": retention, "past_retention": 0,
                    "basis": LAWFUL_BASIS_TH[basis] if basis else "ยังไม่ได้กำหนด",
                    "missing_basis": 0 if basis else int(n)} for c, n in zip(held, counts, strict=True)}
    purpose_col = col(model.pdpa_purpose)  # type: ignore[attr-defined]
    basis_col = col(model.pdpa_basis)  # type: ignore[attr-defined]
    until_col = col(model.pdpa_retain_until)  # type: ignore[attr-defined]
    any_held = or_(*held.values())
    purposes = session.exec(
        select(purpose_col).where(*where, any_held, purpose_col.is_not(None)).group_by(purpose_col)
        .order_by(func.count().desc()).limit(3)
    ).all()
    bases = session.exec(
        select(basis_col, func.count()).where(*where, any_held, basis_col.is_not(None)).group_by(basis_col)
        .order_by(func.count().desc())
    ).all()
    per_column = [
        aggregate for h in held.values() for aggregate in (
            func.count().filter(h), func.count().filter(h & basis_col.is_(None)),
            func.count().filter(h & (until_col < today)), func.min(until_col).filter(h), func.max(until_col).filter(h),
        )
    ]
    values = session.exec(select(*per_column).where(*where)).one()
    shared = {"purpose": "; ".join(purposes) or "ยังไม่ได้ระบุ",
              "basis": "; ".join(f"{LAWFUL_BASIS_TH[LawfulBasis(b)]} ({n:,})" for b, n in bases) or "ยังไม่ได้ระบุ"}
    out = {}
    for i, column in enumerate(held):
        records, missing, past, first, last = values[5 * i:5 * i + 5]
        out[column] = {
            **shared, "records": int(records), "missing_basis": int(missing), "past_retention": int(past),
            "retention": (f"ถึง {thai_date(first)}" if first == last else f"{thai_date(first)} – {thai_date(last)}")
            if first else "ยังไม่ได้ระบุ",
        }
    return out


def build_inventory(session: Session, actor: Actor, *, enterprise_id: int, today: date | None = None) -> list[InventoryEntry]:
    """One entry per declared personal-data column of every table."""
    require_planning(actor, enterprise_id, session=session, table_name="inventory", attempt="pdpa:inventory")
    today = today or bangkok_today()
    entries = []
    for info in personal_data_tables():
        full, masked = who_sees(info)
        summaries = _summaries(session, info, enterprise_id, today)
        for column, kind in info.pii:
            entries.append(InventoryEntry(
                table=info.name, table_label=info.label, column=column, column_label=column_label(info, column),
                kind=PII_KIND_TH.get(kind, kind), full_view=full, masked_view=masked,
                **summaries[column],  # type: ignore[arg-type]
            ))
    return entries


def inventory_xlsx(session: Session, actor: Actor, *, enterprise_id: int) -> bytes:
    """The inventory as an Excel file (audited)."""
    entries = build_inventory(session, actor, enterprise_id=enterprise_id)
    record_audit(session, actor, "export:inventory", enterprise_id=enterprise_id, table_name="inventory",
                 summary=f"ส่งออกบัญชีข้อมูลส่วนบุคคล {len(entries)} รายการ")
    sheet = "บัญชีข้อมูลส่วนบุคคล"
    return xlsx_bytes({sheet: [e.as_row() for e in entries]}, headers={sheet: list(COLUMNS_TH.values())})

