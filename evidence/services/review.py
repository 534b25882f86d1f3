"""The review queue: records divisions submitted, across every reviewed family, for the planning team
to approve or return with a comment (`evidence.services.records.set_review_status` does the change).
Scoring counts approved records only; drafts stay visible to the division that owns them.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, literal, union_all
from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor, require_read
from evidence.models import (
    Approval,
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    DocumentVersion,
    ImprovementAction,
    ListeningChannel,
    MonitoringMinute,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StrategyPlan,
    Survey,
    VocAspectRanking,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
    WorkingGroup,
)
from evidence.models.base import ReviewStatus
from evidence.services.records import UNIT_FIELDS, table_of

if TYPE_CHECKING:
    from evidence.services.missing import MissingItem, Scope

REVIEWED_BY_TOPIC: dict[str, tuple[type[SQLModel], ...]] = {
    "stakeholders": (Stakeholder, VoiceOfStakeholder),
    "relationships": (RelationshipPlan, RelationshipRisk, WorkingGroup),
    "segments": (CustomerSegment, ListeningChannel),
    "voc": (VocRecord, VocReport, VocAspectRanking, ImprovementAction),
    "service": (ServiceStandard,),
    "complaints": (ComplaintChannel, ComplaintStandard, ComplaintCase),
    "approvals": (Approval, MonitoringMinute),
    "documents": (DocumentVersion,),
    "surveys": (Survey,),
    "projects": (DevelopmentProject,),
    "plans": (StrategyPlan,),
}
REVIEWED: tuple[type[SQLModel], ...] = tuple(m for models in REVIEWED_BY_TOPIC.values() for m in models)
BY_TABLE: dict[str, type[SQLModel]] = {table_of(m): m for m in REVIEWED}
FAMILY_TH: dict[str, str] = {
    "stakeholder": "Stakeholder Profile", "voiceofstakeholder": "VOS", "relationshipplan": "แผนสร้างความสัมพันธ์",
    "relationshiprisk": "ความเสี่ยงด้านความสัมพันธ์", "customersegment": "กลุ่มลูกค้า",
    "listeningchannel": "ช่องทางรับฟัง", "vocrecord": "VOC", "vocreport": "รายงาน VOC",
    "improvementaction": "การนำผลไปใช้", "documentversion": "ฉบับเอกสารในทะเบียน",
    "servicestandard": "มาตรฐานเวลาบริการ",
    "complaintchannel": "ช่องทางรับข้อร้องเรียน", "complaintstandard": "มาตรฐานเวลาข้อร้องเรียน",
    "complaintcase": "เรื่องร้องเรียน", "approval": "การอนุมัติ", "monitoringminute": "รายงานการประชุม",
    "survey": "การสำรวจ", "strategyplan": "แผนยุทธศาสตร์", "workinggroup": "คณะทำงาน",
    "vocaspectranking": "ลำดับความสำคัญ VOC", "developmentproject": "โครงการพัฒนาและนวัตกรรม",
}
_LABELS = ("code", "ref_no", "case_no", "title", "document_title", "group_name", "name_th", "service_name",
           "description", "meeting_no", "text")


@dataclass(frozen=True)
class QueueItem:
    table: str
    record_id: int
    version: int
    label: str
    unit_id: int | None
    status: str
    updated_by: str
    updated_at: datetime
    comment: str | None

    @property
    def family(self) -> str:
        return FAMILY_TH.get(self.table, self.table)


def record_label(model: type[SQLModel], record: object) -> str:
    """A short Thai-readable name of a record: its code, number or title."""
    return label_of({name: getattr(record, name, None) for name in label_fields(model)}, getattr(record, "id", ""))


def label_fields(model: type[SQLModel]) -> tuple[str, ...]:
    """The fields a record's label may come from, first choice first."""
    return tuple(name for name in _LABELS if name in model.model_fields)


def label_of(values: Mapping[str, object], record_id: object) -> str:
    """The label from a record's label fields (`label_fields`) as read from the database."""
    for value in values.values():
        if value:
            text = str(value)
            return text if len(text) <= 80 else text[:77] + "…"
    return f"#{record_id}"


def _unit_column(model: type[SQLModel]) -> object | None:
    return next((getattr(model, n) for n in UNIT_FIELDS if n in model.model_fields), None)


def _scoped(model: type[SQLModel], enterprise_id: int, year: int, unit_ids: frozenset[int] | None,
            statuses: Sequence[ReviewStatus]):  # noqa: ANN202
    query = select(model).where(model.enterprise_id == enterprise_id,  # type: ignore[attr-defined]
                                col(model.status).in_([s.value for s in statuses]))  # type: ignore[attr-defined]
    if "year" in model.model_fields:
        query = query.where(model.year == year)  # type: ignore[attr-defined]
    unit = _unit_column(model)
    if unit_ids is not None and unit is not None:
        query = query.where(col(unit).in_(unit_ids))  # type: ignore[arg-type]
    return query


def queue_counts(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, unit_ids: frozenset[int] | None = None,
    statuses: Sequence[ReviewStatus] = (ReviewStatus.SUBMITTED,),
) -> dict[str, int]:
    """Records waiting per family (Thai family name → count), one COUNT per family in one query."""
    require_read(actor, enterprise_id, session=session)
    parts = [select(literal(table_of(m)).label("t"), func.count().label("n")).select_from(
        _scoped(m, enterprise_id, year, unit_ids, statuses).subquery()) for m in REVIEWED]
    rows = session.exec(union_all(*parts)).all()  # type: ignore[call-overload]
    return {FAMILY_TH[t]: int(n) for t, n in rows if n}


def review_queue(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, unit_ids: frozenset[int] | None = None,
    statuses: Sequence[ReviewStatus] = (ReviewStatus.SUBMITTED,), tables: Iterable[str] | None = None,
    limit: int = 200,
) -> list[QueueItem]:
    """Records waiting for review (oldest change first), at most `limit` per family."""
    require_read(actor, enterprise_id, session=session)
    wanted = [BY_TABLE[t] for t in tables] if tables else list(REVIEWED)
    items: list[QueueItem] = []
    for model in wanted:
        query = _scoped(model, enterprise_id, year, unit_ids, statuses)
        for record in session.exec(query.order_by(model.updated_at).limit(limit)).all():  # type: ignore[attr-defined]
            unit = next((getattr(record, n) for n in UNIT_FIELDS if getattr(record, n, None) is not None), None)
            items.append(QueueItem(table_of(model), record.id, record.version, record_label(model, record), unit,
                                   str(record.status), record.updated_by, record.updated_at, record.review_comment))
    return sorted(items, key=lambda i: i.updated_at)


def record_details(session: Session, actor: Actor, model: type[SQLModel], record_id: int) -> list[tuple[str, str]]:
    """(Thai field label, value as a person reads it) of one record: unit names, ใช่/ไม่ใช่, Thai labels
    of codes, Buddhist-Era dates; personal data masked unless the actor may see it."""
    from evidence.masking import masked_row
    from evidence.services.records import get_record
    from evidence.services.revisions import HIDDEN, shown_value
    from evidence.validation import field_label

    row = masked_row(get_record(session, actor, model, record_id), actor)
    return [(field_label(model, name), shown_value(session, model, name, value)) for name, value in row.items()
            if name not in HIDDEN and name != "year" and value not in (None, "", [])]


def drafts_of(scope: "Scope", topic: str, models: Sequence[type[SQLModel]]) -> "list[MissingItem]":
    """Reminders that drafts and returned records of the scope do not count until approved."""
    from evidence.services.missing import MissingItem

    items = []
    for model in models:
        for status, text in ((ReviewStatus.DRAFT, "เป็นร่างที่ยังไม่ส่งตรวจ"),
                             (ReviewStatus.RETURNED, "ถูกส่งกลับให้แก้ไข")):
            query = _scoped(model, scope.enterprise_id, scope.year, scope.unit_ids, (status,))
            if scope.unit_ids is not None and _unit_column(model) is None:
                continue
            count = int(scope.session.exec(select(func.count()).select_from(query.subquery())).one())
            if count:
                family = FAMILY_TH[table_of(model)]
                items.append(MissingItem(topic, f"{family} {count:,} รายการ{text} (คะแนนนับเฉพาะข้อมูลที่อนุมัติแล้ว)",
                                         None, None, count))
    return items
