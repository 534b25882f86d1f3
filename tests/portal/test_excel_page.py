import io

import openpyxl
from sqlmodel import Session, select

from evidence.access import actor_for
from evidence.db import get_engine
from evidence.jobs.store import job_of
from evidence.models import VocRecord
from evidence.services.users import find_user
from tests.evidence.excel_support import VOC_HEADERS, voc_row, workbook
from tests.portal.conftest import open_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def upload(at, data: bytes, name: str = "voc.xlsx"):
    at.file_uploader(key="excel:file").set_value((name, data, XLSX)).run()
    return at


def test_a_workbook_with_problems_is_previewed_row_by_row_and_cannot_be_imported(session, demo):
    at = upload(open_app("planner", "views/excel.py"),
                workbook({"VOC": [VOC_HEADERS, voc_row("W-1"), voc_row("W-2", unit="D999", quarter=9)]}))
    at.button(key="excel:check").click().run()
    assert not at.exception
    assert at.error[0].value == "พบปัญหา 2 รายการ ยังไม่ได้บันทึกข้อมูลใดเลย"
    problems = next(d.value for d in at.dataframe if "ปัญหา" in d.value.columns)
    assert problems.to_dict("records") == [
        {"แผ่นงาน": "VOC", "แถว": 3, "คอลัมน์": "รหัสหน่วยงาน", "ปัญหา": "ไม่พบรหัสหน่วยงาน 'D999'"},
        {"แผ่นงาน": "VOC", "แถว": 3, "คอลัมน์": "ไตรมาส",  # the quarter follows from the date (issue 16 §9)
         "ปัญหา": "ไตรมาส 9 ไม่ตรงกับวันที่ได้รับ 15 ม.ค. 2569 (ไตรมาส 2 ของปี 2569): เว้นว่างไว้ได้ ระบบคำนวณจากวันที่"},
    ]
    assert at.button(key="excel:import").disabled
    session.expire_all()
    assert session.exec(select(VocRecord).where(VocRecord.ref_no.in_(["W-1", "W-2"]))).all() == []


def test_a_checked_workbook_is_imported_whole_and_the_template_can_be_downloaded(session, demo):
    at = open_app("cs.staff", "views/excel.py")
    template = at.get("download_button")[0]
    assert template.proto.label == "ดาวน์โหลดแบบฟอร์ม"
    upload(at, workbook({"VOC": [VOC_HEADERS, voc_row("W-1"), voc_row("W-2", unit="D043")]}))
    assert at.button(key="excel:import").disabled
    at.button(key="excel:check").click().run()
    assert at.info[0].value.startswith("ตรวจสอบแล้วไม่พบปัญหา (ยังไม่ได้บันทึก)")
    at.button(key="excel:import").click().run()
    assert at.success[0].value.startswith("นำเข้าเรียบร้อย 1 แผ่นงาน 2 แถว: เพิ่ม 2")
    session.expire_all()
    stored = session.exec(select(VocRecord).where(VocRecord.ref_no.in_(["W-1", "W-2"]))).all()
    assert sorted((v.ref_no, v.status) for v in stored) == [("W-1", "draft"), ("W-2", "draft")]


def test_a_file_that_is_not_excel_is_refused_with_a_thai_message(session, demo):
    at = upload(open_app("planner", "views/excel.py"), b"just some text", name="notes.xlsx")
    at.button(key="excel:check").click().run()
    assert at.error[0].value == "ไฟล์ 'notes.xlsx' ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่นำเข้าได้"
    assert at.button(key="excel:import").disabled


def test_the_export_button_prepares_a_workbook_of_the_year(session, demo):
    at = open_app("planner", "views/excel.py")
    at.button(key="excel:prepare").click().run()
    assert [b.proto.label for b in at.get("download_button")][-1] == "ดาวน์โหลดไฟล์ส่งออก"
    with Session(get_engine()) as s:
        job = job_of(s, actor_for(s, find_user(s, "planner")), at.session_state["excel:export_job"])
    assert job is not None and job.kind == "export" and job.state == "succeeded"
    book = openpyxl.load_workbook(io.BytesIO(job.path("scm-DEMO-2569.xlsx").read_bytes()))
    assert book["VOC"].max_row == 241 and book["VOC"]["A2"].value == "VOC-69-0001"
