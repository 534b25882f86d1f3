"""The two large scans of a year, one pass each, shared by the scoring snapshot and the dashboard.

- `scan_voc`: the year's VOC records grouped by unit, quarter, aspect, segment and approval.
- `scan_complaints`: the year's complaint cases grouped by unit and quarter, with per stage of the
  approved cases those measured against the time standard and those within it (P5, ISO 10002).

Both run once per enterprise, year and data version (`evidence.services.evidence_pass`); the snapshot
(`evidence.snapshot`) and the dashboard (`evidence.services.dashboard`) derive their figures from the
same rows, for the whole enterprise or for the units of one line.

SQL per dialect: both scans group by the natural columns on their covering indexes (`ix_vocrecord_pass`,
`ix_complaintcase_pass`, migration 0004), so the rows are read from the index in group order. On
PostgreSQL the counts are `count(*) FILTER (WHERE …)` and a stage is within its standard when
`reached <= received_at + interval`; on SQLite `sum(CASE …)` and `julianday` differences
(`hours_between`; durations stored in the table were measured slower: the index cannot cover them).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import and_, case, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from evidence.models import ComplaintCase, ComplaintStandard, VocRecord
from evidence.models.base import ReviewStatus
from evidence.models.complaints import ComplaintStage
from evidence.models.customers import VocAspect
from evidence.models.org import AssessmentYear
from evidence.services.evidence_pass import EvidencePass
from evidence.sql_hours import hours_between
from evidence.thai_dates import bangkok_today

APPROVED = ReviewStatus.APPROVED.value
HIGH_PRIORITY = 2  # priority 1–2 of 1–5 (1 is the highest)
ASPECTS = tuple(a.value for a in VocAspect)


def quarter_of(moment: ColumnElement[datetime], cycle: AssessmentYear) -> ColumnElement[int]:
    """Quarter 1–4 of the assessment year (fiscal: October–December is quarter 1), by comparing with the
    quarters' first days (cheaper than taking the month apart, and the same on every database)."""
    first = cycle.bounds()[0]
    starts = [datetime(first.year + (first.month - 1 + 3 * q) // 12, (first.month - 1 + 3 * q) % 12 + 1, 1)
              for q in (1, 2, 3)]
    return case((moment < starts[0], 1), (moment < starts[1], 2), (moment < starts[2], 3), else_=4)


# ----------------------------------------------------------------------------- VOC


class VocGroup(NamedTuple):
    """One group of the VOC scan (a named tuple: 15,000 groups at scale L are made in a third of the
    time a frozen dataclass takes, and pickle smaller for the shared level)."""

    unit_id: int
    quarter: int
    aspect: str
    segment_id: int | None
    approved: bool
    records: int
    high_priority: int
    priority_sum: int


def scan_voc(session: Session, enterprise_id: int, year: int) -> tuple[VocGroup, ...]:
    """One pass over the year's VOC records, grouped by unit, quarter, aspect, segment and status in the
    order of the covering index `ix_vocrecord_pass` (no sort, no table read); statuses other than
    approved are merged here."""
    v = VocRecord
    high = col(v.priority) <= HIGH_PRIORITY
    high_count = func.count().filter(high) if _postgres(session) else func.sum(case((high, 1), else_=0))
    keys = (v.org_unit_id, v.quarter, v.aspect, v.segment_id, v.status)
    query = (
        select(*keys, func.count(), high_count, func.sum(v.priority))
        .where(v.enterprise_id == enterprise_id, v.year == year)
        .group_by(*keys)
    )
    merged: dict[tuple[int, int, str, int | None, bool], list[int]] = {}
    for unit_id, quarter, aspect, segment_id, status, n, high_n, total in session.exec(query).all():  # type: ignore[call-overload]
        name = str(aspect) if str(aspect) in ASPECTS else "other"
        sums = merged.setdefault((int(unit_id), int(quarter), name, segment_id or None, str(status) == APPROVED),
                                 [0, 0, 0])
        sums[0] += int(n)
        sums[1] += int(high_n or 0)
        sums[2] += int(total or 0)
    return tuple(VocGroup(*key, *sums) for key, sums in merged.items())


# ----------------------------------------------------------------------------- complaints (P5)

STAGE_COLUMNS = {
    ComplaintStage.ACKNOWLEDGE: ComplaintCase.acknowledged_at,
    ComplaintStage.RESPOND: ComplaintCase.responded_at,
    ComplaintStage.RESOLVE: ComplaintCase.resolved_at,
}


@dataclass(frozen=True)
class ComplaintScan:
    """Cases per unit and quarter: (unit, quarter, [all, approved with every stage time, approved, then per
    measured stage: approved measured, approved within])."""

    standards: dict[str, float]
    stages: tuple[ComplaintStage, ...]
    rows: tuple[tuple[int, int, tuple[int, ...]], ...]
    as_of: date

    FIRST_STAGE = 3  # index of the first stage's "measured" in a row's values


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def scan_complaints(session: Session, cycle: AssessmentYear, as_of: date | None = None) -> ComplaintScan:
    """One pass over the year's complaint cases, grouped by unit and quarter.

    A case is measured at a stage once it reached it, or once the standard has passed without it
    (overdue at the end of `as_of`: by default today, or the year's last day when that is earlier);
    receiving is met by every recorded case (the receipt is its own time)."""
    enterprise_id, year = cycle.enterprise_id, cycle.year
    as_of = as_of or min(bangkok_today(), cycle.bounds()[1])
    standards = {
        str(stage): float(hours) for stage, hours in session.exec(
            select(ComplaintStandard.stage, ComplaintStandard.max_hours).where(
                ComplaintStandard.enterprise_id == enterprise_id, ComplaintStandard.year == year,
                ComplaintStandard.status == APPROVED,
            )
        ).all()
    }
    end_of_day = datetime.combine(as_of, time.max)
    postgres = _postgres(session)

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count().filter(condition) if postgres else func.sum(case((condition, 1), else_=0))

    # Grouped by approval too, so no condition repeats "approved"; a comparison with a missing stage
    # time is NULL, so "reached and within" needs no IS NOT NULL (about a third less work per case).
    stages = tuple(s for s in ComplaintStage if s.value in standards)
    columns: list[ColumnElement[int]] = [func.count(), count_if(and_(*(col(c).is_not(None)
                                                                        for c in STAGE_COLUMNS.values())))]
    for stage in stages:
        limit = standards[stage.value]
        if stage not in STAGE_COLUMNS:  # receiving: every recorded case was received when recorded
            columns += [func.count(), func.count()]
            continue
        reached = col(STAGE_COLUMNS[stage])
        overdue = col(ComplaintCase.received_at) < end_of_day - timedelta(hours=limit)
        took = (reached <= col(ComplaintCase.received_at) + timedelta(hours=limit) if postgres
                else hours_between(ComplaintCase.received_at, reached) <= limit)
        columns.append(count_if(reached.is_not(None) | overdue))
        columns.append(count_if(took))
    quarter = quarter_of(col(ComplaintCase.received_at), cycle).label("quarter")
    approved = (ComplaintCase.status == APPROVED).label("approved")
    query = (
        select(ComplaintCase.org_unit_id, quarter, approved, *columns)
        .where(ComplaintCase.enterprise_id == enterprise_id, ComplaintCase.year == year)
        .group_by(ComplaintCase.org_unit_id, quarter, approved)
    )
    merged: dict[tuple[int, int], list[int]] = {}
    for unit_id, q, is_approved, n, all_times, *counts in session.exec(query).all():  # type: ignore[call-overload]
        sums = merged.setdefault((int(unit_id), int(q)), [0] * (3 + len(counts)))
        sums[0] += int(n)
        if is_approved:  # [all, approved with every stage time, approved, then per stage measured, within]
            sums[1] += int(all_times or 0)
            sums[2] += int(n)
            for i, value in enumerate(counts):
                sums[3 + i] += int(value or 0)
    rows = tuple((unit_id, q, tuple(sums)) for (unit_id, q), sums in sorted(merged.items()))
    return ComplaintScan(standards, stages, rows, as_of)


# ----------------------------------------------------------------------------- shared per data version


def shared_voc(shared: EvidencePass, session: Session, enterprise_id: int, year: int) -> tuple[VocGroup, ...]:
    """The VOC scan of the pass (computed by its first reader)."""
    return shared.get("scan:voc", lambda: scan_voc(session, enterprise_id, year))


def shared_complaints(shared: EvidencePass, session: Session, cycle: AssessmentYear) -> ComplaintScan:
    """The complaint scan of the pass, as of today (or the year's last day)."""
    return shared.get("scan:complaints", lambda: scan_complaints(session, cycle))
