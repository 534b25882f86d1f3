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
from concurrent.futures import Future, ProcessPoolExecutor
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
LEVEL = 3  # deflate level (xlsxwriter: 6). Sheet XML of a year at L, 657 MB: level 1 2.8 s; 3 3.3 s; 6 8.7 s of CPU; the file at L: 67 MB at 1, 59 MB at 3, 51 MB at 6
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

    The parts are handed to the workers in the package's order and each sheet goes into the package as
    soon as its parts are written, while the workers write the next ones. Every sheet's dimensions are
    set from the plan (its last row holds a cell: every row has its key and version); a sheet whose
    rows are not what was planned raises PartsChanged. Nothing is left beside `target` either way."""
    folder = Path(tempfile.mkdtemp(prefix=".export-parts-", dir=target.parent))
    try:
        parts = {f.key: [p for p in plan(session, f, queries[f.key], folder) if p.expected] for f in families}
        sheets = {f.key: replace(data[f.key], rows=(), row_count=sum(p.expected for p in parts[f.key])) for f in families}
        total = max(sum(d.row_count for d in sheets.values()), 1)
        with ProcessPoolExecutor(max_workers=workers(), mp_context=get_context("spawn")) as pool:
            pending: dict[Part, Future[PartDone]] = {}
            entries: dict[str, str] = {}
            try:
                def elsewhere(text_style: str, names: Mapping[str, str]) -> dict[str, Written]:
                    entries.update(names)
                    job = replace(scope, text_style=text_style)
                    pending.update({p: pool.submit(write_part, job, p) for f in families for p in parts[f.key]})
                    return {key: Written(d.row_count, 1 + d.row_count if d.row_count else 0) for key, d in sheets.items()}

                book = folder / "headers.xlsx"
                rows = write_workbook(book, families, sheets, heading=heading, elsewhere=elsewhere)
                done: list[PartDone] = []

                def ready(part: Part, final: bool) -> None:
                    result = pending[part].result()
                    if result.rows != part.expected or (final and result.last != part.first_row + part.expected):
                        raise PartsChanged
                    done.append(result)
                    if progress is not None:
                        progress(sum(d.rows for d in done) / total, BY_KEY[part.family].sheet)

                repack(book, target, {entries[key]: family_parts for key, family_parts in parts.items()}, ready)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        return rows, any(d.unmasked for d in done)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


def repack(source: Path, target: Path, sheets: Mapping[str, Sequence[Part]],
           ready: Callable[[Part, bool], None] = lambda _part, _final: None) -> None:
    """Copy the package at `source` to `target`, each entry named in `sheets` (its zip name → parts)
    with its parts' rows inserted before `</sheetData>`; every entry deflated at LEVEL. `ready(part,
    whether it is the sheet's last)` is called for each part before its file is read (it waits for it);
    a part's file is removed once copied."""
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
            for number, part in enumerate(parts):
                ready(part, number == len(parts) - 1)
            entry.file_size = len(data) + sum(os.path.getsize(p.path) for p in parts)  # decides ZIP64, as before
            with out.open(entry, "w") as sheet:
                sheet.write(head)
                for part in parts:
                    with open(part.path, "rb") as rows:
                        shutil.copyfileobj(rows, sheet, COPY)
                    os.unlink(part.path)
                sheet.write(end + tail)
