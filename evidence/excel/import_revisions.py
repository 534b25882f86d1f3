"""A re-imported change to an approved record waits as a pending revision (issue 13 §4).

Division staff's edit of an approved record through a form or the bulk editor becomes a pending
`RecordRevision` beside it (`evidence.services.revisions`); a workbook re-import does the same: the
changed rows of approved records are taken out of the sheet's plan of updates (`hold_revisions`) and,
once the sheet's other rows are written, kept as revisions (`propose_held`). The approved values keep
counting until the planning team approves the revision. Unchanged rows change nothing; draft and
returned rows are updated as before. The caller's savepoint keeps it all-or-nothing.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from evidence.access import Actor
from evidence.excel.rows import CheckedSheet, Problems, RowProblem
from evidence.excel.store import CHUNK, Plan, _plain
from evidence.models.base import Record, ReviewStatus
from evidence.services.revisions import propose_changes

REVIEW_FIELDS = ("status", "review_comment")
SELF_REFERENCE = ("ข้อมูลนี้อนุมัติแล้ว การแก้ไขจึงเป็นฉบับแก้ไขรออนุมัติ ซึ่งอ้างถึงแถวใหม่ในแผ่นงานเดียวกันไม่ได้: "
                  "นำเข้าแถวที่อ้างถึงก่อน แล้วจึงนำเข้าการแก้ไขนี้")


@dataclass(frozen=True)
class Held:
    """A planned update of an approved record that becomes a pending revision instead."""

    index: object  # row index in the sheet
    record_id: int


def hold_revisions(session: Session, actor: Actor, checked: CheckedSheet, plan: Plan, sheet: str,
                   problems: Problems) -> list[Held]:
    """Take the updates of approved records out of `plan` when division staff import them."""
    model = checked.family.model
    if actor.is_planning or "status" not in model.model_fields or not plan.updates:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    ids = [record_id for _, record_id, _ in plan.updates]
    approved: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        approved.update(session.execute(select(table.c.id).where(
            table.c.id.in_(part), table.c.status == ReviewStatus.APPROVED.value)).scalars())
    held = [Held(index, record_id) for index, record_id, _ in plan.updates if record_id in approved]
    plan.updates[:] = [u for u in plan.updates if u[1] not in approved]
    for item in held:
        for name, names in checked.pending.items():
            if names[item.index] is not None:
                header = checked.family.by_field[name].header
                problems.add(RowProblem(sheet, checked.row_number(item.index), header, SELF_REFERENCE))
                checked.failed[item.index] = True
    return held


def propose_held(session: Session, actor: Actor, checked: CheckedSheet, held: list[Held]) -> int:
    """Keep each held row's changed cells as a pending revision of its approved record; returns how many."""
    model: type[Record] = checked.family.model  # type: ignore[assignment]
    made = 0
    for item in held:
        record = session.get(model, item.record_id)
        assert record is not None  # matched by natural key inside this same transaction
        changes = {name: values[item.index] for name, values in checked.values.items()
                   if name not in REVIEW_FIELDS
                   and _plain(values[item.index]) != _plain(getattr(record, name, None))}
        if changes:
            propose_changes(session, actor, model, record, changes)
            made += 1
    return made
