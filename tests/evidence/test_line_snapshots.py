"""A line's snapshot is cut in Python from the enterprise-wide parts of the evidence pass (issue 18 §2):
each line counts exactly its own units' records (and the enterprise-wide ones where a family has them),
the lines of a report are scored without reading the families again, and a pass's parts can be stored."""

import pickle
from collections import Counter

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from evidence.access import SYSTEM, unit_scope
from evidence.models import (
    ComplaintCase,
    CustomerSegment,
    DevelopmentProject,
    ImprovementAction,
    ItemClaim,
    ListeningChannel,
    RelationshipPlan,
    ServiceStandard,
    Stakeholder,
    VocRecord,
    VoiceOfStakeholder,
)
from evidence.models.org import OrgUnit, UnitKind
from evidence.services import dashboard
from evidence.services.evidence_pass import evidence_pass, forget_passes
from evidence.services.scoring import score_enterprise
from evidence.snapshot import build_snapshot
from reports.jobs import make_readiness_report

YEAR = 2569
FAMILY_TABLES = ("stakeholder", "voiceofstakeholder", "relationshiprisk", "relationshipplan", "vocrecord",
                 "complaintcase", "customersegment", "listeningchannel", "improvementaction", "servicestandard",
                 "developmentproject", "documentversion", "itemclaim", "evidencelink", "strategyplan", "survey")


@pytest.fixture(autouse=True)
def _clean_passes():
    forget_passes()
    yield
    forget_passes()


def _approved(session: Session, model: type, eid: int) -> list:  # type: ignore[type-arg]
    return list(session.exec(select(model).where(model.enterprise_id == eid, model.year == YEAR,  # type: ignore[attr-defined]
                                                 model.status == "approved")).all())  # type: ignore[attr-defined]


def assert_lines_count_their_own_records(session: Session, eid: int) -> None:
    lines = session.exec(select(OrgUnit.id).where(OrgUnit.enterprise_id == eid, OrgUnit.kind == UnitKind.LINE)).all()
    assert lines
    shared = evidence_pass(session, eid, YEAR)
    build_snapshot(session, enterprise_id=eid, year=YEAR, shared=shared)
    profiles = _approved(session, Stakeholder, eid)
    vos = _approved(session, VoiceOfStakeholder, eid)
    voc = _approved(session, VocRecord, eid)
    cases = _approved(session, ComplaintCase, eid)
    counted = 0
    for line in lines:
        snap = build_snapshot(session, enterprise_id=eid, year=YEAR, division_id=line, shared=shared)
        units = {u.id for u in snap.units}
        assert units and units <= unit_scope(session, line)

        def own(rows: list, field: str = "org_unit_id") -> list:  # type: ignore[type-arg]  # noqa: B023
            return [r for r in rows if getattr(r, field) in units]  # noqa: B023

        def own_or_shared(rows: list, field: str = "org_unit_id") -> set[int]:  # type: ignore[type-arg]
            return {r.id for r in rows if getattr(r, field) is None or getattr(r, field) in units}  # noqa: B023

        assert {u.unit_id: u.profiles for u in snap.stakeholders if u.profiles} == \
            dict(Counter(p.org_unit_id for p in own(profiles)))
        assert sum(u.vos for u in snap.stakeholders) == len(own(vos))
        assert snap.voc.total == len(own(voc))
        assert snap.complaints.cases == len(own(cases))
        assert {c.ref.record_id for c in snap.channels} == own_or_shared(
            list(session.exec(select(ListeningChannel).where(ListeningChannel.enterprise_id == eid,
                                                             ListeningChannel.status == "approved")).all()),
            "owner_unit_id")
        assert snap.segments.total == len(own_or_shared(_approved(session, CustomerSegment, eid)))
        assert {p.ref.record_id for p in snap.relationship_plans} == own_or_shared(
            _approved(session, RelationshipPlan, eid))
        assert {p.ref.record_id for p in snap.projects} == own_or_shared(_approved(session, DevelopmentProject, eid))
        assert sum(a.total for a in snap.actions) == len(own_or_shared(_approved(session, ImprovementAction, eid)))
        services = own_or_shared(_approved(session, ServiceStandard, eid))
        assert snap.service_times.core + snap.service_times.support == len(services)
        assert all(d.owner_unit_id is None or d.owner_unit_id in units for d in snap.documents)
        claims = session.exec(select(ItemClaim).where(ItemClaim.enterprise_id == eid, ItemClaim.year == YEAR)).all()
        below = unit_scope(session, line)
        assert set(snap.claims) == {c.item_id for c in claims if c.org_unit_id is None or c.org_unit_id in below}
        counted += snap.voc.total + snap.complaints.cases + len(snap.stakeholders)
    assert counted > 0  # the lines hold records: the comparisons above were not all of empty sets


def test_a_line_counts_its_own_units_records_and_the_enterprise_wide_ones(session, demo):
    assert_lines_count_their_own_records(session, demo)


def test_lines_count_their_own_records_at_scale_s(engine, session):
    from bench.generate import SCALES, generate

    assert_lines_count_their_own_records(session, generate(engine, SCALES["S"]).enterprise_id)


def test_the_lines_of_a_report_are_scored_without_reading_the_families_again(session, demo):
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    lines = session.exec(select(OrgUnit.id).where(OrgUnit.enterprise_id == demo, OrgUnit.kind == UnitKind.LINE,
                                                  col(OrgUnit.active).is_(True))).all()
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, *args):  # noqa: ANN001, ANN002, ARG001
        seen.append(statement.lower())

    event.listen(session.get_bind(), "before_cursor_execute", listen)
    try:
        scores = [score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR, division_id=line) for line in lines]
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", listen)
    assert len(scores) == len(lines) >= 2 and all(s.score is not None for s in scores)
    reads = [s for s in seen for t in FAMILY_TABLES if f"from {t}" in s or f"join {t}" in s]
    assert reads == [], reads  # each line is cut from the parts the whole enterprise's score read
    assert len(seen) <= 6 * len(lines), seen  # a few look-ups per line (its year, its unit), whatever its size


def test_every_part_of_a_pass_can_be_stored(session, demo):
    boss = SYSTEM
    dashboard.overview(session, boss, enterprise_id=demo, year=YEAR)
    make_readiness_report(session, boss, enterprise_id=demo, year=YEAR)
    shared = evidence_pass(session, demo, YEAR)
    parts = [n for n in shared.computed if isinstance(n, tuple) and n[0] == "snapshot:parts"]
    assert len(parts) == 1  # the whole enterprise and every line of the report cut from one reading
    for name in shared.computed:
        value = shared.get(name, lambda: None)
        assert pickle.loads(pickle.dumps(value)) == value, name
