"""Score an enterprise (or one line of business) for a year under the criteria version it pins.

The engine (`criteria.scoring.assess`) is pure; this service builds the read-only evidence snapshot
with SQL aggregates and hands both over. Scoring reads approved records only (see evidence.snapshot).

Assessments are kept in the enterprise's shared evidence pass (`evidence.services.evidence_pass`):
one per scope and setting for each data version of that enterprise, served to every reader after the
access check; the snapshot takes its VOC and complaint figures from the scans the dashboard shares.
"""

from sqlmodel import Session, col, select

from criteria.results import Assessment
from criteria.scoring import assess
from evidence.access import Actor, require_read
from evidence.errors import DomainError, NotFound
from evidence.models.org import Enterprise, OrgUnit, UnitKind
from evidence.models.users import AuditLog
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.evidence_pass import EvidencePass, evidence_pass, forget_passes
from evidence.services.org import find_year
from evidence.snapshot import build_snapshot


def evidence_version(session: Session) -> tuple[object, ...]:
    """The database and its newest audit row (the document-control line of a report names it). Caches
    are keyed on the enterprise's own version instead (`evidence_pass.enterprise_version`)."""
    newest = session.exec(select(AuditLog.id, AuditLog.at).order_by(col(AuditLog.id).desc()).limit(1)).first()
    return (str(session.get_bind().url), *(newest or (0, None)))


def forget_recent() -> None:
    """Drop every kept assessment and pass (benchmarks measure cold scoring with it)."""
    forget_passes()


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

    Computed once per scope and setting for each data version of the enterprise and shared by every
    reader (dashboard, score page, reports, submissions) after its access check; a write of the
    enterprise's evidence starts a new version. `reuse` is kept for callers written before the pass
    (an assessment is always reused within its data version). The result is shared: never change it.
    """
    require_read(actor, enterprise_id, session=session)
    shared = evidence_pass(session, enterprise_id, year)
    return shared.get(("assessment", division_id, method, claim_mode), lambda: _score(
        session, shared, enterprise_id=enterprise_id, year=year, division_id=division_id, method=method,
        claim_mode=claim_mode))


def _score(
    session: Session, shared: EvidencePass, *, enterprise_id: int, year: int, division_id: int | None,
    method: str | None, claim_mode: str | None,
) -> Assessment:
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    if division_id is not None:
        unit = session.get(OrgUnit, division_id)
        if unit is None or unit.enterprise_id != enterprise_id or unit.kind != UnitKind.LINE:
            raise NotFound(f"ไม่พบสายงานรหัส {division_id} ในรัฐวิสาหกิจนี้", field="division")
    criteria = resolve_criteria(session, cycle.criteria_version)
    snapshot = build_snapshot(session, enterprise_id=enterprise_id, year=year, division_id=division_id,
                              shared=shared)
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
