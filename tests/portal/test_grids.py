"""Editable grids with paste from Excel: profiles, VOS, relationship plans and listening channels.

AppTest cannot paste into `st.data_editor`; a paste arrives as the editor's delta of text cells, which
is what these tests put into the session state (in the table's "วางจาก Excel" mode every cell is text).
"""

from datetime import date

from sqlmodel import select

from evidence.models import ListeningChannel, OrgUnit, RelationshipPlan, Stakeholder, VoiceOfStakeholder
from evidence.models.base import ReviewStatus
from evidence.models.cycles import RecordRevision
from tests.portal.conftest import open_app

PASTE_HEADER = "ยังไม่ได้บันทึกแถวใดเลย: แก้ไขรายการต่อไปนี้แล้วกดบันทึกอีกครั้ง\n\n"


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _paste(at, key: str, added: list[dict[str, object]], edited: dict[int, dict[str, object]] | None = None):
    at.toggle(key=f"{key}::paste").set_value(True).run()
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added, "deleted_rows": []}
    at.run()
    at.button(key=f"{key}::save").click().run()
    return at


def _profiles(session, **where) -> list[Stakeholder]:
    session.expire_all()
    query = select(Stakeholder).where(Stakeholder.year == 2569)
    for name, value in where.items():
        query = query.where(getattr(Stakeholder, name) == value)
    return list(session.exec(query).all())


def test_pasted_profiles_with_a_bad_row_are_refused_whole_with_row_and_column_in_thai(session, demo):
    at = open_app("planner", "views/stakeholders.py")
    rows = len(_profiles(session))
    good = {"code": "SH-P-1", "org_unit_id": "D041", "group_name": "ผู้ใช้น้ำรายใหญ่",
            "stakeholder_status": "เอกชน", "is_internal": "ไม่ใช่", "interest": "4", "reviewed_on": "15/01/2569"}
    bad = dict(good, code="SH-P-2", org_unit_id="X999", stakeholder_status="บริษัท", reviewed_on="31/02/2569",
               interest="สูง")
    _paste(at, "stakeholdertable", [good, bad])
    first = rows + 2  # the pasted rows follow the rows already in the table
    assert _errors(at) == [PASTE_HEADER + "\n".join([
        f"- แถว {first} คอลัมน์ «หน่วยงาน»: ไม่พบ 'X999'",
        f"- แถว {first} คอลัมน์ «สถานะองค์กร (S2)»: 'บริษัท' ไม่อยู่ในรายการที่เลือกได้ "
        "(หน่วยงานราชการ, รัฐวิสาหกิจ, เอกชน, ชุมชน, ภาคประชาสังคม, องค์กรระหว่างประเทศ, หน่วยงานภายใน, บุคคล)",
        f"- แถว {first} คอลัมน์ «ความสนใจ (1–5)»: 'สูง' ต้องเป็นจำนวนเต็ม",
        f"- แถว {first} คอลัมน์ «วันที่ทบทวนข้อมูลล่าสุด»: ไม่มีวันที่ 31/02/2569 ในปฏิทิน",
    ])]
    assert _profiles(session, code="SH-P-1") == []  # all or nothing: the good row is not stored either

    _paste(at, "stakeholdertable", [good, dict(good, code="SH-P-2", org_unit_id="ฝ่ายตลาดและการขาย")])
    assert at.success[0].value == "บันทึกแล้ว: เพิ่ม 2 แก้ไข 0 ลบ 0 รายการ"
    stored = _profiles(session, code="SH-P-1")[0]
    d041 = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    assert (stored.org_unit_id, stored.stakeholder_status, stored.is_internal, stored.interest, stored.reviewed_on) \
        == (d041.id, "private", False, 4, date(2026, 1, 15))
    assert session.exec(select(OrgUnit.code).where(OrgUnit.id == _profiles(session, code="SH-P-2")[0].org_unit_id)
                        ).one() == "D042"


def _labels(at) -> list[str]:
    return [e.label for e in at.expander]


def test_division_staff_edit_of_an_approved_profile_in_the_grid_waits_for_the_planning_team(session, demo):
    at = open_app("cs.staff", "views/stakeholders.py")
    assert "ตาราง Stakeholder Profile (แก้ไขหลายแถว / วางจาก Excel)" in _labels(at)
    table = at.session_state["stakeholdertable::rows"]
    record_id = table[0][0]
    before = session.get(Stakeholder, record_id)
    assert before.status == ReviewStatus.APPROVED
    _paste(at, "stakeholdertable", [], {0: {"key_issues": "น้ำประปาไหลอ่อนช่วงเย็น"}})
    assert at.success[0].value.startswith("บันทึกแล้ว: เพิ่ม 0 แก้ไข 0 ลบ 0 รายการ · 1 รายการที่อนุมัติแล้ว"
                                          "บันทึกเป็นฉบับแก้ไขรออนุมัติ")
    session.expire_all()
    assert session.get(Stakeholder, record_id).key_issues == before.key_issues  # the approved values still count
    revision = session.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder",
                                                         RecordRevision.record_id == record_id)).one()
    assert revision.changes == {"key_issues": "น้ำประปาไหลอ่อนช่วงเย็น"}


def test_vos_and_plans_take_stakeholders_and_units_by_code_and_enum_labels(session, demo):
    profile = _profiles(session, code="SH-L04-01")[0]
    at = open_app("planner", "views/stakeholders.py")
    _paste(at, "vostable", [{"stakeholder_id": "SH-L04-01", "org_unit_id": "L04", "received_on": "3/3/2569",
                             "polarity": "เชิงลบ", "source": "ทุติยภูมิ", "text": "ร้องเรียนผ่านสื่อออนไลน์"}])
    assert _errors(at) == []
    session.expire_all()
    vos = session.exec(select(VoiceOfStakeholder).where(VoiceOfStakeholder.text == "ร้องเรียนผ่านสื่อออนไลน์")).one()
    assert (vos.stakeholder_id, vos.received_on, vos.polarity, vos.source) == (
        profile.id, date(2026, 3, 3), "negative", "secondary")

    at = open_app("planner", "views/relationships.py")
    _paste(at, "relplantable", [{"org_unit_id": "L04", "stakeholder_id": "SH-L04-01", "title": "แผนจากตาราง",
                                 "plan_source": "customer_relationship", "aligned_with_strategy": "ใช่"}])
    plan = session.exec(select(RelationshipPlan).where(RelationshipPlan.title == "แผนจากตาราง")).one()
    assert (plan.stakeholder_id, plan.aligned_with_strategy) == (profile.id, True)


def test_a_channel_pasted_with_segment_codes_and_life_cycle_labels(session, demo):
    at = open_app("planner", "views/segments.py")
    row = {"code": "CH-PASTE", "name_th": "ไลน์ทางการ", "kind": "social", "is_digital": "ใช่",
           "segment_codes": "SEG-HH, SEG-BIZ", "lifecycle_groups": "ลูกค้าปัจจุบัน, ลูกค้าใหม่"}
    _paste(at, "listeningtable", [dict(row, segment_codes="SEG-HH, SEG-NONE")])
    assert _errors(at)[0].endswith("คอลัมน์ «กลุ่มลูกค้าที่เข้าถึง»: ไม่รู้จักรหัส SEG-NONE")
    _paste(at, "listeningtable", [row])
    session.expire_all()
    channel = session.exec(select(ListeningChannel).where(ListeningChannel.code == "CH-PASTE")).one()
    assert (channel.segment_codes, channel.lifecycle_groups, channel.is_digital) == (
        ["SEG-HH", "SEG-BIZ"], ["current", "new"], True)


def test_read_only_roles_get_no_grid(demo):
    at = open_app("executive", "views/stakeholders.py")
    assert not any(label.startswith("ตาราง") for label in _labels(at))
