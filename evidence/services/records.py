"""Create, update, delete, submit and approve any evidence record, with scope, validation,
optimistic locking and an audit row for every write.

Division staff write only inside their own line/department; their records start as drafts and
count for scoring once the planning team approves them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, select

from evidence.access import Actor, require_planning, require_read, require_write
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, NotFound, StaleVersion, ValidationFailed
from evidence.models.base import Record, ReviewStatus, utcnow
from evidence.models.documents import Document, DocumentVersion
from evidence.models.org import AssessmentYear, OrgUnit
from evidence.models.stakeholders import RelationshipActivity, RelationshipPlan, Stakeholder, StakeholderIssue
from evidence.models.users import Role
from evidence.services.revisions import needs_revision, notify_returned, propose_revision
from evidence.thai_dates import quarter_mismatch, range_text, year_quarter
from evidence.validation import field_label, validated

R = TypeVar("R", bound=Record)

_SYSTEM_FIELDS = {"id", "enterprise_id", "created_at", "created_by", "updated_at", "updated_by", "version"}
YEAR_BOUND_FIELDS = ("received_on", "received_at", "meeting_date", "reported_on", "completed_on")
UNIT_FIELDS = ("org_unit_id", "owner_unit_id")


@dataclass(frozen=True)
class Page:
    rows: list[SQLModel]
    total: int


def table_of(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


# Child records without a unit of their own take their parent's unit (a division may add issues to
# its own stakeholders and activities to its own plans).
PARENT_UNIT: dict[type[SQLModel], tuple[str, type[Record]]] = {
    StakeholderIssue: ("stakeholder_id", Stakeholder),
    RelationshipActivity: ("plan_id", RelationshipPlan),
    DocumentVersion: ("document_id", Document),
}


def _unit_of(session: Session, record: Record) -> int | None:
    """The unit a record belongs to: its own unit field, or its parent's for child records."""
    for name in UNIT_FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            return int(value)
    link = PARENT_UNIT.get(type(record))
    if link is None:
        return None
    field, parent_model = link
    parent_id = getattr(record, field, None)
    parent = session.get(parent_model, parent_id) if parent_id is not None else None
    if parent is None or parent.enterprise_id != record.enterprise_id:
        raise ValidationFailed([FieldProblem(field, f"ไม่พบข้อมูลรหัส {parent_id} ในรัฐวิสาหกิจนี้",
                                             field_label(type(record), field))])
    return _unit_of(session, parent)


def _check_references(session: Session, model: type[Record], record: Record) -> None:
    """Units must belong to the record's enterprise; dates must fall inside the assessment year."""
    problems: list[FieldProblem] = []
    for name in UNIT_FIELDS:
        unit_id = getattr(record, name, None)
        if unit_id is None:
            continue
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.enterprise_id != record.enterprise_id:
            problems.append(FieldProblem(name, f"ไม่พบหน่วยงานรหัส {unit_id} ในรัฐวิสาหกิจนี้", field_label(model, name)))
    year = getattr(record, "year", None)
    if year is not None and model is not AssessmentYear:
        cycle = session.exec(
            select(AssessmentYear).where(
                AssessmentYear.enterprise_id == record.enterprise_id, AssessmentYear.year == year
            )
        ).first()
        if cycle is None:
            problems.append(FieldProblem("year", f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field_label(model, "year")))
        else:
            first, last = cycle.bounds()
            for name in YEAR_BOUND_FIELDS:
                value = getattr(record, name, None)
                if value is None:
                    continue
                day = value.date() if isinstance(value, datetime) else value
                if isinstance(day, date) and not (first <= day <= last):
                    problems.append(
                        FieldProblem(name, f"วันที่อยู่นอกรอบการประเมินปี {year} {range_text(first, last)}",
                                     field_label(model, name))
                    )
    if problems:
        raise ValidationFailed(problems)


def get_record(session: Session, actor: Actor, model: type[R], record_id: int) -> R:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"ไม่พบข้อมูลรหัส {record_id}")
    require_read(actor, record.enterprise_id, session=session, table_name=table_of(model), record_id=record_id)
    return record


def derive(session: Session, model: type[SQLModel], values: dict[str, object], typed: Mapping[str, object]) -> None:
    """Fill the fields a record computes (`model.DERIVED`: a VOC row's quarter from its date, in the
    quarters of its assessment year, fiscal or calendar). A value the caller typed (`typed`: a grid or
    service call; forms never ask) that disagrees is refused naming the field, never silently replaced."""
    derived: dict[str, str] = getattr(model, "DERIVED", {})
    if not derived:
        return
    cycle = session.exec(select(AssessmentYear).where(
        AssessmentYear.enterprise_id == values.get("enterprise_id"), AssessmentYear.year == values.get("year"))).first()
    problems = []
    for name, source in derived.items():
        day = values.get(source)
        day = day.date() if isinstance(day, datetime) else day
        if not isinstance(day, date) or cycle is None:
            continue
        computed = min(4, max(1, year_quarter(day, cycle.bounds()[0])))  # a day outside the year: refused later
        given = typed.get(name)
        if given not in (None, "") and given != computed and (cycle.bounds()[0] <= day <= cycle.bounds()[1]):
            problems.append(FieldProblem(name, quarter_mismatch(given, day, computed, cycle.year),
                                         field_label(model, name)))
        values[name] = computed
    if problems:
        raise ValidationFailed(problems)


def create_record(session: Session, actor: Actor, model: type[R], data: Mapping[str, object]) -> R:
    """Validate and store one record; nothing is stored when anything is wrong."""
    values = {k: v for k, v in data.items() if k not in _SYSTEM_FIELDS}
    enterprise_id = data.get("enterprise_id", actor.enterprise_id)
    values["enterprise_id"] = enterprise_id
    now = utcnow()
    values.update(created_by=actor.username, updated_by=actor.username, created_at=now, updated_at=now)
    if "status" in model.model_fields:
        asked = data.get("status")
        if not actor.is_planning:  # only the planning team approves: a division's record is a draft or submitted
            values["status"] = asked if asked in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED) else ReviewStatus.DRAFT
        elif asked is None:
            values["status"] = ReviewStatus.APPROVED
    derive(session, model, values, data)
    record = validated(model, values)
    require_write(actor, record.enterprise_id, _unit_of(session, record), session=session, table_name=table_of(model),
                  attempt="create")
    _check_references(session, model, record)
    session.add(record)
    session.flush()
    record_audit(
        session, actor, "create", enterprise_id=record.enterprise_id, table_name=table_of(model),
        record_id=record.id, after=snapshot_of(record),
    )
    return record


def update_record(
    session: Session,
    actor: Actor,
    model: type[R],
    record_id: int,
    *,
    expected_version: int,
    changes: Mapping[str, object],
) -> R:
    """Apply `changes` when the record is still at `expected_version`; otherwise refuse loudly."""
    record = get_record(session, actor, model, record_id)
    require_write(actor, record.enterprise_id, _unit_of(session, record), session=session, table_name=table_of(model),
                  record_id=record_id, attempt="update")
    mine = {k: v for k, v in changes.items() if k not in _SYSTEM_FIELDS}
    if record.version != expected_version:
        raise StaleVersion(
            stale_message(record.version, record.updated_by, expected_version),
            theirs=snapshot_of(record, keep_text=True),
            mine={k: str(v) for k, v in mine.items()},
        )
    before = snapshot_of(record)
    merged = record.model_dump(warnings=False) | mine
    merged.update(updated_by=actor.username, updated_at=utcnow())
    if "carried_from_year" in model.model_fields and "carried_from_year" not in mine:
        merged["carried_from_year"] = None  # saving a carried-forward profile is its review (S1)
    if "status" in model.model_fields and not actor.is_planning:
        merged["status"] = ReviewStatus.DRAFT
    if needs_revision(actor, model, record):
        merged["status"] = ReviewStatus.APPROVED
    derive(session, model, merged, mine)
    checked = validated(model, merged)
    require_write(actor, checked.enterprise_id, _unit_of(session, checked), session=session, table_name=table_of(model),
                  record_id=record_id, attempt="update")
    _check_references(session, model, checked)
    if needs_revision(actor, model, record):  # approved stays approved until its revision is
        propose_revision(session, actor, model, record, checked)
        return record
    for name in model.model_fields:
        if name not in ("id", "version"):
            setattr(record, name, getattr(checked, name))
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise StaleVersion(
            "มีผู้อื่นบันทึกข้อมูลนี้พร้อมกัน: ข้อมูลของท่านยังไม่ถูกบันทึก", theirs={}, mine=mine
        ) from None
    record_audit(
        session, actor, "update", enterprise_id=record.enterprise_id, table_name=table_of(model),
        record_id=record.id, before=before, after=snapshot_of(record),
    )
    return record


def stale_message(stored: int, updated_by: str, expected: int) -> str:
    """The one refusal of an edit made from an older version (forms, bulk edits and re-imports)."""
    return (f"มีผู้อื่นบันทึกข้อมูลนี้ก่อนแล้ว (รุ่น {stored} โดย {updated_by}) "
            f"แต่ท่านแก้ไขจากรุ่น {expected}: ข้อมูลของท่านยังไม่ถูกบันทึก")


def delete_record(session: Session, actor: Actor, model: type[R], record_id: int, *, expected_version: int) -> None:
    record = get_record(session, actor, model, record_id)
    require_write(actor, record.enterprise_id, _unit_of(session, record), session=session, table_name=table_of(model),
                  record_id=record_id, attempt="delete")
    if record.version != expected_version:
        raise StaleVersion(
            f"มีผู้อื่นแก้ไขข้อมูลนี้แล้ว (รุ่น {record.version}) จึงยังไม่ลบ",
            theirs=snapshot_of(record, keep_text=True), mine={},
        )
    before = snapshot_of(record)
    session.delete(record)
    session.flush()
    record_audit(
        session, actor, "delete", enterprise_id=record.enterprise_id, table_name=table_of(model),
        record_id=record_id, before=before,
    )


def set_review_status(
    session: Session,
    actor: Actor,
    model: type[R],
    record_id: int,
    status: ReviewStatus,
    *,
    expected_version: int,
    comment: str | None = None,
) -> R:
    """Division submits (draft → submitted); the planning team approves or returns with a comment."""
    record = get_record(session, actor, model, record_id)
    if status == ReviewStatus.SUBMITTED:
        require_write(actor, record.enterprise_id, _unit_of(session, record), session=session,
                      table_name=table_of(model), record_id=record_id, attempt="submit")
    else:
        require_planning(actor, record.enterprise_id, session=session, table_name=table_of(model),
                         record_id=record_id, attempt=f"review:{status.value}")
        if status == ReviewStatus.RETURNED and not (comment or "").strip():
            raise ValidationFailed([FieldProblem("review_comment", "ต้องระบุเหตุผลที่ส่งกลับ", "ความเห็นผู้ตรวจ")])
    if record.version != expected_version:
        raise StaleVersion(
            f"มีผู้อื่นแก้ไขข้อมูลนี้แล้ว (รุ่น {record.version})", theirs=snapshot_of(record, keep_text=True), mine={}
        )
    before, editor = snapshot_of(record), record.updated_by
    record.status = status  # type: ignore[attr-defined]
    record.review_comment = comment  # type: ignore[attr-defined]
    record.updated_by, record.updated_at = actor.username, utcnow()
    session.flush()
    record_audit(
        session, actor, f"review:{status.value}", enterprise_id=record.enterprise_id,
        table_name=table_of(model), record_id=record.id, before=before, after=snapshot_of(record),
        summary="ส่งกลับพร้อมความเห็น" if comment else None,  # the comment itself may name a person
    )
    if status == ReviewStatus.RETURNED:
        notify_returned(session, model, record, editors=[editor, record.created_by],
                        comment=comment or "")
    return record


def list_records(
    session: Session,
    actor: Actor,
    model: type[R],
    *,
    enterprise_id: int,
    year: int | None = None,
    org_unit_ids: frozenset[int] | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Page:
    """A page of records, newest first; drafts of other divisions stay hidden from division staff."""
    require_read(actor, enterprise_id, session=session, table_name=table_of(model))
    query = select(model).where(model.enterprise_id == enterprise_id)
    if year is not None and "year" in model.model_fields:
        query = query.where(model.year == year)  # type: ignore[attr-defined]
    unit_col = next((getattr(model, n) for n in UNIT_FIELDS if n in model.model_fields), None)
    if org_unit_ids is not None and unit_col is not None:
        query = query.where(unit_col.in_(org_unit_ids))
    if actor.role == Role.DIVISION and "status" in model.model_fields and unit_col is not None:
        mine = unit_col.in_(actor.org_unit_ids)
        query = query.where(mine | (model.status == ReviewStatus.APPROVED))  # type: ignore[attr-defined]
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(model.id.desc()).offset(offset).limit(limit)).all()  # type: ignore[union-attr]
    return Page(rows=list(rows), total=int(total))
