"""Cells of an editable table (typed, or pasted from Excel as text) read into values the record services
take, with the Excel import's own cell rules (`evidence.excel.cells`): Buddhist-Era dates dd/mm/yyyy
(or ค.ศ.), codes or Thai labels of fixed lists, other records named by their code, name or the label the
table shows, ใช่/ไม่ใช่, numbers written with thousands separators.

Every cell that cannot be read is reported with its row and its column's Thai name; nothing is read
half: the caller stores nothing while any problem remains.
"""

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
from sqlmodel import Session, SQLModel

from evidence.access import Actor
from evidence.excel import cells
from evidence.excel.schema import BY_MODEL, Column, Kind
from evidence.services.lookups import natural_pairs, record_options
from evidence.thai_dates import BE_OFFSET
from evidence.validation import field_label

RowCells = tuple[int, Mapping[str, object]]  # (row number the user sees, field → raw cell)
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_LABEL_FIELDS = ("name_th", "group_name", "title", "service_name", "subject")


def problem_text(model: type[SQLModel], name: str, message: str) -> str:
    """The one wording of a refused cell: its column's Thai name, then why."""
    return f"คอลัมน์ «{field_label(model, name)}»: {message}"


def _lookup(pairs: Sequence[tuple[int, str]]) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for record_id, name in pairs:
        key = cells.normal_key(name)
        lookup[key] = cells.AMBIGUOUS if key in lookup and lookup[key] != record_id else record_id
    return lookup


def reference_lookup(session: Session, actor: Actor, column: Column, *, enterprise_id: int,
                     year: int | None) -> dict[str, int]:
    """How a cell may name another record: its code, its name, or "code name" as the table shows it."""
    assert column.ref is not None
    model = column.ref.targets[""]
    year = year if column.ref.per_year else None
    table = model.__table__  # type: ignore[attr-defined]
    pairs = natural_pairs(session, model, column.ref.by, enterprise_id=enterprise_id, year=year)
    label = next((n for n in _LABEL_FIELDS if n in table.c and n != column.ref.by), None)
    if label:
        pairs += natural_pairs(session, model, label, enterprise_id=enterprise_id, year=year)
    pairs += list(record_options(session, actor, model, enterprise_id=enterprise_id, year=year).items())
    return _lookup(pairs)


def _impossible_day(value: object) -> str | None:
    """`31/02/2569` is a date that does not exist, not a wrong format: say so."""
    match = _DMY.match(str(value))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    year = year - BE_OFFSET if year > 2400 else year
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        date(year, month, day)
    except ValueError:
        return f"ไม่มีวันที่ {match.group(0).strip()} ในปฏิทิน"
    return None


def _parse(session: Session, actor: Actor, column: Column, raw: pd.Series, *, enterprise_id: int,
           year: int | None, extra: Mapping[str, int]) -> cells.Parsed:
    kind = column.kind
    if kind == Kind.INT:
        return cells.parse_int(raw)
    if kind == Kind.FLOAT:
        return cells.parse_float(raw)
    if kind == Kind.BOOL:
        return cells.parse_bool(raw)
    if kind in (Kind.DATE, Kind.DATETIME):
        parsed = cells.parse_moment(raw, with_time=kind == Kind.DATETIME)
        return cells.Parsed(parsed.values, parsed.bad, lambda v: _impossible_day(v) or parsed.explain(v))
    if kind == Kind.CHOICE:
        return cells.parse_choice(raw, column.choices)
    if kind == Kind.CODES:
        if column.codes_of is not None:
            pairs = natural_pairs(session, column.codes_of, "code", enterprise_id=enterprise_id)
            allowed = {cells.normal_key(code): code for _, code in pairs}
        else:
            allowed = {cells.normal_key(k): k for k in column.choices} | {
                cells.normal_key(v): k for k, v in column.choices.items()}
        return cells.parse_codes(raw, allowed)
    if kind == Kind.REF and column.ref is not None and not column.ref.type_field:
        lookup = reference_lookup(session, actor, column, enterprise_id=enterprise_id, year=year) | dict(extra)
        return cells.parse_ref(raw, lookup, "")
    return cells.parse_text(raw)


def read_cells(session: Session, actor: Actor, model: type[SQLModel], rows: Sequence[RowCells], *,
               enterprise_id: int, year: int | None,
               shown: Mapping[str, Mapping[int, str]] | None = None) -> tuple[list[dict[str, object]], list[tuple[int, str]]]:
    """The typed values of each row (same order), and every cell that cannot be read as (row, Thai message).

    `shown`: field → id → the label the table showed for a reference (accepted back as it was shown)."""
    schema = BY_MODEL[model].by_field
    by_field: dict[str, list[tuple[int, object]]] = defaultdict(list)
    for position, (_, values) in enumerate(rows):
        for name, raw in values.items():
            if name in schema:
                by_field[name].append((position, raw))
    typed: list[dict[str, object]] = [{} for _ in rows]
    problems: list[tuple[int, str]] = []
    for name, items in by_field.items():
        column = schema[name]
        raw = pd.Series([_blank_to_none(v) for _, v in items], dtype=object)
        extra = {cells.normal_key(label): i for i, label in (shown or {}).get(name, {}).items()}
        parsed = _parse(session, actor, column, raw, enterprise_id=enterprise_id, year=year, extra=extra)
        for index, (position, value) in enumerate(items):
            if bool(parsed.bad.iloc[index]):
                problems.append((rows[position][0], problem_text(model, name, parsed.explain(value))))
            else:
                typed[position][name] = parsed.values.iloc[index]
    problems.sort(key=lambda p: p[0])
    return typed, problems


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value
