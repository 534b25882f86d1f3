"""Entry forms stay on the saved record and mark what the rules read; the review screen shows Thai values
and previews the attached files (issue 16 §2, §3, §5, §9)."""

import shutil

from sqlmodel import select

from evidence.models import Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.files import upload_file
from evidence.services.records import create_record, set_review_status
from tests.evidence.excel_support import demo_actor
from tests.evidence.reading.documents import thai_docx, thai_pdf
from tests.portal.conftest import open_app
from tests.portal.test_entry_pages import errors, fresh, save, unit


def test_a_saved_profile_stays_open_to_attach_a_file_and_submit_it(session, demo):
    at = open_app("cs.staff", "views/stakeholders.py")
    at.selectbox(key="stakeholder:org_unit_id").set_value(unit(session, "D041"))
    at.text_input(key="stakeholder:code").input("SH-D041-07")
    at.text_input(key="stakeholder:group_name").input("ผู้ใช้น้ำรายใหญ่")
    save(at, "stakeholder")
    assert not at.exception and not errors(at)
    saved = fresh(session, Stakeholder, code="SH-D041-07")
    assert at.selectbox(key="stakeholder::pick").value == saved.id
    assert at.text_input(key="stakeholder:code").value == "SH-D041-07"
    assert "ไฟล์หลักฐานของรายการนี้" in [e.label for e in at.expander]
    at.button(key="stakeholder::submit").click().run()
    assert fresh(session, Stakeholder, code="SH-D041-07").status == ReviewStatus.SUBMITTED


def test_save_and_add_another_stores_the_record_and_opens_an_empty_form(session, demo):
    at = open_app("planner", "views/stakeholders.py")
    for code in ("SH-L05-21", "SH-L05-22"):
        at.selectbox(key="stakeholder:org_unit_id").set_value(unit(session, "L05"))
        at.text_input(key="stakeholder:code").input(code)
        at.text_input(key="stakeholder:group_name").input("ธนาคาร")
        at.button(key="stakeholder::save_new").click().run()
        assert not errors(at) and at.success[0].value == f"เพิ่ม '{code}' แล้ว"
        assert at.selectbox(key="stakeholder::pick").value == 0 and at.text_input(key="stakeholder:code").value == ""
    assert {s.code for s in session.exec(select(Stakeholder).where(Stakeholder.code.like("SH-L05-2%"))).all()} == {
        "SH-L05-21", "SH-L05-22"}


def test_the_form_marks_the_fields_the_scoring_rules_read(demo):
    at = open_app("planner", "views/stakeholders.py")
    status = at.selectbox(key="stakeholder:stakeholder_status")
    assert status.label.endswith(" *") and "เกณฑ์ S2" in status.help
    needs = at.text_area(key="stakeholder:enterprise_needs")
    assert needs.label.endswith(" *") and "เกณฑ์ S6" in needs.help
    assert at.text_area(key="stakeholder:working_model").label.endswith(" *")
    assert not at.text_area(key="stakeholder:needs_from_enterprise").label.endswith(" *")  # no 2569.1 rule reads it


def test_the_voc_form_has_no_quarter_to_type(demo):
    at = open_app("planner", "views/voc.py")
    assert not at.exception
    keys = {w.key for w in (*at.text_input, *at.number_input, *at.selectbox)}
    assert "voc:received_on" in keys and "voc:quarter" not in keys


def test_the_review_shows_thai_values_and_previews_the_attached_files(session, demo):
    staff = demo_actor(session, "cs.staff")
    record = create_record(session, staff, Stakeholder, {
        "enterprise_id": demo, "year": 2569, "org_unit_id": unit(session, "D041"), "code": "SH-RV-1",
        "group_name": "กรมชลประทาน", "stakeholder_status": "government", "is_internal": False, "importance": "high"})
    for name, data in (("มติ.pdf", thai_pdf(["มติคณะกรรมการ ครั้งที่ 3/2569"])),
                       ("บันทึก.docx", thai_docx([("p", "บันทึกการประชุมกับกรมชลประทาน")]))):
        upload_file(session, staff, enterprise_id=demo, year=2569, name=name, data=data,
                    record=("stakeholder", record.id))
    set_review_status(session, staff, Stakeholder, record.id, ReviewStatus.SUBMITTED, expected_version=record.version)
    session.commit()
    at = open_app("planner", "views/review_queue.py")
    at.selectbox(key="review:pick").set_value(f"stakeholder:{record.id}").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["ข้อมูล", "ค่า"])
    shown = dict(zip(table["ข้อมูล"], table["ค่า"], strict=True))
    assert shown["หน่วยงาน"] == "ฝ่ายบริการลูกค้าสัมพันธ์"
    assert shown["สถานะองค์กร (S2)"] == "หน่วยงานราชการ"
    assert shown["เป็นผู้มีส่วนได้ส่วนเสียภายใน"] == "ไม่ใช่"
    assert not {"government", "False", "high", str(unit(session, "D041"))} & set(shown.values())
    assert "บันทึกการประชุมกับกรมชลประทาน" in [t.value for t in at.text]
    assert {b.label for b in at.get("download_button")} == {"ดาวน์โหลด"} and len(at.get("download_button")) == 2
    if shutil.which("pdftoppm"):
        assert [i.captions for i in at.get("image")] == [["หน้าแรกของไฟล์"]]  # the PDF's first page


def test_a_complaints_typed_time_is_listed_as_typed_not_shifted():
    from datetime import datetime

    from evidence.excel.schema import BY_MODEL
    from evidence.models import ComplaintCase
    from portal.components.records_list import shown_value

    column = BY_MODEL[ComplaintCase].by_field["received_at"]
    assert shown_value(column, datetime(2026, 1, 15, 9, 30)) == "15 ม.ค. 2569 09:30 น."
