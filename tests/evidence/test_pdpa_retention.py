from datetime import date

import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied
from evidence.models import AuditLog, ComplaintCase, Stakeholder, VocRecord
from evidence.pdpa.retention import run_retention
from portal.cli import main
from tests.evidence.pdpa_world import add_person_records, build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def world(session):
    world = build_world(session)
    ids = add_person_records(session, world, retain_until=date(2027, 9, 30))
    case = session.get(ComplaintCase, ids["other_case"])
    case.pdpa_retain_until = date(2031, 9, 30)
    voc = session.get(VocRecord, ids["voc"])
    voc.pdpa_retain_until = None
    session.add_all([case, voc])
    session.commit()
    return world


def test_a_dry_run_lists_what_is_past_retention_and_changes_nothing(session, world):
    result = run_retention(session, world.actor("planner"), today=date(2028, 1, 1))
    assert not result.applied
    assert [(i.table, i.retain_until) for i in result.items] == [
        ("complaintcase", date(2027, 9, 30)), ("stakeholder", date(2027, 9, 30))]
    assert result.by_table() == {"เรื่องร้องเรียน": 1, "ผู้มีส่วนได้ส่วนเสีย (Stakeholder Profile)": 1}
    assert result.without_date == {"เสียงของลูกค้า (VOC)": 1}
    assert session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one().complainant_name
    assert not session.exec(select(AuditLog).where(AuditLog.action == "pdpa:retention").order_by(AuditLog.id)).all()


def test_applying_empties_the_personal_data_keeps_the_records_and_audits_by_table(session, world):
    result = run_retention(session, world.actor("planner"), today=date(2028, 1, 1), apply=True)
    assert result.applied and len(result.items) == 2
    case = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one()
    assert (case.complainant_name, case.complainant_phone, case.complainant_email, case.subject) == (
        None, None, None, "น้ำไม่ไหล")
    assert case.version == 2 and case.updated_by == "planner"
    sh = session.exec(select(Stakeholder)).one()
    assert (sh.coordinator_name, sh.representative_phone, sh.group_name) == (None, None, "ชุมชนริมคลอง")
    kept = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-2")).one()
    assert kept.complainant_name == "นายสมปอง ดีใจ"
    rows = session.exec(select(AuditLog).where(AuditLog.action == "pdpa:retention").order_by(AuditLog.id)).all()
    assert [(r.table_name, r.after["ids"]) for r in rows] == [("complaintcase", [case.id]), ("stakeholder", [sh.id])]
    assert run_retention(session, world.actor("planner"), today=date(2028, 1, 1)).items == []


def test_nothing_is_past_retention_before_the_date(session, world):
    assert run_retention(session, world.actor("planner"), today=date(2027, 9, 30)).items == []


@pytest.mark.parametrize("username", ["staff1", "boss", "judge"])
def test_only_planning_and_administrators_run_the_retention_job(session, world, username):
    with pytest.raises(PermissionDenied):
        run_retention(session, world.actor(username), today=date(2028, 1, 1))


def test_a_planning_team_cannot_run_it_for_another_enterprise(session, world):
    with pytest.raises(PermissionDenied):
        run_retention(session, world.actor("planner"), enterprise_id=world.other_enterprise_id)


def test_the_command_runs_dry_by_default_and_removes_with_apply(session, world, capsys):
    assert main(["pdpa", "retention", "--today", "2028-01-01"]) == 0
    out = capsys.readouterr().out
    assert "2 รายการ — ทดลอง" in out and "เรื่องร้องเรียน: 1 รายการ" in out and "ไม่ได้กำหนดวันสิ้นสุด" in out
    session.expire_all()
    assert session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one().complainant_name
    assert main(["pdpa", "retention", "--today", "2028-01-01", "--enterprise", "W", "--apply"]) == 0
    assert "ลบแล้ว" in capsys.readouterr().out
    session.expire_all()
    assert session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one().complainant_name is None


def test_the_inventory_command_writes_an_excel_file(session, world, tmp_path):
    target = tmp_path / "inventory.xlsx"
    assert main(["pdpa", "inventory", str(target), "--enterprise", "W"]) == 0
    assert target.read_bytes()[:2] == b"PK"
