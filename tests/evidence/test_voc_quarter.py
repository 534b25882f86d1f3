"""A VOC row's quarter follows from its date: forms, services and imports compute it (issue 16 §9)."""

from datetime import date

from sqlmodel import select

from evidence.errors import ValidationFailed
from evidence.excel.importer import import_file
from evidence.models import OrgUnit, VocRecord
from evidence.services.records import create_record, update_record
from tests.evidence.excel_support import VOC_HEADERS, demo_actor, voc_row, workbook


def voc(session, demo, **values):
    unit = session.exec(select(OrgUnit).where(OrgUnit.code == "D041")).one()
    return {"enterprise_id": demo, "year": 2569, "org_unit_id": unit.id, "ref_no": "Q-1", "aspect": "transaction",
            "kind": "need", "text": "อยากชำระเงินผ่านแอป", **values}


def imported(session, planner, rows):
    return import_file(session, planner, data=workbook({"VOC": [VOC_HEADERS, *rows]}), filename="voc.xlsx",
                       enterprise_id=planner.enterprise_id or 1, year=2569, dry_run=False)


def test_the_service_computes_the_quarter_and_refuses_a_typed_one_that_disagrees(session, demo):
    planner = demo_actor(session, "planner")
    try:
        create_record(session, planner, VocRecord, voc(session, demo, received_on=date(2026, 1, 15), quarter=4))
    except ValidationFailed as failure:
        assert [(p.field, p.message) for p in failure.problems] == [("quarter", (
            "ไตรมาส 4 ไม่ตรงกับวันที่ได้รับ 15 ม.ค. 2569 (ไตรมาส 2 ของปี 2569): เว้นว่างไว้ได้ ระบบคำนวณจากวันที่"))]
    else:
        raise AssertionError("a quarter that disagrees with the date was stored")
    record = create_record(session, planner, VocRecord, voc(session, demo, received_on=date(2026, 1, 15)))
    assert record.quarter == 2
    moved = update_record(session, planner, VocRecord, record.id, expected_version=record.version,
                          changes={"received_on": date(2025, 11, 2)})
    assert moved.quarter == 1
    assert create_record(session, planner, VocRecord, voc(session, demo, ref_no="Q-2",
                                                          received_on=date(2026, 9, 30))).quarter == 4


def test_a_date_outside_the_year_names_the_valid_range(session, demo):
    planner = demo_actor(session, "planner")
    try:
        create_record(session, planner, VocRecord, voc(session, demo, received_on=date(2026, 10, 1)))
    except ValidationFailed as failure:
        assert [(p.field, p.message) for p in failure.problems] == [
            ("received_on", "วันที่อยู่นอกรอบการประเมินปี 2569 ต้องอยู่ระหว่าง 1 ต.ค. 2568 ถึง 30 ก.ย. 2569")]
    else:
        raise AssertionError("a day after the year was stored")


def test_an_import_computes_a_blank_quarter_keeps_a_right_one_and_refuses_a_wrong_one(session, demo):
    planner = demo_actor(session, "planner")
    report = imported(session, planner, [voc_row("Q-BLANK", quarter=None), voc_row("Q-RIGHT", quarter=2)])
    assert report.stored
    stored = dict(session.exec(select(VocRecord.ref_no, VocRecord.quarter).where(
        VocRecord.ref_no.in_(["Q-BLANK", "Q-RIGHT"]))).all())
    assert stored == {"Q-BLANK": 2, "Q-RIGHT": 2}
    wrong = imported(session, planner, [voc_row("Q-WRONG", quarter=3)])
    assert not wrong.stored
    assert [(p.row, p.column, p.message) for p in wrong.problems] == [
        (2, "ไตรมาส", "ไตรมาส 3 ไม่ตรงกับวันที่ได้รับ 15 ม.ค. 2569 (ไตรมาส 2 ของปี 2569): เว้นว่างไว้ได้ ระบบคำนวณจากวันที่")]
    assert session.exec(select(VocRecord).where(VocRecord.ref_no == "Q-WRONG")).first() is None


def test_a_workbook_without_a_quarter_column_imports(session, demo):
    planner = demo_actor(session, "planner")
    at = VOC_HEADERS.index("ไตรมาส")
    row = voc_row("Q-NOCOL")
    data = workbook({"VOC": [VOC_HEADERS[:at] + VOC_HEADERS[at + 1:], row[:at] + row[at + 1:]]})
    report = import_file(session, planner, data=data, filename="voc.xlsx", enterprise_id=planner.enterprise_id or 1,
                         year=2569, dry_run=False)
    assert report.stored, report.problems
    assert session.exec(select(VocRecord.quarter).where(VocRecord.ref_no == "Q-NOCOL")).one() == 2
