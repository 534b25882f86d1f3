"""The to-do lists are the failing rule items of the year's score: same texts, same units, same rules."""

from datetime import date

from sqlmodel import select

from evidence.models import OrgUnit, Stakeholder
from evidence.services.missing import missing_items
from evidence.services.records import create_record
from evidence.services.scoring import score_enterprise
from tests.evidence.excel_support import demo_actor

NO_PROFILES = "สายงานการเงินและบัญชี (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มีชุด Stakeholder Profile (นับรวมทุกฝ่ายในสังกัด)"
NO_VOS = "สายงานการเงินและบัญชี (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มี VOS ของผู้มีส่วนได้ส่วนเสีย"


def messages(session, actor, enterprise_id, **kw):
    return [(i.topic, i.rule, i.message) for i in missing_items(session, actor, enterprise_id=enterprise_id, year=2569,
                                                                **kw)]


def test_the_planning_team_sees_what_each_division_and_the_enterprise_still_owe(session, demo):
    found = messages(session, demo_actor(session, "planner"), demo, topics=("stakeholders", "voc", "approvals"))
    assert ("stakeholders", "S3", NO_PROFILES) in found
    assert ("stakeholders", "S1", "สายงานยุทธศาสตร์และแผน: Stakeholder Profile 1 รายไม่ได้ทบทวนให้เป็นปัจจุบันภายใน 12 เดือน") in found
    assert ("voc", "P3", "ไม่มีรายงาน VOC ต่อผู้บริหารระดับสูง (top_executives), คณะกรรมการรัฐวิสาหกิจ (board) ในไตรมาส 4 "
                         "ของปี 2569") in found
    assert any(rule == "C2" for topic, rule, _ in found if topic == "approvals")


def test_division_staff_see_only_their_own_units_and_no_enterprise_items(session, demo):
    staff = demo_actor(session, "cs.staff")
    items = missing_items(session, staff, enterprise_id=demo, year=2569)
    names = set(session.exec(select(OrgUnit.name_th).where(OrgUnit.id.in_(staff.org_unit_ids))).all())
    ruled = [i for i in items if i.rule]
    assert ruled and all(i.unit in names for i in ruled)
    assert ("S6", "สายงานบริการลูกค้า", ("importance",)) in [(i.rule, i.unit, i.fields) for i in ruled]
    assert not any(i.rule in ("P3", "C2", "C8") for i in items)


def test_a_line_without_profiles_is_named_and_a_new_profile_brings_the_rules_that_read_it(session, demo):
    planner = demo_actor(session, "planner")
    l05 = session.exec(select(OrgUnit).where(OrgUnit.code == "L05")).one()
    scope = frozenset({l05.id})
    assert messages(session, planner, demo, unit_ids=scope, topics=("stakeholders",)) == [
        ("stakeholders", "S3", NO_PROFILES), ("stakeholders", "S5", NO_VOS)]
    create_record(session, planner, Stakeholder, {
        "enterprise_id": demo, "year": 2569, "org_unit_id": l05.id, "code": "SH-L05-01", "group_name": "ธนาคาร",
        "reviewed_on": date(2024, 1, 10)})
    found = missing_items(session, planner, enterprise_id=demo, year=2569, unit_ids=scope, topics=("stakeholders",))
    assert {i.rule for i in found} == {"S1", "S2", "S5", "S6"}
    assert ("S1", ("reviewed_on",)) in [(i.rule, i.fields) for i in found]
    assert ("S2", ("stakeholder_status", "working_model", "relationship_level")) in [(i.rule, i.fields) for i in found]


def test_drafts_are_reminded_because_scoring_counts_approved_records_only(session, demo):
    staff = demo_actor(session, "cs.staff")
    d041 = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    create_record(session, staff, Stakeholder, {"enterprise_id": demo, "year": 2569, "org_unit_id": d041.id,
                                                "code": "SH-D041-01", "group_name": "ลูกค้ารายใหญ่"})
    found = messages(session, staff, demo, topics=("stakeholders",))
    assert ("stakeholders", None, "Stakeholder Profile 1 รายการเป็นร่างที่ยังไม่ส่งตรวจ "
                                  "(คะแนนนับเฉพาะข้อมูลที่อนุมัติแล้ว)") in found


def test_each_rule_gap_is_the_reason_the_score_gives_for_the_item(session, demo):
    planner = demo_actor(session, "planner")
    assessment = score_enterprise(session, planner, enterprise_id=demo, year=2569)
    for item in missing_items(session, planner, enterprise_id=demo, year=2569):
        for item_id in item.items:
            result = assessment.item(item_id)
            assert not result.met and result.rule_id == item.rule and item.message in result.reasons


def test_the_working_group_names_the_line_without_a_representative_and_projects_without_km(session, demo):
    found = missing_items(session, demo_actor(session, "planner"), enterprise_id=demo, year=2569,
                          topics=("relationships", "projects"))
    assert [(i.message, i.unit) for i in found if i.rule == "S9"] == [
        ("คณะทำงานยังไม่มีผู้แทนจาก: สายงานการเงินและบัญชี", "สายงานการเงินและบัญชี")]
    assert ("P4", "โครงการที่ยังขาดนำองค์ความรู้ (KM) มาใช้: 'ปรับปรุงขั้นตอนขอใช้น้ำสำหรับธุรกิจ'") in [
        (i.rule, i.message) for i in found]
