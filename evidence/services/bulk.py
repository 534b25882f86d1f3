"""Many edits of one record family saved together (an editable table): every row goes through the
record services, and when any row is refused none is kept.

Each row runs in its own savepoint so one refused row does not hide the problems of the others;
the caller's transaction then holds all rows or, on `BulkRefused`, is rolled back whole.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from evidence.access import Actor
from evidence.errors import DomainError, StaleVersion, ValidationFailed
from evidence.excel.rows import is_masked
from evidence.services.bulk_cells import problem_text, read_cells
from evidence.services.records import create_record, delete_record, update_record
from evidence.services.revisions import revision_made
from evidence.transactions import savepoint
from evidence.validation import pii_kind


@dataclass(frozen=True)
class RowChange:
    """One row of the table: a new record (no id), changed values of a record, or a deletion."""

    row: int  # the row number the user sees (1 = first row)
    record_id: int | None = None
    version: int | None = None
    values: Mapping[str, object] = field(default_factory=dict)
    delete: bool = False


@dataclass(frozen=True)
class BulkResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    revisions: int = 0  # edits of approved records kept as revisions waiting for the planning team


class BulkRefused(DomainError):
    """Some rows were refused; nothing of the table was saved. `problems`: (row, Thai message)."""

    def __init__(self, problems: list[tuple[int, str]], stale: list[tuple[int, StaleVersion]]) -> None:
        self.problems = problems
        self.stale = stale
        super().__init__(f"บันทึกไม่สำเร็จ {len(problems)} แถว จึงยังไม่ได้บันทึกการแก้ไขใดเลย")


def apply_changes(
    session: Session,
    actor: Actor,
    model: type[SQLModel],
    *,
    enterprise_id: int,
    year: int | None,
    changes: Sequence[RowChange],
) -> BulkResult:
    """Create, update and delete the rows; raises `BulkRefused` listing every refused row."""
    problems: list[tuple[int, str]] = []
    stale: list[tuple[int, StaleVersion]] = []
    created = updated = deleted = revisions = 0
    for change in changes:
        try:
            with savepoint(session):
                if change.delete and change.record_id is not None:
                    delete_record(session, actor, model, change.record_id,  # type: ignore[type-var]
                                  expected_version=change.version or 0)
                    deleted += 1
                elif change.record_id is not None:
                    update_record(session, actor, model, change.record_id,  # type: ignore[type-var]
                                  expected_version=change.version or 0, changes=change.values)
                    if revision_made(session, model, change.record_id):
                        revisions += 1
                    else:
                        updated += 1
                elif not change.delete:
                    data = dict(change.values) | {"enterprise_id": enterprise_id}
                    if year is not None and "year" in model.model_fields:
                        data["year"] = year
                    create_record(session, actor, model, data)  # type: ignore[type-var]
                    created += 1
        except StaleVersion as error:
            stale.append((change.row, error))
            problems.append((change.row, error.message))
        except ValidationFailed as error:
            problems.extend((change.row, problem_text(model, p.field, p.message) if p.field in model.model_fields
                             else str(p)) for p in error.problems)
        except DomainError as error:
            problems.append((change.row, error.message))
        except IntegrityError:
            problems.append((change.row, "ข้อมูลซ้ำกับรายการที่มีอยู่แล้ว (เช่น เลขที่อ้างอิงหรือรหัสซ้ำ)"))
    if problems:
        raise BulkRefused(problems, stale)
    return BulkResult(created, updated, deleted, revisions)


@dataclass(frozen=True)
class GridEdits:
    """What an editable table sends on save: raw cells as typed or pasted (text, numbers, labels)."""

    edited: Sequence[tuple[int, int, int, Mapping[str, object]]] = ()  # (row, record id, version, cells)
    added: Sequence[tuple[int, Mapping[str, object]]] = ()  # (row, cells)
    deleted: Sequence[tuple[int, int, int]] = ()  # (row, record id, version)
    defaults: Mapping[str, object] = field(default_factory=dict)  # values of added rows the table does not show


def save_grid(session: Session, actor: Actor, model: type[SQLModel], edits: GridEdits, *, enterprise_id: int,
              year: int | None, shown: Mapping[str, Mapping[int, str]] | None = None) -> BulkResult:
    """Read every cell (`evidence.services.bulk_cells`), then store all rows or none: a cell that cannot
    be read, or a row the record services refuse, raises `BulkRefused` naming row and column."""
    masked = [(row, name) for row, values in edits.added for name, v in values.items()
              if pii_kind(model, name) and v is not None and is_masked(v)]
    if masked:  # a copied row shows personal data masked: that is not a value to store
        raise BulkRefused([(row, problem_text(model, name, "เป็นข้อมูลที่ปิดบังไว้ (เช่น xxx-xxx-1234) "
                                              "กรุณากรอกค่าจริงหรือเว้นว่าง")) for row, name in masked], [])
    kept = [(row, record_id, version, {k: v for k, v in values.items()
                                       if not (pii_kind(model, k) and v is not None and is_masked(v))})
            for row, record_id, version, values in edits.edited]  # a masked cell left as shown keeps its value
    edits = GridEdits(kept, edits.added, edits.deleted, edits.defaults)
    cells = [(row, values) for row, _, _, values in edits.edited] + list(edits.added)
    typed, problems = read_cells(session, actor, model, cells, enterprise_id=enterprise_id, year=year, shown=shown)
    if problems:
        raise BulkRefused(problems, [])
    changes = [RowChange(row, record_id, version, typed[n]) for n, (row, record_id, version, _) in enumerate(edits.edited)]
    offset = len(edits.edited)
    changes += [RowChange(row, values=dict(edits.defaults) | {k: v for k, v in typed[offset + n].items() if v is not None})
                for n, (row, _) in enumerate(edits.added)]
    changes += [RowChange(row, record_id, version, delete=True) for row, record_id, version in edits.deleted]
    return apply_changes(session, actor, model, enterprise_id=enterprise_id, year=year, changes=changes)
