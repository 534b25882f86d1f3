"""The stakeholder families of the snapshot (S1, S3, S5, S7, S10), read once for the whole enterprise.

Every figure is per unit (`criteria.snapshot.UnitStakeholders`): profiles and the fields they lack,
review ages, VOS, internal stakeholders at issue and relationship risks. A line's snapshot keeps the
units in its scope (`cut_stakeholders`); records without a unit are never part of a line's figures.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlmodel import col, select

from criteria.snapshot import EvidenceRef, UnitStakeholders
from evidence.models import (
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    StakeholderIssue,
    VoiceOfStakeholder,
)
from evidence.snapshot_scope import NAMED_ROWS, ReadScope, count_if


def cut_stakeholders(
    stakeholders: tuple[UnitStakeholders, ...], unit_ids: frozenset[int] | None
) -> tuple[UnitStakeholders, ...]:
    """The units of a line (all units for the whole enterprise)."""
    return stakeholders if unit_ids is None else tuple(u for u in stakeholders if u.unit_id in unit_ids)


def _blank(column: object) -> ColumnElement[bool]:
    return or_(col(column).is_(None), func.trim(col(column)) == "")  # type: ignore[arg-type]


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


def read_stakeholders(scope: ReadScope, as_of: date) -> tuple[UnitStakeholders, ...]:
    s = Stakeholder
    where = scope.of_year(s)
    gaps = profile_gaps()
    data: dict[int, dict[str, object]] = defaultdict(dict)

    columns = [count_if(g).label(f) for f, g in gaps.items()]
    for row in scope.session.exec(
        select(s.org_unit_id, func.count(), count_if(col(s.is_internal).is_(True)), *columns)  # type: ignore[call-overload]
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


def _add_vos(scope: ReadScope, data: dict[int, dict[str, object]]) -> None:
    v = VoiceOfStakeholder
    polarity: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    source: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, pol, src, count in scope.session.exec(
        select(v.org_unit_id, v.polarity, v.source, func.count())
        .where(scope.of_year(v))
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
    scope: ReadScope, data: dict[int, dict[str, object]], where: ColumnElement[bool]
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
        select(s.org_unit_id, func.count(), count_if(has_plan)).where(at_issue).group_by(s.org_unit_id)
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


def _add_risks(scope: ReadScope, data: dict[int, dict[str, object]]) -> None:
    """S10: risks per impact × likelihood score (the rule applies the enterprise's threshold), and
    whether each is covered: a reference into the enterprise risk plan or its own mitigation plan."""
    r = RelationshipRisk
    score = col(r.impact) * col(r.likelihood)
    linked = and_(col(r.erm_reference).is_not(None), func.trim(col(r.erm_reference)) != "")
    planned = and_(col(r.mitigation_plan).is_not(None), func.trim(col(r.mitigation_plan)) != "")
    covered = or_(linked, planned)
    where = scope.of_year(r)
    scores: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for unit_id, value, count, n_covered in scope.session.exec(
        select(r.org_unit_id, score, func.count(), count_if(covered)).where(where).group_by(r.org_unit_id, score)
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
