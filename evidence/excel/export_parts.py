"""A large export's rows written by worker processes, the package assembled by the parent.

A year at scale L is 725,308 rows, about 660 MB of sheet XML: one core turns them into XML at about
15,000 rows a second. Here the rows are cut into parts (a range of ids of one sheet, PART_ROWS rows
each), written by `workers()` spawned processes (each its own database connection) as files of
`<row>` elements (`sheet_rows.row_xml`, the XML xlsxwriter writes), and the parent puts each sheet
together: xlsxwriter writes the workbook with the headers only (styles, drop-downs, the hidden lists
sheet, column settings: everything but the rows), then `repack` copies that package, inserting each
sheet's parts before its `</sheetData>`, at deflate level LEVEL (xlsxwriter's own is fixed at 6).
The parts are exactly the rows the sheet would hold, so every part of the package is byte for byte
the one the in-process path writes (`tests/evidence/test_excel_export_parts.py`).

Each part is planned with the number of rows it must hold; a worker that finds another number (a
record added or removed between the plan and the part) says so and the caller writes the whole
workbook again in one process (`PartsChanged`), never a sheet with rows numbered twice.
"""

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from evidence import db
from evidence.access import Actor
from evidence.excel.schema import BY_KEY, Family
from evidence.excel.sheet_rows import Written, row_xml
from evidence.excel.writer import SheetData, write_workbook

PART_ROWS = 40_000  # rows per part: enough parts to keep two workers busy to the end, few files
MIN_ROWS = 100_000  # below this an export is written in the calling process (spawning costs ~2 s)
LEVEL = 1  # deflate level of the package (xlsxwriter: 6); measured at L: 67 MB in 3.3 s CPU against 51 MB in 10.4 s
COPY = 1 << 20


class PartsChanged(Exception):
    """A part held another number of rows than planned: the records changed while the export ran."""


@dataclass(frozen=True)
class Scope:
    """What every part of one export shares."""

    url: str
    actor: Actor
    enterprise_id: int
    year: int
    masked: bool
    text_style: str = ""


@dataclass(frozen=True)
class Part:
    """Rows `after_id` < id ≤ `last_id` of one family's sheet (None: no bound), numbered from sheet row
    `first_row` + 1 (1-based; the header is row 1), `expected` of them."""

    family: str
    after_id: int | None
    last_id: int | None
    first_row: int
    expected: int
    path: str


@dataclass(frozen=True)
class PartDone:
    part: Part
    rows: int
    last: int  # 1-based number of the last row holding a cell (0 when none)
    unmasked: bool  # personal data left unmasked (PDPA: the export is audited as such)


def workers() -> int:
    """Processes writing parts: one per core, at most two (the machine's other work keeps the rest)."""
    return max(1, min(2, os.cpu_count() or 1))


def database_url(session: Session) -> str | None:
    """The session's database as another process can open it, or None (an in-memory SQLite)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def plan(session: Session, family: Family, query: object, folder: Path) -> list[Part]:
    """The family's rows cut into parts of PART_ROWS by id, reading only the ids (streamed)."""
    table = family.model.__table__  # type: ignore[attr-defined]
    ids = session.execute(query.with_only_columns(table.c.id).execution_options(yield_per=20_000))  # type: ignore[attr-defined]
    parts: list[Part] = []
    after: int | None = None
    count = first = 0
    for (record_id,) in ids:
        count += 1
        if count == PART_ROWS:
            parts.append(Part(family.key, after, record_id, first, count, str(folder / f"{family.key}-{len(parts)}.xml")))
            after, first, count = record_id, first + count, 0
    if count or not parts:
        parts.append(Part(family.key, after, None, first, count, str(folder / f"{family.key}-{len(parts)}.xml")))
    return [Part(p.family, p.after_id, p.last_id, p.first_row + 1, p.expected, p.path) for p in parts]


def export_in_parts(target: Path, session: Session, scope: Scope, families: Sequence[Family],
                    data: Mapping[str, SheetData], queries: Mapping[str, object], *, heading: str,
                    progress: Callable[[float, str], None] | None = None) -> tuple[int, bool]:
    """The workbook of `families` written to `target` with its rows in parts (`queries`: each family's
    scoped query, `data`: its drop-down values); returns (rows written, personal data left unmasked).
    Raises PartsChanged when the records changed under the plan (nothing is left at `target`'s folder)."""
    folder = Path(tempfile.mkdtemp(prefix=".export-parts-", dir=target.parent))
    try:
        parts = {f.key: plan(session, f, queries[f.key], folder) for f in families}
        sheets = {f.key: replace(data[f.key], rows=(), row_count=sum(p.expected for p in parts[f.key])) for f in families}
        entries: dict[str, str] = {}
        unmasked: list[bool] = []

        def elsewhere(text_style: str, names: Mapping[str, str]) -> dict[str, Written]:
            entries.update(names)
            done = write_parts(replace(scope, text_style=text_style), [p for f in families for p in parts[f.key]],
                               progress)
            unmasked.append(any(d.unmasked for d in done))
            return {f.key: Written(sum(d.rows for d in done if d.part.family == f.key),
                                   max((d.last for d in done if d.part.family == f.key), default=0)) for f in families}

        book = folder / "headers.xlsx"
        rows = write_workbook(book, families, sheets, heading=heading, elsewhere=elsewhere)
        repack(book, target, {entries[key]: [p for p in family_parts if p.expected] for key, family_parts in parts.items()})
        return rows, any(unmasked)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_parts(scope: Scope, parts: Sequence[Part], progress: Callable[[float, str], None] | None = None) -> list[PartDone]:
    """Every part that holds rows written by `workers()` processes, largest first; returned in the order
    given (an empty part as done, with no file). `progress(share of rows done, sheet)` as parts finish."""
    done: dict[int, PartDone] = {n: PartDone(p, 0, 0, False) for n, p in enumerate(parts) if not p.expected}
    order = sorted((n for n, p in enumerate(parts) if p.expected), key=lambda n: -parts[n].expected)
    total, finished = max(sum(p.expected for p in parts), 1), 0
    with ProcessPoolExecutor(max_workers=workers(), mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(write_part, scope, parts[n]): n for n in order}
        for future in as_completed(futures):
            result = done[futures[future]] = future.result()
            finished += result.rows
            if progress is not None:
                progress(finished / total, BY_KEY[result.part.family].sheet)
    if any(d.rows != d.part.expected for d in done.values()):
        raise PartsChanged
    return [done[n] for n in range(len(parts))]


_ENGINES: dict[str, Engine] = {}


def write_part(scope: Scope, part: Part) -> PartDone:
    """In a worker: one part's rows from the database to its file, as `sheet_rows.row_xml` writes them."""
    from evidence.excel.exporter import Names, family_rows, scoped_query

    engine = _ENGINES.get(scope.url) or _ENGINES.setdefault(scope.url, db.make_engine(scope.url))
    family = BY_KEY[part.family]
    table = family.model.__table__  # type: ignore[attr-defined]
    query = scoped_query(family, scope.actor, scope.enterprise_id, scope.year)
    if part.after_id is not None:
        query = query.where(table.c.id > part.after_id)
    if part.last_id is not None:
        query = query.where(table.c.id <= part.last_id)
    unmasked: list[bool] = []
    written = Written()
    with Session(engine) as session, open(part.path, "w", encoding="utf-8") as out:
        names = Names(session, scope.enterprise_id, scope.year)
        rows = family_rows(session, scope.actor, family, query, names, unmasked, scope.masked)
        for block in row_xml(family.columns, rows, scope.text_style, first_row=part.first_row, written=written):
            out.write(block)
    last = written.last if written.last > part.first_row else 0
    return PartDone(part, written.rows, last, bool(unmasked))


def repack(source: Path, target: Path, sheets: dict[str, list[Part]]) -> None:
    """Copy the package at `source` to `target`, each entry named in `sheets` (its zip name → parts)
    with its parts' rows inserted before `</sheetData>`; every entry deflated at LEVEL."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL,
                                                         allowZip64=True) as out:
        for info in src.infolist():
            data = src.read(info)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            entry._compresslevel = LEVEL  # noqa: SLF001 — a ZipInfo does not take the ZipFile's level (3.13: compress_level)
            parts = sheets.get(info.filename)
            if not parts:
                out.writestr(entry, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"{info.filename}: no </sheetData> to insert the rows before")
            entry.file_size = len(data) + sum(os.path.getsize(p.path) for p in parts)
            with out.open(entry, "w") as sheet:
                sheet.write(head)
                for part in parts:
                    with open(part.path, "rb") as rows:
                        shutil.copyfileobj(rows, sheet, COPY)
                sheet.write(end + tail)
