"""The template and the export: the same workbook, empty or filled with an enterprise's records.

The export holds what the acting user may read (division staff: their own units' records and
everyone's approved ones), personal data masked where the user does not need it, and names other
records by code or title, so that importing it into an empty database gives the same records. Every
export is audited, as `export:personal` when it carries personal data unmasked (PDPA).
"""

import io
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Table, func, select
from sqlmodel import Session

from evidence.access import Actor, require_read
from evidence.audit import record_export
from evidence.excel import export_parts
from evidence.excel.export_parts import database_url
from evidence.excel.schema import FAMILIES, Column, Family, Kind
from evidence.excel.writer import SheetData, build_workbook, write_workbook
from evidence.jobs.store import atomic_file
from evidence.masking import mask, sees_contacts_of
from evidence.models.base import ReviewStatus
from evidence.models.org import Enterprise
from evidence.models.users import Role
from evidence.services.evidence_pass import evidence_pass
from evidence.services.lookups import natural_names
from evidence.services.records import UNIT_FIELDS
from evidence.validation import pii_kind

STREAM = 5_000
Progress = Callable[[float, str], None]  # (share of the rows done, the sheet being written)


def template_workbook(
    session: Session | None = None,
    actor: Actor | None = None,
    *,
    enterprise_id: int | None = None,
    year: int | None = None,
    families: Sequence[Family] = FAMILIES,
) -> bytes:
    """A blank workbook; with an enterprise and year, its drop-downs also offer that enterprise's codes.

    Built once per data version of the enterprise (kept in its evidence pass, for every reader after
    the access check: the codes offered are the enterprise's, whoever asks); the plain one once."""
    heading = "แบบฟอร์มนำเข้าข้อมูลหลักฐาน SE-AM SCM"
    kinds = tuple(f.key for f in families)
    if session is not None and actor is not None and enterprise_id is not None and year is not None:
        require_read(actor, enterprise_id, session=session)

        def build() -> bytes:
            names = Names(session, enterprise_id, year)
            data = {f.key: SheetData(ref_options=names.options(f)) for f in families}
            return build_workbook(families, data, heading=f"{heading} — {_enterprise_name(session, enterprise_id)} ปี {year}")

        return evidence_pass(session, enterprise_id, year).get(("excel-template", kinds), build)
    with _BLANK_LOCK:
        if kinds not in _BLANK:
            _BLANK[kinds] = build_workbook(families, {}, heading=heading)
        return _BLANK[kinds]


_BLANK: dict[tuple[str, ...], bytes] = {}
_BLANK_LOCK = threading.Lock()


def export_workbook(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, families: Sequence[Family] = FAMILIES,
    masked: bool = False, audit: bool = True, heading: str | None = None,
) -> bytes:
    """Every record of the enterprise and year the actor may read, one sheet per family, as bytes (the
    evidence pack's register workbooks, the page); `export_workbook_to` writes a whole year to a file.
    `masked` masks personal data whatever the actor's role (the evidence pack's default); `audit=False`
    for a caller that audits the whole delivery itself."""
    out = io.BytesIO()
    _export(out, session, actor, enterprise_id=enterprise_id, year=year, families=families, masked=masked,
            audit=audit, heading=heading)
    return out.getvalue()


def export_workbook_to(
    path: Path, session: Session, actor: Actor, *, enterprise_id: int, year: int,
    families: Sequence[Family] = FAMILIES, masked: bool = False, audit: bool = True, heading: str | None = None,
    progress: Progress | None = None,
) -> int:
    """The same workbook written to `path` in constant memory (rows streamed from the database in batches
    of STREAM and written one by one); all or nothing: written under a temporary name, then renamed.
    `progress(share of rows done, sheet)` is called as each sheet starts. Returns the rows written."""
    with atomic_file(path) as part:
        return _export(part, session, actor, enterprise_id=enterprise_id, year=year, families=families,
                       masked=masked, audit=audit, heading=heading, progress=progress, in_parts=True)


def _export(target: Path | BinaryIO, session: Session, actor: Actor, *, enterprise_id: int, year: int,
            families: Sequence[Family], masked: bool, audit: bool, heading: str | None,
            progress: Progress | None = None, in_parts: bool = False) -> int:
    """Write the workbook; `in_parts` lets a large export to a file be written by worker processes
    (`export_parts`), when the database is one they can open."""
    require_read(actor, enterprise_id, session=session)
    names = Names(session, enterprise_id, year)
    data, queries = {}, {}
    unmasked: list[bool] = []  # set when a row's personal data leaves unmasked (PDPA: audited as such)
    for family in families:
        query = queries[family.key] = scoped_query(family, actor, enterprise_id, year)
        count = int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        data[family.key] = SheetData(rows=family_rows(session, actor, family, query, names, unmasked, masked),
                                     row_count=count,
                                     ref_options=names.options(family))
    heading = heading or f"ข้อมูลหลักฐาน SE-AM SCM — {_enterprise_name(session, enterprise_id)} ปี {year} (ส่งออกจากพอร์ทัล)"
    url = database_url(session) if in_parts and isinstance(target, Path) else None
    rows = -1
    if url is not None and sum(d.row_count for d in data.values()) >= export_parts.MIN_ROWS:
        scope = export_parts.Scope(url, actor, enterprise_id, year, masked)
        try:
            rows, personal = export_parts.export_in_parts(target, session, scope, families, data, queries,
                                                          heading=heading, progress=progress)
            if personal:  # the workers' rows carried personal data unmasked (the parent read none)
                unmasked.append(True)
        except export_parts.PartsChanged:  # records changed under the plan: the whole workbook in this process
            rows = -1
    if rows < 0:
        if progress is not None:
            _report_sheets(families, data, progress)
        rows = write_workbook(target, families, data, heading=heading)
    if audit:
        record_export(session, actor, f"ข้อมูลหลักฐานปี {year} เป็น Excel", enterprise_id=enterprise_id,
                      rows=rows, personal=bool(unmasked))
    return rows


def _report_sheets(families: Sequence[Family], data: dict[str, SheetData], progress: Progress) -> None:
    """Wrap each sheet's rows so that `progress` hears of a sheet when its first row is asked for."""
    total = max(sum(d.row_count for d in data.values()), 1)
    done = 0
    for family in families:
        sheet = data[family.key]
        sheet.rows = _announced(sheet.rows, lambda share=done / total, name=family.sheet: progress(share, name))
        done += sheet.row_count


def _announced(rows: Iterable[list[object]], announce: Callable[[], None]) -> Iterator[list[object]]:
    announce()
    yield from rows


def _enterprise_name(session: Session, enterprise_id: int) -> str:
    enterprise = session.get(Enterprise, enterprise_id)
    return f"{enterprise.name_th} ({enterprise.code})" if enterprise else str(enterprise_id)


def _table(family: Family) -> Table:
    return family.model.__table__  # type: ignore[attr-defined,no-any-return]


class Names:
    """id → code/title of every record a reference column may name (loaded once per target)."""

    def __init__(self, session: Session, enterprise_id: int, year: int) -> None:
        self.session, self.enterprise_id, self.year = session, enterprise_id, year
        self.cache: dict[tuple[type, str, bool], dict[int, str]] = {}

    def of(self, column: Column, type_value: str = "") -> dict[int, str]:
        ref = column.ref
        assert ref is not None
        model = ref.targets.get(type_value) or ref.targets.get("")
        if model is None:
            return {}
        key = (model, ref.by, ref.per_year)
        if key not in self.cache:
            self.cache[key] = natural_names(self.session, model, ref.by, enterprise_id=self.enterprise_id,
                                            year=self.year if ref.per_year else None)
        return self.cache[key]

    def options(self, family: Family) -> dict[str, list[str]]:
        return {c.field: sorted(set(self.of(c).values())) for c in family.columns
                if c.kind == Kind.REF and c.ref and c.ref.type_field is None}


def scoped_query(family: Family, actor: Actor, enterprise_id: int, year: int):  # noqa: ANN202
    """The family's rows the actor may read, as `evidence.services.records.list_records` scopes them."""
    table = _table(family)
    query = select(table).where(table.c.enterprise_id == enterprise_id)
    if family.has_year:
        query = query.where(table.c.year == year)
    elif family.year_via:
        parent = _table_of_ref(family)
        query = query.where(table.c[family.year_via].in_(
            select(parent.c.id).where(parent.c.enterprise_id == enterprise_id, parent.c.year == year)))
    unit = next((table.c[n] for n in UNIT_FIELDS if n in table.c), None)
    if actor.role == Role.DIVISION and "status" in table.c and unit is not None:
        query = query.where(unit.in_(actor.org_unit_ids) | (table.c.status == ReviewStatus.APPROVED.value))
    return query.order_by(table.c.id)


def _table_of_ref(family: Family) -> Table:
    ref = family.refs[family.year_via or ""]
    return ref.targets[""].__table__  # type: ignore[attr-defined,no-any-return]


def family_rows(session: Session, actor: Actor, family: Family, query: object, names: Names,
          unmasked: list[bool], masked: bool = False) -> Iterator[list[object]]:
    """The family's stored values in sheet column order, references as codes or titles and personal data
    masked unless the actor sees it; each column's work is decided once, not per cell. Only the columns
    the sheet needs are read (not the audit fields: their date-times cost more to convert than the rest)."""
    columns = family.columns
    table = _table(family)
    unit_field = next((n for n in UNIT_FIELDS if n in family.model.model_fields), None)
    needed = {c.field for c in columns} | {c.ref.type_field for c in columns if c.ref and c.ref.type_field}
    needed |= {unit_field} if unit_field else set()
    query = query.with_only_columns(*(c for c in table.c if c.name in needed))  # type: ignore[attr-defined]
    result = session.execute(query.execution_options(yield_per=STREAM))  # type: ignore[attr-defined]
    position = {name: number for number, name in enumerate(result.keys())}
    pick = itemgetter(*(position[c.field] for c in columns))
    refs: list[tuple[int, dict[int, str]]] = []  # (column, id → code or title)
    typed: list[tuple[int, Column, int]] = []  # (column, its column, the column naming its target table)
    pii: list[tuple[int, str]] = []  # (column, kind of personal data)
    for number, column in enumerate(columns):
        if column.kind == Kind.REF and column.ref and column.ref.type_field:
            typed.append((number, column, position[column.ref.type_field]))
        elif column.kind == Kind.REF:
            refs.append((number, names.of(column)))
        elif kind := pii_kind(family.model, column.field):
            pii.append((number, kind))
    unit_at = position.get(unit_field) if unit_field else None
    for record in result:
        row = list(pick(record)) if len(columns) > 1 else [pick(record)]
        for number, lookup in refs:
            if row[number] is not None:
                row[number] = lookup.get(row[number])  # type: ignore[call-overload]
        for number, column, type_at in typed:
            if row[number] is not None:
                row[number] = names.of(column, str(record[type_at] or "")).get(row[number])  # type: ignore[call-overload]
        if pii:
            shows_contacts = not masked and sees_contacts_of(actor, record[unit_at] if unit_at is not None else None)
            for number, kind in pii:
                value = row[number]
                if isinstance(value, str) and value:
                    if shows_contacts:
                        unmasked[:1] = [True]
                    else:
                        row[number] = mask(kind, value)
        yield row
