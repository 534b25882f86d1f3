"""The customer families of the snapshot (C7–C9, C11–C13, P2, P3, P5, U1): read once for the enterprise,
cut to a line in Python.

Each `read_*` runs one statement (or two) for the whole enterprise and keeps the unit of every row or
group; the matching `cut_*` keeps a line's units (and, where the family has them, records without a
unit, which belong to every line) and adds up what the rules read. VOC and complaint figures come
from the scans of the evidence pass (`evidence.snapshot_scans`) when the snapshot counts approved
records as of the pass's day; otherwise complaints are read with a scan of the snapshot's own.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlmodel import col, select

from criteria.snapshot import (
    ActionStat,
    ChannelFact,
    ComplaintStats,
    EvidenceRef,
    SegmentStats,
    ServiceTimes,
    StageStat,
    SurveyFact,
    UnitComplaints,
    VocStats,
)
from criteria.vocabulary import COMPLAINT_STAGES, REPORT_RECIPIENTS, VOC_ASPECTS
from evidence.models import (
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    ImprovementAction,
    ListeningChannel,
    ServiceStandard,
    Survey,
    VocReport,
)
from evidence.snapshot_families import aspect_rankings
from evidence.snapshot_scans import ComplaintScan, VocGroup
from evidence.snapshot_scope import NAMED_ROWS, ReadScope, count_if, in_scope
from evidence.sql_hours import hours_between

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


def read_surveys(scope: ReadScope) -> tuple[SurveyFact, ...]:
    s = Survey
    rows = scope.session.exec(
        select(s.id, s.title, s.kind, s.conductor, s.scope, s.segment_codes, s.completed_on)
        .where(scope.of_year(s))
        .order_by(s.id)
    ).all()
    return tuple(
        SurveyFact(scope.ref("survey", sid, title), str(survey_scope), str(conductor),
                   frozenset(_SURVEY_MEASURES.get(str(kind), set())), frozenset(segments or ()), completed_on)
        for sid, title, kind, conductor, survey_scope, segments, completed_on in rows
    )


def read_channels(scope: ReadScope) -> tuple[ChannelFact, ...]:
    c = ListeningChannel
    rows = scope.session.exec(
        select(c.id, c.name_th, c.kind, c.is_digital, c.lifecycle_groups, c.segment_codes, c.owner_unit_id)
        .where(c.enterprise_id == scope.enterprise_id, scope.approved(c))
        .order_by(c.id)
    ).all()
    return tuple(
        ChannelFact(scope.ref("listeningchannel", cid, name), str(kind), bool(digital), frozenset(groups or ()),
                    frozenset(segments or ()), owner)
        for cid, name, kind, digital, groups, segments, owner in rows
    )


def cut_channels(channels: tuple[ChannelFact, ...], unit_ids: frozenset[int] | None) -> tuple[ChannelFact, ...]:
    return tuple(c for c in channels if in_scope(c.owner_unit_id, unit_ids))


# ----------------------------------------------------------------------------- segments (C9)


@dataclass(frozen=True)
class SegmentRow:
    unit_id: int | None
    code: str
    is_target: bool
    ref: EvidenceRef
    has_variables: bool
    has_profile: bool  # needs, expectations and risks all written


def read_segments(scope: ReadScope) -> tuple[SegmentRow, ...]:
    s = CustomerSegment
    rows = scope.session.exec(
        select(s.id, s.code, s.name_th, s.is_target, s.variables, s.needs, s.expectations, s.risks, s.org_unit_id)
        .where(scope.of_year(s))
        .order_by(s.code)
    ).all()
    return tuple(
        SegmentRow(unit, code, bool(target), scope.ref("customersegment", sid, name), bool((variables or "").strip()),
                   all((v or "").strip() for v in (needs, expectations, risks)))
        for sid, code, name, target, variables, needs, expectations, risks, unit in rows
    )


def cut_segments(rows: tuple[SegmentRow, ...], unit_ids: frozenset[int] | None) -> SegmentStats:
    kept = [r for r in rows if in_scope(r.unit_id, unit_ids)]
    return SegmentStats(
        total=len(kept),
        target_codes=frozenset(r.code for r in kept if r.is_target),
        without_variables=tuple(r.ref for r in kept if not r.has_variables),
        without_profile=tuple(r.ref for r in kept if not r.has_profile),
    )


# ----------------------------------------------------------------------------- VOC (C7, P3)


def read_voc(scope: ReadScope) -> VocStats:
    """The VOC reports and aspect rankings of the year (the same for every line); counts are cut in."""
    r = VocReport
    reports = scope.session.exec(
        select(r.id, r.quarter, r.recipient, r.reported_to).where(scope.of_year(r)).order_by(r.quarter)
    ).all()
    recipients: dict[int, set[str]] = defaultdict(set)
    for _, quarter, recipient, _ in reports:
        recipients[int(quarter)].add(str(recipient))
    rankings, ranking_refs = aspect_rankings(scope)
    return VocStats(
        reports=tuple(
            (q, scope.ref("vocreport", rid, f"รายงาน VOC ไตรมาส {q} ต่อ{REPORT_RECIPIENTS.get(str(who), who)}"
                          + (f" ({to})" if to else "")))
            for rid, q, who, to in reports
        ),
        report_recipients={q: frozenset(v) for q, v in recipients.items()},
        rankings=rankings,
        ranking_refs=ranking_refs,
    )


def voc_by_unit(groups: Iterable[VocGroup], approved_only: bool) -> dict[int, dict[str, int]]:
    """Unit → aspect → records, from the pass's VOC scan (approved ones, or every one)."""
    per: dict[int, dict[str, int]] = {}
    for g in groups:
        if g.approved or not approved_only:
            aspects = per.setdefault(g.unit_id, {})
            aspects[g.aspect] = aspects.get(g.aspect, 0) + g.records
    return per


def cut_voc(voc: VocStats, per_unit: dict[int, dict[str, int]], unit_ids: frozenset[int] | None) -> VocStats:
    """Records in scope and per aspect (C7): records without a unit belong to no line."""
    per: dict[str, int] = defaultdict(int)
    for unit_id, aspects in per_unit.items():
        if in_scope(unit_id, unit_ids, shared=False):
            for aspect, n in aspects.items():
                per[aspect] += n
    return replace(voc, total=sum(per.values()), by_aspect={a: per[a] for a in VOC_ASPECTS if per.get(a)})


# ----------------------------------------------------------------------------- improvement actions (U1)


@dataclass(frozen=True)
class ActionRows:
    counts: tuple[tuple[int | None, str, str, frozenset[str], int], ...]  # unit, source, kind, facts held, actions
    examples: tuple[tuple[int | None, str, str, EvidenceRef], ...]  # every action in id order


def read_actions(scope: ReadScope) -> ActionRows:
    """U1: actions per unit, source and kind, with how many hold each combination of the facts an item
    may need (a dated evaluation round, lessons learned, a change made, done)."""
    a = ImprovementAction
    evaluated = col(a.evaluated_on).is_not(None)
    lessons = and_(col(a.lessons_learned).is_not(None), func.trim(col(a.lessons_learned)) != "")
    changed = and_(col(a.change_made).is_not(None), func.trim(col(a.change_made)) != "")
    done = col(a.action_status) == "done"
    flags = (("evaluation_cycle", evaluated), ("lessons_learned", lessons), ("change_made", changed), ("done", done))
    cases = [case((cond, 1), else_=0) for _, cond in flags]
    counts = tuple(
        (unit, str(source), str(kind), frozenset(name for (name, _), on in zip(flags, held, strict=True) if on),
         int(count))
        for unit, source, kind, *held, count in scope.session.exec(
            select(a.org_unit_id, a.source, a.kind, *cases, func.count()).where(scope.of_year(a))  # type: ignore[call-overload]
            .group_by(a.org_unit_id, a.source, a.kind, *cases)
        ).all()
    )
    examples = tuple(
        (unit, str(source), str(kind), scope.ref("improvementaction", aid, title))
        for aid, unit, source, kind, title in scope.session.exec(
            select(a.id, a.org_unit_id, a.source, a.kind, a.title).where(scope.of_year(a)).order_by(a.id)
        ).all()
    )
    return ActionRows(counts, examples)


def cut_actions(rows: ActionRows, unit_ids: frozenset[int] | None) -> tuple[ActionStat, ...]:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    facts: dict[tuple[str, str], dict[frozenset[str], int]] = defaultdict(dict)
    for unit, source, kind, names, count in rows.counts:
        if in_scope(unit, unit_ids):
            facts[(source, kind)][names] = facts[(source, kind)].get(names, 0) + count
            totals[(source, kind)][0] += count
            totals[(source, kind)][1] += count if "done" in names else 0
    examples: dict[tuple[str, str], list[EvidenceRef]] = defaultdict(list)
    for unit, source, kind, ref in rows.examples:
        if len(examples[(source, kind)]) < NAMED_ROWS and in_scope(unit, unit_ids):
            examples[(source, kind)].append(ref)
    return tuple(
        ActionStat(source, kind, total, n_done, tuple(examples[(source, kind)]), facts[(source, kind)])
        for (source, kind), (total, n_done) in sorted(totals.items())
    )


def read_service_times(scope: ReadScope) -> tuple[tuple[int | None, str, int], ...]:
    s = ServiceStandard
    return tuple((unit, str(kind), int(n)) for unit, kind, n in scope.session.exec(
        select(s.org_unit_id, s.service_kind, func.count()).where(scope.of_year(s))
        .group_by(s.org_unit_id, s.service_kind)
    ).all())


def cut_service_times(rows: tuple[tuple[int | None, str, int], ...], unit_ids: frozenset[int] | None) -> ServiceTimes:
    counts: dict[str, int] = defaultdict(int)
    for unit, kind, n in rows:
        if in_scope(unit, unit_ids):
            counts[kind] += n
    return ServiceTimes(core=counts.get("core", 0), support=counts.get("support", 0))


# ----------------------------------------------------------------------------- complaints (P5)


@dataclass(frozen=True)
class ComplaintRows:
    """Per unit with cases: [unit, cases, then per stage measured, within] and the stages' standards."""

    standards: dict[str, float]
    rows: tuple[tuple[int, ...], ...]
    channels: tuple[EvidenceRef, ...]


def read_complaints(scope: ReadScope, as_of: date, scan: ComplaintScan | None) -> ComplaintRows:
    """P5: per unit and stage, the cases measured against the stage's time standard and those within it:
    from the pass's scan, or (another day, drafts counted) with a scan of its own.

    A case is measured at a stage once it reached it, or once its standard has passed without it
    (overdue on `as_of`); "receive" is met by every recorded case (the receipt is its own timestamp).
    """
    if scan is not None:
        standards, rows = _rows_from_scan(scan)
    else:
        std = ComplaintStandard
        found = dict(scope.session.exec(select(std.stage, std.max_hours).where(scope.of_year(std))).all())
        standards = {stage: found[stage] for stage in COMPLAINT_STAGES if stage in found}
        rows = _complaint_rows(scope, standards, as_of)
    channels = scope.session.exec(
        select(ComplaintChannel.id, ComplaintChannel.name_th)
        .where(ComplaintChannel.enterprise_id == scope.enterprise_id, scope.approved(ComplaintChannel))
        .order_by(ComplaintChannel.id)
    ).all()
    return ComplaintRows(standards, tuple(tuple(r) for r in rows),
                         tuple(scope.ref("complaintchannel", cid, name) for cid, name in channels))


def cut_complaints(found: ComplaintRows, unit_ids: frozenset[int] | None) -> ComplaintStats:
    standards = found.standards
    by_unit = []
    totals: dict[str, list[int]] = {stage: [0, 0] for stage in standards}
    for unit_id, cases, *counts in found.rows:
        if not in_scope(unit_id, unit_ids, shared=False):
            continue
        stats = []
        for i, stage in enumerate(standards):
            measured, within = int(counts[2 * i]), int(counts[2 * i + 1])
            totals[stage][0] += measured
            totals[stage][1] += within
            stats.append(StageStat(str(stage), float(standards[stage]), measured, within))
        by_unit.append(UnitComplaints(unit_id, cases, tuple(stats)))
    return ComplaintStats(
        channels=found.channels,
        cases=sum(u.cases for u in by_unit),
        stages=tuple(StageStat(str(s), float(h), totals[s][0], totals[s][1]) for s, h in standards.items()),
        by_unit=tuple(by_unit),
    )


def _rows_from_scan(scan: ComplaintScan) -> tuple[dict[str, float], list[list[int]]]:
    """Per unit with approved cases: [unit, approved cases, then per stage measured, within]."""
    width = 2 * len(scan.stages)
    per_unit: dict[int, list[int]] = {}
    for unit_id, _quarter, values in scan.rows:
        sums = per_unit.setdefault(unit_id, [0] * (1 + width))
        for i, value in enumerate(values[ComplaintScan.FIRST_STAGE - 1:]):
            sums[i] += value
    standards = {stage.value: scan.standards[stage.value] for stage in scan.stages}
    return standards, [[unit_id, *sums] for unit_id, sums in sorted(per_unit.items()) if sums[0]]


def _complaint_rows(scope: ReadScope, standards: dict[str, float], as_of: date) -> list[list[int]]:
    """The complaint scan of a snapshot that cannot use the pass's (other date, drafts counted)."""
    c = ComplaintCase
    end_of_day = datetime.combine(as_of, time.max)
    columns: list[ColumnElement[int]] = []
    for stage, hours in standards.items():
        if stage not in _STAGE_COLUMNS:  # receive: every recorded case was received when recorded
            columns += [func.count(), func.count()]
            continue
        reached = col(_STAGE_COLUMNS[stage])
        within = and_(reached.is_not(None), hours_between(c.received_at, reached) <= hours)
        overdue = and_(reached.is_(None), col(c.received_at) < end_of_day - timedelta(hours=hours))
        columns += [count_if(or_(reached.is_not(None), overdue)), count_if(within)]
    rows = scope.session.exec(
        select(c.org_unit_id, func.count(), *columns).where(scope.of_year(c)).group_by(c.org_unit_id)  # type: ignore[call-overload]
        .order_by(c.org_unit_id)
    ).all()
    return [[int(v or 0) for v in row] for row in rows]
