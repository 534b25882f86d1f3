import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import delete, update
from sqlmodel import Session, select

from evidence.db import session_scope
from evidence.errors import PermissionDenied, ValidationFailed
from evidence.excel.exporter import export_workbook
from evidence.excel.importer import import_file
from evidence.models import AuditLog, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.models.pdpa import RequestKind
from evidence.models.users import Role
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import export_person, open_request
from evidence.services.assessment import set_assessor_level
from evidence.services.audit_query import AuditFilter, audit_actions, export_audit, query_audit
from evidence.services.records import create_record, delete_record, set_review_status, update_record
from evidence.services.users import authenticate, create_user
from tests.evidence.pdpa_world import PASSWORD, add_person_records, build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def world(session):
    return build_world(session)


def _stakeholder(world, unit: str, code: str) -> dict[str, object]:
    return {"enterprise_id": world.enterprise_id, "year": 2569, "org_unit_id": world.units[unit], "code": code,
            "group_name": "กลุ่มทดสอบ"}


def test_an_audit_row_can_be_neither_changed_nor_removed(session, world):
    row = session.exec(select(AuditLog).order_by(AuditLog.id)).first()
    row.summary = "แก้ไขย้อนหลัง"
    with pytest.raises(PermissionDenied, match="เพิ่มได้อย่างเดียว"):
        session.flush()
    session.rollback()
    session.delete(session.exec(select(AuditLog).order_by(AuditLog.id)).first())
    with pytest.raises(PermissionDenied):
        session.flush()
    session.rollback()
    for statement in (update(AuditLog).values(summary="x"), delete(AuditLog)):
        with pytest.raises(PermissionDenied):
            session.exec(statement)  # type: ignore[call-overload]
        session.rollback()
    assert session.exec(select(AuditLog).where(AuditLog.summary == "x").order_by(AuditLog.id)).first() is None


def test_a_division_user_posting_for_another_division_is_refused_and_the_refusal_survives_the_rollback(engine, world):
    staff = world.actor("staff1")
    with pytest.raises(PermissionDenied, match="เฉพาะข้อมูลของหน่วยงานตนเอง"), session_scope(engine) as own:
        create_record(own, staff, Stakeholder, _stakeholder(world, "D2", "SH-X"))
    with Session(engine) as fresh:
        rows = fresh.exec(select(AuditLog).where(AuditLog.action == "denied")).all()
        assert [(r.actor, r.table_name, r.after) for r in rows] == [
            ("staff1", "stakeholder", {"attempt": "create", "role": "division"})]
        assert fresh.exec(select(Stakeholder).where(Stakeholder.code == "SH-X")).first() is None


def test_a_refusal_after_earlier_writes_in_the_same_transaction_is_still_kept(engine, world):
    """SQLite holds its writer lock until the rollback: the refusal is written after it, not before."""
    staff = world.actor("staff1")
    with pytest.raises(PermissionDenied), session_scope(engine) as own:
        create_record(own, staff, Stakeholder, _stakeholder(world, "D1", "SH-OWN"))
        create_record(own, staff, Stakeholder, _stakeholder(world, "L2", "SH-OTHER"))
    with Session(engine) as fresh:
        assert len(fresh.exec(select(AuditLog).where(AuditLog.action == "denied")).all()) == 1
        assert fresh.exec(select(Stakeholder).where(Stakeholder.code == "SH-OWN")).first() is None


def test_a_refusal_inside_a_committed_transaction_is_kept_once(engine, world):
    with session_scope(engine) as own, pytest.raises(PermissionDenied):
        create_record(own, world.actor("boss"), Stakeholder, _stakeholder(world, "D1", "SH-B"))
    with Session(engine) as fresh:
        assert len(fresh.exec(select(AuditLog).where(AuditLog.action == "denied")).all()) == 1


def test_the_audit_log_holds_a_row_for_each_kind_of_write(session, world):
    planner, staff = world.actor("planner"), world.actor("staff1")
    authenticate(session, "planner", PASSWORD)
    from evidence.errors import AuthenticationFailed

    with pytest.raises(AuthenticationFailed):
        authenticate(session, "planner", "wrong-password")
    draft = create_record(session, staff, Stakeholder, _stakeholder(world, "D1", "SH-A"))
    draft = update_record(session, staff, Stakeholder, draft.id, expected_version=draft.version,
                          changes={"group_name": "กลุ่มแก้ไข"})
    draft = set_review_status(session, staff, Stakeholder, draft.id, ReviewStatus.SUBMITTED,
                              expected_version=draft.version)
    approved = set_review_status(session, planner, Stakeholder, draft.id, ReviewStatus.APPROVED,
                                 expected_version=draft.version)
    delete_record(session, planner, Stakeholder, approved.id, expected_version=approved.version)
    add_person_records(session, world)
    request = open_request(session, planner, enterprise_id=world.enterprise_id, kind=RequestKind.ACCESS)
    export_person(session, planner, request.id, PersonQuery(name="มาลี ศรีสุข"))
    create_user(session, world.actor("admin"), username="extra", display_name="x", role=Role.EXECUTIVE,
                enterprise_id=world.enterprise_id)
    workbook = export_workbook(session, planner, enterprise_id=world.enterprise_id, year=2569)
    report = import_file(session, planner, data=workbook, filename="ข้อมูล.xlsx", enterprise_id=world.enterprise_id,
                         year=2569)
    assert report.ok, report.problems
    set_assessor_level(session, world.actor("judge"), enterprise_id=world.enterprise_id, year=2569,
                       subtopic_code="SM1.1", level=3, rationale="แผนได้รับอนุมัติและถ่ายทอดครบถ้วน")
    actions = set(session.exec(select(AuditLog.action).order_by(AuditLog.id)).all())
    assert {"login", "login:failed", "create", "update", "review:submitted", "review:approved", "delete",
            "import", "assessor-level", "export:personal", "dsr:open", "dsr:export", "user:create"} <= actions


def test_the_planning_team_sees_only_its_own_enterprise_and_filters_by_action_and_day(session, world):
    create_record(session, world.actor("admin"), Stakeholder, {
        **_stakeholder(world, "XL", "SH-X"), "enterprise_id": world.other_enterprise_id})
    create_record(session, world.actor("planner"), Stakeholder, _stakeholder(world, "L1", "SH-W"))
    planner_rows = query_audit(session, world.actor("planner"), AuditFilter(action="create", table_name="stakeholder"))
    assert [r.after["code"] for r in planner_rows.rows] == ["SH-W"]
    admin_rows = query_audit(session, world.actor("admin"), AuditFilter(action="create", table_name="stakeholder"))
    assert sorted(r.after["code"] for r in admin_rows.rows) == ["SH-W", "SH-X"]
    today = datetime.now().date()
    assert query_audit(session, world.actor("admin"), AuditFilter(date_to=date(2000, 1, 1))).total == 0
    assert query_audit(session, world.actor("admin"), AuditFilter(date_from=today, actor="PLAN")).total >= 1
    assert "user:create" in audit_actions(session, world.actor("admin"))
    with pytest.raises(ValidationFailed):
        query_audit(session, world.actor("admin"), AuditFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1)))


@pytest.mark.parametrize("username", ["staff1", "boss", "judge"])
def test_other_roles_may_not_read_the_audit_log_and_trying_is_logged(session, world, username):
    with pytest.raises(PermissionDenied):
        query_audit(session, world.actor(username))
    assert session.exec(select(AuditLog.actor).where(AuditLog.action == "denied").order_by(AuditLog.id)).all() == [username]


def test_a_planning_team_may_not_ask_for_another_enterprises_rows(session, world):
    with pytest.raises(PermissionDenied):
        query_audit(session, world.actor("planner"), AuditFilter(enterprise_id=world.other_enterprise_id))


def test_the_audit_export_has_thai_headers_bangkok_times_and_is_itself_audited(session, world):
    draft = create_record(session, world.actor("staff1"), Stakeholder, _stakeholder(world, "L1", "SH-1"))
    set_review_status(session, world.actor("planner"), Stakeholder, draft.id, ReviewStatus.RETURNED,
                      expected_version=draft.version, comment="=HYPERLINK(\"http://evil\")")
    data = export_audit(session, world.actor("planner"), AuditFilter(table_name="stakeholder"))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["บันทึกการตรวจสอบ"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["วันเวลา", "ผู้ทำรายการ", "การกระทำ", "รหัสการกระทำ"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[1], r[2]) for r in rows] == [("staff1", "สร้างข้อมูล"), ("planner", "ส่งกลับแก้ไข")]
    assert rows[0][0].endswith("น.") and rows[1][7] == "ส่งกลับพร้อมความเห็น"  # the comment itself stays out
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # text never becomes a formula
    exported = session.exec(select(AuditLog).where(AuditLog.action == "export:audit").order_by(AuditLog.id)).one()
    assert exported.summary == "ส่งออกบันทึกการตรวจสอบ 2 รายการ (xlsx)"
    text = export_audit(session, world.actor("planner"), AuditFilter(table_name="stakeholder"), fmt="csv")
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[0][0] == "วันเวลา" and lines[2][7] == "ส่งกลับพร้อมความเห็น"


def test_audit_rows_hold_no_declared_personal_data(session, world):
    add_person_records(session, world)
    text = " ".join(f"{r.summary} {r.before} {r.after}" for r in session.exec(select(AuditLog).order_by(AuditLog.id)).all())
    assert "[ข้อมูลส่วนบุคคล]" in text
    for value in ("มาลี", "ศรีสุข", "malee.s@", "สมปอง", "089-999-0000", "02-111-2222", "0812345678"):
        assert value not in text


def test_an_excel_export_is_audited_as_personal_only_when_contacts_leave_unmasked(session, world):
    add_person_records(session, world)
    for username in ("planner", "boss"):
        export_workbook(session, world.actor(username), enterprise_id=world.enterprise_id, year=2569)
    rows = session.exec(select(AuditLog).where(AuditLog.action.startswith("export")).order_by(AuditLog.id)).all()
    assert [(r.actor, r.action) for r in rows] == [("planner", "export:personal"), ("boss", "export")]


def test_a_refused_assessor_level_is_logged(session, world):
    from evidence.services.assessment import set_assessor_level

    with pytest.raises(PermissionDenied):
        set_assessor_level(session, world.actor("planner"), enterprise_id=world.enterprise_id, year=2569,
                           subtopic_code="SM1.1", level=3, rationale="เหตุผลประกอบการให้ระดับ")
    assert session.exec(select(AuditLog).where(AuditLog.action == "denied").order_by(AuditLog.id)).all()
