"""All tables. Importing this package registers every model on SQLModel.metadata (Alembic needs it)."""

from evidence.models.assessment import (
    AssessorLevel,
    CriteriaVersionRecord,
    ItemClaim,
    ItemComment,
    ItemReview,
)
from evidence.models.complaints import ComplaintCase, ComplaintChannel, ComplaintStandard
from evidence.models.customers import (
    CustomerSegment,
    ImprovementAction,
    ListeningChannel,
    VocAspectRanking,
    VocRecord,
    VocReport,
)
from evidence.models.cycles import DivisionRequest, OutboxMessage, RecordRevision, Submission
from evidence.models.documents import (
    ApprovalDocument,
    Document,
    DocumentVersion,
    FilePassage,
    FileReading,
)
from evidence.models.files import EvidenceFile, EvidenceLink
from evidence.models.governance import Approval, GoverningBody, MonitoringMinute
from evidence.models.innovation import DevelopmentProject
from evidence.models.jobs import Job
from evidence.models.org import AssessmentYear, Enterprise, OrgUnit
from evidence.models.pdpa import BreachRecord, DataSubjectRequest
from evidence.models.plans import PlanKpi, StrategyPlan
from evidence.models.search import SearchDoc
from evidence.models.service import ServiceStandard
from evidence.models.shared_pass import SharedPart
from evidence.models.stakeholders import (
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    StakeholderIssue,
    VoiceOfStakeholder,
)
from evidence.models.surveys import Survey
from evidence.models.targets import TopicTarget
from evidence.models.teams import WorkingGroup, WorkingGroupMember
from evidence.models.users import AssessorAssignment, AuditLog, User

__all__ = [
    "Approval",
    "ApprovalDocument",
    "AssessmentYear",
    "AssessorAssignment",
    "AssessorLevel",
    "AuditLog",
    "BreachRecord",
    "ComplaintCase",
    "ComplaintChannel",
    "ComplaintStandard",
    "CriteriaVersionRecord",
    "CustomerSegment",
    "DevelopmentProject",
    "DataSubjectRequest",
    "DivisionRequest",
    "Document",
    "DocumentVersion",
    "Enterprise",
    "EvidenceFile",
    "EvidenceLink",
    "FilePassage",
    "FileReading",
    "GoverningBody",
    "ImprovementAction",
    "ItemClaim",
    "ItemComment",
    "ItemReview",
    "ListeningChannel",
    "VocAspectRanking",
    "WorkingGroup",
    "WorkingGroupMember",
    "Job",
    "MonitoringMinute",
    "OrgUnit",
    "OutboxMessage",
    "PlanKpi",
    "RecordRevision",
    "RelationshipActivity",
    "RelationshipPlan",
    "RelationshipRisk",
    "SearchDoc",
    "ServiceStandard",
    "SharedPart",
    "Stakeholder",
    "Submission",
    "StakeholderIssue",
    "StrategyPlan",
    "Survey",
    "TopicTarget",
    "User",
    "VocRecord",
    "VocReport",
    "VoiceOfStakeholder",
]
