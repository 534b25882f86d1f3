"""The dashboard's completeness heatmap: lines of business (departments rolled up, S3) × record families,
what each line has and what it still owes (`evidence.services.dashboard.completeness` checks access).

Profiles and relationship risks are counted per unit in SQL (one GROUP BY each); VOC and complaints
come from the scans of the evidence pass. Drafts count as still owed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from evidence.models import OrgUnit, RelationshipPlan, RelationshipRisk, Stakeholder, VoiceOfStakeholder
from evidence.models.base import ReviewStatus
from evidence.models.org import AssessmentYear, UnitKind
from evidence.settings import get_settings
from evidence.snapshot_scans import ComplaintScan, VocGroup
from evidence.thai_dates import bangkok_today

APPROVED = ReviewStatus.APPROVED.value
HIGH_RISK_SCORE = 10  # impact × likelihood from "high" up (evidence.models.stakeholders.risk_level)


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


def completeness_cells(
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
