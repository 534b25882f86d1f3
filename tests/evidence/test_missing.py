from datetime import date

from sqlmodel import select

from evidence.models import OrgUnit, Stakeholder, VocReport
from evidence.services.missing import missing_items
from evidence.services.records import create_record
from tests.evidence.excel_support import demo_actor

TODAY = date(2026, 11, 23)



def messages(session, actor, enterprise_id, **kw):
    return [(i.topic, i.rule, i.message) for i in missing_items(session, actor, enterprise_id=enterprise_id, year=2569,
                                                                today=TODAY, **kw)]


def test_the_planning_team_sees_what_each_division_and_the_enterprise_still_owe(session, demo):
    found = messages(session, demo_actor(session, "planner"), demo, topics=("stakeholders", "voc", "complaints",
                                                                            "approvals"))
    assert ("stakeholders", "S3", "สายงานการเงินและบัญชี ยังไม่มี Stakeholder Profile ปี 2569") in found
    assert ("stakeholders", "S1", "สายงานยุทธศาสตร์และแผน: Stakeholder Profile 1 รายยังไม่ได้ทบทวนภายใน 12 เดือน") in found
    assert ("voc", "P3", "ยังไม่มีรายงาน VOC ต่อผู้บริหาร ไตรมาส 4/2569") in found
    assert ("complaints", "P5", "ฝ่ายศูนย์บริการข้อมูล 1125: เรื่องร้องเรียน 3 เรื่องยังไม่มีเวลาแจ้งรับเรื่อง") in found
    assert any(rule == "C2" for topic, rule, _ in found if topic == "approvals")


def test_division_staff_see_only_their_own_units_and_no_enterprise_items(session, demo):
    found = messages(session, demo_actor(session, "cs.staff"), demo)
    assert found and all("สายงานการเงินและบัญชี" not in m and "ฝ่ายบำรุงรักษาระบบท่อ" not in m for _, _, m in found)
    assert ("complaints", "P5", "ฝ่ายศูนย์บริการข้อมูล 1125: เรื่องร้องเรียน 3 เรื่องยังไม่มีเวลาแจ้งรับเรื่อง") in found
    assert not any(rule in ("P3", "C2", "C8") for _, rule, _ in found)


def test_a_line_without_a_recently_reviewed_profile_is_named_and_drops_off_once_it_has_one(session, demo):
    planner = demo_actor(session, "planner")
    l05 = session.exec(select(OrgUnit).where(OrgUnit.code == "L05")).one()
    scope = frozenset({l05.id})
    assert messages(session, planner, demo, unit_ids=scope, topics=("stakeholders",)) == [
        ("stakeholders", "S3", "สายงานการเงินและบัญชี ยังไม่มี Stakeholder Profile ปี 2569")]
    create_record(session, planner, Stakeholder, {
        "enterprise_id": demo, "year": 2569, "org_unit_id": l05.id, "code": "SH-L05-01", "group_name": "ธนาคาร",
        "reviewed_on": date(2024, 1, 10)})
    assert messages(session, planner, demo, unit_ids=scope, topics=("stakeholders",)) == [
        ("stakeholders", "S1", "สายงานการเงินและบัญชี ยังไม่มี Stakeholder Profile ที่ทบทวนใน 12 เดือน"),
        ("stakeholders", "S1", "สายงานการเงินและบัญชี: Stakeholder Profile 1 รายยังขาดบทบาท ประเด็นสำคัญ "
                               "ผู้แทน/ผู้ประสานงาน หรือระดับความสัมพันธ์"),
        ("stakeholders", "S5", "สายงานการเงินและบัญชี ยังไม่มีเสียงของผู้มีส่วนได้ส่วนเสีย (VOS) ปี 2569"),
    ]


def test_drafts_are_reminded_because_scoring_counts_approved_records_only(session, demo):
    staff = demo_actor(session, "cs.staff")
    d041 = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    create_record(session, staff, Stakeholder, {"enterprise_id": demo, "year": 2569, "org_unit_id": d041.id,
                                                "code": "SH-D041-01", "group_name": "ลูกค้ารายใหญ่"})
    found = messages(session, staff, demo, topics=("stakeholders",))
    assert ("stakeholders", None, "Stakeholder Profile 1 รายการเป็นร่างที่ยังไม่ส่งตรวจ "
                                  "(คะแนนนับเฉพาะข้อมูลที่อนุมัติแล้ว)") in found


def test_quarters_not_yet_ended_are_not_asked_for(session, demo):
    planner = demo_actor(session, "planner")
    for report in session.exec(select(VocReport)).all():
        session.delete(report)
    found = [m for _, rule, m in messages(session, planner, demo, topics=("voc",)) if rule == "P3"]
    assert len(found) == 4
    early = [i.message for i in missing_items(session, planner, enterprise_id=demo, year=2569, topics=("voc",),
                                             today=date(2026, 2, 1)) if i.rule == "P3"]
    assert early == ["ยังไม่มีรายงาน VOC ต่อผู้บริหาร ไตรมาส 1/2569"]


def test_the_working_group_names_the_line_without_a_representative_and_projects_without_km(session, demo):
    found = messages(session, demo_actor(session, "planner"), demo, topics=("relationships", "projects"))
    assert ("relationships", "S9", "สายงานการเงินและบัญชี ยังไม่มีผู้แทนในคณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย ปี 2569") in found
    assert [m for _, rule, m in found if rule == "S9"] == [
        "สายงานการเงินและบัญชี ยังไม่มีผู้แทนในคณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย ปี 2569"]
    assert ("projects", "P4", "โครงการ PRJ-03 ยังไม่ระบุองค์ความรู้ (KM)") in found
