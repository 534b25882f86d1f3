"""Records named by their code or title: id ↔ natural name, and the choices a form offers.

Used wherever a user names another record instead of typing its id: Excel columns, form drop-downs.
"""

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor, require_read
from evidence.models import OrgUnit

_CODE_FIELDS = ("code", "ref_no", "case_no", "meeting_no")
_LABEL_FIELDS = ("name_th", "group_name", "title", "document_title", "service_name", "subject", "description", "issue",
                 "activity", "text")


def natural_pairs(
    session: Session, model: type[SQLModel], by: str, *, enterprise_id: int, year: int | None = None
) -> list[tuple[int, str]]:
    """(id, code or title) of every record of `model` in the enterprise (and year, when it has one)."""
    table = model.__table__  # type: ignore[attr-defined]
    query = select(table.c.id, table.c[by]).where(table.c.enterprise_id == enterprise_id)
    if year is not None and "year" in table.c:
        query = query.where(table.c.year == year)
    return [(int(i), str(v)) for i, v in session.exec(query).all() if v is not None]  # type: ignore[call-overload]


def natural_names(
    session: Session, model: type[SQLModel], by: str, *, enterprise_id: int, year: int | None = None
) -> dict[int, str]:
    """id → code or title."""
    return dict(natural_pairs(session, model, by, enterprise_id=enterprise_id, year=year))


def record_options(
    session: Session,
    actor: Actor,
    model: type[SQLModel],
    *,
    enterprise_id: int,
    year: int | None = None,
    unit_ids: frozenset[int] | None = None,
) -> dict[int, str]:
    """id → "code name" (or title) of the records a form may point at, ordered by code or title."""
    require_read(actor, enterprise_id, session=session)
    table = model.__table__  # type: ignore[attr-defined]
    label = next((table.c[n] for n in _LABEL_FIELDS if n in table.c), None)
    code = next((table.c[n] for n in _CODE_FIELDS if n in table.c), None)
    columns = [table.c.id, *(c for c in (code, label) if c is not None)]
    query = select(*columns).where(table.c.enterprise_id == enterprise_id)
    if year is not None and "year" in table.c:
        query = query.where(table.c.year == year)
    if unit_ids is not None and "org_unit_id" in table.c and model is not OrgUnit:
        query = query.where(col(table.c.org_unit_id).in_(unit_ids))
    if unit_ids is not None and model is OrgUnit:
        query = query.where(col(table.c.id).in_(unit_ids))
    query = query.order_by(code if code is not None else label if label is not None else table.c.id)
    options: dict[int, str] = {}
    for row in session.execute(query).all():
        text = " ".join(str(v) for v in row[1:] if v)
        options[int(row[0])] = text if len(text) <= 90 else text[:87] + "…"
    return options


def count_by(
    session: Session,
    actor: Actor,
    model: type[SQLModel],
    fields: tuple[str, ...],
    *,
    enterprise_id: int,
    year: int | None = None,
    unit_ids: frozenset[int] | None = None,
) -> list[tuple[object, ...]]:
    """(values of `fields`…, count) of the year's records: summaries that never load the rows."""
    require_read(actor, enterprise_id, session=session)
    table = model.__table__  # type: ignore[attr-defined]
    columns = [table.c[f] for f in fields]
    query = select(*columns, func.count()).where(table.c.enterprise_id == enterprise_id).group_by(*columns)
    if year is not None and "year" in table.c:
        query = query.where(table.c.year == year)
    if unit_ids is not None and "org_unit_id" in table.c:
        query = query.where(col(table.c.org_unit_id).in_(unit_ids))
    return [tuple(row) for row in session.exec(query).all()]  # type: ignore[call-overload]
