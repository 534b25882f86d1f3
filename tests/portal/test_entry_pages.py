"""Each entry page: a record refused with Thai messages per field (nothing stored, what was typed kept),
then the same record saved; tables saved as one transaction; review and stale saves."""

from sqlmodel import select

from evidence.models import (
    Approval,
    ApprovalDocument,
    ComplaintCase,
    CustomerSegment,
    Document,
    DocumentVersion,
    EvidenceFile,
    EvidenceLink,
    OrgUnit,
    PlanKpi,
    RelationshipRisk,
    Stakeholder,
    Survey,
    VocRecord,
)
from evidence.models.base import ReviewStatus
from evidence.services.records import update_record
from tests.evidence.excel_support import demo_actor
from tests.portal.conftest import open_app

PDF = b"%PDF-1.4\n%%EOF\n"



def fresh(session, model, **where):
    session.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.exec(query).first()


def unit(session, code: str) -> int:
    return session.exec(select(OrgUnit).where(OrgUnit.code == code)).one().id


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def save(at, key: str):
    return at.button(key=f"{key}::save").click().run()


def test_a_stakeholder_profile_is_refused_per_field_then_saved_keeping_what_was_typed(session, demo):
    at = open_app("planner", "views/stakeholders.py")
    at.selectbox(key="stakeholder:org_unit_id").set_value(unit(session, "L05"))
    at.text_input(key="stakeholder:code").input("SH-L05-01")
    at.text_input(key="stakeholder:group_name").input("ธนาคารพันธมิตร")
    at.text_input(key="stakeholder:representative_email").input("ไม่ใช่อีเมล")
    at.text_input(key="stakeholder:reviewed_on").input("31/02/2569")
    save(at, "stakeholder")
    assert not at.exception
    assert errors(at) == ["'ไม่ใช่อีเมล' ไม่ใช่อีเมลที่ถูกต้อง",
                          "'31/02/2569' ไม่มีวันที่นี้ในปฏิทิน"]
    assert at.text_input(key="stakeholder:group_name").value == "ธนาคารพันธมิตร"
    assert fresh(session, Stakeholder, code="SH-L05-01") is None
    at.text_input(key="stakeholder:representative_email").input("rep@bank.co.th")
    at.text_input(key="stakeholder:reviewed_on").input("15/01/2569")
    save(at, "stakeholder")
    assert not errors(at) and at.success[0].value == "เพิ่ม 'SH-L05-01' แล้ว"
    stored = fresh(session, Stakeholder, code="SH-L05-01")
    assert (stored.group_name, str(stored.reviewed_on), stored.status) == ("ธนาคารพันธมิตร", "2026-01-15", "approved")


def test_division_staff_save_a_draft_for_their_own_units_and_submit_it(session, demo):
    at = open_app("cs.staff", "views/stakeholders.py")
    own = set(at.selectbox(key="stakeholder:org_unit_id").options)
    assert own == {"L04 สายงานบริการลูกค้า", "D041 ฝ่ายบริการลูกค้าสัมพันธ์", "D042 ฝ่ายตลาดและการขาย",
                   "D043 ฝ่ายศูนย์บริการข้อมูล 1125", "D044 ฝ่ายพัฒนาบริการ"}
    at.selectbox(key="stakeholder:org_unit_id").set_value(unit(session, "D041"))
    at.text_input(key="stakeholder:code").input("SH-D041-01")
    at.text_input(key="stakeholder:group_name").input("ลูกค้ารายใหญ่")
    save(at, "stakeholder")
    draft = fresh(session, Stakeholder, code="SH-D041-01")
    assert draft.status == ReviewStatus.DRAFT
    at.selectbox(key="stakeholder::pick").set_value(draft.id).run()
    at.button(key="stakeholder::submit").click().run()
    assert at.success[0].value == "ส่งให้ฝ่ายแผนตรวจแล้ว"
    assert fresh(session, Stakeholder, code="SH-D041-01").status == ReviewStatus.SUBMITTED


def test_a_stale_save_is_refused_showing_both_versions_and_overwrites_nothing(session, demo):
    profile = fresh(session, Stakeholder, code="SH-L04-01", year=2569)
    at = open_app("planner", "views/stakeholders.py")
    at.selectbox(key="stakeholder::pick").set_value(profile.id).run()
    at.text_area(key="stakeholder:role").input("บทบาทที่ฉันแก้")
    update_record(session, demo_actor(session, "planner"), Stakeholder, profile.id, expected_version=profile.version,
                  changes={"role": "บทบาทที่ผู้อื่นบันทึก"})
    session.commit()
    save(at, "stakeholder")
    assert "มีผู้อื่นบันทึกข้อมูลนี้ก่อนแล้ว" in errors(at)[0]
    table = next(d.value for d in at.dataframe if "ฉบับของท่าน (ยังไม่บันทึก)" in d.value.columns)
    row = table[table["ข้อมูล"] == "บทบาทต่อรัฐวิสาหกิจ"].iloc[0]
    assert (row["ฉบับที่บันทึกไว้แล้ว (ของผู้อื่น)"], row["ฉบับของท่าน (ยังไม่บันทึก)"]) == (
        "บทบาทที่ผู้อื่นบันทึก", "บทบาทที่ฉันแก้")
    assert at.text_area(key="stakeholder:role").value == "บทบาทที่ฉันแก้"
    assert fresh(session, Stakeholder, code="SH-L04-01", year=2569).role == "บทบาทที่ผู้อื่นบันทึก"


def test_a_high_risk_needs_a_control_before_it_is_saved(session, demo):
    at = open_app("planner", "views/relationships.py")
    at.selectbox(key="relrisk:org_unit_id").set_value(unit(session, "L04"))
    at.text_area(key="relrisk:description").input("ข่าวลือในโซเชียลมีเดีย")
    at.number_input(key="relrisk:impact").set_value(4)
    at.number_input(key="relrisk:likelihood").set_value(4)
    save(at, "relrisk")
    assert errors(at) == ["ความเสี่ยงระดับปานกลางขึ้นไปต้องระบุมาตรการควบคุม"]
    assert fresh(session, RelationshipRisk, description="ข่าวลือในโซเชียลมีเดีย") is None
    at.text_area(key="relrisk:control").input("ชี้แจงผ่านสื่อภายใน 24 ชั่วโมง")
    save(at, "relrisk")
    assert fresh(session, RelationshipRisk, description="ข่าวลือในโซเชียลมีเดีย").control == "ชี้แจงผ่านสื่อภายใน 24 ชั่วโมง"


def test_a_segment_needs_its_code(session, demo):
    at = open_app("planner", "views/segments.py")
    at.text_input(key="segment:name_th").input("ผู้ใช้น้ำรายใหญ่พิเศษ")
    save(at, "segment")
    assert errors(at) == ["ต้องระบุ"]
    at.text_input(key="segment:code").input("SEG-XL")
    save(at, "segment")
    assert fresh(session, CustomerSegment, code="SEG-XL").name_th == "ผู้ใช้น้ำรายใหญ่พิเศษ"


def test_voc_rows_edited_in_the_table_are_saved_together_or_not_at_all(session, demo):
    newest = session.exec(select(VocRecord).order_by(VocRecord.id.desc())).first()
    at = open_app("planner", "views/voc.py")
    new_row = {"ref_no": "VOC-T-1", "org_unit_id": "D041 ฝ่ายบริการลูกค้าสัมพันธ์", "received_on": "10/02/2569",
               "quarter": 2, "aspect": "การทำธุรกรรม", "kind": "ความต้องการ", "text": "จากตาราง"}
    at.session_state["voctable"] = {"edited_rows": {0: {"text": "แก้ในตาราง"}},
                                    "added_rows": [new_row, dict(new_row, ref_no="VOC-T-2", received_on="99/99/2569")],
                                    "deleted_rows": []}
    at.run()
    at.button(key="voctable::save").click().run()
    assert errors(at) == ["แถว 102: วันที่ได้รับ: อ่านวันที่ '99/99/2569' ไม่ได้ กรุณากรอกแบบ วว/ดด/ปปปป (พ.ศ.) "
                          "เช่น 15/01/2569"]
    assert fresh(session, VocRecord, ref_no="VOC-T-1") is None
    assert fresh(session, VocRecord, id=newest.id).text == newest.text
    at.session_state["voctable"] = {"edited_rows": {0: {"text": "แก้ในตาราง"}}, "added_rows": [new_row],
                                    "deleted_rows": []}
    at.run()
    at.button(key="voctable::save").click().run()
    assert at.success[0].value == "บันทึกแล้ว: เพิ่ม 1 แก้ไข 1 ลบ 0 รายการ"
    assert fresh(session, VocRecord, id=newest.id).text == "แก้ในตาราง"
    assert str(fresh(session, VocRecord, ref_no="VOC-T-1").received_on) == "2026-02-10"


def test_a_complaint_table_edit_that_breaks_the_stage_order_is_refused(session, demo):
    case = session.exec(select(ComplaintCase).order_by(ComplaintCase.id.desc())).first()
    at = open_app("planner", "views/complaints.py")
    at.session_state["ccases"] = {"edited_rows": {0: {"resolved_at": "01/01/2568 08:00"}}, "added_rows": [],
                                  "deleted_rows": []}
    at.run()
    at.button(key="ccases::save").click().run()
    assert errors(at) == ["แถว 1: วันเวลาแก้ไขแล้วเสร็จ: เวลาต้องไม่ก่อนวันเวลารับเรื่อง"]
    assert fresh(session, ComplaintCase, id=case.id).resolved_at == case.resolved_at
    at.session_state["ccases"] = {"edited_rows": {0: {"subject": "น้ำไม่ไหลทั้งซอย"}}, "added_rows": [],
                                  "deleted_rows": []}
    at.run()
    at.button(key="ccases::save").click().run()
    assert fresh(session, ComplaintCase, id=case.id).subject == "น้ำไม่ไหลทั้งซอย"


def test_a_register_document_and_its_version_show_their_declared_facts_on_the_service_checklist(session, demo):
    at = open_app("planner", "views/documents.py")
    at.selectbox(key="document:kind").set_value("service_standards")
    save(at, "document")
    assert "ต้องระบุ" in errors(at)
    at.text_input(key="document:code").input("DOC-REPAIR")
    at.text_input(key="document:title").input("มาตรฐานบริการงานซ่อม")
    save(at, "document")
    document = fresh(session, Document, code="DOC-REPAIR")
    assert document.title == "มาตรฐานบริการงานซ่อม"
    at.selectbox(key="docversion:document_id").set_value(document.id)
    at.multiselect(key="docversion:declared").set_value(["recovery_normal", "recovery_abnormal"])
    at.text_input(key="docversion:effective_on").input("01/12/2568")
    save(at, "docversion")
    assert not errors(at)
    version = fresh(session, DocumentVersion, document_id=document.id)
    assert (version.code, version.label, version.year_recorded) == ("DOC-REPAIR/1", "1", 2569)
    service = open_app("planner", "views/service.py")
    checklist = service.dataframe[0].value
    marks = dict(zip(checklist["องค์ประกอบ"], checklist["มาตรฐานบริการงานซ่อม"], strict=True))
    assert marks["แผนรับมือในภาวะไม่ปกติ (เชื่อมโยง BCM)"] == "✓ (ตามที่ระบุ)"
    assert marks["พิมพ์เขียวบริการส่วนหน้า (frontstage)"] == "✗ ยังไม่มี"


def test_one_approval_approves_two_register_documents(session, demo):
    at = open_app("planner", "views/approvals.py")
    at.text_input(key="approval:code").input("APR-BOD-3-2569")
    at.text_input(key="approval:meeting_no").input("3/2569")
    at.text_input(key="approval:meeting_date").input("15/01/2569")
    save(at, "approval")
    assert not errors(at)
    stored = fresh(session, Approval, meeting_no="3/2569")
    assert stored.code == "APR-BOD-3-2569"
    versions = session.exec(select(DocumentVersion).where(DocumentVersion.code.in_(["DOC-SVC-CHARTER/1", "DOC-SVC-STD/1"]))).all()
    for version in versions:
        at.selectbox(key="approvaldoc:approval_id").set_value(stored.id)
        at.selectbox(key="approvaldoc:version_id").set_value(version.id)
        at.button(key="approvaldoc::save_new").click().run()  # the form stays on a saved record otherwise
        assert not errors(at)
    session.expire_all()
    linked = session.exec(select(ApprovalDocument.version_id).where(ApprovalDocument.approval_id == stored.id)).all()
    assert sorted(linked) == sorted(v.id for v in versions)


def test_a_survey_response_rate_above_100_is_refused(session, demo):
    at = open_app("planner", "views/surveys.py")
    at.text_input(key="survey:title").input("สำรวจความผูกพัน 2569")
    at.selectbox(key="survey:kind").set_value("engagement")
    at.selectbox(key="survey:conductor").set_value("external")
    at.number_input(key="survey:response_rate").set_value(150.0)
    save(at, "survey")
    assert errors(at) == ["ต้องไม่เกิน 100"]
    at.number_input(key="survey:response_rate").set_value(72.5)
    save(at, "survey")
    assert fresh(session, Survey, title="สำรวจความผูกพัน 2569").response_rate == 72.5


def test_a_kpi_needs_a_target(session, demo):
    at = open_app("planner", "views/plans.py")
    at.selectbox(key="kpi:plan_id").select_index(0)
    at.text_input(key="kpi:name_th").input("ร้อยละลูกค้าที่ใช้บริการออนไลน์")
    save(at, "kpi")
    assert errors(at) == ["ต้องระบุ"]
    at.text_input(key="kpi:target").input("≥ 60")
    save(at, "kpi")
    assert fresh(session, PlanKpi, name_th="ร้อยละลูกค้าที่ใช้บริการออนไลน์").target == "≥ 60"


def test_a_department_sits_under_a_line_or_reports_straight_to_the_top_executive(session, demo):
    at = open_app("planner", "views/org_structure.py")
    at.text_input(key="unit:code").input("D061")
    at.text_input(key="unit:name_th").input("ฝ่ายนวัตกรรมบริการ")
    at.selectbox(key="unit:kind").set_value("department")
    at.checkbox(key="unit:reports_to_top").uncheck()
    save(at, "unit")
    assert errors(at) == ["ฝ่ายต้องสังกัดสายงาน หรือระบุว่ารายงานตรงต่อผู้บริหารสูงสุด"]
    at.selectbox(key="unit:parent_id").set_value(unit(session, "L04"))
    save(at, "unit")
    assert fresh(session, OrgUnit, code="D061").parent_id == unit(session, "L04")
    assert fresh(session, OrgUnit, code="D061").reports_to_top is False


def test_a_department_under_the_top_executive_has_no_line(session, demo):
    at = open_app("planner", "views/org_structure.py")
    at.text_input(key="unit:code").input("D090")
    at.text_input(key="unit:name_th").input("ฝ่ายตรวจสอบภายใน")
    at.selectbox(key="unit:kind").set_value("department")
    at.checkbox(key="unit:reports_to_top").check()
    save(at, "unit")
    assert errors(at) == []
    created = fresh(session, OrgUnit, code="D090")
    assert (created.kind, created.parent_id, created.reports_to_top) == ("department", None, True)


def test_evidence_files_are_checked_by_content_and_linked_to_their_record(session, demo):
    approval = session.exec(select(Approval).order_by(Approval.id)).first()
    at = open_app("planner", "views/files.py")
    at.selectbox(key="files:upload:table").set_value("approval").run()
    at.selectbox(key="files:upload:record").set_value(approval.id).run()
    at.file_uploader(key="files:upload:file").set_value(("มติ.pdf", b"not a pdf at all", "application/pdf")).run()
    at.button(key="files:upload:upload").click().run()
    assert "ไม่ใช่ชนิดที่รับ" in errors(at)[0]
    at.file_uploader(key="files:upload:file").set_value(("มติ.pdf", PDF, "application/pdf")).run()
    at.button(key="files:upload:upload").click().run()
    assert "อัปโหลด 'มติ.pdf' แล้ว ระบบกำลังอ่านข้อความในไฟล์" in [s.value for s in at.success]
    session.expire_all()
    link = session.exec(select(EvidenceLink).where(EvidenceLink.record_table == "approval")).one()
    assert (link.record_table, link.record_id) == ("approval", approval.id)
    assert session.get(EvidenceFile, link.file_id).media_type == "application/pdf"


def test_the_planning_team_returns_a_submitted_record_only_with_a_comment(session, demo):
    staff, planner = demo_actor(session, "cs.staff"), demo_actor(session, "planner")
    from evidence.services.records import create_record, set_review_status

    draft = create_record(session, staff, Stakeholder, {"enterprise_id": demo, "year": 2569, "org_unit_id":
                                                        unit(session, "D041"), "code": "SH-R-1", "group_name": "ผู้รับเหมา"})
    set_review_status(session, staff, Stakeholder, draft.id, ReviewStatus.SUBMITTED, expected_version=draft.version)
    session.commit()
    at = open_app(planner.username, "views/review_queue.py")
    at.button(key="review:return").click().run()
    assert errors(at) == ["ข้อมูลไม่ถูกต้อง: ความเห็นผู้ตรวจ: ต้องระบุเหตุผลที่ส่งกลับ"]
    assert fresh(session, Stakeholder, code="SH-R-1").status == ReviewStatus.SUBMITTED
    at.text_area(key="review:comment").input("กรุณาเพิ่มผู้แทน")
    at.button(key="review:return").click().run()
    returned = fresh(session, Stakeholder, code="SH-R-1")
    assert (returned.status, returned.review_comment) == (ReviewStatus.RETURNED, "กรุณาเพิ่มผู้แทน")
