from datetime import date

import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied
from evidence.excel.importer import import_file
from evidence.excel.reader import UploadRefused
from evidence.models import AuditLog, ComplaintCase, OrgUnit, Stakeholder, VocRecord
from evidence.models.base import ReviewStatus
from tests.evidence.excel_support import (
    VOC_HEADERS,
    demo_actor,
    family_counts,
    voc_row,
    workbook,
)


def run(session, actor, data, *, dry_run=False, filename="voc.xlsx", **kw):
    return import_file(session, actor, data=data, filename=filename, enterprise_id=actor.enterprise_id or 1,
                       year=2569, dry_run=dry_run, **kw)


def test_valid_rows_are_stored_with_one_audit_row_for_the_whole_import(session, demo):
    planner = demo_actor(session, "planner")
    data = workbook({"VOC": [VOC_HEADERS, voc_row("X-1"), voc_row("X-2", aspect="relationship", phone="081-234-5678")]})
    report = run(session, planner, data)
    session.commit()
    assert report.stored and [(s.sheet, s.rows, s.created) for s in report.sheets] == [("VOC", 2, 2)]
    stored = session.exec(select(VocRecord).where(VocRecord.ref_no.in_(["X-1", "X-2"])).order_by(VocRecord.ref_no)).all()
    unit = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    assert [(v.ref_no, v.org_unit_id, v.received_on, v.aspect, v.status) for v in stored] == [
        ("X-1", unit.id, date(2026, 1, 15), "transaction", "approved"),
        ("X-2", unit.id, date(2026, 1, 15), "relationship", "approved")]
    audit = session.exec(select(AuditLog).where(AuditLog.action == "import").order_by(AuditLog.id)).all()
    assert len(audit) == 1 and audit[0].actor == "planner"
    assert audit[0].after == {"file": ".xlsx", "year": 2569,
                              "sheets": {"VOC": {"rows": 2, "created": 2, "updated": 0, "unchanged": 0}}}


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates_its_record(session, demo):
    planner = demo_actor(session, "planner")
    run(session, planner, workbook({"VOC": [VOC_HEADERS, voc_row("X-1"), voc_row("X-2")]}))
    session.commit()
    again = run(session, planner, workbook({"VOC": [VOC_HEADERS, voc_row("X-1"), voc_row("X-2")]}))
    assert [(s.created, s.updated, s.unchanged) for s in again.sheets] == [(0, 0, 2)]
    changed = run(session, planner, workbook({"VOC": [VOC_HEADERS, voc_row("X-1", text="แก้ไขแล้ว"), voc_row("X-2")]}))
    session.commit()
    assert [(s.created, s.updated, s.unchanged) for s in changed.sheets] == [(0, 1, 1)]
    record = session.exec(select(VocRecord).where(VocRecord.ref_no == "X-1")).one()
    assert (record.text, record.version) == ("แก้ไขแล้ว", 2)
    assert len(session.exec(select(VocRecord).where(VocRecord.ref_no == "X-1")).all()) == 1


def test_every_bad_cell_is_reported_with_sheet_row_column_and_nothing_is_stored(session, demo):
    planner = demo_actor(session, "planner")
    before = family_counts(session)
    data = workbook({"VOC": [
        VOC_HEADERS,
        voc_row("X-1"),
        voc_row("X-2", unit="D999", day="15/01/2560", quarter="สอง", aspect="อื่น ๆ", text=""),
        voc_row("X-1", phone="abc"),
    ]})
    report = run(session, planner, data)
    session.commit()
    assert not report.ok and not report.stored
    found = {(p.sheet, p.row, p.column, p.message) for p in report.problems}
    assert found == {
        ("VOC", 3, "รหัสหน่วยงาน", "ไม่พบรหัสหน่วยงาน 'D999'"),
        ("VOC", 3, "วันที่ได้รับ", "วันที่อยู่นอกรอบการประเมินปี 2569 ต้องอยู่ระหว่าง 1 ต.ค. 2568 ถึง 30 ก.ย. 2569"),
        ("VOC", 3, "ไตรมาส", "'สอง' ต้องเป็นจำนวนเต็ม"),
        ("VOC", 3, "มิติของ VOC", "'อื่น ๆ' ไม่อยู่ในรายการที่เลือกได้ (ผลิตภัณฑ์และบริการ, การสนับสนุนลูกค้า, "
                                   "การทำธุรกรรม, การบริหารความสัมพันธ์)"),
        ("VOC", 3, "เนื้อหา", "ต้องระบุ"),
        ("VOC", 4, "โทรศัพท์ลูกค้า", "'abc' ไม่ใช่หมายเลขโทรศัพท์ที่ถูกต้อง"),
        ("VOC", 4, "เลขที่อ้างอิง", "ซ้ำกับแถวที่ 2 (ค่า เลขที่อ้างอิง ต้องไม่ซ้ำกัน)"),
    }
    assert family_counts(session) == before


def test_a_problem_in_a_later_sheet_keeps_the_earlier_sheets_out_too(session, demo):
    planner = demo_actor(session, "planner")
    before = family_counts(session)
    data = workbook({
        "กลุ่มลูกค้า": [["รหัสกลุ่มลูกค้า", "ชื่อกลุ่มลูกค้า"], ["SEG-NEW", "กลุ่มใหม่"]],
        "VOC": [VOC_HEADERS, voc_row("X-1", segment="SEG-NEW"), voc_row("X-2", quarter=9)],
    })
    report = run(session, planner, data)
    session.commit()
    assert [(p.row, p.column) for p in report.problems] == [(3, "ไตรมาส")]
    assert family_counts(session) == before


def test_a_later_sheet_may_name_records_an_earlier_sheet_adds(session, demo):
    planner = demo_actor(session, "planner")
    data = workbook({
        "VOC": [VOC_HEADERS, voc_row("X-1", segment="SEG-NEW", channel="CH-NEW")],
        "ช่องทางรับฟัง": [["รหัสช่องทาง", "ชื่อช่องทาง", "ประเภทช่องทาง", "กลุ่มลูกค้าที่เข้าถึง",
                          "กลุ่มตามวงจรชีวิตลูกค้าที่เข้าถึง"],
                         ["CH-NEW", "ไลน์ใหม่", "social_media", "SEG-NEW, SEG-HH", "ลูกค้าในอดีต, current"]],
        "กลุ่มลูกค้า": [["รหัสกลุ่มลูกค้า", "ชื่อกลุ่มลูกค้า"], ["SEG-NEW", "กลุ่มใหม่"]],
    })
    report = run(session, planner, data)
    session.commit()
    assert report.stored, report.problems
    voc = session.exec(select(VocRecord).where(VocRecord.ref_no == "X-1")).one()
    assert voc.segment_id is not None and voc.channel_id is not None


def test_a_missing_required_column_stops_the_sheet_with_a_clear_message(session, demo):
    planner = demo_actor(session, "planner")
    data = workbook({"VOC": [VOC_HEADERS[:2] + VOC_HEADERS[3:], voc_row("X-1")[:2] + voc_row("X-1")[3:]]})
    report = run(session, planner, data)
    assert [(p.row, p.column, p.message) for p in report.problems] == [(None, "วันที่ได้รับ", "ไม่พบคอลัมน์ที่ต้องมี")]


def test_a_file_that_is_not_excel_or_has_no_template_sheet_is_refused_in_thai(session, demo):
    planner = demo_actor(session, "planner")
    with pytest.raises(UploadRefused, match="ไม่ใช่ไฟล์ Excel"):
        run(session, planner, b"%PDF-1.4 not a workbook", filename="report.pdf")
    with pytest.raises(UploadRefused, match="ไฟล์อาจเสียหาย"):
        run(session, planner, b"PK\x03\x04 broken zip", filename="broken.xlsx")
    with pytest.raises(UploadRefused, match="ไม่พบแผ่นงานข้อมูลของแบบฟอร์ม"):
        run(session, planner, workbook({"Sheet1": [["a"], [1]]}), filename="other.xlsx")


def test_an_oversize_file_is_refused_before_it_is_read(session, demo, monkeypatch):
    from evidence.settings import get_settings

    planner = demo_actor(session, "planner")
    monkeypatch.setattr(get_settings(), "max_upload_mb", 0)
    with pytest.raises(UploadRefused, match="เกินขนาดที่อนุญาต 0 MB"):
        run(session, planner, workbook({"VOC": [VOC_HEADERS, voc_row("X-1")]}))


def test_a_dry_run_reports_what_would_happen_and_stores_nothing(session, demo):
    planner = demo_actor(session, "planner")
    before = family_counts(session)
    report = run(session, planner, workbook({"VOC": [VOC_HEADERS, voc_row("X-1")]}), dry_run=True)
    session.commit()
    assert report.ok and not report.stored and report.sheets[0].created == 1
    assert family_counts(session) == before


def test_division_staff_rows_become_drafts_and_rows_of_other_units_are_refused(session, demo):
    staff = demo_actor(session, "cs.staff")
    before = family_counts(session)
    refused = run(session, staff, workbook({"VOC": [VOC_HEADERS, voc_row("X-1"), voc_row("X-2", unit="D033")]}))
    assert [(p.row, p.column, p.message) for p in refused.problems] == [
        (3, "รหัสหน่วยงาน", "แก้ไขได้เฉพาะข้อมูลของหน่วยงานตนเอง")]
    assert family_counts(session) == before
    stored = run(session, staff, workbook({"VOC": [VOC_HEADERS, voc_row("X-1")]}))
    session.commit()
    assert stored.stored
    assert session.exec(select(VocRecord).where(VocRecord.ref_no == "X-1")).one().status == ReviewStatus.DRAFT


def test_executives_cannot_import(session, demo):
    with pytest.raises(PermissionDenied):
        run(session, demo_actor(session, "executive"), workbook({"VOC": [VOC_HEADERS, voc_row("X-1")]}))


def test_a_division_reimports_its_own_export_unchanged_although_it_shows_other_units_masked(session, demo):
    from evidence.excel.exporter import export_workbook

    staff = demo_actor(session, "cs.staff")
    exported = export_workbook(session, staff, enterprise_id=staff.enterprise_id, year=2569)
    report = run(session, staff, exported, filename="export.xlsx")
    assert report.ok, report.problems[:3]
    assert sum(s.created + s.updated for s in report.sheets) == 0
    assert sum(s.unchanged for s in report.sheets) > 400


def test_complaint_cases_in_order_are_checked_by_the_models_own_rule(session, demo):
    planner = demo_actor(session, "planner")
    headers = ["เลขที่เรื่อง", "รหัสหน่วยงาน", "เรื่อง", "วันเวลารับเรื่อง", "วันเวลาแก้ไขแล้วเสร็จ"]
    report = run(session, planner, workbook({"เรื่องร้องเรียน": [
        headers, ["C-1", "D041", "น้ำไม่ไหล", "15/01/2569 09:00", "14/01/2569 09:00"],
        ["C-2", "D041", "น้ำไม่ไหล", "15/01/2569 09:00", "16/01/2569 10:30"]]}))
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "วันเวลาแก้ไขแล้วเสร็จ", "เวลาต้องไม่ก่อนวันเวลารับเรื่อง")]
    assert session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-2")).first() is None


def test_a_csv_file_of_one_family_is_recognised_by_its_headers(session, demo):
    planner = demo_actor(session, "planner")
    text = ",".join(VOC_HEADERS) + "\n" + ",".join("" if v is None else str(v) for v in voc_row("CSV-1")) + "\n"
    report = run(session, planner, text.encode("utf-8-sig"), filename="voc.csv")
    session.commit()
    assert report.stored and report.sheets[0].sheet == "VOC"
    assert session.exec(select(VocRecord).where(VocRecord.ref_no == "CSV-1")).one().quarter == 2


def test_stakeholder_profiles_import_with_thai_labels_and_buddhist_era_dates(session, demo):
    planner = demo_actor(session, "planner")
    headers = ["รหัสหน่วยงาน", "รหัสผู้มีส่วนได้ส่วนเสีย", "กลุ่มผู้มีส่วนได้ส่วนเสีย", "สถานะองค์กร (S2)",
               "ความสนใจ (1–5)", "เป็นผู้มีส่วนได้ส่วนเสียภายใน", "วันที่ทบทวนข้อมูลล่าสุด"]
    report = run(session, planner, workbook({"ผู้มีส่วนได้ส่วนเสีย": [
        headers, ["L05", "SH-L05-01", "ธนาคารพันธมิตร", "เอกชน", 4, "ไม่ใช่", "01/12/2568"]]}))
    session.commit()
    assert report.stored, report.problems
    profile = session.exec(select(Stakeholder).where(Stakeholder.code == "SH-L05-01")).one()
    assert (profile.stakeholder_status, profile.interest, profile.is_internal, profile.reviewed_on) == (
        "private", 4, False, date(2025, 12, 1))
