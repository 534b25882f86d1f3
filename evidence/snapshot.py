"""Build the evidence snapshot the scoring engine reads: SQL aggregates, never all rows.

`build_snapshot(session, enterprise_id=…, year=…)` runs one GROUP BY / COUNT query per family of
records (the 500,000 VOC records and 200,000 complaint cases of a large enterprise stay in the
database) and returns a frozen `criteria.snapshot.EvidenceSnapshot`. Records with a review status
count only when approved (unless `approved_only=False`). With `division_id` the snapshot covers that
line and its departments; enterprise-wide records (policies, strategy, surveys, minutes, VOC reports,
records without a unit) are part of every line's snapshot.

Given the enterprise's shared evidence pass (`shared`, as scoring does), the VOC and complaint figures
come from the scans the dashboard shares (`evidence.snapshot_scans`: one pass over each per data
version, filtered here to the line's units) instead of scans of their own.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, true
from sqlmodel import Session, col, select

from criteria.snapshot import (
    ActionStat,
    ChannelFact,
    ComplaintStats,
    EvidenceRef,
    EvidenceSnapshot,
    FileFact,
    MeetingFact,
    OrgUnit,
    PlanFact,
    SegmentStats,
    ServiceTimes,
    StageStat,
    SurveyFact,
    UnitComplaints,
    UnitStakeholders,
    VocStats,
)
from criteria.vocabulary import COMPLAINT_STAGES, REPORT_RECIPIENTS, VOC_ASPECTS
from evidence.access import unit_scope
from evidence.errors import NotFound
from evidence.models import (
    AssessmentYear,
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    Enterprise,
    EvidenceFile,
    EvidenceLink,
    GoverningBody,
    ImprovementAction,
    ListeningChannel,
    MonitoringMinute,
    PlanKpi,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StakeholderIssue,
    StrategyPlan,
    Survey,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
)
from evidence.models import OrgUnit as OrgUnitRow
from evidence.services.assessment import snapshot_assessor_notes, snapshot_claims
from evidence.services.evidence_pass import EvidencePass
from evidence.snapshot_documents import RegisterScope, register_documents, year_start
from evidence.snapshot_families import aspect_rankings, projects, relationship_plans, working_groups
from evidence.snapshot_scans import ComplaintScan, VocGroup, shared_complaints, shared_voc
from evidence.thai_dates import bangkok_today

NAMED_ROWS = 5  # records named in a reason per unit (the rest are counted)
_SURVEY_MEASURES = {
    "satisfaction": {"satisfaction"},
    "dissatisfaction": {"dissatisfaction"},
    "engagement": {"engagement"},
    "combined": {"satisfaction", "dissatisfaction", "engagement"},
}
_STAGE_COLUMNS = {
    "acknowledge": ComplaintCase.acknowledged_at,
    "respond": ComplaintCase.responded_at,
    "resolve": ComplaintCase.resolved_at,
}


class _Scope:
    """The filters every query shares: enterprise, year, approval and the units in scope."""

    def __init__(
        self,
        session: Session,
        enterprise_id: int,
        year: int,
        unit_ids: frozenset[int] | None,
        approved_only: bool,
        voc_groups: tuple[VocGroup, ...] | None = None,
        complaint_scan: ComplaintScan | None = None,
        shared: EvidencePass | None = None,
    ):
        self.session, self.enterprise_id, self.year = session, enterprise_id, year
        self.unit_ids, self.approved_only = unit_ids, approved_only
        self.files = (shared.get("file_links", lambda: _file_links(session, enterprise_id)) if shared is not None
                      else _file_links(session, enterprise_id))  # the same for every line: read once per pass
        self.voc_groups, self.complaint_scan = voc_groups, complaint_scan  # from the shared pass, or None

    def has_unit(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids

    def approved(self, model: type) -> ColumnElement[bool]:
        return col(model.status) == "approved" if self.approved_only else true()  # type: ignore[attr-defined]

    def of_year(self, model: type) -> ColumnElement[bool]:
        enterprise, year = model.enterprise_id, model.year  # type: ignore[attr-defined]
        return and_(col(enterprise) == self.enterprise_id, col(year) == self.year, self.approved(model))

    def units(self, column: object, *, shared: bool = True) -> ColumnElement[bool]:
        """Rows of units in scope; with `shared`, rows without a unit (enterprise-wide) too."""
        if self.unit_ids is None:
            return true()
        in_scope = col(column).in_(self.unit_ids)  # type: ignore[arg-type]
        return or_(in_scope, col(column).is_(None)) if shared else in_scope  # type: ignore[arg-type]

    def ref(self, table: str, record_id: int | None, label: str) -> EvidenceRef:
        rid = int(record_id or 0)
        return EvidenceRef(table, rid, label, self.files.get((table, rid), ()))


def build_snapshot(
    session: Session,
    *,
    enterprise_id: int,
    year: int,
    division_id: int | None = None,
    approved_only: bool = True,
    as_of: date | None = None,
    shared: EvidencePass | None = None,
) -> EvidenceSnapshot:
    """Aggregates of one enterprise (or one line: `division_id`) in one assessment year (Buddhist Era).

    `as_of` (default: today, or the last day of the assessment year if that is earlier) dates the
    currency of profiles (S1) and decides when a complaint that has not reached a stage is overdue (P5).
    With `shared` (the enterprise's evidence pass) VOC and complaints are read from its scans.
    """
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส {enterprise_id}", field="enterprise_id")
    cycle = _cycle(session, enterprise_id, year)
    as_of = as_of or min(bangkok_today(), cycle.bounds()[1] if cycle is not None else date(year - 543, 9, 30))
    units = _units(session, enterprise_id, division_id)
    unit_ids = frozenset(u.id for u in units) if division_id is not None else None
    voc_groups = complaint_scan = None
    if shared is not None and approved_only and cycle is not None:
        voc_groups = shared_voc(shared, session, enterprise_id, year)
        complaint_scan = shared_complaints(shared, session, cycle)
        if complaint_scan.as_of != as_of:  # a snapshot dated otherwise counts overdue cases itself
            complaint_scan = None
    scope = _Scope(session, enterprise_id, year, unit_ids, approved_only, voc_groups, complaint_scan, shared)
    scope_name = next((u.name for u in units if u.id == division_id), "ทั้งองค์กร")
    first_day, last_day = cycle.bounds() if cycle is not None else (year_start(year), date(year - 543, 9, 30))
    fact_mode = str(cycle.fact_mode) if cycle is not None else "declared"
    documents, files = register_documents(RegisterScope(
        session, enterprise_id, year, first_day, last_day, as_of, unit_ids, approved_only, fact_mode))
    claims = snapshot_claims(session, enterprise_id=enterprise_id, year=year, division_id=division_id)
    claimed = {("file", int(r.record_id)): (int(r.record_id),) for c in claims.values() for r in c.evidence
               if r.table == "file" and str(r.record_id).isdigit()}
    files = {**_linked_files(session, enterprise_id, {**scope.files, **claimed}), **files}
    return EvidenceSnapshot(
        enterprise_id=enterprise_id,
        year=year,
        enterprise_name=enterprise.name_th,
        division_id=division_id,
        scope_name=scope_name,
        as_of=as_of,
        year_bounds=(first_day, last_day),
        units=units,
        stakeholders=_stakeholders(scope, as_of),
        documents=documents,
        plans=_plans(scope),
        meetings=_meetings(scope),
        surveys=_surveys(scope),
        channels=_channels(scope),
        segments=_segments(scope),
        voc=_voc(scope),
        actions=_actions(scope),
        service_times=_service_times(scope),
        complaints=_complaints(scope, as_of),
        relationship_plans=relationship_plans(scope),
        working_groups=working_groups(scope),
        projects=projects(scope),
        claims=claims,
        assessor_levels=snapshot_assessor_notes(session, enterprise_id=enterprise_id, year=year),
        files=files,
        fact_mode=fact_mode,
    )


def _cycle(session: Session, enterprise_id: int, year: int) -> AssessmentYear | None:
    return session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year == year)
    ).first()


def _linked_files(
    session: Session, enterprise_id: int, links: dict[tuple[str, int], tuple[int, ...]]
) -> dict[int, FileFact]:
    """Name and SHA-256 of every file linked to a record, so each citation names its files."""
    ids = sorted({fid for fids in links.values() for fid in fids})
    facts: dict[int, FileFact] = {}
    for start in range(0, len(ids), 500):
        for fid, name, sha in session.exec(
            select(EvidenceFile.id, EvidenceFile.name, EvidenceFile.sha256).where(
                EvidenceFile.enterprise_id == enterprise_id, col(EvidenceFile.id).in_(ids[start:start + 500])
            )
        ).all():
            facts[int(fid or 0)] = FileFact(int(fid or 0), name, sha)
    return facts


def _file_links(session: Session, enterprise_id: int) -> dict[tuple[str, int], tuple[int, ...]]:
    rows = session.exec(
        select(EvidenceLink.record_table, EvidenceLink.record_id, EvidenceLink.file_id).where(
            EvidenceLink.enterprise_id == enterprise_id, col(EvidenceLink.record_id).is_not(None)
        )
    ).all()
    links: dict[tuple[str, int], list[int]] = defaultdict(list)
    for table, record_id, file_id in rows:
        links[(str(table), int(record_id or 0))].append(file_id)
    return {k: tuple(sorted(set(v))) for k, v in links.items()}


# ----------------------------------------------------------------------------- organisation


def _units(session: Session, enterprise_id: int, division_id: int | None) -> tuple[OrgUnit, ...]:
    """Units with the line each rolls up to (its top ancestor); lines report to the top executive."""
    rows = session.exec(
        select(OrgUnitRow.id, OrgUnitRow.name_th, OrgUnitRow.parent_id, OrgUnitRow.reports_to_top).where(
            OrgUnitRow.enterprise_id == enterprise_id, col(OrgUnitRow.active).is_(True)
        )
    ).all()
    parent = {uid: pid for uid, _, pid, _ in rows}

    def top(uid: int) -> int:
        seen = {uid}
        while parent.get(uid) is not None and parent[uid] not in seen:
            uid = parent[uid]  # type: ignore[assignment]
            seen.add(uid)
        return uid

    units = [
        OrgUnit(int(uid or 0), name, top(int(uid or 0)), pid is None and bool(to_top))
        for uid, name, pid, to_top in rows
    ]
    if division_id is None:
        return tuple(units)
    if division_id not in parent:
        raise NotFound(f"ไม่พบหน่วยงานรหัส {division_id} ในรัฐวิสาหกิจนี้", field="division_id")
    in_scope = unit_scope(session, division_id)
    return tuple(OrgUnit(u.id, u.name, division_id, u.id == division_id) for u in units if u.id in in_scope)


# ----------------------------------------------------------------------------- stakeholders (S1 S3 S5 S7 S10)


def _blank(column: object) -> ColumnElement[bool]:
    return or_(col(column).is_(None), func.trim(col(column)) == "")  # type: ignore[arg-type]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def profile_gaps() -> dict[str, ColumnElement[bool]]:
    """Per field of vocabulary.PROFILE_FIELDS, the condition under which a profile lacks it."""
    s = Stakeholder
    return {
        "role": _blank(s.role),
        "key_issues": _blank(s.key_issues),
        "representative": and_(_blank(s.representative_name), _blank(s.coordinator_name)),
        "relationship_level": _blank(s.relationship_level),
        "status": col(s.stakeholder_status).is_(None),
        "working_model": _blank(s.working_model),
        "importance": col(s.importance).is_(None),  # the line's own analysis (S6), not the grid
        "needs": _blank(s.needs_from_enterprise),
        "enterprise_needs": _blank(s.enterprise_needs),
    }


def _months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (1 if later.day < earlier.day else 0)
    )


def _stakeholders(scope: _Scope, as_of: date) -> tuple[UnitStakeholders, ...]:
    s = Stakeholder
    where = and_(scope.of_year(s), scope.units(s.org_unit_id, shared=False))
    gaps = profile_gaps()
    data: dict[int, dict[str, object]] = defaultdict(dict)

    columns = [_count_if(g).label(f) for f, g in gaps.items()]
    for row in scope.session.exec(
        select(s.org_unit_id, func.count(), _count_if(col(s.is_internal).is_(True)), *columns)  # type: ignore[call-overload]
        .where(where)
        .group_by(s.org_unit_id)
    ).all():
        data[row[0]].update(
            profiles=row[1],
            internal_profiles=int(row[2]),
            missing_fields=dict(zip(gaps, map(int, row[3:]), strict=True)),
        )

    ages: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    never: dict[int, int] = defaultdict(int)
    for unit_id, reviewed, count in scope.session.exec(
        select(s.org_unit_id, s.reviewed_on, func.count()).where(where).group_by(s.org_unit_id, s.reviewed_on)
    ).all():
        if reviewed is None:
            never[unit_id] += count
        else:
            ages[unit_id][max(0, _months_between(reviewed, as_of))] += count
    carried: dict[int, int] = dict(scope.session.exec(  # type: ignore[arg-type]
        select(s.org_unit_id, func.count()).where(where, col(s.carried_from_year).is_not(None))
        .group_by(s.org_unit_id)
    ).all())
    for unit_id in data:
        data[unit_id].update(review_age_months=dict(ages[unit_id]), never_reviewed=never[unit_id],
                             carried_unreviewed=int(carried.get(unit_id, 0)))

    _add_vos(scope, data)
    _add_internal_issues(scope, data, where)
    _add_risks(scope, data)
    return tuple(UnitStakeholders(unit_id, **values) for unit_id, values in sorted(data.items()))  # type: ignore[arg-type]


def _add_vos(scope: _Scope, data: dict[int, dict[str, object]]) -> None:
    v = VoiceOfStakeholder
    polarity: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    source: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, pol, src, count in scope.session.exec(
        select(v.org_unit_id, v.polarity, v.source, func.count())
        .where(scope.of_year(v), scope.units(v.org_unit_id, shared=False))
        .group_by(v.org_unit_id, v.polarity, v.source)
    ).all():
        polarity[unit_id][str(pol)] += count
        source[unit_id][str(src)] += count
    for unit_id in polarity:
        data[unit_id].update(
            vos=sum(polarity[unit_id].values()),
            vos_by_polarity=dict(polarity[unit_id]),
            vos_by_source=dict(source[unit_id]),
        )


def _add_internal_issues(
    scope: _Scope, data: dict[int, dict[str, object]], where: ColumnElement[bool]
) -> None:
    """S7: internal stakeholders the line rates very important (its own analysis, not a grid cut-off)
    with an unresolved issue, and whether a relationship plan of the year that counts (its own, or an
    existing unit plan aligned with the stakeholder strategy: S8) names them."""
    s, p = Stakeholder, RelationshipPlan
    open_issue = exists().where(
        StakeholderIssue.stakeholder_id == s.id, col(StakeholderIssue.resolved).is_(False)
    )
    counts = or_(col(p.plan_source) == "own", col(p.aligned_with_strategy).is_(True))
    has_plan = exists().where(p.stakeholder_id == s.id, scope.of_year(p), counts)
    at_issue = and_(where, col(s.is_internal).is_(True), col(s.importance) == "high", open_issue)
    for unit_id, count, with_plan in scope.session.exec(
        select(s.org_unit_id, func.count(), _count_if(has_plan)).where(at_issue).group_by(s.org_unit_id)
    ).all():
        data[unit_id].update(internal_at_issue=count, internal_at_issue_with_plan=int(with_plan))
    lacking = scope.session.exec(
        select(s.id, s.org_unit_id, s.group_name, s.subgroup_name).where(at_issue, ~has_plan).order_by(s.code)
    ).all()
    _add_named(
        data,
        "internal_without_plan",
        ((u, scope.ref("stakeholder", i, _join(g, sg))) for i, u, g, sg in lacking),
    )


def _add_risks(scope: _Scope, data: dict[int, dict[str, object]]) -> None:
    """S10: risks per impact × likelihood score (the rule applies the enterprise's threshold), and
    whether each is covered: a reference into the enterprise risk plan or its own mitigation plan."""
    r = RelationshipRisk
    score = col(r.impact) * col(r.likelihood)
    linked = and_(col(r.erm_reference).is_not(None), func.trim(col(r.erm_reference)) != "")
    planned = and_(col(r.mitigation_plan).is_not(None), func.trim(col(r.mitigation_plan)) != "")
    covered = or_(linked, planned)
    where = and_(scope.of_year(r), scope.units(r.org_unit_id, shared=False))
    scores: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for unit_id, value, count, n_covered in scope.session.exec(
        select(r.org_unit_id, score, func.count(), _count_if(covered)).where(where).group_by(r.org_unit_id, score)
    ).all():
        scores[unit_id][int(value)] = (int(count), int(n_covered))
    for unit_id, by_score in scores.items():
        data[unit_id].update(risks=sum(n for n, _ in by_score.values()), risk_scores=by_score)
    uncovered = scope.session.exec(
        select(r.id, r.org_unit_id, r.description, score).where(where, ~covered).order_by(score.desc(), r.id)
    ).all()
    named: dict[int, list[tuple[int, EvidenceRef]]] = defaultdict(list)
    for rid, unit_id, description, value in uncovered:
        if len(named[unit_id]) < NAMED_ROWS:
            named[unit_id].append((int(value), scope.ref("relationshiprisk", rid, description)))
    for unit_id, refs in named.items():
        data[unit_id]["uncovered_risks"] = tuple(refs)


def _add_named(data: dict[int, dict[str, object]], key: str, rows: Iterable[tuple[int, EvidenceRef]]) -> None:
    named: dict[int, list[EvidenceRef]] = defaultdict(list)
    for unit_id, ref in rows:
        if len(named[unit_id]) < NAMED_ROWS:
            named[unit_id].append(ref)
    for unit_id, refs in named.items():
        data[unit_id][key] = tuple(refs)


def _join(*parts: str | None) -> str:
    return " / ".join(p for p in parts if p)


# ----------------------------------------------------------------------------- documents and approvals (C1–C6, C10)


def _plans(scope: _Scope) -> tuple[PlanFact, ...]:
    p, k = StrategyPlan, PlanKpi
    plans = scope.session.exec(
        select(p.id, p.title, p.kind, p.components_complete, p.communicated, p.improvement_topics)
        .where(scope.of_year(p))
        .order_by(p.id)
    ).all()
    targets: dict[int, set[str]] = defaultdict(set)
    ids = [pid for pid, *_ in plans]
    if ids:
        for plan_id, target in scope.session.exec(
            select(k.plan_id, k.cascade_to).where(col(k.plan_id).in_(ids)).group_by(k.plan_id, k.cascade_to)
        ).all():
            targets[plan_id].add(str(target))
    return tuple(
        PlanFact(
            scope.ref("strategyplan", pid, title),
            str(kind),
            bool(done),
            bool(told),
            frozenset(targets[int(pid or 0)]),
            frozenset(topics or ()),
        )
        for pid, title, kind, done, told, topics in plans
    )


def _meetings(scope: _Scope) -> tuple[MeetingFact, ...]:
    m, b = MonitoringMinute, GoverningBody
    rows = scope.session.exec(
        select(m.id, m.meeting_no, m.meeting_date, m.subjects, b.kind, b.name_th)
        .join(b, m.body_id == b.id)  # type: ignore[arg-type]
        .where(scope.of_year(m))
        .order_by(m.meeting_date)
    ).all()
    return tuple(
        MeetingFact(
            scope.ref("monitoringminute", mid, f"{name} ครั้งที่ {no}"), str(kind), frozenset(subjects or ()), on
        )
        for mid, no, on, subjects, kind, name in rows
    )


# ----------------------------------------------------------------------------- customers (C7–C9, C11–C13, P2, P3, P5, U1)


def _surveys(scope: _Scope) -> tuple[SurveyFact, ...]:
    s = Survey
    rows = scope.session.exec(
        select(s.id, s.title, s.kind, s.conductor, s.scope, s.segment_codes, s.completed_on)
        .where(scope.of_year(s))
        .order_by(s.id)
    ).all()
    return tuple(
        SurveyFact(
            scope.ref("survey", sid, title),
            str(survey_scope),
            str(conductor),
            frozenset(_SURVEY_MEASURES.get(str(kind), set())),
            frozenset(segments or ()),
            completed_on,
        )  # fmt: skip
        for sid, title, kind, conductor, survey_scope, segments, completed_on in rows
    )


def _channels(scope: _Scope) -> tuple[ChannelFact, ...]:
    c = ListeningChannel
    rows = scope.session.exec(
        select(c.id, c.name_th, c.kind, c.is_digital, c.lifecycle_groups, c.segment_codes, c.owner_unit_id)
        .where(c.enterprise_id == scope.enterprise_id, scope.approved(c), scope.units(c.owner_unit_id))
        .order_by(c.id)
    ).all()
    return tuple(
        ChannelFact(
            scope.ref("listeningchannel", cid, name),
            str(kind),
            bool(digital),
            frozenset(groups or ()),
            frozenset(segments or ()),
            owner,
        )  # fmt: skip
        for cid, name, kind, digital, groups, segments, owner in rows
    )


def _segments(scope: _Scope) -> SegmentStats:
    s = CustomerSegment
    rows = scope.session.exec(
        select(s.id, s.code, s.name_th, s.is_target, s.variables, s.needs, s.expectations, s.risks)
        .where(scope.of_year(s), scope.units(s.org_unit_id))
        .order_by(s.code)
    ).all()
    refs = {sid: scope.ref("customersegment", sid, name) for sid, _, name, *_ in rows}
    return SegmentStats(
        total=len(rows),
        target_codes=frozenset(code for _, code, _, target, *_ in rows if target),
        without_variables=tuple(refs[r[0]] for r in rows if not (r[4] or "").strip()),
        without_profile=tuple(refs[r[0]] for r in rows if not all((v or "").strip() for v in r[5:8])),
    )


def _voc(scope: _Scope) -> VocStats:
    total, by_aspect = _voc_counts(scope)
    r = VocReport
    reports = scope.session.exec(
        select(r.id, r.quarter, r.recipient, r.reported_to).where(scope.of_year(r)).order_by(r.quarter)
    ).all()
    recipients: dict[int, set[str]] = defaultdict(set)
    for _, quarter, recipient, _ in reports:
        recipients[int(quarter)].add(str(recipient))
    rankings, ranking_refs = aspect_rankings(scope)
    return VocStats(
        total=total,
        by_aspect=by_aspect,
        reports=tuple(
            (q, scope.ref("vocreport", rid, f"รายงาน VOC ไตรมาส {q} ต่อ{REPORT_RECIPIENTS.get(str(who), who)}"
                          + (f" ({to})" if to else "")))
            for rid, q, who, to in reports
        ),
        report_recipients={q: frozenset(v) for q, v in recipients.items()},
        rankings=rankings,
        ranking_refs=ranking_refs,
    )


def _voc_counts(scope: _Scope) -> tuple[int, dict[str, int]]:
    """Records in scope and per aspect (C7): from the shared scan, or with a scan of its own."""
    aspects = tuple(VOC_ASPECTS)
    if scope.voc_groups is not None:
        per: dict[str, int] = defaultdict(int)
        for g in scope.voc_groups:
            if g.approved and scope.has_unit(g.unit_id):
                per[g.aspect] += g.records
        return sum(per.values()), {a: per[a] for a in aspects if per.get(a)}
    v = VocRecord  # one pass with a sum per aspect: no sort for a GROUP BY over every row
    counts = scope.session.exec(
        select(func.count(), *(_count_if(col(v.aspect) == a) for a in aspects)).where(
            scope.of_year(v), scope.units(v.org_unit_id, shared=False)
        )
    ).one()
    return int(counts[0]), {a: int(n) for a, n in zip(aspects, counts[1:], strict=True) if n}


def _actions(scope: _Scope) -> tuple[ActionStat, ...]:
    """U1: actions per source and kind, with how many hold each combination of the facts an item may
    need (a dated evaluation round, lessons learned, a change made, done)."""
    a = ImprovementAction
    where = and_(scope.of_year(a), scope.units(a.org_unit_id))
    evaluated = col(a.evaluated_on).is_not(None)
    lessons = and_(col(a.lessons_learned).is_not(None), func.trim(col(a.lessons_learned)) != "")
    changed = and_(col(a.change_made).is_not(None), func.trim(col(a.change_made)) != "")
    done = col(a.action_status) == "done"
    flags = (("evaluation_cycle", evaluated), ("lessons_learned", lessons), ("change_made", changed), ("done", done))
    cases = [case((cond, 1), else_=0) for _, cond in flags]
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    facts: dict[tuple[str, str], dict[frozenset[str], int]] = defaultdict(dict)
    for source, kind, *held, count in scope.session.exec(
        select(a.source, a.kind, *cases, func.count()).where(where).group_by(a.source, a.kind, *cases)  # type: ignore[call-overload]
    ).all():
        key = (str(source), str(kind))
        names = frozenset(name for (name, _), on in zip(flags, held, strict=True) if on)
        facts[key][names] = facts[key].get(names, 0) + int(count)
        totals[key][0] += int(count)
        totals[key][1] += int(count) if "done" in names else 0
    examples: dict[tuple[str, str], list[EvidenceRef]] = defaultdict(list)
    for aid, source, kind, title in scope.session.exec(
        select(a.id, a.source, a.kind, a.title).where(where).order_by(a.id)
    ).all():
        if len(examples[(str(source), str(kind))]) < NAMED_ROWS:
            examples[(str(source), str(kind))].append(scope.ref("improvementaction", aid, title))
    return tuple(
        ActionStat(source, kind, total, n_done, tuple(examples[(source, kind)]), facts[(source, kind)])
        for (source, kind), (total, n_done) in sorted(totals.items())
    )


def _service_times(scope: _Scope) -> ServiceTimes:
    s = ServiceStandard
    counts = dict(
        scope.session.exec(
            select(s.service_kind, func.count())
            .where(scope.of_year(s), scope.units(s.org_unit_id))
            .group_by(s.service_kind)
        ).all()
    )
    return ServiceTimes(core=counts.get("core", 0), support=counts.get("support", 0))


def _hours(later: object, earlier: object, dialect: str) -> ColumnElement[float]:
    """Hours from `earlier` to `later` (both timestamps) in SQL."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 24.0
    return func.extract("epoch", later - earlier) / 3600.0  # type: ignore[operator]


def _complaints(scope: _Scope, as_of: date) -> ComplaintStats:
    """P5: per unit and stage, the cases measured against the stage's time standard and those within it.

    A case is measured at a stage once it reached it, or once its standard has passed without it
    (overdue on `as_of`); "receive" is met by every recorded case (the receipt is its own timestamp).
    """
    std = ComplaintStandard
    if scope.complaint_scan is not None:
        standards, rows = _complaints_from_scan(scope, scope.complaint_scan)
    else:
        found = dict(scope.session.exec(select(std.stage, std.max_hours).where(scope.of_year(std))).all())
        standards = {stage: found[stage] for stage in COMPLAINT_STAGES if stage in found}
        rows = _complaint_rows(scope, standards, as_of)
    by_unit = []
    totals: dict[str, list[int]] = {stage: [0, 0] for stage in standards}
    for unit_id, cases, *counts in rows:
        stats = []
        for i, stage in enumerate(standards):
            measured, within = int(counts[2 * i]), int(counts[2 * i + 1])
            totals[stage][0] += measured
            totals[stage][1] += within
            stats.append(StageStat(str(stage), float(standards[stage]), measured, within))
        by_unit.append(UnitComplaints(unit_id, cases, tuple(stats)))
    channels = scope.session.exec(
        select(ComplaintChannel.id, ComplaintChannel.name_th)
        .where(ComplaintChannel.enterprise_id == scope.enterprise_id, scope.approved(ComplaintChannel))
        .order_by(ComplaintChannel.id)
    ).all()
    return ComplaintStats(
        channels=tuple(scope.ref("complaintchannel", cid, name) for cid, name in channels),
        cases=sum(u.cases for u in by_unit),
        stages=tuple(StageStat(str(s), float(h), totals[s][0], totals[s][1]) for s, h in standards.items()),
        by_unit=tuple(by_unit),
    )


def _complaints_from_scan(scope: _Scope, scan: ComplaintScan) -> tuple[dict[str, float], list[list[int]]]:
    """Per unit in scope with approved cases: [unit, approved cases, then per stage measured, within]."""
    width = 2 * len(scan.stages)
    per_unit: dict[int, list[int]] = {}
    for unit_id, _quarter, values in scan.rows:
        if not scope.has_unit(unit_id):
            continue
        sums = per_unit.setdefault(unit_id, [0] * (1 + width))
        for i, value in enumerate(values[ComplaintScan.FIRST_STAGE - 1:]):
            sums[i] += value
    standards = {stage.value: scan.standards[stage.value] for stage in scan.stages}
    return standards, [[unit_id, *sums] for unit_id, sums in sorted(per_unit.items()) if sums[0]]


def _complaint_rows(scope: _Scope, standards: dict[str, float], as_of: date) -> list[list[int]]:
    """The complaint scan of a snapshot that cannot use the shared one (other date, drafts counted)."""
    c = ComplaintCase
    dialect = scope.session.get_bind().dialect.name
    end_of_day = datetime.combine(as_of, time.max)
    columns: list[ColumnElement[int]] = []
    for stage, hours in standards.items():
        if stage not in _STAGE_COLUMNS:  # receive: every recorded case was received when recorded
            columns += [func.count(), func.count()]
            continue
        reached = col(_STAGE_COLUMNS[stage])
        within = and_(reached.is_not(None), _hours(reached, c.received_at, dialect) <= hours)
        overdue = and_(reached.is_(None), col(c.received_at) < end_of_day - timedelta(hours=hours))
        columns += [_count_if(or_(reached.is_not(None), overdue)), _count_if(within)]
    where = and_(scope.of_year(c), scope.units(c.org_unit_id, shared=False))
    rows = scope.session.exec(
        select(c.org_unit_id, func.count(), *columns).where(where).group_by(c.org_unit_id)  # type: ignore[call-overload]
        .order_by(c.org_unit_id)
    ).all()
    return [[int(v or 0) for v in row] for row in rows]
