"""Build the evidence snapshot the scoring engine reads: SQL aggregates, never all rows.

`build_snapshot(session, enterprise_id=…, year=…)` reads each family of records once for the whole
enterprise (one GROUP BY or one small query per family, grouped by unit where a line needs it: the
500,000 VOC records and 200,000 complaint cases of a large enterprise stay in the database) and
returns a frozen `criteria.snapshot.EvidenceSnapshot`. Records with a review status count only when
approved (unless `approved_only=False`).

With `division_id` the snapshot covers that line and its departments: it is cut in Python from the
same enterprise-wide parts (`EnterpriseParts`), never read again with the line's units. Enterprise-wide
records (policies, strategy, surveys, minutes, VOC reports, records without a unit) are part of every
line's snapshot; per-unit figures (profiles, VOS, risks, VOC, complaints) count the line's units only.

Given the enterprise's evidence pass (`shared`, as scoring does), the parts are kept there: the whole
enterprise and every line (a report scores six or more) are cut from one reading per data version,
and VOC and complaint counts come from the scans the dashboard shares (`evidence.snapshot_scans`).
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from criteria.snapshot import (
    AssessorNote,
    ChannelFact,
    DocumentFact,
    EvidenceSnapshot,
    FileFact,
    MeetingFact,
    OrgUnit,
    PlanFact,
    ProjectFact,
    RelationshipPlanFact,
    SurveyFact,
    UnitStakeholders,
    VocStats,
    WorkingGroupFact,
)
from evidence.errors import NotFound
from evidence.models import AssessmentYear, Enterprise
from evidence.models import OrgUnit as OrgUnitRow
from evidence.services.assessment import snapshot_assessor_notes
from evidence.services.evidence_pass import EvidencePass
from evidence.snapshot_claims import ClaimRow, claim_rows, merge_claims
from evidence.snapshot_customers import (
    ActionRows,
    ComplaintRows,
    SegmentRow,
    cut_actions,
    cut_channels,
    cut_complaints,
    cut_segments,
    cut_service_times,
    cut_voc,
    read_actions,
    read_channels,
    read_complaints,
    read_segments,
    read_service_times,
    read_surveys,
    read_voc,
    voc_by_unit,
)
from evidence.snapshot_documents import RegisterScope, register_documents, year_start
from evidence.snapshot_families import (
    cut_by_unit,
    meetings,
    plans,
    projects,
    relationship_plans,
    working_groups,
)
from evidence.snapshot_scans import scan_complaints, scan_voc, shared_complaints, shared_voc
from evidence.snapshot_scope import NAMED_ROWS, ReadScope, file_links, linked_files
from evidence.snapshot_stakeholders import cut_stakeholders, profile_gaps, read_stakeholders
from evidence.thai_dates import bangkok_today

__all__ = ["NAMED_ROWS", "EnterpriseParts", "build_snapshot", "profile_gaps", "read_parts"]

UnitRow = tuple[int, str, int | None, bool, bool]  # id, name, parent, reports to the top executive, active


@dataclass(frozen=True)
class EnterpriseParts:
    """Every family of one enterprise and year, read once; each scope's snapshot is cut from it. Kept in
    the evidence pass, so plain values only (picklable: a pass may be stored in the database)."""

    units: tuple[UnitRow, ...]  # every unit of the enterprise, in id order
    stakeholders: tuple[UnitStakeholders, ...]
    documents: tuple[DocumentFact, ...]
    document_files: dict[int, FileFact]
    plans: tuple[PlanFact, ...]
    meetings: tuple[MeetingFact, ...]
    surveys: tuple[SurveyFact, ...]
    channels: tuple[ChannelFact, ...]
    segments: tuple[SegmentRow, ...]
    voc: VocStats  # reports and rankings; counts per unit in voc_units
    voc_units: dict[int, dict[str, int]]
    actions: ActionRows
    service_times: tuple[tuple[int | None, str, int], ...]
    complaints: ComplaintRows
    relationship_plans: tuple[RelationshipPlanFact, ...]
    working_groups: tuple[WorkingGroupFact, ...]
    projects: tuple[ProjectFact, ...]
    claims: tuple[ClaimRow, ...]
    assessor_levels: dict[str, AssessorNote]
    link_file_ids: frozenset[int]  # files linked to any record
    files: dict[int, FileFact]  # name and SHA-256 of every linked or claimed file


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
    With `shared` (the enterprise's evidence pass) the enterprise-wide parts are read once per pass.
    """
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส {enterprise_id}", field="enterprise_id")
    cycle = session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year == year)
    ).first()
    last = cycle.bounds()[1] if cycle is not None else date(year - 543, 9, 30)
    as_of = as_of or min(bangkok_today(), last)
    fact_mode = str(cycle.fact_mode) if cycle is not None else "declared"

    def read() -> EnterpriseParts:
        return read_parts(session, enterprise_id, year, cycle, as_of=as_of, approved_only=approved_only, shared=shared)

    parts = shared.get(("snapshot:parts", approved_only, as_of, fact_mode), read) if shared is not None else read()
    units, below = _units(parts.units, division_id)
    unit_ids = frozenset(u.id for u in units) if division_id is not None else None
    claims = merge_claims(parts.claims, below)
    claimed = {int(r.record_id) for c in claims.values() for r in c.evidence
               if r.table == "file" and str(r.record_id).isdigit()}
    documents = cut_by_unit(parts.documents, lambda d: d.owner_unit_id, unit_ids)
    document_files = parts.document_files if unit_ids is None else {
        f: parts.document_files[f] for d in documents for f in d.ref.file_ids if f in parts.document_files}
    files = {f: parts.files[f] for f in parts.link_file_ids | claimed if f in parts.files}
    return EvidenceSnapshot(
        enterprise_id=enterprise_id,
        year=year,
        enterprise_name=enterprise.name_th,
        division_id=division_id,
        scope_name=next((u.name for u in units if u.id == division_id), "ทั้งองค์กร"),
        as_of=as_of,
        year_bounds=cycle.bounds() if cycle is not None else (year_start(year), last),
        units=units,
        stakeholders=cut_stakeholders(parts.stakeholders, unit_ids),
        documents=documents,
        plans=parts.plans,
        meetings=parts.meetings,
        surveys=parts.surveys,
        channels=cut_channels(parts.channels, unit_ids),
        segments=cut_segments(parts.segments, unit_ids),
        voc=cut_voc(parts.voc, parts.voc_units, unit_ids),
        actions=cut_actions(parts.actions, unit_ids),
        service_times=cut_service_times(parts.service_times, unit_ids),
        complaints=cut_complaints(parts.complaints, unit_ids),
        relationship_plans=cut_by_unit(parts.relationship_plans, lambda p: p.unit_id, unit_ids),
        working_groups=parts.working_groups,
        projects=cut_by_unit(parts.projects, lambda p: p.owner_unit_id, unit_ids),
        claims=claims,
        assessor_levels=parts.assessor_levels,
        files={**files, **document_files},
        fact_mode=fact_mode,
    )


def read_parts(
    session: Session, enterprise_id: int, year: int, cycle: AssessmentYear | None, *, as_of: date,
    approved_only: bool, shared: EvidencePass | None = None,
) -> EnterpriseParts:
    """Each family of the enterprise's year, read once (about 30 statements, whatever the number of lines).

    VOC counts come from the VOC scan (the pass's, with `shared`); complaints from the complaint scan
    when approved records are counted and a cycle dates the quarters, else from a scan of their own."""
    links = shared.get("file_links", lambda: file_links(session, enterprise_id)) if shared is not None \
        else file_links(session, enterprise_id)
    scope = ReadScope(session, enterprise_id, year, approved_only, links)
    first_day, last_day = cycle.bounds() if cycle is not None else (year_start(year), date(year - 543, 9, 30))
    fact_mode = str(cycle.fact_mode) if cycle is not None else "declared"
    documents, document_files = register_documents(RegisterScope(
        session, enterprise_id, year, first_day, last_day, as_of, None, approved_only, fact_mode))
    groups = shared_voc(shared, session, enterprise_id, year) if shared is not None \
        else scan_voc(session, enterprise_id, year)
    scan = None
    if approved_only and cycle is not None:
        scan = shared_complaints(shared, session, cycle) if shared is not None else None
        if scan is None or scan.as_of != as_of:  # a snapshot dated otherwise counts overdue cases itself
            scan = scan_complaints(session, cycle, as_of)
    claims = claim_rows(session, enterprise_id=enterprise_id, year=year)
    link_ids = frozenset(f for fids in links.values() for f in fids)
    claimed = {int(r.record_id) for c in claims for r in c.evidence if r.table == "file" and str(r.record_id).isdigit()}
    return EnterpriseParts(
        units=tuple((int(uid or 0), name, pid, bool(to_top), bool(active)) for uid, name, pid, to_top, active in
                    session.exec(select(OrgUnitRow.id, OrgUnitRow.name_th, OrgUnitRow.parent_id,
                                        OrgUnitRow.reports_to_top, OrgUnitRow.active)
                                 .where(OrgUnitRow.enterprise_id == enterprise_id).order_by(col(OrgUnitRow.id))).all()),
        stakeholders=read_stakeholders(scope, as_of),
        documents=documents,
        document_files=document_files,
        plans=plans(scope),
        meetings=meetings(scope),
        surveys=read_surveys(scope),
        channels=read_channels(scope),
        segments=read_segments(scope),
        voc=read_voc(scope),
        voc_units=voc_by_unit(groups, approved_only),
        actions=read_actions(scope),
        service_times=read_service_times(scope),
        complaints=read_complaints(scope, as_of, scan),
        relationship_plans=relationship_plans(scope),
        working_groups=working_groups(scope),
        projects=projects(scope),
        claims=claims,
        assessor_levels=snapshot_assessor_notes(session, enterprise_id=enterprise_id, year=year),
        link_file_ids=link_ids,
        files=linked_files(session, enterprise_id, set(link_ids) | claimed),
    )


def _units(rows: tuple[UnitRow, ...], division_id: int | None) -> tuple[tuple[OrgUnit, ...], frozenset[int] | None]:
    """Active units with the line each rolls up to (its top ancestor; lines report to the top executive),
    and for a line every unit under it, active or not (its claims count)."""
    active = [(uid, name, pid, to_top) for uid, name, pid, to_top, on in rows if on]
    parent = {uid: pid for uid, _, pid, _ in active}

    def top(uid: int) -> int:
        seen = {uid}
        while parent.get(uid) is not None and parent[uid] not in seen:
            uid = parent[uid]  # type: ignore[assignment]
            seen.add(uid)
        return uid

    units = [OrgUnit(uid, name, top(uid), pid is None and to_top) for uid, name, pid, to_top in active]
    if division_id is None:
        return tuple(units), None
    if division_id not in parent:
        raise NotFound(f"ไม่พบหน่วยงานรหัส {division_id} ในรัฐวิสาหกิจนี้", field="division_id")
    children: dict[int | None, list[int]] = {}
    for uid, _name, pid, _to_top, _on in rows:
        children.setdefault(pid, []).append(uid)
    below, todo = set(), [division_id]
    while todo:
        current = todo.pop()
        if current not in below:
            below.add(current)
            todo.extend(children.get(current, []))
    scope = frozenset(below)
    return tuple(OrgUnit(u.id, u.name, division_id, u.id == division_id) for u in units if u.id in scope), scope
