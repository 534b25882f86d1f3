import pytest
from sqlmodel import select

from evidence.access import SYSTEM, Actor
from evidence.errors import NotFound, PermissionDenied
from evidence.models import OrgUnit
from evidence.models.users import Role
from evidence.services.scoring import score_enterprise


def test_demo_scores_at_different_levels_across_subtopics(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    levels = {s.code: s.levels_met for s in result.subtopics()}
    assert len(set(levels.values())) >= 3
    assert result.criteria_version == "2569.1" and result.method == "partial"
    assert result.claim_mode == "self-assessment"


def test_demo_committee_without_delegation_blocks_complaint_level_one(session, demo):
    sub = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569).subtopic("CM5.3")
    assert sub.levels_met == 0
    blocking = [i for i in sub.items if i.id in sub.blocking]
    assert any("ไม่ได้รับมอบอำนาจ" in r for i in blocking for r in i.reasons)


def test_confirmed_mode_counts_no_unreviewed_claim(session, demo):
    self_view = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    confirmed = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, claim_mode="confirmed")
    assert confirmed.claim_mode == "confirmed"
    assert confirmed.score < self_view.score


def test_a_line_is_scored_on_its_own_records(session, demo):
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L04")).one()
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, division_id=line.id)
    assert result.scope_name == "สายงานบริการลูกค้า"


def test_a_department_is_not_a_line_for_scoring(session, demo):
    dept = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    with pytest.raises(NotFound):
        score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, division_id=dept.id)


def test_an_assessor_of_another_enterprise_cannot_score_this_one(session, demo):
    stranger = Actor(username="other", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({demo + 100}))
    with pytest.raises(PermissionDenied):
        score_enterprise(session, stranger, enterprise_id=demo, year=2569)


def test_a_reused_assessment_is_dropped_as_soon_as_evidence_changes(session, demo):
    from evidence.services.records import update_record

    first = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    assert score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, reuse=True) is first
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L05")).one()
    update_record(session, SYSTEM, OrgUnit, line.id, expected_version=line.version, changes={"reports_to_top": False})
    session.commit()
    after = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, reuse=True)
    assert after is not first
    assert after.subtopic("SM1.1").items[0].met  # the line without profiles no longer reports to the top
