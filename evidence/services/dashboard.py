"""What the executive dashboard shows, aggregated in SQL (there may be 500,000 VOC rows).

- `complaint_quarters`: complaint cases within the time standard of each stage (receive, acknowledge,
  respond, resolve; P5, ISO 10002), per quarter of the assessment year.
- `voc_volume`: VOC records and their priorities by quarter, aspect (C7) and customer segment.
- `survey_status`: whether the annual major survey by an external consultant is done (C8).
- `completeness`: lines of business × record families, what each line still owes
  (`evidence.services.dashboard_completeness`).
- `overview`: the three above and the survey status with one pass over VOC and one over complaints.
- `year_over_year`: scores of the earlier assessment years that hold evidence.
- `topic_targets` / `set_topic_target`: the level the enterprise aims for on each topic.
- `data_version`: a cheap number that changes whenever this enterprise's evidence changes (its newest
  evidence write; sign-ins and refusals do not move it), for the page's caches.

Every figure comes from the enterprise's shared evidence pass (`evidence.services.evidence_pass`): the
VOC and complaint scans run once per data version for scoring and the dashboard alike, and the
overview is kept there for every reader; the access check stays per call.

Operational figures count approved records only, as scoring does; the completeness heatmap counts
drafts as still owed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from evidence.access import Actor, require_planning, require_read
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, ValidationFailed
from evidence.models import (
    CustomerSegment,
    Survey,
    TopicTarget,
)
from evidence.models.base import ReviewStatus, utcnow
from evidence.models.complaints import COMPLAINT_STAGE_TH, ComplaintStage
from evidence.models.org import AssessmentYear
from evidence.models.surveys import Conductor, SurveyScope
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.dashboard_completeness import FAMILIES, Completeness, completeness_cells  # noqa: F401  (FAMILIES: the page)
from evidence.services.evidence_pass import enterprise_version, evidence_pass
from evidence.services.org import find_year
from evidence.services.scoring import score_enterprise
from evidence.services.summary import family_counts
from evidence.snapshot_scans import (  # noqa: F401  (hours_between, scan_*: the dashboard's public names)
    ASPECTS,
    HIGH_PRIORITY,
    ComplaintScan,
    VocGroup,
    hours_between,
    scan_complaints,
    scan_voc,
    shared_complaints,
    shared_voc,
)

APPROVED = ReviewStatus.APPROVED.value
PROFILE_MAX_AGE_DAYS = 365


def _year(session: Session, actor: Actor, enterprise_id: int, year: int) -> AssessmentYear:
    require_read(actor, enterprise_id, session=session)
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise ValidationFailed([FieldProblem("year", f"ยังไม่ได้เปิดรอบการประเมินปี {year}", "ปีประเมิน (พ.ศ.)")])
    return cycle


def data_version(session: Session, actor: Actor, *, enterprise_id: int) -> int:
    """The id of the enterprise's newest evidence write (`evidence_pass.enterprise_version`): every write
    of its evidence through the services, imports, restores and erasures moves it; sign-ins, refusals and
    other enterprises' writes do not (two index look-ups)."""
    require_read(actor, enterprise_id, session=session)
    return enterprise_version(session, enterprise_id)[0]


# ----------------------------------------------------------------------------- complaints (P5)


@dataclass(frozen=True)
class StageQuarter:
    quarter: int
    stage: str
    stage_th: str
    standard_hours: float | None
    measured: int  # cases that reached the stage, or are overdue without reaching it
    within: int

    @property
    def share(self) -> float | None:
        return self.within / self.measured if self.measured else None


def _stage_quarters(scan: ComplaintScan) -> list[StageQuarter]:
    totals: dict[int, list[int]] = {q: [0] * (2 * len(scan.stages)) for q in (1, 2, 3, 4)}
    for _unit, quarter, values in scan.rows:
        for i, value in enumerate(values[ComplaintScan.FIRST_STAGE:]):
            totals[quarter][i] += value
    out = []
    for q in (1, 2, 3, 4):
        for stage in ComplaintStage:
            measured = within = 0
            if stage in scan.stages:
                i = scan.stages.index(stage) * 2
                measured, within = totals[q][i], totals[q][i + 1]
            out.append(StageQuarter(q, stage.value, COMPLAINT_STAGE_TH[stage], scan.standards.get(stage.value),
                                    measured, within))
    return out


def complaint_quarters(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> list[StageQuarter]:
    """Per quarter and stage: approved cases measured against the stage's time standard and those within it.

    As the scoring snapshot counts them (`evidence.snapshot`, P5): a case is measured at a stage once it
    reached it, or once the standard has passed without it (overdue at the end of the year, or today
    for the year under way); receiving is met by every recorded case (the receipt is its own time).
    """
    cycle = _year(session, actor, enterprise_id, year)
    return _stage_quarters(shared_complaints(evidence_pass(session, enterprise_id, year), session, cycle))


# ----------------------------------------------------------------------------- VOC (C7, P3)


@dataclass(frozen=True)
class VocCell:
    quarter: int
    aspect: str
    segment: str
    records: int
    high_priority: int  # priority 1–2
    priority_sum: int

    @property
    def mean_priority(self) -> float | None:
        return self.priority_sum / self.records if self.records else None


NO_SEGMENT = "ไม่ระบุกลุ่มลูกค้า"


def _voc_cells(session: Session, enterprise_id: int, groups: Sequence[VocGroup]) -> list[VocCell]:
    segments = dict(session.exec(
        select(CustomerSegment.id, CustomerSegment.name_th).where(CustomerSegment.enterprise_id == enterprise_id)
    ).all())
    cells: dict[tuple[int, str, str], list[int]] = {}
    for g in groups:
        if not g.approved:
            continue
        name = segments.get(g.segment_id, NO_SEGMENT) if g.segment_id is not None else NO_SEGMENT
        sums = cells.setdefault((g.quarter, g.aspect, name), [0, 0, 0])
        sums[0] += g.records
        sums[1] += g.high_priority
        sums[2] += g.priority_sum
    return [VocCell(q, a, seg, *sums) for (q, a, seg), sums in sorted(cells.items())]


def voc_volume(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> list[VocCell]:
    """Approved VOC records of the year by quarter × aspect × segment, with their priorities."""
    _year(session, actor, enterprise_id, year)
    return _voc_cells(session, enterprise_id, shared_voc(evidence_pass(session, enterprise_id, year), session,
                                                         enterprise_id, year))


# ----------------------------------------------------------------------------- surveys (C8)


@dataclass(frozen=True)
class SurveyRow:
    title: str
    kind: str
    conductor: str
    scope: str
    completed_on: date | None
    approved: bool


@dataclass(frozen=True)
class SurveyStatus:
    major_external_done: bool
    surveys: tuple[SurveyRow, ...]


def survey_status(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> SurveyStatus:
    """The year's surveys; done when an approved annual major survey by an external consultant is
    completed (C8: in-house surveys never substitute)."""
    _year(session, actor, enterprise_id, year)
    return _survey_status(session, enterprise_id, year)


def _survey_status(session: Session, enterprise_id: int, year: int) -> SurveyStatus:
    rows = session.exec(
        select(Survey.title, Survey.kind, Survey.conductor, Survey.scope, Survey.completed_on, Survey.status)
        .where(Survey.enterprise_id == enterprise_id, Survey.year == year).order_by(Survey.id)
    ).all()
    surveys = tuple(SurveyRow(t, str(k), str(c), str(s), d, str(st) == APPROVED) for t, k, c, s, d, st in rows)
    done = any(
        s.approved and s.scope == SurveyScope.ANNUAL_MAJOR and s.conductor == Conductor.EXTERNAL
        and s.completed_on is not None
        for s in surveys
    )
    return SurveyStatus(done, surveys)


def completeness(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> list[Completeness]:
    """Lines of business (departments rolled up, S3) × record families: what each line has and still owes.

    - Stakeholder Profile: approved profiles with role, key issues, relationship level and a
      representative or coordinator, reviewed within 12 months (S1); a line without any owes a set (S3).
    - VOS: profiles with at least one VOS in the year (S5).
    - Relationship plans: stakeholders to manage closely (interest and influence ≥ 3) with a plan (S7).
    - Relationship risks: high risks linked to the enterprise risk plan (S10).
    - VOC and complaints: records approved; complaint cases with every stage time recorded (P5).
    A family with nothing to judge on a line is left blank (None), except profiles.
    """
    cycle = _year(session, actor, enterprise_id, year)
    shared = evidence_pass(session, enterprise_id, year)
    return shared.get("completeness", lambda: completeness_cells(
        session, cycle, shared_voc(shared, session, enterprise_id, year), shared_complaints(shared, session, cycle)))


@dataclass(frozen=True)
class Overview:
    """Everything below the scores on the dashboard, from one pass over VOC and one over complaints."""

    complaints: list[StageQuarter]
    voc: list[VocCell]
    surveys: SurveyStatus
    completeness: list[Completeness]


def overview(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> Overview:
    """Kept in the enterprise's evidence pass: the first reader of a data version computes it (with the
    scans scoring shares), every later reader of any role gets the same object after its access check."""
    cycle = _year(session, actor, enterprise_id, year)
    shared = evidence_pass(session, enterprise_id, year)

    def compute() -> Overview:
        voc = shared_voc(shared, session, enterprise_id, year)
        cases = shared_complaints(shared, session, cycle)
        return Overview(
            _stage_quarters(cases), _voc_cells(session, enterprise_id, voc), _survey_status(session, enterprise_id, year),
            shared.get("completeness", lambda: completeness_cells(session, cycle, voc, cases)),
        )

    return shared.get("overview", compute)


# ----------------------------------------------------------------------------- year over year


@dataclass(frozen=True)
class YearScore:
    year: int
    score: float | None
    parts: tuple[tuple[str, float | None], ...]  # (SM, score), (CM, score)
    assessed: tuple[tuple[str, float | None, float], ...] = ()  # (sub-topic, computed level, assessor's level)


def year_over_year(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, claim_mode: str | None = None
) -> list[YearScore]:
    """Scores of the assessment years before `year` that hold any evidence, oldest first (each scored
    with the criteria version and method it pins)."""
    require_read(actor, enterprise_id, session=session)
    earlier = session.exec(
        select(AssessmentYear.year).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year < year)
        .order_by(AssessmentYear.year)
    ).all()
    out = []
    for past in earlier:
        if not any(family_counts(session, actor, enterprise_id=enterprise_id, year=past).values()):
            continue
        result = score_enterprise(session, actor, enterprise_id=enterprise_id, year=past, claim_mode=claim_mode)
        out.append(YearScore(past, result.score, tuple((p.code, p.score) for p in result.parts),
                             tuple((s.code, s.level, s.assessor_level) for s in result.subtopics()
                                   if s.assessor_level is not None)))
    return out


# ----------------------------------------------------------------------------- targets per topic


def topic_targets(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, float]:
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(
        select(TopicTarget.topic_code, TopicTarget.target_level)
        .where(TopicTarget.enterprise_id == enterprise_id, TopicTarget.year == year)
    ).all()
    return {code: float(level) for code, level in rows}


def set_topic_target(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, topic_code: str, target_level: float
) -> TopicTarget:
    """The planning team sets the level the enterprise aims for on a topic (0–5); audited."""
    require_planning(actor, enterprise_id, session=session)
    criteria = resolve_criteria(session, _year(session, actor, enterprise_id, year).criteria_version)
    problems = []
    if topic_code not in {t.code for p in criteria.parts for t in p.topics}:
        problems.append(FieldProblem("topic_code", f"ไม่พบหัวข้อ '{topic_code}' ในเกณฑ์ฉบับ {criteria.version}", "หัวข้อ"))
    if not 0 <= float(target_level) <= criteria.scoring.scale:
        problems.append(FieldProblem("target_level", f"ระดับเป้าหมายต้องอยู่ระหว่าง 0 ถึง {criteria.scoring.scale}",
                                     "ระดับเป้าหมาย"))
    if problems:
        raise ValidationFailed(problems)
    row = session.exec(
        select(TopicTarget).where(TopicTarget.enterprise_id == enterprise_id, TopicTarget.year == year,
                                  TopicTarget.topic_code == topic_code)
    ).first()
    before = snapshot_of(row) if row is not None else None
    now = utcnow()
    if row is None:
        row = TopicTarget(enterprise_id=enterprise_id, year=year, topic_code=topic_code,
                          target_level=float(target_level), created_by=actor.username, updated_by=actor.username,
                          created_at=now, updated_at=now)
        session.add(row)
    else:
        row.target_level, row.updated_by, row.updated_at = float(target_level), actor.username, now
    session.flush()
    record_audit(session, actor, "create" if before is None else "update", enterprise_id=enterprise_id,
                 table_name="topictarget", record_id=row.id, before=before, after=snapshot_of(row),
                 summary=f"{topic_code} = {target_level:g}")
    return row
