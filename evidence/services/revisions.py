"""Approved stays approved until its revision is.

When division staff edit an approved record, the change is kept as a pending `RecordRevision` beside
it: the approved values keep counting for scoring, and the editor is told so. The planning team sees
both versions side by side (Thai labels, formatted values, attached files) and approves the revision,
which then applies to the record, or returns it with a reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum

from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor, require_planning, require_read
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, StaleVersion, ValidationFailed
from evidence.labels import label_of
from evidence.models.base import REVIEW_STATUS_TH, Record, ReviewStatus, utcnow
from evidence.models.cycles import RecordRevision
from evidence.models.files import EvidenceFile, EvidenceLink
from evidence.thai_dates import thai_date, thai_wall_datetime
from evidence.validation import field_label, validated

OPEN_STATES = (ReviewStatus.SUBMITTED.value, ReviewStatus.RETURNED.value, ReviewStatus.DRAFT.value)
HIDDEN = frozenset({"id", "enterprise_id", "created_at", "created_by", "updated_at", "updated_by", "version",
                    "status", "review_comment"})
PENDING_NOTICE = ("บันทึกเป็นฉบับแก้ไขรออนุมัติแล้ว: ข้อมูลที่อนุมัติแล้วยังใช้นับคะแนนต่อไป "
                  "จนกว่าฝ่ายแผนจะอนุมัติฉบับแก้ไข")


def needs_revision(actor: Actor, model: type[SQLModel], record: SQLModel) -> bool:
    """Division staff's edit of an approved record becomes a pending revision."""
    return ("status" in model.model_fields and getattr(record, "status", None) == ReviewStatus.APPROVED
            and not actor.is_planning)


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def open_revision(session: Session, table: str, record_id: int) -> RecordRevision | None:
    return session.exec(select(RecordRevision).where(
        RecordRevision.record_table == table, RecordRevision.record_id == record_id,
        col(RecordRevision.status).in_(OPEN_STATES))).first()


def propose_revision(session: Session, actor: Actor, model: type[Record], record: Record,
                     checked: Record) -> RecordRevision:
    """Keep `checked` (the validated edit) beside the approved `record`; one open revision per record."""
    changes = {name: _plain(getattr(checked, name)) for name in model.model_fields
               if name not in HIDDEN and name != "carried_from_year"
               and _plain(getattr(checked, name)) != _plain(getattr(record, name))}
    return _keep_revision(session, actor, model, record, changes)


def propose_changes(session: Session, actor: Actor, model: type[Record], record: Record,
                    changes: Mapping[str, object]) -> RecordRevision:
    """A revision of `changes` (field → new value, e.g. a re-imported row's changed cells), validated
    through the model as a form's edit is; the approved `record` itself is not touched."""
    wanted = {k: v for k, v in changes.items() if k in model.model_fields and k not in HIDDEN}
    checked = validated(model, record.model_dump(warnings=False) | wanted)
    kept = {name: _plain(getattr(checked, name)) for name in wanted}
    return _keep_revision(session, actor, model, record, kept)


def _keep_revision(session: Session, actor: Actor, model: type[Record], record: Record,
                   changes: dict[str, object]) -> RecordRevision:
    table = str(model.__tablename__)
    revision = open_revision(session, table, record.id or 0)
    now = utcnow()
    if revision is None:
        revision = RecordRevision(enterprise_id=record.enterprise_id, record_table=table, record_id=record.id or 0,
                                  base_version=record.version, changes=changes, created_by=actor.username,
                                  updated_by=actor.username, created_at=now, updated_at=now)
        session.add(revision)
    else:
        revision.changes, revision.base_version = changes, record.version
        revision.status, revision.review_comment = ReviewStatus.SUBMITTED, None
        revision.updated_by, revision.updated_at = actor.username, now
    session.flush()
    session.info.setdefault("revisions", {})[(table, record.id)] = revision.id
    record_audit(session, actor, "revision:propose", enterprise_id=record.enterprise_id, table_name=table,
                 record_id=record.id, after={"revision": revision.id, "changes": changes})
    return revision


def notify_returned(session: Session, model: type[SQLModel], record: SQLModel, *, editors: list[str],
                    comment: str) -> None:
    """An immediate e-mail to whoever edited a record that was returned (with the reason)."""
    from evidence.notify import queue_now
    from evidence.services.review import FAMILY_TH, record_label

    family = FAMILY_TH.get(str(model.__tablename__), str(model.__tablename__))
    queue_now(session, enterprise_id=record.enterprise_id, usernames=[e for e in editors if e and e != "system"],  # type: ignore[attr-defined]
              kind="returned", subject=f"{family} '{record_label(model, record)}' ถูกส่งกลับให้แก้ไข",
              body=f"เหตุผล: {comment}\nเปิดพอร์ทัล SE-AM SCM เพื่อแก้ไขแล้วส่งตรวจอีกครั้ง")


def revision_made(session: Session, model: type[SQLModel], record_id: int) -> bool:
    """Whether the last save of this record in `session` became a pending revision (tell the editor)."""
    return (str(model.__tablename__), record_id) in session.info.get("revisions", {})


def decide_revision(session: Session, actor: Actor, revision_id: int, status: ReviewStatus, *,
                    expected_version: int, comment: str | None = None) -> RecordRevision:
    """The planning team approves (the revision is applied and the record stays approved) or returns it."""
    from evidence.services.records import update_record
    from evidence.services.review import BY_TABLE

    revision = session.get(RecordRevision, revision_id)
    if revision is None:
        raise NotFound(f"ไม่พบฉบับแก้ไขรหัส {revision_id}")
    require_planning(actor, revision.enterprise_id, session=session, table_name=revision.record_table,
                     record_id=revision.record_id, attempt=f"revision:{status.value}")
    if revision.version != expected_version or revision.status not in OPEN_STATES:
        raise StaleVersion("ฉบับแก้ไขนี้เปลี่ยนไปแล้ว กรุณาเปิดใหม่", theirs={}, mine={})
    if status == ReviewStatus.RETURNED and not (comment or "").strip():
        raise ValidationFailed([FieldProblem("review_comment", "ต้องระบุเหตุผลที่ส่งกลับ", "ความเห็นผู้ตรวจ")])
    model = BY_TABLE[revision.record_table]
    record = session.get(model, revision.record_id)
    if status == ReviewStatus.APPROVED and record is not None:
        if record.version != revision.base_version:  # type: ignore[attr-defined]
            raise StaleVersion("ข้อมูลที่อนุมัติแล้วถูกแก้ไขหลังจากเสนอฉบับแก้ไขนี้ จึงยังไม่นำไปใช้",
                               theirs={}, mine=dict(revision.changes))
        update_record(session, actor, model, revision.record_id,  # type: ignore[type-var]
                      expected_version=record.version, changes=_typed(model, revision.changes))  # type: ignore[attr-defined]
    revision.status, revision.review_comment = status, comment
    revision.reviewed_by, revision.reviewed_at = actor.username, utcnow()
    session.flush()
    if status == ReviewStatus.RETURNED and record is not None:
        notify_returned(session, model, record, editors=[revision.updated_by], comment=comment or "")
    record_audit(session, actor, f"revision:{status.value}", enterprise_id=revision.enterprise_id,
                 table_name=revision.record_table, record_id=revision.record_id, summary=comment,
                 after={"revision": revision.id})
    return revision


def _typed(model: type[SQLModel], changes: Mapping[str, object]) -> dict[str, object]:
    """JSON values back to the model's types (dates), through the model's own validation."""
    return {k: v for k, v in changes.items() if k in model.model_fields}


@dataclass(frozen=True)
class ComparedField:
    label: str
    approved: str
    proposed: str
    changed: bool


@dataclass(frozen=True)
class Comparison:
    revision: RecordRevision
    family: str
    record_label: str
    fields: tuple[ComparedField, ...]
    files: tuple[str, ...]  # attached files, "name (date)"
    status_th: str


def shown_value(session: Session, model: type[SQLModel], name: str, value: object) -> str:
    """A value as a person reads it: Thai labels of codes, ใช่/ไม่ใช่, Buddhist-Era dates, names of
    referenced records — never a raw id, an enum code or `False`."""
    if value is None or value == "" or value == []:
        return "—"
    annotation = model.model_fields[name].annotation
    enum = next((a for a in getattr(annotation, "__args__", (annotation,))
                 if isinstance(a, type) and issubclass(a, StrEnum)), None)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if enum is not None:
        return label_of(enum, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and name.endswith(("_on", "_date")) and len(value) == 10:
        return thai_date(date.fromisoformat(value))
    if isinstance(value, str) and name.endswith("_at") and len(value) >= 16:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):  # a record's own date-time: the Bangkok time the person typed
        return thai_wall_datetime(value)
    if isinstance(value, date):
        return thai_date(value)
    column = model.__table__.c.get(name)  # type: ignore[attr-defined]
    target = next(iter(column.foreign_keys), None) if column is not None else None
    if target is not None:
        table = target.column.table
        row = session.execute(select(table).where(table.c.id == value)).mappings().first()
        named = next((str(row[k]) for k in ("name_th", "group_name", "title", "document_title", "code")
                      if row is not None and k in row and row[k]), None)
        return named or "ไม่พบข้อมูลที่อ้างถึง"
    return str(value)


def compare_revision(session: Session, actor: Actor, revision_id: int) -> Comparison:
    from evidence.services.review import BY_TABLE, FAMILY_TH, record_label

    revision = session.get(RecordRevision, revision_id)
    if revision is None:
        raise NotFound(f"ไม่พบฉบับแก้ไขรหัส {revision_id}")
    require_read(actor, revision.enterprise_id, session=session)
    model = BY_TABLE[revision.record_table]
    record = session.get(model, revision.record_id)
    fields = []
    for name in model.model_fields:
        if name in HIDDEN or name == "year":
            continue
        approved = _plain(getattr(record, name, None))
        proposed = revision.changes.get(name, approved)
        if approved in (None, "", []) and proposed in (None, "", []):
            continue
        fields.append(ComparedField(field_label(model, name), shown_value(session, model, name, approved),
                                    shown_value(session, model, name, proposed), name in revision.changes))
    files = session.exec(select(EvidenceFile.name, EvidenceFile.uploaded_at).join(
        EvidenceLink, col(EvidenceLink.file_id) == EvidenceFile.id).where(
        EvidenceLink.record_table == revision.record_table, EvidenceLink.record_id == revision.record_id)).all()
    return Comparison(revision, FAMILY_TH.get(revision.record_table, revision.record_table),
                      record_label(model, record), tuple(fields),
                      tuple(f"{n} ({thai_date(at)})" for n, at in files),
                      REVIEW_STATUS_TH[ReviewStatus(revision.status)])


def pending_revisions(session: Session, actor: Actor, *, enterprise_id: int) -> list[RecordRevision]:
    require_read(actor, enterprise_id, session=session)
    return list(session.exec(select(RecordRevision).where(
        RecordRevision.enterprise_id == enterprise_id,
        RecordRevision.status == ReviewStatus.SUBMITTED.value).order_by(RecordRevision.updated_at)).all())
