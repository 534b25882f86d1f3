"""What each division (and the enterprise) still owes for the criteria: a to-do list per page.

Each check reads aggregates (never the rows themselves: a year may hold 500,000 VOC records) and
says in Thai what is missing, for which line or department, and which rule (S1, C7, …) asks for it.
Division staff see the items of their own units; the planning team sees any division, or the whole
enterprise with the items that belong to the enterprise as a whole.

The checks' aggregates are enterprise-wide (each query groups by unit; the scope is applied in Python),
so their rows are kept in the enterprise's shared evidence pass (`SharedReads`): every user of every
division reads the same rows for a data version, and each list is then cut to the user's own units.
"""

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_
from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor, require_read
from evidence.models import (
    OrgUnit,
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    StakeholderIssue,
    VoiceOfStakeholder,
)
from evidence.models.base import ReviewStatus
from evidence.models.org import UnitKind
from evidence.models.stakeholders import RiskLevel, risk_level
from evidence.models.teams import WorkingGroup, WorkingGroupMember
from evidence.models.users import Role
from evidence.services.evidence_pass import EvidencePass, evidence_pass
from evidence.services.org import find_year, line_of
from evidence.settings import get_settings

TOPICS = ("org", "stakeholders", "relationships", "segments", "voc", "service", "complaints", "approvals",
          "surveys", "plans", "projects", "files")


@dataclass(frozen=True)
class MissingItem:
    topic: str  # the page it belongs to (one of TOPICS)
    message: str  # Thai, names the line or department
    rule: str | None = None  # the criteria rule that asks for it (S1, C7, …)
    unit: str | None = None  # the line or department; None for the enterprise as a whole
    count: int = 1


@dataclass
class Scope:
    """The enterprise, year and units a to-do list is about."""

    session: Session
    enterprise_id: int
    year: int
    units: list[OrgUnit]
    unit_ids: frozenset[int] | None  # None: the whole enterprise
    today: date
    first_day: date
    last_day: date

    @property
    def whole_enterprise(self) -> bool:
        return self.unit_ids is None

    def in_scope(self, unit_id: int | None) -> bool:
        return unit_id is not None and (self.unit_ids is None or unit_id in self.unit_ids)

    def lines(self) -> list[OrgUnit]:
        """Lines reporting to the top executive that fall inside the scope (S3)."""
        return [u for u in self.units if u.reports_to_top and u.active and self.in_scope(u.id)
                and (u.kind == UnitKind.LINE or u.parent_id is None)]  # a department under the top executive (SM5)

    def line_id(self, unit_id: int | None) -> int | None:
        line = line_of(self.units, unit_id) if unit_id is not None else None
        return line.id if line else None

    def name(self, unit_id: int | None) -> str:
        unit = next((u for u in self.units if u.id == unit_id), None)
        return unit.name_th if unit else "ไม่ระบุหน่วยงาน"

    def per_unit(self, model: type[SQLModel], *conditions: object, unit_field: str = "org_unit_id") -> dict[int, int]:
        """Count of the year's records of `model` per unit, for units in scope."""
        unit = getattr(model, unit_field)
        query = select(unit, func.count()).where(
            model.enterprise_id == self.enterprise_id, *conditions).group_by(unit)  # type: ignore[attr-defined]
        if "year" in model.model_fields:
            query = query.where(model.year == self.year)  # type: ignore[attr-defined]
        return {u: n for u, n in self.session.exec(query).all() if self.in_scope(u)}  # type: ignore[call-overload]

    def per_unit_cases(self, model: type[SQLModel], cases: dict[str, object],
                       by: str | None = None) -> tuple[dict[str, dict[int, int]], set[object]]:
        """Several counts per unit in one pass over the year's records: name → {unit: rows matching};
        with `by`, also the distinct values of that column (over the whole enterprise)."""
        unit = model.org_unit_id  # type: ignore[attr-defined]
        extra = [getattr(model, by)] if by else []
        sums = [func.sum(case((condition, 1), else_=0)).label(name) for name, condition in cases.items()]
        query = select(unit, *extra, *sums).where(model.enterprise_id == self.enterprise_id,  # type: ignore[attr-defined]
                                                  model.year == self.year).group_by(unit, *extra)  # type: ignore[attr-defined]
        out: dict[str, dict[int, int]] = {name: {} for name in cases}
        seen: set[object] = set()
        for row in self.session.exec(query).all():  # type: ignore[call-overload]
            if by:
                seen.add(row[1])
            if not self.in_scope(row[0]):
                continue
            for name, count in zip(cases, row[1 + len(extra):], strict=True):
                if count:
                    out[name][row[0]] = out[name].get(row[0], 0) + int(count)
        return out, seen

    def per_line(self, counts: dict[int, int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for unit_id, n in counts.items():
            line = self.line_id(unit_id)
            if line is not None:
                out[line] = out.get(line, 0) + n
        return out


Check = Callable[[Scope], Iterable[MissingItem]]


class _Rows:
    """The kept rows of one statement, answering as a result does (`all`, `one`, `first`, iteration)."""

    def __init__(self, rows: list[Any]):
        self._rows = rows

    def all(self) -> list[Any]:
        return list(self._rows)

    def one(self) -> Any:
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, got {len(self._rows)}")
        return self._rows[0]

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class SharedReads:
    """A read-only stand-in for the session: a statement's rows are kept in the enterprise's evidence
    pass, keyed on its SQL and parameters, so users of every division share them. Statements that load
    whole records (ORM objects belong to one session) go to the session itself."""

    def __init__(self, session: Session, shared: EvidencePass):
        self._session, self._shared = session, shared

    def exec(self, statement: Any) -> Any:
        if any(isinstance(d.get("expr"), type) for d in getattr(statement, "column_descriptions", [{"expr": type}])):
            return self._session.exec(statement)
        compiled = statement.compile(dialect=self._session.get_bind().dialect)
        key = ("missing-sql", str(compiled), repr(sorted(compiled.params.items())))
        return _Rows(self._shared.get(key, lambda: list(self._session.exec(statement).all())))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def profiles(scope: Scope) -> Iterable[MissingItem]:
    """S3 a profile set per line; S1 profiles complete and reviewed within the allowed months."""
    max_age = get_settings().profile_max_age_months
    all_profiles = scope.per_line(scope.per_unit(Stakeholder))
    approved = scope.per_line(scope.per_unit(Stakeholder, Stakeholder.status == ReviewStatus.APPROVED))
    rows = scope.session.exec(select(
        Stakeholder.org_unit_id, Stakeholder.reviewed_on, Stakeholder.role, Stakeholder.key_issues,
        Stakeholder.representative_name, Stakeholder.coordinator_name, Stakeholder.relationship_level,
        Stakeholder.carried_from_year,
    ).where(Stakeholder.enterprise_id == scope.enterprise_id, Stakeholder.year == scope.year)).all()
    current: dict[int, int] = {}
    stale: dict[int, int] = {}
    lacking: dict[int, int] = {}
    carried: dict[int, int] = {}
    reference = min(scope.today, scope.last_day)
    for unit_id, reviewed, role, issues, rep, coord, level, carried_from in rows:
        if not scope.in_scope(unit_id):
            continue
        line = scope.line_id(unit_id) or unit_id
        if carried_from is not None:
            carried[line] = carried.get(line, 0) + 1
        if reviewed is not None and _months_between(reviewed, reference) <= max_age:
            current[line] = current.get(line, 0) + 1
        else:
            stale[line] = stale.get(line, 0) + 1
        if not (role and issues and (rep or coord) and level):
            lacking[line] = lacking.get(line, 0) + 1
    for line in scope.lines():
        name = line.name_th
        if not all_profiles.get(line.id):
            yield MissingItem("stakeholders", f"{name} ยังไม่มี Stakeholder Profile ปี {scope.year}", "S3", name)
            continue
        if not approved.get(line.id):
            yield MissingItem("stakeholders", f"{name} มี Stakeholder Profile แต่ยังไม่ได้รับอนุมัติ", "S3", name)
        if not current.get(line.id):
            yield MissingItem("stakeholders", f"{name} ยังไม่มี Stakeholder Profile ที่ทบทวนใน {max_age} เดือน", "S1", name)
    for line_id, n in stale.items():
        if current.get(line_id):
            name = scope.name(line_id)
            yield MissingItem("stakeholders", f"{name}: Stakeholder Profile {n} รายยังไม่ได้ทบทวนภายใน {max_age} เดือน",
                              "S1", name, n)
    for line_id, n in carried.items():
        name = scope.name(line_id)
        yield MissingItem("stakeholders", f"{name}: Stakeholder Profile {n} รายยกมาจากปีก่อน รอการทบทวน", "S1", name, n)
    for line_id, n in lacking.items():
        name = scope.name(line_id)
        yield MissingItem("stakeholders", f"{name}: Stakeholder Profile {n} รายยังขาดบทบาท ประเด็นสำคัญ "
                          "ผู้แทน/ผู้ประสานงาน หรือระดับความสัมพันธ์", "S1", name, n)


def voices(scope: Scope) -> Iterable[MissingItem]:
    """S5: every line with profiles gathers the voice of its stakeholders."""
    with_profiles = scope.per_line(scope.per_unit(Stakeholder))
    with_vos = scope.per_line(scope.per_unit(VoiceOfStakeholder))
    for line in scope.lines():
        if with_profiles.get(line.id) and not with_vos.get(line.id):
            yield MissingItem("stakeholders", f"{line.name_th} ยังไม่มีเสียงของผู้มีส่วนได้ส่วนเสีย (VOS) ปี {scope.year}",
                              "S5", line.name_th)


def relationships(scope: Scope) -> Iterable[MissingItem]:
    """S7 internal stakeholders at issue need a plan; S10 high risks link to the enterprise risk plan."""
    at_issue = scope.session.exec(
        select(Stakeholder.id, Stakeholder.org_unit_id).where(
            Stakeholder.enterprise_id == scope.enterprise_id, Stakeholder.year == scope.year,
            Stakeholder.is_internal == True,  # noqa: E712
            Stakeholder.importance == "high",
            col(Stakeholder.id).in_(select(StakeholderIssue.stakeholder_id).where(
                StakeholderIssue.resolved == False)))  # noqa: E712
    ).all()
    planned = set(scope.session.exec(select(RelationshipPlan.stakeholder_id).where(
        RelationshipPlan.enterprise_id == scope.enterprise_id, RelationshipPlan.year == scope.year,
        or_(RelationshipPlan.plan_source == "own", RelationshipPlan.aligned_with_strategy == True))).all())  # noqa: E712
    without_plan: dict[int, int] = {}
    for stakeholder_id, unit_id in at_issue:
        if scope.in_scope(unit_id) and stakeholder_id not in planned:
            without_plan[unit_id] = without_plan.get(unit_id, 0) + 1
    for unit_id, n in without_plan.items():
        name = scope.name(unit_id)
        yield MissingItem("relationships", f"{name}: ผู้มีส่วนได้ส่วนเสียภายใน {n} รายมีประเด็นค้าง "
                          "แต่ยังไม่มีแผนสร้างความสัมพันธ์", "S7", name, n)
    risks = scope.session.exec(select(RelationshipRisk.org_unit_id, RelationshipRisk.impact,
                                      RelationshipRisk.likelihood, RelationshipRisk.erm_reference,
                                      RelationshipRisk.mitigation_plan).where(
        RelationshipRisk.enterprise_id == scope.enterprise_id, RelationshipRisk.year == scope.year)).all()
    unlinked: dict[int, int] = {}
    for unit_id, impact, likelihood, erm, own_plan in risks:
        high = risk_level(impact, likelihood) in (RiskLevel.HIGH, RiskLevel.VERY_HIGH)
        if scope.in_scope(unit_id) and high and not (erm or "").strip() and not (own_plan or "").strip():
            unlinked[unit_id] = unlinked.get(unit_id, 0) + 1
    for unit_id, n in unlinked.items():
        name = scope.name(unit_id)
        yield MissingItem("relationships", f"{name}: ความเสี่ยงระดับสูง {n} รายการยังไม่อ้างอิงแผนบริหารความเสี่ยงองค์กรและไม่มีแผนจัดการของตนเอง",
                          "S10", name, n)
    plans = scope.session.exec(select(RelationshipPlan.org_unit_id, func.count()).where(
        RelationshipPlan.enterprise_id == scope.enterprise_id, RelationshipPlan.year == scope.year,
        col(RelationshipPlan.id).not_in(select(RelationshipActivity.plan_id))).group_by(RelationshipPlan.org_unit_id)
    ).all()
    for unit_id, n in plans:
        if scope.in_scope(unit_id) or (unit_id is None and scope.whole_enterprise):
            name = scope.name(unit_id) if unit_id else None
            yield MissingItem("relationships", f"{name or 'ระดับองค์กร'}: แผนสร้างความสัมพันธ์ {n} แผนยังไม่มีกิจกรรม",
                              "S7", name, n)


def working_group(scope: Scope) -> Iterable[MissingItem]:
    """S9 (FAQ SM10): the working group has a representative of every line."""
    groups = scope.session.exec(select(WorkingGroup.id).where(
        WorkingGroup.enterprise_id == scope.enterprise_id, WorkingGroup.year == scope.year)).all()
    members = scope.session.exec(select(WorkingGroupMember.org_unit_id).where(
        col(WorkingGroupMember.group_id).in_(groups))).all() if groups else []
    represented = {scope.line_id(u) for u in members}
    for line in scope.lines():
        if line.id not in represented:
            yield MissingItem("relationships", f"{line.name_th} ยังไม่มีผู้แทนในคณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย ปี {scope.year}",
                              "S9", line.name_th)


def _checks() -> dict[str, tuple[Check, ...]]:
    from evidence.services import missing_cm
    from evidence.services.review import REVIEWED_BY_TOPIC, drafts_of

    def drafts(topic: str) -> Check:
        return lambda scope: drafts_of(scope, topic, REVIEWED_BY_TOPIC[topic])

    by_topic: dict[str, tuple[Check, ...]] = {
        "org": (profiles,),
        "stakeholders": (profiles, voices),
        "relationships": (relationships, working_group),
        "segments": (missing_cm.segments,),
        "voc": (missing_cm.voc,),
        "service": (missing_cm.service,),
        "complaints": (missing_cm.complaints,),
        "approvals": (missing_cm.approvals,),
        "surveys": (missing_cm.surveys,),
        "plans": (missing_cm.plans,),
        "projects": (missing_cm.projects,),
        "files": (missing_cm.files,),
    }
    return {t: checks + ((drafts(t),) if t in REVIEWED_BY_TOPIC else ()) for t, checks in by_topic.items()}


def missing_items(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    unit_ids: frozenset[int] | None = None,
    topics: Collection[str] = TOPICS,
    today: date | None = None,
) -> list[MissingItem]:
    """The to-do list of `topics` for the units in `unit_ids` (None: the whole enterprise).

    Division staff always get their own units' list, whatever `unit_ids` asks for."""
    require_read(actor, enterprise_id, session=session)
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        return []
    if actor.role == Role.DIVISION:
        unit_ids = actor.org_unit_ids if unit_ids is None else unit_ids & actor.org_unit_ids
    units = list(session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == enterprise_id)).all())
    first, last = cycle.bounds()
    reads = SharedReads(session, evidence_pass(session, enterprise_id, year)) if today is None else session
    scope = Scope(reads, enterprise_id, year, units, unit_ids, today or date.today(), first, last)  # type: ignore[arg-type]
    checks = _checks()
    items: list[MissingItem] = []
    seen: set[tuple[str, str]] = set()
    for topic in topics:
        for check in checks.get(topic, ()):
            for item in check(scope):
                if (topic, item.message) not in seen:
                    seen.add((topic, item.message))
                    items.append(item if item.topic == topic else MissingItem(topic, *_rest(item)))
    return items


def _rest(item: MissingItem) -> tuple[str, str | None, str | None, int]:
    return item.message, item.rule, item.unit, item.count
