"""Check one sheet against its family's declared schema, in bulk: every problem with sheet, row,
column and a Thai message; nothing is written here.

Order of checks: headers; cell types, codes and references (vectorised, `evidence.excel.cells`);
required cells; the model's own field rules through a pydantic TypeAdapter over all rows, with the
Thai message of each failing row taken from `evidence.validation.validated`; the model's cross-field
rules and contact formats; duplicate natural keys; dates inside the assessment year. The acting
user's right to write each row is checked in `evidence.excel.store`, where rows meet the stored
records: a row identical to its record needs no right to write (a division re-importing its export).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Annotated

import pandas as pd
from pydantic import TypeAdapter, ValidationError
from sqlmodel import SQLModel
from typing_extensions import TypedDict

from evidence.errors import ValidationFailed
from evidence.excel import cells
from evidence.excel.column_parse import SheetScope, parse_column
from evidence.excel.keys import SeenKeys
from evidence.excel.schema import VERSION_FIELD, Column, Family, Kind
from evidence.services.records import YEAR_BOUND_FIELDS
from evidence.thai_dates import quarter_mismatch, range_text, year_quarter
from evidence.validation import check_contact_formats, pii_kind, validated

MAX_DETAILED = 1000  # problems described one by one; beyond this they are only counted


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int | None  # the Excel row (the header is row 1); None for the whole sheet or file
    column: str
    message: str

    def __str__(self) -> str:
        where = f"แผ่นงาน '{self.sheet}'" + (f" แถว {self.row}" if self.row else "")
        return f"{where}{f' คอลัมน์ {self.column}' if self.column else ''}: {self.message}"


@dataclass
class Problems:
    items: list[RowProblem] = field(default_factory=list)
    count: int = 0

    def add(self, problem: RowProblem) -> None:
        self.count += 1
        if len(self.items) < MAX_DETAILED:
            self.items.append(problem)


@dataclass
class CheckedSheet:
    family: Family
    values: dict[str, pd.Series]  # field → typed values (object dtype), for the columns present
    failed: pd.Series  # bool per row: this row has a problem
    pending: dict[str, pd.Series] = field(default_factory=dict)  # self references to rows of this sheet
    masked: dict[str, pd.Series] = field(default_factory=dict)  # personal data masked by an export: keep
    versions: pd.Series | None = None  # the record version each row was exported from (None: not given)

    @property
    def fields(self) -> list[str]:
        return list(self.values)

    def row_number(self, index: object) -> int:
        return int(index) + 2  # type: ignore[call-overload]


@dataclass
class SheetState:
    """What the checks of one sheet carry from one chunk of rows to the next: the header mapping
    (checked once) and every natural key seen so far with its first row (duplicates across chunks)."""

    columns: dict[str, Column] | None = None
    seen: SeenKeys = field(default_factory=SeenKeys)


def map_headers(family: Family, headers: Iterable[object], sheet: str,
                problems: Problems) -> tuple[dict[str, Column], bool]:
    """Sheet header → column, and whether the rows are unreadable (a required column missing or repeated).

    Unknown headers are skipped: a team may keep its own note columns beside the template's."""
    wanted = {cells.normal_key(c.header): c for c in family.columns} | {
        cells.normal_key(c.field): c for c in family.columns}
    found: dict[str, Column] = {}
    fatal = False
    for header in headers:
        column = wanted.get(cells.normal_key(header))
        if column is None:
            continue
        if column.field in {c.field for c in found.values()}:
            problems.add(RowProblem(sheet, None, column.header, "คอลัมน์นี้ซ้ำกันในแผ่นงาน"))
            fatal = True
            continue
        found[header] = column  # type: ignore[index]
    present = {c.field for c in found.values()}
    needed = {c.field for c in family.columns if c.required}
    needed |= {c.ref.type_field for c in found.values() if c.ref and c.ref.type_field}
    for name in sorted(needed - present, key=list(family.by_field).index):
        problems.add(RowProblem(sheet, None, family.by_field[name].header, "ไม่พบคอลัมน์ที่ต้องมี"))
        fatal = True
    return found, fatal


@lru_cache(maxsize=64)
def _adapter(model: type[SQLModel], fields: tuple[str, ...]) -> TypeAdapter:  # type: ignore[type-arg]
    """A TypeAdapter over rows of `fields` carrying the model's own types and constraints."""
    annotations: dict[str, object] = {}
    for name in fields:
        info = model.model_fields[name]
        annotations[name] = Annotated[(info.annotation | None, *info.metadata)]  # type: ignore[operator]
    row_type = TypedDict(f"{model.__name__}Row", annotations, total=False)  # type: ignore[operator]
    return TypeAdapter(list[row_type])


def _after_validators(model: type[SQLModel]) -> list:  # type: ignore[type-arg]
    decorators = model.__pydantic_decorators__.model_validators.values()
    return [d.func for d in decorators if d.info.mode == "after"]


def _defaults(model: type[SQLModel]) -> dict[str, object]:
    return {name: info.get_default(call_default_factory=True) for name, info in model.model_fields.items()
            if not info.is_required()}


class SheetChecker:
    """Runs the checks of one sheet and collects its problems."""

    def __init__(self, scope: SheetScope, family: Family, frame: pd.DataFrame, sheet: str, problems: Problems,
                 state: SheetState | None = None):
        self.scope, self.family, self.frame, self.sheet, self.problems = scope, family, frame, sheet, problems
        self.state = state or SheetState()
        self.failed = pd.Series(False, index=frame.index)
        self.cell_bad: dict[str, pd.Series] = {}  # field → cells already reported

    def flag(self, mask: pd.Series, column: Column | None, message: object) -> None:
        """Record a problem for every row in `mask`; `message` is text or a function of the row index."""
        rows = mask[mask].index
        if not len(rows):
            return
        self.failed[rows] = True
        if column is not None:
            seen = self.cell_bad.setdefault(column.field, pd.Series(False, index=self.frame.index))
            seen[rows] = True
        header = column.header if column else ""
        room = max(MAX_DETAILED - len(self.problems.items), 0)
        for index in rows[:room]:
            text = message(index) if callable(message) else str(message)
            self.problems.add(RowProblem(self.sheet, int(index) + 2, header, text))  # type: ignore[call-overload]
        self.problems.count += max(len(rows) - room, 0)

    def run(self) -> CheckedSheet | None:
        columns = self.state.columns
        if columns is None:  # the first chunk of the sheet: headers are checked once
            columns, fatal = map_headers(self.family, self.frame.columns, self.sheet, self.problems)
            if fatal:
                return None
            self.state.columns = columns
        frame = self.frame[list(columns)].copy()
        frame.columns = [c.field for c in columns.values()]
        frame = frame[frame.notna().any(axis=1)]
        self.frame, self.failed = frame, pd.Series(False, index=frame.index)
        values, pending = self._parse_all(columns)
        versions = values.pop(VERSION_FIELD, None)
        masked = self._masked(values)
        self._derived(values)
        self._required(columns, values, pending)
        self._model_rules(values)
        self._duplicates(values, pending)
        self._year_bounds(values)
        return CheckedSheet(self.family, values, self.failed, pending, masked, versions)

    def _parse_all(self, columns: Mapping[str, Column]) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
        values: dict[str, pd.Series] = {}
        pending: dict[str, pd.Series] = {}
        ordered = sorted(columns.values(), key=lambda c: c.kind == Kind.REF)  # type columns before references
        key_name = self.family.natural_key[0]
        own: set[str] = set()
        if key_name in self.frame:
            own = {cells.normal_key(v) for v in cells.text_form(self.frame[key_name]).dropna()}
        for column in ordered:
            raw = self.frame[column.field]
            types = values.get(column.ref.type_field) if column.ref and column.ref.type_field else None
            parsed, names = parse_column(self.scope, self.family, column, raw, types, own)
            values[column.field] = parsed.values
            if names is not None:
                pending[column.field] = names
            self.flag(parsed.bad, column, lambda i, p=parsed, r=raw: p.explain(r[i]))
        return values, pending

    def _required(self, columns: Mapping[str, Column], values: dict[str, pd.Series],
                  pending: dict[str, pd.Series]) -> None:
        for column in columns.values():
            if not column.required:
                continue
            empty = values[column.field].isna() & ~self._reported(column.field)
            if column.field in pending:
                empty &= pending[column.field].isna()
            self.flag(empty, column, "ต้องระบุ")

    def _derived(self, values: dict[str, pd.Series]) -> None:
        """Computed fields (a VOC row's quarter from its date): filled in; a typed value that disagrees is
        refused naming the column, so an old workbook with right quarters still imports unchanged."""
        for name, source in getattr(self.family.model, "DERIVED", {}).items():
            if source not in values or not self.family.has_year:
                continue
            days = values[source].map(lambda v: v.date() if isinstance(v, datetime) else v, na_action="ignore")
            first = self.scope.first_day
            computed = days.map(lambda d, f=first: min(4, max(1, year_quarter(d, f))), na_action="ignore").astype(object)
            typed = values.get(name)
            if typed is not None:
                wrong = (typed.notna() & computed.notna() & (typed != computed)).astype(bool) & ~self._reported(name)
                column = self.family.by_field[name]
                self.flag(wrong, column, lambda i, t=typed, d=days, c=computed: quarter_mismatch(
                    t[i], d[i], c[i], self.scope.year))
            values[name] = computed.where(computed.notna(), typed if typed is not None else None)

    def _reported(self, name: str) -> pd.Series:
        return self.cell_bad.get(name, pd.Series(False, index=self.frame.index))

    def _full_row(self, row: Mapping[str, object]) -> dict[str, object]:
        full = {k: v for k, v in row.items() if v is not None}
        full["enterprise_id"] = self.scope.enterprise_id
        if self.family.has_year:
            full["year"] = self.scope.year
        return full

    def _model_rules(self, values: dict[str, pd.Series]) -> None:
        """The model's field rules (TypeAdapter), cross-field rules and contact formats."""
        model, fields = self.family.model, list(values)
        ok = pd.Series(True, index=self.frame.index)
        if not len(ok) or not fields:
            return
        index = self.frame.index
        columns = [values[f][ok].tolist() for f in fields]
        rows = [dict(zip(fields, items, strict=True)) for items in zip(*columns, strict=True)]
        suspects: set[int] = set()
        try:
            _adapter(model, tuple(fields)).validate_python(rows)
        except ValidationError as error:
            suspects |= {int(e["loc"][0]) for e in error.errors() if e["loc"]}
        validators = _after_validators(model)
        contacts = [f for f in fields if pii_kind(model, f) in ("email", "phone")]
        if validators:
            base = _defaults(model)
            for position, row in enumerate(rows):
                try:
                    for check in validators:
                        check(SimpleNamespace(**(base | self._full_row(row))))
                except ValueError:
                    suspects.add(position)
        for name in contacts:
            bad_values = {v for v in values[name][ok].dropna().unique()
                          if check_contact_formats(model, {name: v})}
            if bad_values:
                suspects |= {p for p, row in enumerate(rows) if row[name] in bad_values}
        ordered = sorted(suspects)
        room = max(MAX_DETAILED - len(self.problems.items), 0)
        for position in ordered[:room]:
            self._explain_row(index[position], rows[position])
        if len(ordered) > room:
            self.failed[index[ordered[room:]]] = True
            self.problems.count += len(ordered) - room

    def _explain_row(self, index: object, row: Mapping[str, object]) -> None:
        try:
            validated(self.family.model, self._full_row(row))
            problems = []
        except ValidationFailed as failure:
            problems = [p for p in failure.problems if (p.field in row and row[p.field] is not None) or not p.field]
        problems = [p for p in problems if not (p.field and self._reported(p.field)[index])]
        mask = pd.Series(False, index=self.frame.index)
        mask[index] = True
        if not problems and not self.failed[index]:
            self.flag(mask, None, "ข้อมูลไม่ถูกต้องตามกฎของข้อมูล")
        for problem in problems:
            column = self.family.by_field.get(problem.field)
            self.flag(mask, column, problem.message)

    def _key_frame(self, values: dict[str, pd.Series], pending: dict[str, pd.Series]) -> pd.DataFrame | None:
        names = self.family.natural_key
        if any(n not in values for n in names):
            return None
        parts = {n: values[n].where(values[n].notna(), pending.get(n, values[n])) for n in names}
        return pd.DataFrame({n: p.map(_hashable, na_action="ignore") for n, p in parts.items()})

    def _duplicates(self, values: dict[str, pd.Series], pending: dict[str, pd.Series]) -> None:
        """A natural key given twice in the sheet (in this chunk of rows or an earlier one): the later row."""
        keys = self._key_frame(values, pending)
        if keys is None:
            return
        reported = pd.Series(False, index=self.frame.index)
        for name in self.family.natural_key:
            reported |= self._reported(name)
        usable = ~reported & keys.notna().any(axis=1)
        keys = keys[usable].astype(object)
        keys = keys.where(keys.notna(), None)  # one "missing" for every empty part of a key
        single = len(keys.columns) == 1  # a one-column key is its value, a longer one a tuple
        items = keys.iloc[:, 0].tolist() if single else list(keys.itertuples(index=False, name=None))
        by_row = self.state.seen.repeats(items, [int(i) for i in keys.index])  # type: ignore[call-overload]
        if not by_row:
            return
        later = pd.Series(False, index=self.frame.index)
        later[list(by_row)] = True
        column = self.family.by_field[self.family.natural_key[0]]
        self.flag(later, column, lambda i: f"ซ้ำกับแถวที่ {int(by_row[i]) + 2} ({_key_text(self.family)})")

    def _year_bounds(self, values: dict[str, pd.Series]) -> None:
        if not self.family.has_year:
            return
        first, last = self.scope.first_day, self.scope.last_day
        span = range_text(first, last)
        for name in YEAR_BOUND_FIELDS:
            if name not in values:
                continue
            days = values[name].map(lambda v: v.date() if isinstance(v, datetime) else v, na_action="ignore")
            outside = days.map(lambda d: not (first <= d <= last), na_action="ignore").fillna(False).astype(bool)
            self.flag(outside & ~self._reported(name), self.family.by_field[name],
                      f"วันที่อยู่นอกรอบการประเมินปี {self.scope.year} {span}")

    def _masked(self, values: dict[str, pd.Series]) -> dict[str, pd.Series]:
        """Contact cells as an export masks them (`08***`, `xxx-xxx-1234`): kept as stored, not replaced."""
        masked: dict[str, pd.Series] = {}
        for name in values:
            if pii_kind(self.family.model, name) is None:
                continue
            hidden = values[name].map(is_masked, na_action="ignore").fillna(False).astype(bool)
            if hidden.any():
                masked[name] = hidden
                values[name] = values[name].where(~hidden, None)
        return masked


def is_masked(value: object) -> bool:
    """Whether a cell holds personal data as `evidence.masking` hides it."""
    text = str(value)
    return "***" in text or text.startswith("xxx-xxx-") or text == "xxx"


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _key_text(family: Family) -> str:
    return "ค่า " + " + ".join(family.by_field[n].header for n in family.natural_key) + " ต้องไม่ซ้ำกัน"


def check_sheet(scope: SheetScope, family: Family, frame: pd.DataFrame, sheet: str,
                problems: Problems, state: SheetState | None = None) -> CheckedSheet | None:
    """The typed rows of one sheet, or of one chunk of its rows when `state` carries the sheet's
    earlier chunks (None when its headers make the rows unreadable)."""
    return SheetChecker(scope, family, frame, sheet, problems, state).run()


def names_own_rows(family: Family) -> bool:
    """Whether rows of the family may name other rows of the same sheet (a department's line, a plan's
    parent): such a sheet is checked and stored as a whole, not in chunks."""
    return any(c.kind == Kind.REF and c.ref is not None and c.ref.type_field is None
               and c.ref.targets.get("") is family.model for c in family.columns)
