"""The retention job: personal data kept past its record's `pdpa_retain_until` is removed.

The evidence record itself stays (it may still count for the assessment); its declared personal-data
columns are emptied. A dry run lists what would go and changes nothing. Records that hold personal
data without a retention date are counted so the planning team can fix them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning
from evidence.audit import record_audit
from evidence.models.base import utcnow
from evidence.models.users import Role
from evidence.pdpa.catalog import TableInfo, personal_data_tables
from evidence.services.search_index import purge
from evidence.services.shared_parts import drop_enterprise_parts
from evidence.thai_dates import bangkok_today


@dataclass(frozen=True)
class RetentionItem:
    table: str
    table_label: str
    record_id: int
    enterprise_id: int
    retain_until: date
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RetentionResult:
    today: date
    applied: bool
    items: list[RetentionItem]
    without_date: dict[str, int] = field(default_factory=dict)  # table label → records with data but no date

    def by_table(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for item in self.items:
            counts[item.table_label] += 1
        return dict(counts)


def _tables() -> list[TableInfo]:
    return [t for t in personal_data_tables() if t.has_pdpa_columns and t.has_enterprise]


def _holds_data(info: TableInfo):  # noqa: ANN202
    return or_(*[col(getattr(info.model, c)).is_not(None) for c, _ in info.pii])


def _scoped(session: Session, actor: Actor, enterprise_id: int | None) -> int | None:
    """Administrators may run it for every enterprise (None); a planning team for its own only."""
    if enterprise_id is None and actor.role == Role.ADMIN:
        return None
    target = enterprise_id if enterprise_id is not None else actor.enterprise_id
    require_planning(actor, target or 0, session=session, attempt="pdpa:retention")
    return target


def run_retention(
    session: Session, actor: Actor, *, today: date | None = None, enterprise_id: int | None = None,
    apply: bool = False,
) -> RetentionResult:
    """List (dry run, the default) or remove personal data past its retention date."""
    scope = _scoped(session, actor, enterprise_id)
    today = today or bangkok_today()
    items: list[RetentionItem] = []
    without: dict[str, int] = {}
    for info in _tables():
        model = info.model
        where = [_holds_data(info)]
        if scope is not None:
            where.append(model.enterprise_id == scope)  # type: ignore[attr-defined]
        retain_until = col(model.pdpa_retain_until)  # type: ignore[attr-defined]
        due = session.exec(select(model).where(*where, retain_until < today).order_by(col(model.id))).all()  # type: ignore[attr-defined]
        missing = session.exec(select(func.count()).select_from(model).where(*where, retain_until.is_(None))).one()
        if missing:
            without[info.label] = missing
        table_items = [
            RetentionItem(info.name, info.label, r.id, r.enterprise_id, r.pdpa_retain_until,  # type: ignore[attr-defined]
                          tuple(c for c, _ in info.pii if getattr(r, c) is not None))
            for r in due
        ]
        items += table_items
        if apply and due:
            _remove(session, actor, info, list(due), today)
    if apply and items:
        purge(session.connection())  # no trace of the removed data stays in the search index
    return RetentionResult(today=today, applied=apply, items=items, without_date=without)


def _remove(session: Session, actor: Actor, info: TableInfo, records: list[object], today: date) -> None:
    now = utcnow()
    by_enterprise: dict[int, list[int]] = defaultdict(list)
    for record in records:
        for column, _ in info.pii:
            setattr(record, column, None)
        record.updated_at, record.updated_by = now, actor.username  # type: ignore[attr-defined]
        session.add(record)
        by_enterprise[record.enterprise_id].append(record.id)  # type: ignore[attr-defined]
    session.flush()
    for enterprise_id, ids in by_enterprise.items():
        drop_enterprise_parts(session, enterprise_id)  # stored evidence passes may hold the removed values
        record_audit(session, actor, "pdpa:retention", enterprise_id=enterprise_id, table_name=info.name,
                     summary=f"ลบข้อมูลส่วนบุคคลที่พ้นระยะเวลาเก็บรักษา (ก่อน {today.isoformat()}) {len(ids)} รายการ",
                     after={"ids": ids[:2000], "columns": [c for c, _ in info.pii]})
