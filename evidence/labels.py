"""Thai labels of every coded value users pick (forms, Excel drop-downs, tables).

The models keep most label maps beside their enums; the few enums without one get theirs here, so a
page or a workbook never shows a bare code.
"""

from enum import StrEnum

from evidence.models.base import LAWFUL_BASIS_TH, REVIEW_STATUS_TH, LawfulBasis, ReviewStatus
from evidence.models.complaints import COMPLAINT_STAGE_TH, ComplaintStage
from evidence.models.customers import (
    ACTION_KIND_TH,
    LIFECYCLE_TH,
    REPORT_RECIPIENT_TH,
    VOC_ASPECT_TH,
    VOC_KIND_TH,
    VOC_STATUS_TH,
    ActionKind,
    ActionSource,
    ActionStatus,
    LifecycleGroup,
    ReportRecipient,
    VocAspect,
    VocKind,
    VocStatus,
)
from evidence.models.documents import DOCUMENT_KIND_TH, READING_STATE_TH, DocumentKind, ReadingState
from evidence.models.governance import (
    BODY_KIND_TH,
    MONITORING_SUBJECT_TH,
    BodyKind,
    MonitoringSubject,
)
from evidence.models.innovation import PROJECT_KIND_TH, PROJECT_STATUS_TH, ProjectKind, ProjectStatus
from evidence.models.org import UNIT_KIND_TH, UnitKind
from evidence.models.plans import CASCADE_TARGET_TH, PLAN_KIND_TH, CascadeTarget, PlanKind
from evidence.models.service import SERVICE_KIND_TH, ServiceKind
from evidence.models.stakeholders import (
    ENGAGEMENT_TH,
    IMPORTANCE_TH,
    PLAN_SOURCE_TH,
    PRIORITY_ZONE_TH,
    RISK_LEVEL_TH,
    STAKEHOLDER_STATUS_TH,
    EngagementLevel,
    Importance,
    PlanSource,
    Polarity,
    PriorityZone,
    RiskLevel,
    SourceKind,
    StakeholderStatus,
)
from evidence.models.surveys import (
    CONDUCTOR_TH,
    SURVEY_KIND_TH,
    SURVEY_SCOPE_TH,
    Conductor,
    SurveyKind,
    SurveyScope,
)

POLARITY_TH = {Polarity.POSITIVE: "เชิงบวก", Polarity.NEGATIVE: "เชิงลบ"}
SOURCE_KIND_TH = {SourceKind.PRIMARY: "ปฐมภูมิ", SourceKind.SECONDARY: "ทุติยภูมิ"}
ACTION_STATUS_TH = {
    ActionStatus.PLANNED: "วางแผนแล้ว",
    ActionStatus.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    ActionStatus.DONE: "ดำเนินการแล้วเสร็จ",
}
ACTION_SOURCE_TH = {
    ActionSource.VOC: "เสียงของลูกค้า (VOC)",
    ActionSource.VOS: "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)",
    ActionSource.SURVEY: "ผลสำรวจความพึงพอใจ/ความผูกพัน",
    ActionSource.COMPLAINT: "ข้อร้องเรียน",
}

ENUM_LABELS: dict[type[StrEnum], dict] = {  # type: ignore[type-arg]
    PlanSource: PLAN_SOURCE_TH,
    ReportRecipient: REPORT_RECIPIENT_TH,
    ProjectKind: PROJECT_KIND_TH,
    ProjectStatus: PROJECT_STATUS_TH,
    ReviewStatus: REVIEW_STATUS_TH,
    LawfulBasis: LAWFUL_BASIS_TH,
    UnitKind: UNIT_KIND_TH,
    StakeholderStatus: STAKEHOLDER_STATUS_TH,
    Importance: IMPORTANCE_TH,
    EngagementLevel: ENGAGEMENT_TH,
    PriorityZone: PRIORITY_ZONE_TH,
    RiskLevel: RISK_LEVEL_TH,
    Polarity: POLARITY_TH,
    SourceKind: SOURCE_KIND_TH,
    VocAspect: VOC_ASPECT_TH,
    VocKind: VOC_KIND_TH,
    VocStatus: VOC_STATUS_TH,
    LifecycleGroup: LIFECYCLE_TH,
    ActionKind: ACTION_KIND_TH,
    ActionSource: ACTION_SOURCE_TH,
    ActionStatus: ACTION_STATUS_TH,
    DocumentKind: DOCUMENT_KIND_TH,
    ReadingState: READING_STATE_TH,
    ComplaintStage: COMPLAINT_STAGE_TH,
    ServiceKind: SERVICE_KIND_TH,
    BodyKind: BODY_KIND_TH,
    MonitoringSubject: MONITORING_SUBJECT_TH,
    PlanKind: PLAN_KIND_TH,
    CascadeTarget: CASCADE_TARGET_TH,
    SurveyKind: SURVEY_KIND_TH,
    Conductor: CONDUCTOR_TH,
    SurveyScope: SURVEY_SCOPE_TH,
}


def enum_labels(enum: type[StrEnum]) -> dict[str, str]:
    """code → Thai label for every member of `enum` (the code itself where no label is known)."""
    known = ENUM_LABELS.get(enum, {})
    return {member.value: str(known.get(member, member.value)) for member in enum}


def label_of(enum: type[StrEnum], code: object) -> str:
    if code is None:
        return ""
    value = code.value if isinstance(code, StrEnum) else str(code)
    return enum_labels(enum).get(value, value)
