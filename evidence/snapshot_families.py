"""Snapshot families added for issue 12: relationship plans (S8), the working group (S9), the VOC
aspect ranking (C7) and development/innovation projects (P4). Small tables: one query each.

Called by `evidence.snapshot.build_snapshot` with its scope (enterprise, year, approval, units).
"""

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, func
from sqlmodel import col, select

from criteria.snapshot import EvidenceRef, ProjectFact, RelationshipPlanFact, WorkingGroupFact
from evidence.models import (
    CustomerSegment,
    DevelopmentProject,
    RelationshipActivity,
    RelationshipPlan,
    VocAspectRanking,
    WorkingGroup,
    WorkingGroupMember,
)

if TYPE_CHECKING:
    from evidence.snapshot import _Scope

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


def relationship_plans(scope: "_Scope") -> tuple[RelationshipPlanFact, ...]:
    p, a = RelationshipPlan, RelationshipActivity
    plans = scope.session.exec(
        select(p.id, p.title, p.plan_source, p.aligned_with_strategy, p.stakeholder_id, p.org_unit_id)
        .where(scope.of_year(p), scope.units(p.org_unit_id))
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


def working_groups(scope: "_Scope") -> tuple[WorkingGroupFact, ...]:
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


def aspect_rankings(scope: "_Scope") -> tuple[dict[str, dict[str, int]], tuple[EvidenceRef, ...]]:
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


def projects(scope: "_Scope") -> tuple[ProjectFact, ...]:
    d = DevelopmentProject
    found = []
    for project in scope.session.exec(
        select(d).where(scope.of_year(d), scope.units(d.org_unit_id)).order_by(d.code)
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
