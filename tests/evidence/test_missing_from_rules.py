"""The score, the "what is missing" panel and the required marks read the same rules (issue 16 §2)."""

from datetime import date

from sqlmodel import select

from criteria.loader import load_version
from criteria.rules.registry import required_fields
from evidence.models import OrgUnit, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.missing import missing_items, required_marks
from evidence.services.records import create_record, update_record
from evidence.services.scoring import score_enterprise
from tests.evidence.excel_support import demo_actor


def levels(session, actor, enterprise_id):
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=2569)
    return assessment.subtopic("SM2.1").level, assessment.subtopic("SM2.2").level


def profile_gaps(session, actor, enterprise_id, unit_name):
    return {(i.rule, i.fields) for i in missing_items(session, actor, enterprise_id=enterprise_id, year=2569,
                                                      topics=("stakeholders",))
            if i.unit == unit_name and i.rule in ("S2", "S6")}


def test_a_new_profile_without_status_working_model_or_needs_lowers_sm21_and_sm22_and_the_panel_names_them(
        session, demo):
    planner = demo_actor(session, "planner")
    for old in session.exec(select(Stakeholder).where(Stakeholder.year == 2569, Stakeholder.importance.is_(None))).all():
        update_record(session, planner, Stakeholder, old.id, expected_version=old.version,  # the demo's own gap
                      changes={"importance": "medium", "key_issues": old.key_issues or "คุณภาพน้ำ"})
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L01")).one()
    before = levels(session, planner, demo)
    assert profile_gaps(session, planner, demo, line.name_th) == set()
    new = create_record(session, planner, Stakeholder, {
        "enterprise_id": demo, "year": 2569, "org_unit_id": line.id, "code": "SH-L01-NEW", "group_name": "ผู้รับเหมา",
        "role": "ก่อสร้างระบบท่อ", "key_issues": "ความล่าช้า", "representative_name": "คุณสมชาย",
        "relationship_level": "ร่วมมือ", "importance": "high", "reviewed_on": date(2026, 9, 1)})
    assert new.status == ReviewStatus.APPROVED
    after = levels(session, planner, demo)
    assert after[0] < before[0] and after[1] < before[1]
    assert profile_gaps(session, planner, demo, line.name_th) == {
        ("S2", ("stakeholder_status", "working_model")), ("S6", ("enterprise_needs",))}
    marks = required_marks(session, enterprise_id=demo, year=2569, table="stakeholder")
    assert (marks["stakeholder_status"], marks["working_model"], marks["enterprise_needs"]) == (("S2",), ("S2",), ("S6",))
    update_record(session, planner, Stakeholder, new.id, expected_version=new.version, changes={
        "stakeholder_status": "private", "working_model": "สัญญาจ้างรายโครงการ", "enterprise_needs": "ส่งงานตรงเวลา"})
    assert levels(session, planner, demo) == before
    assert profile_gaps(session, planner, demo, line.name_th) == set()


def test_every_failing_rule_item_owned_by_a_unit_is_in_the_panel_and_nothing_else_is(session, demo):
    planner = demo_actor(session, "planner")
    assessment = score_enterprise(session, planner, enterprise_id=demo, year=2569)
    owed = {(item.id, owner) for subtopic in assessment.subtopics() for item in subtopic.items
            if item.kind == "rule" and not item.met for owner in item.owners}
    shown = {(item_id, i.unit) for i in missing_items(session, planner, enterprise_id=demo, year=2569)
             if i.rule and i.unit for item_id in i.items}
    assert owed and shown == owed


def test_the_required_marks_follow_the_parameters_the_criteria_file_gives_the_rule():
    criteria = load_version(2569)
    marks = required_fields(criteria, "stakeholder")
    assert marks["representative_name"] == marks["coordinator_name"] == ("S1",)  # either holds the representative
    assert marks["reviewed_on"] == ("S1",)  # the item names currency (max_age_months)
    assert "needs_from_enterprise" not in marks  # no item of 2569.1 asks for it
    assert required_fields(criteria, "complaintcase")["acknowledged_at"] == ("P5",)
