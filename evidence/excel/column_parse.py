"""Typed values of one sheet column: its cells parsed by kind (`evidence.excel.cells`), and the codes
or titles of reference columns looked up among the enterprise's stored records.

A reference to another row of the same sheet (a department's line, a plan's parent plan) is not a
problem yet: it is returned as pending and resolved when the sheet's rows are stored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, SQLModel

from evidence.access import Actor
from evidence.excel import cells
from evidence.excel.schema import Column, Family, Kind, Ref
from evidence.services.lookups import natural_pairs


@dataclass(frozen=True)
class SheetScope:
    session: Session
    actor: Actor
    enterprise_id: int
    year: int
    first_day: date
    last_day: date


def _lookup(pairs: Iterable[tuple[int, str]]) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for record_id, name in pairs:
        key = cells.normal_key(name)
        lookup[key] = cells.AMBIGUOUS if key in lookup and lookup[key] != record_id else record_id
    return lookup


def _ref_lookup(scope: SheetScope, ref: Ref, model: type[SQLModel]) -> dict[str, int]:
    year = scope.year if ref.per_year else None
    return _lookup(natural_pairs(scope.session, model, ref.by, enterprise_id=scope.enterprise_id, year=year))


def parse_column(scope: SheetScope, family: Family, column: Column, raw: pd.Series, types: pd.Series | None,
           own: set[str]) -> tuple[cells.Parsed, pd.Series | None]:
    """Typed values of one column, and for a reference to this very sheet the names still pending."""
    kind = column.kind
    if kind == Kind.TEXT:
        return cells.parse_text(raw), None
    if kind == Kind.INT:
        return cells.parse_int(raw), None
    if kind == Kind.FLOAT:
        return cells.parse_float(raw), None
    if kind == Kind.BOOL:
        return cells.parse_bool(raw), None
    if kind in (Kind.DATE, Kind.DATETIME):
        return cells.parse_moment(raw, with_time=kind == Kind.DATETIME), None
    if kind == Kind.CHOICE:
        return cells.parse_choice(raw, column.choices), None
    if kind == Kind.CODES:
        if column.codes_of is not None:
            pairs = natural_pairs(scope.session, column.codes_of, "code", enterprise_id=scope.enterprise_id)
            allowed = {cells.normal_key(code): code for _, code in pairs}
        else:
            allowed = {cells.normal_key(k): k for k in column.choices} | {
                cells.normal_key(v): k for k, v in column.choices.items()}
        return cells.parse_codes(raw, allowed), None
    assert column.ref is not None
    if column.ref.type_field is not None:
        return _parse_typed_ref(scope, column, raw, types), None
    model = column.ref.targets[""]
    parsed = cells.parse_ref(raw, _ref_lookup(scope, column.ref, model), column.header)
    if model is not family.model:
        return parsed, None
    # A reference to another row of this same sheet (a department's line, a plan's parent plan):
    # resolved when the rows are stored.
    names = cells.text_form(raw)
    in_sheet = names.map(lambda v: cells.normal_key(v) in own, na_action="ignore").fillna(False).astype(bool)
    pending = parsed.bad & in_sheet
    return cells.Parsed(parsed.values, parsed.bad & ~pending, parsed.explain), names.where(pending, None)


def _parse_typed_ref(scope: SheetScope, column: Column, raw: pd.Series, types: pd.Series | None) -> cells.Parsed:
    """A reference whose target table depends on another column (an approval's document)."""
    ref = column.ref
    assert ref is not None
    values = cells.nones(raw.index)
    bad = cells.text_form(raw).notna()
    for type_value, model in ref.targets.items():
        rows = (types == type_value) if types is not None else pd.Series(False, index=raw.index)
        if rows.any():
            part = cells.parse_ref(raw[rows], _ref_lookup(scope, ref, model), column.header)
            values[rows] = part.values
            bad[rows] = part.bad
    return cells.Parsed(values.where(values.notna(), None), bad,
                        lambda v: f"ไม่พบเอกสาร '{v}' ในทะเบียนของประเภทเอกสารที่ระบุ (ปี {scope.year})")
