"""The evidence the rules read: aggregates of one enterprise (or one line) in one assessment year.

A snapshot holds counts, code sets and small per-unit or per-document tuples, never the rows
themselves (there may be 500,000 VOC records): `evidence.snapshot.build_snapshot` computes it with
SQL aggregates, tests build it by hand. Codes are those of `criteria.vocabulary`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ClaimState = Literal["claimed", "accepted", "needs_more", "rejected"]


@dataclass(frozen=True)
class EvidenceRef:
    """A record (table + id) shown as `label`, with the ids of the evidence files linked to it."""

    table: str
    record_id: int | str
    label: str
    file_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class FileFact:
    """An evidence file as an assessor cites it: name, SHA-256 and how its text was read."""

    id: int
    name: str
    sha256: str
    pages: int | None = None
    reading: str = "pending"  # vocabulary.READING_STATES: read, ocr, scanned_unread, failed, pending

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class Citation:
    """What a verdict rests on, traceable by an assessor (issue 11 §5).

    `kind`: document (a register document version), approval (a resolution of a body at a meeting),
    record (a register row, with its `code`, that passes or fails), file (an evidence file) or passage
    (a place inside a file that supports a declared fact). `verdict` is "pass" or "fail" for register
    rows a rule read, None where the citation only shows where evidence is.
    """

    kind: Literal["document", "approval", "record", "file", "passage"]
    label: str
    table: str | None = None
    record_id: int | None = None
    code: str | None = None
    document: str | None = None
    version: str | None = None
    locator: str | None = None  # "หน้า 3", "ย่อหน้า 12", "หัวข้อ 2.1"
    quote: str | None = None
    body: str | None = None
    meeting_no: str | None = None
    meeting_date: date | None = None
    file_id: int | None = None
    file_name: str | None = None
    sha256: str | None = None
    verdict: Literal["pass", "fail"] | None = None

    @property
    def short_hash(self) -> str | None:
        return self.sha256[:12] if self.sha256 else None


@dataclass(frozen=True)
class OrgUnit:
    """A unit; `line_id` is the line (สายงาน reporting to the top executive) it rolls up to."""

    id: int
    name: str
    line_id: int
    is_line: bool


@dataclass(frozen=True)
class UnitStakeholders:
    """Stakeholder-management aggregates of one unit (S1, S3, S5, S7, S10)."""

    unit_id: int
    profiles: int = 0
    missing_fields: Mapping[str, int] = field(default_factory=dict)  # field code → profiles lacking it
    review_age_months: Mapping[int, int] = field(default_factory=dict)  # months since review → profiles
    never_reviewed: int = 0
    carried_unreviewed: int = 0  # profiles carried from last year and not reviewed since (S1)
    vos: int = 0
    vos_by_polarity: Mapping[str, int] = field(default_factory=dict)  # positive / negative
    vos_by_source: Mapping[str, int] = field(default_factory=dict)  # primary / secondary
    internal_profiles: int = 0  # internal units and staff groups named as stakeholders
    internal_at_issue: int = 0  # internal stakeholders the line rates very important, with open issues
    internal_at_issue_with_plan: int = 0  # … with a plan that counts (own, or an aligned unit plan: S8)
    internal_without_plan: tuple[EvidenceRef, ...] = ()  # the first few, for the reason
    risks: int = 0
    risk_scores: Mapping[int, tuple[int, int]] = field(default_factory=dict)  # impact × likelihood → (risks, covered)
    uncovered_risks: tuple[tuple[int, EvidenceRef], ...] = ()  # (score, risk) without ERM link or own plan, worst first


@dataclass(frozen=True)
class RelationshipPlanFact:
    """A relationship plan (S8): its own, or an existing unit plan reused, and the results it reports."""

    ref: EvidenceRef
    source: str  # evidence.models.stakeholders.PlanSource: own / customer_relationship / staff_communication / …
    aligned: bool = False  # an existing unit plan aligned with the stakeholder strategy
    stakeholder_id: int | None = None
    unit_id: int | None = None
    activities: int = 0
    with_results: int = 0  # activities whose result is recorded (once, for the SM and the CM view)

    @property
    def counts(self) -> bool:
        return self.source == "own" or self.aligned


@dataclass(frozen=True)
class WorkingGroupFact:
    """A stakeholder-management working group (S9) and the units its members represent."""

    ref: EvidenceRef
    member_unit_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ProjectFact:
    """A product/service development or innovation project (P4) and the facts it records."""

    ref: EvidenceRef
    kind: str  # development / innovation
    status: str  # planned / in_progress / done
    facts: frozenset[str] = frozenset()  # vocabulary.PROJECT_FACTS it holds
    owner_unit_id: int | None = None


@dataclass(frozen=True)
class Approval:
    """One approval of a document: by a board, a committee (with its C2 facts), or the executive."""

    body_kind: str | None  # board / committee / executive; None: a signature without a meeting
    body_name: str = ""
    has_board_representative: bool = False
    formally_delegated: bool = False
    duties_defined: bool = False
    governor_signed: bool = False
    on: date | None = None
    ref: EvidenceRef | None = None
    meeting_no: str | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class DocumentFact:
    """The version in force of a register document, the subjects it counts for and its approvals.

    `components` are the declared facts that count (in the strict fact mode only those found in the
    text); `unsupported` declared facts whose readable text holds no supporting passage, `unverifiable`
    declared facts of a version with no readable file; `support` the passage found for each fact.
    """

    ref: EvidenceRef
    kind: str  # the document's own kind, e.g. good_governance, complaint_policy, customer_strategy
    subjects: frozenset[str] = frozenset()  # codes of vocabulary.DOCUMENT_SUBJECTS it counts for
    components: frozenset[str] = frozenset()  # vocabulary.CHARTER_COMPONENTS and LIFE_CYCLE_STAGES
    approvals: tuple[Approval, ...] = ()
    published: bool = False
    in_customer_strategy: bool = False  # complaint improvement plans are in the strategy (C10)
    owner_unit_id: int | None = None
    code: str = ""
    version: str = ""
    effective_on: date | None = None
    review_due_on: date | None = None
    declared: frozenset[str] = frozenset()
    unsupported: frozenset[str] = frozenset()
    unverifiable: frozenset[str] = frozenset()
    support: Mapping[str, "Citation"] = field(default_factory=dict)
    citations: tuple["Citation", ...] = ()  # the version itself, its approvals and its files
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanFact:
    """A strategy or action plan (CM 1.1) and where its KPIs are cascaded."""

    ref: EvidenceRef
    kind: str  # vocabulary.PLAN_KINDS
    components_complete: bool = False
    communicated: bool = False
    cascade_targets: frozenset[str] = frozenset()  # vocabulary.CASCADE_TARGETS
    improvement_topics: frozenset[str] = frozenset()  # vocabulary.IMPROVEMENT_TOPICS (C10)


@dataclass(frozen=True)
class MeetingFact:
    """Minutes of a meeting in the year that monitored the given subjects (C9)."""

    ref: EvidenceRef
    body_kind: str
    subjects: frozenset[str]
    on: date | None = None


@dataclass(frozen=True)
class SurveyFact:
    """A survey in the year (C8, C12)."""

    ref: EvidenceRef
    scope: str  # annual_major / after_service / point_of_service
    conductor: str  # external / in_house
    measures: frozenset[str] = frozenset()  # vocabulary.SURVEY_MEASURES; empty for a method review
    segment_codes: frozenset[str] = frozenset()
    completed_on: date | None = None  # checked against the year's bounds (a fact belongs to its year)


@dataclass(frozen=True)
class ChannelFact:
    """A listening channel of the register and whom it reaches (C11)."""

    ref: EvidenceRef
    kind: str
    is_digital: bool = False
    groups: frozenset[str] = frozenset()  # vocabulary.CUSTOMER_GROUPS
    segment_codes: frozenset[str] = frozenset()
    owner_unit_id: int | None = None


@dataclass(frozen=True)
class SegmentStats:
    """Customer segments of the year (P2)."""

    total: int = 0
    target_codes: frozenset[str] = frozenset()
    without_variables: tuple[EvidenceRef, ...] = ()
    without_profile: tuple[EvidenceRef, ...] = ()  # needs, expectations or risks missing


@dataclass(frozen=True)
class VocStats:
    """Voice-of-customer records by aspect and the quarterly VOC reports (C7, P3)."""

    total: int = 0
    by_aspect: Mapping[str, int] = field(default_factory=dict)
    reports: tuple[tuple[int, EvidenceRef], ...] = ()  # (quarter 1–4, report)
    report_recipients: Mapping[int, frozenset[str]] = field(default_factory=dict)  # quarter → recipient codes
    rankings: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # segment code or "" → aspect → rank
    ranking_refs: tuple[EvidenceRef, ...] = ()

    @property
    def report_quarters(self) -> frozenset[int]:
        return frozenset(q for q, _ in self.reports)


@dataclass(frozen=True)
class ActionStat:
    """How many improvement actions of a source and kind exist, and how many are done (U1)."""

    source: str  # vocabulary.ACTION_SOURCES
    kind: str  # vocabulary.ACTION_KINDS
    total: int
    done: int
    examples: tuple[EvidenceRef, ...] = ()  # the first few actions, for the evidence list
    facts: Mapping[frozenset[str], int] = field(default_factory=dict)  # vocabulary.ACTION_FACTS held → actions

    def with_facts(self, needs: frozenset[str]) -> int:
        """How many actions hold every fact in `needs` ("done" is the status)."""
        if not needs:
            return self.total
        if needs == {"done"} and not self.facts:
            return self.done
        return sum(n for held, n in self.facts.items() if needs <= held)


@dataclass(frozen=True)
class ServiceTimes:
    """Service-time standards of core and support services (C9)."""

    core: int = 0
    support: int = 0


@dataclass(frozen=True)
class StageStat:
    """One complaint stage: its time standard and the cases measured against it (P5)."""

    stage: str  # vocabulary.COMPLAINT_STAGES
    standard_hours: float | None
    measured: int = 0  # cases that reached the stage, or are overdue without reaching it
    within: int = 0


@dataclass(frozen=True)
class UnitComplaints:
    unit_id: int
    cases: int
    stages: tuple[StageStat, ...]


@dataclass(frozen=True)
class ComplaintStats:
    """Complaint channels, stage standards and the share of cases within them (C13, P5)."""

    channels: tuple[EvidenceRef, ...] = ()
    cases: int = 0
    stages: tuple[StageStat, ...] = ()
    by_unit: tuple[UnitComplaints, ...] = ()


@dataclass(frozen=True)
class Claim:
    """The planning team's claim that a judgement item is met, and the assessor's state of it."""

    item_id: str
    state: ClaimState
    text: str = ""
    evidence: tuple[EvidenceRef, ...] = ()
    unit_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssessorNote:
    """An assessor's level for a sub-topic with the rationale; shown beside the computed level."""

    level: float
    rationale: str


@dataclass(frozen=True)
class EvidenceSnapshot:
    """Everything scoring reads for one scope (the enterprise, or one line when `division_id` is set).

    `fact_mode` is the year's setting for declared facts without a supporting passage: "declared"
    (they count, with a warning) or "strict" (they do not count).
    """

    enterprise_id: int
    year: int
    enterprise_name: str = ""
    division_id: int | None = None
    scope_name: str = "ทั้งองค์กร"
    as_of: date | None = None
    year_bounds: tuple[date, date] | None = None  # first and last day of the assessment year
    units: tuple[OrgUnit, ...] = ()
    stakeholders: tuple[UnitStakeholders, ...] = ()
    documents: tuple[DocumentFact, ...] = ()
    plans: tuple[PlanFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()
    surveys: tuple[SurveyFact, ...] = ()
    channels: tuple[ChannelFact, ...] = ()
    segments: SegmentStats = field(default_factory=SegmentStats)
    voc: VocStats = field(default_factory=VocStats)
    actions: tuple[ActionStat, ...] = ()
    service_times: ServiceTimes = field(default_factory=ServiceTimes)
    complaints: ComplaintStats = field(default_factory=ComplaintStats)
    relationship_plans: tuple[RelationshipPlanFact, ...] = ()
    working_groups: tuple[WorkingGroupFact, ...] = ()
    projects: tuple[ProjectFact, ...] = ()
    claims: Mapping[str, Claim] = field(default_factory=dict)
    assessor_levels: Mapping[str, AssessorNote] = field(default_factory=dict)
    files: Mapping[int, FileFact] = field(default_factory=dict)
    fact_mode: str = "declared"

    def unit_name(self, unit_id: int | None) -> str:
        """The unit's Thai name (or its id when the unit is not in this snapshot)."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit.name
        return f"หน่วยงาน #{unit_id}" if unit_id is not None else "ระดับองค์กร"

    def lines(self) -> tuple[OrgUnit, ...]:
        """The lines of business reporting to the top executive, within this snapshot's scope."""
        return tuple(u for u in self.units if u.is_line)

    def line_of(self, unit_id: int) -> int:
        for unit in self.units:
            if unit.id == unit_id:
                return unit.line_id
        return unit_id
