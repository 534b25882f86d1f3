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
from evidence.services.records import create_record, delete_record, update_record
from evidence.transactions import savepoint


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
    created = updated = deleted = 0
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
            problems.extend((change.row, str(p)) for p in error.problems)
        except DomainError as error:
            problems.append((change.row, error.message))
        except IntegrityError:
            problems.append((change.row, "ข้อมูลซ้ำกับรายการที่มีอยู่แล้ว (เช่น เลขที่อ้างอิงหรือรหัสซ้ำ)"))
    if problems:
        raise BulkRefused(problems, stale)
    return BulkResult(created, updated, deleted)
