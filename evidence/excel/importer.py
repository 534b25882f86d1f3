"""Import a workbook (or a CSV file of one family): every row checked, then all rows stored or none.

The sheets are taken in dependency order (units before stakeholders before their VOS, …) inside a
savepoint of the caller's transaction, so a later sheet may name records an earlier sheet adds.
When any row of any sheet has a problem, or on a dry run, the savepoint is rolled back and the
report lists what was found; otherwise one audit row records the import (who, file, counts).
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from evidence.access import Actor, can_write, require_read, require_write
from evidence.audit import record_audit
from evidence.errors import DomainError
from evidence.excel.import_revisions import hold_revisions, propose_held
from evidence.excel.reader import CHUNK_ROWS, SheetRows, read_upload
from evidence.excel.rows import Problems, RowProblem, SheetScope, SheetState, check_sheet, names_own_rows
from evidence.excel.schema import FAMILIES, Family
from evidence.excel.store import existing_keys, plan_sheet, write_sheet
from evidence.models.users import Role
from evidence.planner_stats import analyze_loaded
from evidence.services.org import find_year
from evidence.transactions import savepoint

REVIEW_FIELDS = ("status", "review_comment")


@dataclass(frozen=True)
class SheetResult:
    sheet: str
    family: str
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    revisions: int = 0  # changes to approved records kept as pending revisions (issue 13 §4)


@dataclass(frozen=True)
class ImportReport:
    filename: str
    dry_run: bool
    sheets: tuple[SheetResult, ...]
    problems: tuple[RowProblem, ...]
    problem_count: int
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        """One Thai sentence: what was (or would be) stored, or how many problems stop the import."""
        if not self.ok:
            return f"พบปัญหา {self.problem_count:,} รายการ ยังไม่ได้บันทึกข้อมูลใดเลย"
        created, updated = sum(s.created for s in self.sheets), sum(s.updated for s in self.sheets)
        unchanged = sum(s.unchanged for s in self.sheets)
        counts = (f"{len(self.sheets)} แผ่นงาน {sum(s.rows for s in self.sheets):,} แถว: เพิ่ม {created:,} "
                  f"ปรับปรุง {updated:,} ไม่เปลี่ยนแปลง {unchanged:,} รายการ")
        revisions = sum(s.revisions for s in self.sheets)
        if revisions:
            counts += (f" และเสนอฉบับแก้ไขรออนุมัติ {revisions:,} รายการ (ข้อมูลที่อนุมัติแล้วยังใช้นับคะแนนต่อไป"
                       "จนกว่าฝ่ายแผนจะอนุมัติฉบับแก้ไข)")
        if self.dry_run:
            return f"ตรวจสอบแล้วไม่พบปัญหา (ยังไม่ได้บันทึก) {counts}"
        return f"นำเข้าเรียบร้อย {counts}"


def import_file(
    session: Session,
    actor: Actor,
    *,
    data: bytes | Path,
    filename: str,
    enterprise_id: int,
    year: int,
    dry_run: bool = False,
    family_key: str | None = None,
) -> ImportReport:
    """Check and (unless `dry_run`) store every row of the file (its bytes, or its path: then read from
    disk as the sheets are reached); raises `UploadRefused` for a bad file."""
    _require_import_rights(session, actor, enterprise_id)
    upload = read_upload(data, filename, family_key=family_key)
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise DomainError(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    first, last = cycle.bounds()
    scope = SheetScope(session, actor, enterprise_id, year, first, last)
    order = {f.key: i for i, f in enumerate(FAMILIES)}
    sheets = sorted(upload.sheets.items(), key=lambda item: order[item[1][0].key])
    problems = Problems()
    results: list[SheetResult] = []
    nested = savepoint(session, write_lock=True)  # SQLite: BEGIN IMMEDIATE before the long phase
    try:
        for name, (family, rows) in sheets:
            results.append(_import_sheet(scope, family, rows, name, problems))
        if problems.count or dry_run:
            nested.rollback()
        else:
            _audit(session, actor, enterprise_id, filename, year, results)
            table_of = {family.key: str(family.model.__tablename__) for family, _ in upload.sheets.values()}
            created: dict[str, int] = {}
            for r in results:
                created[table_of[r.family]] = created.get(table_of[r.family], 0) + r.created
            analyze_loaded(session, created)  # a load of 100,000 rows: fresh planner statistics
            nested.commit()
    except SQLAlchemyError as error:
        nested.rollback()
        problems.add(RowProblem("(ไฟล์)", None, "", f"บันทึกข้อมูลไม่สำเร็จ จึงไม่ได้บันทึกข้อมูลใดเลย ({type(error).__name__})"))
    except BaseException:
        nested.rollback()
        raise
    order_of = {r.sheet: i for i, r in enumerate(results)}
    listed = sorted(problems.items, key=lambda p: (order_of.get(p.sheet, -1), p.row or 0))
    return ImportReport(filename, dry_run, tuple(results), tuple(listed), problems.count, upload.notices)


def import_path(session: Session, actor: Actor, *, path: Path, filename: str | None = None, enterprise_id: int,
                year: int, dry_run: bool = False, family_key: str | None = None) -> ImportReport:
    """`import_file` of a file on disk (the CLI, a job): read from the file one sheet and one chunk at a
    time, never all its bytes at once."""
    return import_file(session, actor, data=path, filename=filename or path.name,
                       enterprise_id=enterprise_id, year=year, dry_run=dry_run, family_key=family_key)


def _require_import_rights(session: Session, actor: Actor, enterprise_id: int) -> None:
    """Planning team and admins import anything; division staff import rows of their own units."""
    require_read(actor, enterprise_id, session=session)
    division_here = actor.role == Role.DIVISION and actor.enterprise_id == enterprise_id
    if not (can_write(actor, enterprise_id, None) or division_here):
        require_write(actor, enterprise_id, None, session=session, attempt="import")


def _without_review(actor: Actor, frame: pd.DataFrame, family: Family) -> pd.DataFrame:
    """Division staff's rows become drafts: their review columns are not theirs to set."""
    if actor.is_planning:
        return frame
    headers = {family.by_field[f].header for f in REVIEW_FIELDS if f in family.by_field}
    return frame.drop(columns=[c for c in frame.columns if c in headers])


def _import_sheet(scope: SheetScope, family: Family, rows: SheetRows, name: str,
                  problems: Problems) -> SheetResult:
    """Check, match and store one sheet chunk by chunk (`evidence.excel.reader.CHUNK_ROWS` rows at a
    time, so memory stays bounded whatever the sheet's size); a sheet whose rows name each other is
    taken whole. Its rows are written while the sheet has no problem, inside the caller's savepoint."""
    before = problems.count
    state = SheetState()
    existing: dict | None = None  # type: ignore[type-arg]
    looked_up = False
    total = SheetResult(name, family.key, 0)
    for frame in rows.chunks(None if names_own_rows(family) else CHUNK_ROWS):
        checked = check_sheet(scope, family, _without_review(scope.actor, frame, family), name, problems, state)
        if checked is None:
            return SheetResult(name, family.key, len(frame))
        if not looked_up:  # keys of several columns: read once per sheet; one column: per chunk
            existing, looked_up = existing_keys(scope.session, family, scope.enterprise_id, scope.year), True
        plan = plan_sheet(scope.session, scope.actor, checked, name, problems,
                          enterprise_id=scope.enterprise_id, year=scope.year, existing=existing)
        held = hold_revisions(scope.session, scope.actor, checked, plan, name, problems)  # issue 13 §4
        made = len(held)
        if problems.count == before:
            write_sheet(scope.session, scope.actor, checked, plan, enterprise_id=scope.enterprise_id, year=scope.year)
            made = propose_held(scope.session, scope.actor, checked, held)
        total = SheetResult(name, family.key, total.rows + int(len(checked.failed)), total.created + len(plan.inserts),
                            total.updated + len(plan.updates), total.unchanged + plan.unchanged + len(held) - made,
                            total.revisions + made)
    return total


def _audit(session: Session, actor: Actor, enterprise_id: int, filename: str, year: int,
           results: list[SheetResult]) -> None:
    counts = {r.sheet: {"rows": r.rows, "created": r.created, "updated": r.updated, "unchanged": r.unchanged}
              | ({"revisions": r.revisions} if r.revisions else {}) for r in results}
    kind = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else ""  # the name itself may name a person
    summary = f"นำเข้าไฟล์ .{kind} ปี {year}: " + ", ".join(f"{r.sheet} {r.rows:,} แถว" for r in results)
    record_audit(session, actor, "import", enterprise_id=enterprise_id, summary=summary,
                 after={"file": f".{kind}", "year": year, "sheets": counts})
