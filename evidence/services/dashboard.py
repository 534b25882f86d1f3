"""What the executive dashboard shows, aggregated in SQL (there may be 500,000 VOC rows).

- `complaint_quarters`: complaint cases within the time standard of each stage (receive, acknowledge,
  respond, resolve; P5, ISO 10002), per quarter of the assessment year.
- `voc_volume`: VOC records and their priorities by quarter, aspect (C7) and customer segment.
- `survey_status`: whether the annual major survey by an external consultant is done (C8).
- `completeness`: lines of business × record families, what each line still owes.
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning, require_read
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, ValidationFailed
from evidence.models import (
    CustomerSegment,
    OrgUnit,
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    Survey,
    TopicTarget,
    VoiceOfStakeholder,
)
from evidence.models.base import ReviewStatus, utcnow
from evidence.models.complaints import COMPLAINT_STAGE_TH, ComplaintStage
from evidence.models.org import AssessmentYear, UnitKind
from evidence.models.surveys import Conductor, SurveyScope
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.evidence_pass import enterprise_version, evidence_pass
from evidence.services.org import find_year
from evidence.services.scoring import score_enterprise
from evidence.services.summary import family_counts
from evidence.settings import get_settings
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
from evidence.thai_dates import bangkok_today

APPROVED = ReviewStatus.APPROVED.value
PROFILE_MAX_AGE_DAYS = 365
HIGH_RISK_SCORE = 10  # impact × likelihood from "high" up (evidence.models.stakeholders.risk_level)


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


# ----------------------------------------------------------------------------- completeness heatmap


@dataclass(frozen=True)
class Completeness:
    """One cell of the heatmap: `done` of `total` for a line and a record family; `owed` says what is missing."""

    line_id: int
    line: str
    family: str
    done: int
    total: int
    owed: str

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


FAMILIES = (
    "Stakeholder Profile",
    "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)",
    "แผนสร้างความสัมพันธ์",
    "ความเสี่ยงด้านความสัมพันธ์",
    "เสียงของลูกค้า (VOC)",
    "เรื่องร้องเรียน",
)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def _by_unit(session: Session, query: object) -> dict[int, tuple[int, ...]]:
    return {int(r[0]): tuple(int(v or 0) for v in r[1:]) for r in session.exec(query).all()}  # type: ignore[call-overload]


def _roll_up(per_unit: Mapping[int, tuple[int, ...]], line_of: Mapping[int, int], width: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for unit_id, values in per_unit.items():
        line = line_of.get(unit_id)
        if line is None:
            continue
        sums = out.setdefault(line, [0] * width)
        for i, v in enumerate(values):
            sums[i] += v
    return out


def _line_of_units(session: Session, enterprise_id: int) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """The active lines reporting to the top executive, and every unit's line (S3: departments roll up)."""
    units = session.exec(
        select(OrgUnit.id, OrgUnit.name_th, OrgUnit.kind, OrgUnit.parent_id, OrgUnit.reports_to_top, OrgUnit.active)
        .where(OrgUnit.enterprise_id == enterprise_id).order_by(OrgUnit.code)
    ).all()
    parent = {u[0]: u[3] for u in units}
    kind = {u[0]: u[2] for u in units}
    lines = [(int(u[0]), str(u[1])) for u in units if u[2] == UnitKind.LINE and u[4] and u[5]]
    line_ids = {lid for lid, _ in lines}
    line_of: dict[int, int] = {}
    for uid in parent:
        current: int | None = uid
        seen: set[int] = set()
        while current is not None and kind.get(current) != UnitKind.LINE and current not in seen:
            seen.add(current)
            current = parent.get(current)
        if current in line_ids:
            line_of[uid] = current  # type: ignore[assignment]
    return lines, line_of


def _profile_counts(session: Session, cycle: AssessmentYear) -> dict[int, tuple[int, ...]]:
    """Per unit: profiles, complete and current ones, with VOS, to manage closely, those with a plan."""
    enterprise_id, year = cycle.enterprise_id, cycle.year
    reviewed_since = _months_before(min(bangkok_today(), cycle.bounds()[1]), get_settings().profile_max_age_months)
    complete = (
        (Stakeholder.status == APPROVED) & col(Stakeholder.role).is_not(None)
        & col(Stakeholder.key_issues).is_not(None) & col(Stakeholder.relationship_level).is_not(None)
        & (col(Stakeholder.representative_name).is_not(None) | col(Stakeholder.coordinator_name).is_not(None))
        & (col(Stakeholder.reviewed_on) >= reviewed_since)
    )
    important = (col(Stakeholder.interest) >= 3) & (col(Stakeholder.influence) >= 3)
    # Uncorrelated IN (…) lists: evaluated once, not once per profile.
    has_vos = col(Stakeholder.id).in_(select(VoiceOfStakeholder.stakeholder_id).where(
        VoiceOfStakeholder.enterprise_id == enterprise_id, VoiceOfStakeholder.year == year,
        VoiceOfStakeholder.status == APPROVED,
    ))
    has_plan = col(Stakeholder.id).in_(select(RelationshipPlan.stakeholder_id).where(
        RelationshipPlan.enterprise_id == enterprise_id, RelationshipPlan.year == year,
        RelationshipPlan.status == APPROVED, col(RelationshipPlan.stakeholder_id).is_not(None),
    ))
    return _by_unit(session, select(
        Stakeholder.org_unit_id, func.count(), func.sum(case((complete, 1), else_=0)),
        func.sum(case((has_vos, 1), else_=0)), func.sum(case((important, 1), else_=0)),
        func.sum(case((important & has_plan, 1), else_=0)),
    ).where(Stakeholder.enterprise_id == enterprise_id, Stakeholder.year == year).group_by(Stakeholder.org_unit_id))


def _risk_counts(session: Session, cycle: AssessmentYear) -> dict[int, tuple[int, ...]]:
    """Per unit: high relationship risks, and those approved with a reference into the enterprise risk plan."""
    high = (col(RelationshipRisk.impact) * col(RelationshipRisk.likelihood)) >= HIGH_RISK_SCORE
    linked = high & col(RelationshipRisk.erm_reference).is_not(None) & (RelationshipRisk.status == APPROVED)
    return _by_unit(session, select(
        RelationshipRisk.org_unit_id, func.sum(case((high, 1), else_=0)), func.sum(case((linked, 1), else_=0)),
    ).where(RelationshipRisk.enterprise_id == cycle.enterprise_id, RelationshipRisk.year == cycle.year)
        .group_by(RelationshipRisk.org_unit_id))


def _completeness(
    session: Session, cycle: AssessmentYear, voc: Sequence[VocGroup], cases: ComplaintScan
) -> list[Completeness]:
    lines, line_of = _line_of_units(session, cycle.enterprise_id)
    voc_units: dict[int, tuple[int, int]] = {}
    for g in voc:
        total, ok = voc_units.get(g.unit_id, (0, 0))
        voc_units[g.unit_id] = (total + g.records, ok + (g.records if g.approved else 0))
    case_units: dict[int, tuple[int, int]] = {}
    for unit_id, _quarter, values in cases.rows:
        total, ok = case_units.get(unit_id, (0, 0))
        case_units[unit_id] = (total + values[0], ok + values[1])
    per_line_profiles = _roll_up(_profile_counts(session, cycle), line_of, 5)
    per_line_risks = _roll_up(_risk_counts(session, cycle), line_of, 2)
    per_line_voc = _roll_up(voc_units, line_of, 2)
    per_line_cases = _roll_up(case_units, line_of, 2)
    out: list[Completeness] = []
    for line_id, name in lines:
        n, ok, with_vos, imp, imp_plan = per_line_profiles.get(line_id, [0] * 5)
        high_n, high_linked = per_line_risks.get(line_id, [0, 0])
        voc_n, voc_ok = per_line_voc.get(line_id, [0, 0])
        case_n, case_ok = per_line_cases.get(line_id, [0, 0])
        cells = [
            (ok, max(n, 1), "ยังไม่มี Stakeholder Profile ของสายงาน" if n == 0 else
             f"Profile ที่ยังไม่ครบ/ไม่ทบทวนใน 12 เดือนหรือยังไม่อนุมัติ {n - ok:,} จาก {n:,} รายการ"),
            (with_vos, n, f"Profile ที่ยังไม่มี VOS ในปีนี้ {n - with_vos:,} จาก {n:,} รายการ"),
            (imp_plan, imp, f"ผู้มีส่วนได้ส่วนเสียที่ต้องบริหารใกล้ชิดแต่ยังไม่มีแผน {imp - imp_plan:,} จาก {imp:,} ราย"),
            (high_linked, high_n,
             f"ความเสี่ยงระดับสูงที่ยังไม่เชื่อมแผนบริหารความเสี่ยงองค์กร {high_n - high_linked:,} จาก {high_n:,} รายการ"),
            (voc_ok, voc_n, f"VOC ที่ยังไม่อนุมัติ {voc_n - voc_ok:,} จาก {voc_n:,} รายการ"),
            (case_ok, case_n,
             f"เรื่องร้องเรียนที่ยังบันทึกเวลาไม่ครบทุกขั้นตอนหรือยังไม่อนุมัติ {case_n - case_ok:,} จาก {case_n:,} เรื่อง"),
        ]
        for family, (done, total, owed) in zip(FAMILIES, cells, strict=True):
            out.append(Completeness(line_id, name, family, done, total, owed if done < total else "ครบถ้วน"))
    return out


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
    return shared.get("completeness", lambda: _completeness(
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
            shared.get("completeness", lambda: _completeness(session, cycle, voc, cases)),
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
