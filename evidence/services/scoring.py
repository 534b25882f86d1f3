"""Score an enterprise (or one line of business) for a year under the criteria version it pins.

The engine (`criteria.scoring.assess`) is pure; this service builds the read-only evidence snapshot
with SQL aggregates and hands both over. Scoring reads approved records only (see evidence.snapshot).
"""

import threading
from collections import OrderedDict

from sqlmodel import Session, col, select

from criteria.results import Assessment
from criteria.scoring import assess
from evidence.access import Actor, require_read
from evidence.errors import DomainError, NotFound
from evidence.models.org import Enterprise, OrgUnit, UnitKind
from evidence.models.users import AuditLog
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.org import find_year
from evidence.snapshot import build_snapshot

_RECENT: OrderedDict[tuple[object, ...], Assessment] = OrderedDict()
_RECENT_LOCK = threading.Lock()
RECENT_SIZE = 16


def evidence_version(session: Session) -> tuple[object, ...]:
    """Which evidence a score was computed from: the database and its newest audit row. Every write
    through the services adds an audit row, so a changed version means changed evidence."""
    newest = session.exec(select(AuditLog.id, AuditLog.at).order_by(col(AuditLog.id).desc()).limit(1)).first()
    return (str(session.get_bind().url), *(newest or (0, None)))


def forget_recent() -> None:
    """Drop every kept assessment (benchmarks measure cold scoring with it)."""
    with _RECENT_LOCK:
        _RECENT.clear()


def score_enterprise(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    division_id: int | None = None,
    method: str | None = None,
    claim_mode: str | None = None,
    reuse: bool = False,
) -> Assessment:
    """The assessment of the enterprise, or of one line when `division_id` names a line.

    With `reuse`, an assessment this process already computed for the same scope, settings and
    evidence version is returned again (a report made right after the dashboard scores nothing twice).
    """
    require_read(actor, enterprise_id, session=session)
    key = (*evidence_version(session), enterprise_id, year, division_id, method, claim_mode)
    if reuse:
        with _RECENT_LOCK:
            if key in _RECENT:
                _RECENT.move_to_end(key)
                return _RECENT[key]
    result = _score(session, enterprise_id=enterprise_id, year=year, division_id=division_id,
                    method=method, claim_mode=claim_mode)
    with _RECENT_LOCK:
        _RECENT[key] = result
        while len(_RECENT) > RECENT_SIZE:
            _RECENT.popitem(last=False)
    return result


def _score(
    session: Session, *, enterprise_id: int, year: int, division_id: int | None, method: str | None,
    claim_mode: str | None,
) -> Assessment:
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    if division_id is not None:
        unit = session.get(OrgUnit, division_id)
        if unit is None or unit.enterprise_id != enterprise_id or unit.kind != UnitKind.LINE:
            raise NotFound(f"ไม่พบสายงานรหัส {division_id} ในรัฐวิสาหกิจนี้", field="division")
    criteria = resolve_criteria(session, cycle.criteria_version)
    snapshot = build_snapshot(session, enterprise_id=enterprise_id, year=year, division_id=division_id)
    try:
        return assess(criteria, snapshot, method=method or cycle.scoring_method,
                      claim_mode=claim_mode or cycle.claim_mode)  # type: ignore[arg-type]
    except ValueError as exc:
        raise DomainError(str(exc)) from None


def resolve_scope(session: Session, *, enterprise_code: str, division_code: str | None) -> tuple[int, int | None]:
    """Enterprise id and optional line id from the codes a user types (CLI, reports)."""
    enterprise = session.exec(select(Enterprise).where(Enterprise.code == enterprise_code)).first()
    if enterprise is None:
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส '{enterprise_code}'", field="enterprise")
    if division_code is None:
        return enterprise.id or 0, None
    unit = session.exec(
        select(OrgUnit).where(OrgUnit.enterprise_id == enterprise.id, OrgUnit.code == division_code)
    ).first()
    if unit is None:
        raise NotFound(f"ไม่พบหน่วยงานรหัส '{division_code}'", field="division")
    return enterprise.id or 0, unit.id
