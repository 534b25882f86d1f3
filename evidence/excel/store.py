"""Match checked rows to existing records by natural key, then write them in bulk.

A row whose natural key exists updates that record (its version goes up by one); a row identical to
its record changes nothing; other rows are inserted with SQLAlchemy core `executemany` in the
caller's transaction. Division staff's new or changed rows become drafts, as through the forms.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

import pandas as pd
from sqlalchemy import Table, bindparam, insert, select, update
from sqlmodel import Session

from evidence.access import Actor, can_write
from evidence.excel import cells
from evidence.excel.rows import CheckedSheet, Problems, RowProblem
from evidence.excel.schema import VERSION_COLUMN, Family
from evidence.models.base import ReviewStatus, utcnow
from evidence.services.records import UNIT_FIELDS, stale_message

CHUNK = 900  # ids per IN (…) list, below SQLite's parameter limit
BATCH = 20_000


@dataclass
class Plan:
    """What storing a sheet will do: rows to insert, records to update (id, version), rows unchanged."""

    inserts: list[object] = field(default_factory=list)  # row index
    updates: list[tuple[object, int, int]] = field(default_factory=list)  # (row index, id, version)
    unchanged: int = 0


def _table(family: Family) -> Table:
    return family.model.__table__  # type: ignore[attr-defined,no-any-return]


def _plain(value: object) -> object:
    """A value as compared with a stored one (sheets carry whole seconds, lists compare as tuples, an
    empty list is an empty cell)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return tuple(value) or None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return value


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_keys(session: Session, family: Family, enterprise_id: int, year: int,
                   wanted: Sequence[object] | None = None) -> dict[tuple, tuple]:  # type: ignore[type-arg]
    """natural key → (id, year) of the records already stored; with `wanted` (values of a one-column
    key), only those records, looked up CHUNK at a time (a chunk of rows never loads every stored key)."""
    table = _table(family)
    year_col = table.c.year if family.has_year else None
    columns = [table.c.id, *(table.c[n] for n in family.natural_key)]
    query = select(*columns, *([year_col] if year_col is not None else [])).where(table.c.enterprise_id == enterprise_id)
    if year_col is not None and family.key_per_year:
        query = query.where(year_col == year)
    queries = [query]
    if wanted is not None:
        key_col = table.c[family.natural_key[0]]
        values = sorted({v for v in wanted if v is not None}, key=str)
        queries = [query.where(key_col.in_(part)) for part in _chunks(values, CHUNK)]  # type: ignore[arg-type]
    found: dict[tuple, tuple] = {}  # type: ignore[type-arg]
    width = len(family.natural_key)
    for statement in queries:
        for row in session.execute(statement):
            key = tuple(_plain(v) for v in row[1:1 + width])
            found[key] = (row[0], row[1 + width] if year_col is not None else None)
    return found


def _rows_by_id(session: Session, family: Family, ids: list[int], fields: list[str]) -> dict[int, dict[str, object]]:
    table = _table(family)
    units = [n for n in UNIT_FIELDS if n in table.c]
    wanted = list(dict.fromkeys(["id", "version", "updated_by", *units, *fields]))
    out: dict[int, dict[str, object]] = {}
    for part in _chunks(ids, CHUNK):
        for row in session.execute(select(*(table.c[n] for n in wanted)).where(table.c.id.in_(part))):
            out[row[0]] = dict(zip(wanted, row, strict=True))
    return out


def existing_keys(session: Session, family: Family, enterprise_id: int, year: int) -> dict[tuple, tuple] | None:  # type: ignore[type-arg]
    """For a key of several columns: natural key → (id, year) of the family's stored records, read once
    per sheet (every chunk is matched against it; rows of one sheet never share a key, so its own inserts
    need no entry). None for a one-column key: each chunk then looks up only its own keys."""
    if len(family.natural_key) == 1:
        return None
    return _existing_keys(session, family, enterprise_id, year)


def plan_sheet(session: Session, actor: Actor, checked: CheckedSheet, sheet: str, problems: Problems, *,
               enterprise_id: int, year: int, existing: dict[tuple, tuple] | None = None) -> Plan:  # type: ignore[type-arg]
    """Decide insert / update / unchanged for every good row; conflicts with stored records are problems."""
    family, plan = checked.family, Plan()
    good = checked.values[family.natural_key[0]].index[~checked.failed]
    if not len(good):
        return plan
    keys = _row_keys(checked, good)
    if existing is None:
        single = len(family.natural_key) == 1
        existing = _existing_keys(session, family, enterprise_id, year,
                                  [key[0] for key in keys.values()] if single else None)
    matched = {index: existing[key] for index, key in keys.items() if key in existing}
    stored = _rows_by_id(session, family, [record_id for record_id, _ in matched.values()], checked.fields)
    rights = _Rights(actor, family, checked, enterprise_id)
    key_header = family.by_field[family.natural_key[0]].header

    def refuse(index: object, message: str, header: str = key_header) -> None:
        problems.add(RowProblem(sheet, int(index) + 2, header, message))  # type: ignore[call-overload]
        checked.failed[index] = True

    for index in good:
        if index not in matched:
            if rights.denied(index, None):
                refuse(index, rights.message, rights.header)
            else:
                plan.inserts.append(index)
            continue
        record_id, record_year = matched[index]
        record = stored[record_id]
        if family.has_year and record_year is not None and record_year != year:
            refuse(index, f"มีข้อมูลนี้อยู่แล้วในปีประเมิน {record_year} จึงนำเข้าซ้ำในปี {year} ไม่ได้")
            continue
        _keep_masked(checked, index, record)
        if _same(checked, index, record):
            plan.unchanged += 1
        elif _older(checked, index, record):
            refuse(index, stale_message(int(record["version"]), str(record["updated_by"]),  # type: ignore[call-overload]
                                        int(checked.versions[index])), VERSION_COLUMN.header)  # type: ignore[index]
        elif rights.denied(index, record):
            refuse(index, rights.message, rights.header)
        else:
            plan.updates.append((index, record_id, int(record["version"])))  # type: ignore[call-overload]
    return plan


class _Rights:
    """Who may add or change a row: the planning team anything; division staff rows of their units."""

    def __init__(self, actor: Actor, family: Family, checked: CheckedSheet, enterprise_id: int) -> None:
        self.actor, self.enterprise_id = actor, enterprise_id
        self.unit_field = next((n for n in UNIT_FIELDS if n in family.model.model_fields), None)
        self.units = checked.values.get(self.unit_field) if self.unit_field else None
        self.header = family.by_field[self.unit_field].header if self.unit_field else ""
        self.message = ("แก้ไขได้เฉพาะข้อมูลของหน่วยงานตนเอง" if self.unit_field
                        else "เฉพาะฝ่ายแผน/คณะทำงาน SCM เท่านั้นที่เพิ่มหรือแก้ไขข้อมูลนี้ได้")

    def denied(self, index: object, record: Mapping[str, object] | None) -> bool:
        if can_write(self.actor, self.enterprise_id, None):
            return False
        if self.unit_field is None:
            return True
        new_unit = self.units[index] if self.units is not None else (record or {}).get(self.unit_field)
        old_unit = record.get(self.unit_field) if record is not None else new_unit
        return not all(can_write(self.actor, self.enterprise_id, u) for u in (new_unit, old_unit))  # type: ignore[arg-type]


def _older(checked: CheckedSheet, index: object, record: Mapping[str, object]) -> bool:
    """The row was exported from an earlier version of the record than the one stored now."""
    if checked.versions is None or checked.versions[index] is None:
        return False
    return int(checked.versions[index]) != int(record["version"])  # type: ignore[call-overload]


def _keep_masked(checked: CheckedSheet, index: object, record: Mapping[str, object]) -> None:
    for name, hidden in checked.masked.items():
        if hidden[index]:
            checked.values[name][index] = record.get(name)


def _row_keys(checked: CheckedSheet, rows: pd.Index) -> dict[object, tuple]:  # type: ignore[type-arg]
    parts = [[_plain(v) for v in checked.values[n][rows].tolist()] for n in checked.family.natural_key]
    return dict(zip(rows, zip(*parts, strict=True), strict=True))


def _same(checked: CheckedSheet, index: object, record: Mapping[str, object]) -> bool:
    for name, values in checked.values.items():
        value = values[index]
        if name in checked.pending and checked.pending[name][index] is not None:
            return False
        if name == "status" and value is None:
            continue
        if _plain(value) != _plain(record.get(name)):
            return False
    return True


def _status(actor: Actor, given: object, *, new: bool) -> object:
    if not actor.is_planning:
        return ReviewStatus.DRAFT.value
    if given is None:
        return ReviewStatus.APPROVED.value if new else None
    return given


def write_sheet(session: Session, actor: Actor, checked: CheckedSheet, plan: Plan, *,
                enterprise_id: int, year: int) -> None:
    """Insert and update the planned rows (the caller's transaction decides whether they stay)."""
    family, table = checked.family, _table(checked.family)
    now = utcnow()
    reviewed = "status" in family.model.model_fields
    fields = [f for f in checked.fields if f != "status"]
    if plan.inserts:
        defaults = {name: _plain_default(info.get_default(call_default_factory=True))
                    for name, info in family.model.model_fields.items() if name != "id" and not info.is_required()}
        base = defaults | {"enterprise_id": enterprise_id, "created_at": now, "updated_at": now,
                           "created_by": actor.username, "updated_by": actor.username, "version": 1}
        if family.has_year:
            base["year"] = year
        columns = [checked.values[f][plan.inserts].tolist() for f in fields]
        rows = [base | dict(zip(fields, items, strict=True)) for items in zip(*columns, strict=True)]
        if reviewed:
            statuses = checked.values["status"][plan.inserts].tolist() if "status" in checked.values else None
            for position, row in enumerate(rows):
                row["status"] = _status(actor, statuses[position] if statuses else None, new=True)
        for start in range(0, len(rows), BATCH):
            session.execute(insert(table), rows[start:start + BATCH])
    if plan.updates:
        _update(session, actor, checked, plan, fields, now)
    if checked.pending:
        _resolve_pending(session, checked, enterprise_id=enterprise_id, year=year)


def _plain_default(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def _update(session: Session, actor: Actor, checked: CheckedSheet, plan: Plan, fields: list[str],
            now: object) -> None:
    table = _table(checked.family)
    reviewed = "status" in checked.family.model.model_fields
    rows = []
    for index, record_id, version in plan.updates:
        row = {f"b_{f}": checked.values[f][index] for f in fields}
        row |= {"b_id": record_id, "b_version": version + 1, "b_updated_by": actor.username, "b_updated_at": now}
        rows.append((row, _status(actor, checked.values["status"][index] if "status" in checked.values else None,
                                  new=False)))
    names = [*fields, "version", "updated_by", "updated_at"]
    with_status = [r | {"b_status": s} for r, s in rows if reviewed and s is not None]
    without_status = [r for r, s in rows if not (reviewed and s is not None)]
    for batch, extra in ((with_status, ["status"]), (without_status, [])):
        if not batch:
            continue
        statement = update(table).where(table.c.id == bindparam("b_id")).values(
            {n: bindparam(f"b_{n}") for n in [*names, *extra]})
        session.execute(statement, batch)


def _resolve_pending(session: Session, checked: CheckedSheet, *, enterprise_id: int, year: int) -> None:
    """Point references to rows of this same sheet at the records just stored."""
    family, table = checked.family, _table(checked.family)
    key = family.natural_key[0]
    for name, names in checked.pending.items():
        ref = family.by_field[name].ref
        assert ref is not None
        query = select(table.c.id, table.c[ref.by]).where(table.c.enterprise_id == enterprise_id)
        if ref.per_year and family.has_year:
            query = query.where(table.c.year == year)
        ids = {cells.normal_key(v): i for i, v in session.execute(query)}
        own = select(table.c.id, table.c[key]).where(table.c.enterprise_id == enterprise_id)
        if family.has_year:
            own = own.where(table.c.year == year)
        by_key = {v: i for i, v in session.execute(own)}
        todo = names[names.notna() & ~checked.failed]
        changes = [{"b_id": by_key[checked.values[key][index]], "b_parent": ids[cells.normal_key(parent)]}
                   for index, parent in todo.items()]
        if changes:
            session.execute(update(table).where(table.c.id == bindparam("b_id")).values(
                {name: bindparam("b_parent")}), changes)
