"""Small snapshot families, one query each for the whole enterprise: strategy plans and monitoring
minutes (C1–C6, C10), relationship plans (S8), the working group (S9), the VOC aspect ranking (C7) and
development/innovation projects (P4).

Read by `evidence.snapshot` with the enterprise-wide scope (enterprise, year, approval); a line keeps
its own units' relationship plans and projects and those without a unit (`cut_by_unit`).
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import and_, case, func
from sqlmodel import col, select

from criteria.snapshot import (
    EvidenceRef,
    MeetingFact,
    PlanFact,
    ProjectFact,
    RelationshipPlanFact,
    WorkingGroupFact,
)
from evidence.models import (
    CustomerSegment,
    DevelopmentProject,
    GoverningBody,
    MonitoringMinute,
    PlanKpi,
    RelationshipActivity,
    RelationshipPlan,
    StrategyPlan,
    VocAspectRanking,
    WorkingGroup,
    WorkingGroupMember,
)
from evidence.snapshot_scope import ReadScope, in_scope

T = TypeVar("T")

# P4: the facts a project shows, each a non-empty field (or a date) of the record
_PROJECT_TEXTS = {
    "answers_voc": "voc_basis",
    "risk": "risk_applied",
    "km": "km_applied",
    "target": "target",
    "efficiency": "efficiency_result",
    "customer_value": "customer_value_result",
    "business_result": "business_result",
    "lessons_learned": "lessons_learned",
}


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def cut_by_unit(facts: tuple[T, ...], unit_of: Callable[[T], int | None], unit_ids: frozenset[int] | None
                ) -> tuple[T, ...]:
    """The facts of a line's units and those without a unit (every fact for the whole enterprise)."""
    return facts if unit_ids is None else tuple(f for f in facts if in_scope(unit_of(f), unit_ids))


def plans(scope: ReadScope) -> tuple[PlanFact, ...]:
    p, k = StrategyPlan, PlanKpi
    rows = scope.session.exec(
        select(p.id, p.title, p.kind, p.components_complete, p.communicated, p.improvement_topics)
        .where(scope.of_year(p))
        .order_by(p.id)
    ).all()
    targets: dict[int, set[str]] = defaultdict(set)
    ids = [pid for pid, *_ in rows]
    if ids:
        for plan_id, target in scope.session.exec(
            select(k.plan_id, k.cascade_to).where(col(k.plan_id).in_(ids)).group_by(k.plan_id, k.cascade_to)
        ).all():
            targets[plan_id].add(str(target))
    return tuple(
        PlanFact(scope.ref("strategyplan", pid, title), str(kind), bool(done), bool(told),
                 frozenset(targets[int(pid or 0)]), frozenset(topics or ()))
        for pid, title, kind, done, told, topics in rows
    )


def meetings(scope: ReadScope) -> tuple[MeetingFact, ...]:
    m, b = MonitoringMinute, GoverningBody
    rows = scope.session.exec(
        select(m.id, m.meeting_no, m.meeting_date, m.subjects, b.kind, b.name_th)
        .join(b, m.body_id == b.id)  # type: ignore[arg-type]
        .where(scope.of_year(m))
        .order_by(m.meeting_date)
    ).all()
    return tuple(
        MeetingFact(scope.ref("monitoringminute", mid, f"{name} ครั้งที่ {no}"), str(kind), frozenset(subjects or ()), on)
        for mid, no, on, subjects, kind, name in rows
    )


def relationship_plans(scope: ReadScope) -> tuple[RelationshipPlanFact, ...]:
    p, a = RelationshipPlan, RelationshipActivity
    plans = scope.session.exec(
        select(p.id, p.title, p.plan_source, p.aligned_with_strategy, p.stakeholder_id, p.org_unit_id)
        .where(scope.of_year(p))
        .order_by(p.id)
    ).all()
    ids = [pid for pid, *_ in plans]
    activity: dict[int, tuple[int, int]] = {}
    if ids:
        with_result = and_(col(a.result).is_not(None), func.trim(col(a.result)) != "")
        for plan_id, count, results in scope.session.exec(
            select(a.plan_id, func.count(), func.coalesce(func.sum(case((with_result, 1), else_=0)), 0))
            .where(col(a.plan_id).in_(ids))
            .group_by(a.plan_id)
        ).all():
            activity[int(plan_id)] = (int(count), int(results))
    return tuple(
        RelationshipPlanFact(
            scope.ref("relationshipplan", pid, title), str(source), bool(aligned), stakeholder, unit,
            *activity.get(int(pid or 0), (0, 0)),
        )  # fmt: skip
        for pid, title, source, aligned, stakeholder, unit in plans
    )


def working_groups(scope: ReadScope) -> tuple[WorkingGroupFact, ...]:
    g, m = WorkingGroup, WorkingGroupMember
    groups = scope.session.exec(select(g.id, g.name_th).where(scope.of_year(g)).order_by(g.id)).all()
    members: dict[int, set[int]] = defaultdict(set)
    ids = [gid for gid, _ in groups]
    if ids:
        for group_id, unit_id in scope.session.exec(
            select(m.group_id, m.org_unit_id).where(col(m.group_id).in_(ids))
        ).all():
            members[int(group_id)].add(int(unit_id))
    return tuple(
        WorkingGroupFact(scope.ref("workinggroup", gid, name), frozenset(members[int(gid or 0)]))
        for gid, name in groups
    )


def aspect_rankings(scope: ReadScope) -> tuple[dict[str, dict[str, int]], tuple[EvidenceRef, ...]]:
    """C7: segment code ("" for all customers) → aspect → rank, and the ranking rows as evidence."""
    r, seg = VocAspectRanking, CustomerSegment
    rows = scope.session.exec(
        select(r.id, r.aspect, r.rank, seg.code)
        .join(seg, r.segment_id == seg.id, isouter=True)  # type: ignore[arg-type]
        .where(scope.of_year(r))
        .order_by(r.id)
    ).all()
    rankings: dict[str, dict[str, int]] = defaultdict(dict)
    refs: list[EvidenceRef] = []
    for rid, aspect, rank, code in rows:
        rankings[code or ""][str(aspect)] = int(rank)
        if len(refs) < 8:
            refs.append(scope.ref("vocaspectranking", rid, f"ลำดับความสำคัญ VOC {code or 'ลูกค้าทั้งหมด'}: {aspect} = {rank}"))
    return {k: dict(v) for k, v in rankings.items()}, tuple(refs)


def projects(scope: ReadScope) -> tuple[ProjectFact, ...]:
    d = DevelopmentProject
    found = []
    for project in scope.session.exec(
        select(d).where(scope.of_year(d)).order_by(d.code)
    ).all():
        facts = {fact for fact, name in _PROJECT_TEXTS.items() if _filled(getattr(project, name))}
        if _filled(project.innovation_basis) and _filled(project.outcome_measure):
            facts.add("innovation_defined")
        if project.evaluated_on is not None:
            facts.add("evaluated")
        found.append(
            ProjectFact(
                scope.ref("developmentproject", project.id, project.title), str(project.kind),
                str(project.project_status), frozenset(facts), project.org_unit_id,
            )  # fmt: skip
        )
    return tuple(found)
