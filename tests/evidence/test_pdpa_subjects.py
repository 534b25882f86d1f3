import io

import openpyxl
import pytest
from sqlalchemy import or_
from sqlmodel import col, select

from evidence.errors import PermissionDenied, ValidationFailed
from evidence.models import AuditLog, ComplaintCase, DataSubjectRequest, Stakeholder, User, VocRecord
from evidence.models.base import LawfulBasis, utcnow
from evidence.models.pdpa import RequestKind
from evidence.models.search import SearchDoc
from evidence.models.users import Role
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import (
    ERASED,
    CloseOutcome,
    close_request,
    correct_person,
    erase_person,
    export_person,
    find_person,
    open_request,
)
from evidence.services.users import create_user
from evidence.thai_dates import to_be_year
from tests.evidence.pdpa_world import PERSON, add_person_records, build_world, fast_hashing, tables_mentioning  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")
ALL = PersonQuery(name="มาลี ศรีสุข", email="Malee.S@example.com", phone="0812345678")


@pytest.fixture
def world(session):
    world = build_world(session)
    add_person_records(session, world)
    return world


def _request(session, world, kind: RequestKind, username: str = "planner") -> DataSubjectRequest:
    return open_request(session, world.actor(username), enterprise_id=world.enterprise_id, kind=kind)


def test_a_request_gets_a_reference_and_holds_no_personal_data(session, world):
    first = _request(session, world, RequestKind.ACCESS)
    second = _request(session, world, RequestKind.ERASURE)
    year = to_be_year(utcnow().year)
    assert (first.reference, second.reference) == (f"DSR-{year}-0001", f"DSR-{year}-0002")
    assert set(DataSubjectRequest.model_fields) == {
        "id", "enterprise_id", "kind", "reference", "received_at", "handled_by", "outcome", "records_affected",
        "closed_at"}


def test_the_person_is_found_by_name_email_or_phone_in_every_table_and_in_free_text(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    hits = find_person(session, world.actor("planner"), request.id, ALL)
    found = sorted((h.table, h.column, h.declared) for h in hits)
    assert found == [
        ("complaintcase", "complainant_email", True), ("complaintcase", "complainant_name", True),
        ("complaintcase", "complainant_phone", True), ("stakeholder", "coordinator_email", True),
        ("stakeholder", "coordinator_name", True), ("stakeholder", "coordinator_phone", True),
        ("vocrecord", "customer_name", True), ("vocrecord", "text", False),
    ]
    by_phone = find_person(session, world.actor("planner"), request.id, PersonQuery(phone="081 234 5678"))
    assert {(h.table, h.column) for h in by_phone} == {
        ("complaintcase", "complainant_phone"), ("stakeholder", "coordinator_phone"), ("vocrecord", "text")}


def test_a_name_is_found_with_or_without_a_title(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    with_title = find_person(session, world.actor("planner"), request.id, PersonQuery(name="นางสาวมาลี ศรีสุข"))
    without = find_person(session, world.actor("planner"), request.id, PersonQuery(name="มาลี ศรีสุข"))
    assert {(h.table, h.column) for h in with_title} == {(h.table, h.column) for h in without} == {
        ("complaintcase", "complainant_name"), ("stakeholder", "coordinator_name"), ("vocrecord", "customer_name")}


def test_a_name_does_not_match_a_longer_name_or_another_number(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    assert find_person(session, world.actor("planner"), request.id, PersonQuery(name="มาลี ศรี")) == []
    assert find_person(session, world.actor("planner"), request.id, PersonQuery(phone="081-234-567")) == []


def test_the_search_terms_are_never_stored_or_logged(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    find_person(session, world.actor("planner"), request.id, ALL)
    session.flush()
    held = frozenset({"complaintcase", "vocrecord", "stakeholder"})
    assert tables_mentioning(session, "มาลี", skip=held | {"searchdoc"}) == {}
    # the search index mirrors the three records that hold her (kept by triggers), nothing more
    mirrored = session.exec(select(SearchDoc.record_table).where(
        or_(col(SearchDoc.people).contains("มาลี"), col(SearchDoc.body).contains("มาลี")))).all()
    assert set(mirrored) == held
    search = session.exec(select(AuditLog).where(AuditLog.action == "dsr:search").order_by(AuditLog.id)).one()
    assert search.summary == f"{request.reference}: พบ 3 รายการ ใน 3 ตาราง"


def test_a_query_needs_something_that_identifies_the_person(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    with pytest.raises(ValidationFailed) as err:
        find_person(session, world.actor("planner"), request.id, PersonQuery(name="มา", phone="12"))
    assert {p.field for p in err.value.problems} == {"name", "phone"}
    with pytest.raises(ValidationFailed):
        find_person(session, world.actor("planner"), request.id, PersonQuery())


def test_the_export_holds_every_record_on_the_person_and_is_logged_as_an_export_of_personal_data(session, world):
    request = _request(session, world, RequestKind.ACCESS)
    data = export_person(session, world.actor("planner"), request.id, ALL)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["สรุป", "เรื่องร้องเรียน", "ผู้มีส่วนได้ส่วนเสีย (Stakeholder Profile)"[:31],
                               "เสียงของลูกค้า (VOC)"]
    complaint = [[c.value for c in row] for row in book["เรื่องร้องเรียน"].iter_rows()]
    assert len(complaint) == 2 and PERSON["phone"] in complaint[1] and "นายสมปอง ดีใจ" not in complaint[1]
    actions = session.exec(select(AuditLog.action).where(AuditLog.record_id == request.id,
                                                         AuditLog.table_name == "datasubjectrequest").order_by(AuditLog.id)).all()
    assert actions == ["dsr:open", "export:personal", "dsr:export"]
    assert session.get(DataSubjectRequest, request.id).outcome == "ส่งสำเนาข้อมูล 3 รายการ"


def test_a_correction_replaces_the_contacts_wherever_they_are_declared(session, world):
    request = _request(session, world, RequestKind.CORRECTION)
    changed = correct_person(session, world.actor("planner"), request.id, PersonQuery(email=PERSON["email"]),
                             new_email="malee.new@example.com")
    assert changed == 2
    case = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one()
    sh = session.exec(select(Stakeholder)).one()
    assert (case.complainant_email, sh.coordinator_email) == ("malee.new@example.com", "malee.new@example.com")
    assert case.complainant_name == PERSON["name"]
    rows = session.exec(select(AuditLog).where(AuditLog.action == "dsr:correct").order_by(AuditLog.id)).all()
    assert sorted((r.table_name, tuple(r.after["columns"])) for r in rows) == [
        ("complaintcase", ("complainant_email",)), ("stakeholder", ("coordinator_email",))]
    assert "malee" not in " ".join(f"{r.summary} {r.after}" for r in rows)


def test_a_correction_is_validated_and_only_for_correction_requests(session, world):
    request = _request(session, world, RequestKind.CORRECTION)
    with pytest.raises(ValidationFailed, match="อีเมล"):
        correct_person(session, world.actor("planner"), request.id, ALL, new_email="broken")
    erasure = _request(session, world, RequestKind.ERASURE)
    with pytest.raises(PermissionDenied):
        correct_person(session, world.actor("planner"), erasure.id, ALL, new_email="x@example.com")


def test_an_erasure_leaves_no_trace_of_the_person_outside_the_audit_record_of_the_request(session, world):
    admin = world.actor("admin")
    create_user(session, admin, username="malee", display_name=PERSON["name"], role=Role.EXECUTIVE,
                email=PERSON["email"], enterprise_id=world.enterprise_id)
    request = _request(session, world, RequestKind.ERASURE, "admin")
    first_audit_row = session.exec(select(AuditLog.id).order_by(AuditLog.id.desc())).first()
    changed = erase_person(session, admin, request.id, ALL)
    close_request(session, admin, request.id, CloseOutcome.DONE)
    session.commit()
    assert changed == 4
    for value in ("มาลี", "ศรีสุข", "malee.s@example.com", "0812345678", "081-234-5678"):
        assert tables_mentioning(session, value, skip=frozenset({"auditlog"})) == {}, value
    request_rows = session.exec(select(AuditLog).where(AuditLog.id > first_audit_row).order_by(AuditLog.id)).all()
    assert {r.action for r in request_rows} == {"dsr:erase", "dsr:close"}
    text = " ".join(f"{r.summary} {r.before} {r.after}" for r in request_rows)
    assert "มาลี" not in text and "081" not in text and "malee" not in text
    voc = session.exec(select(VocRecord)).one()
    assert voc.text == f"ลูกค้าขอให้ติดต่อกลับที่ {ERASED} เรื่องใบแจ้งหนี้" and voc.customer_name is None
    other = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-2")).one()
    assert other.complainant_name == "นายสมปอง ดีใจ"
    account = session.exec(select(User).where(User.username == "malee")).one()
    assert (account.display_name, account.email, account.active) == (ERASED, None, False)
    closed = session.get(DataSubjectRequest, request.id)
    assert closed.records_affected == 4 and closed.closed_at is not None
    assert closed.outcome.startswith("ลบข้อมูล 4 รายการ")


def test_erasing_by_name_also_clears_that_persons_phone_and_email_in_the_same_record(session, world):
    request = _request(session, world, RequestKind.ERASURE)
    erase_person(session, world.actor("planner"), request.id, PersonQuery(name="มาลี ศรีสุข"))
    case = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one()
    sh = session.exec(select(Stakeholder)).one()
    assert (case.complainant_name, case.complainant_phone, case.complainant_email) == (None, None, None)
    assert (sh.coordinator_name, sh.coordinator_phone, sh.coordinator_email) == (None, None, None)
    assert (sh.representative_name, sh.representative_phone) == ("นายประธาน ชุมชน", "02-111-2222")


def test_withdrawing_consent_erases_only_what_is_held_on_consent(session, world):
    voc = session.exec(select(VocRecord)).one()
    voc.pdpa_basis = LawfulBasis.CONSENT
    session.add(voc)
    request = _request(session, world, RequestKind.WITHDRAW_CONSENT)
    assert erase_person(session, world.actor("planner"), request.id, ALL) == 1
    assert session.exec(select(VocRecord)).one().customer_name is None
    assert session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "C-1")).one().complainant_name
    assert session.get(DataSubjectRequest, request.id).outcome == "ลบข้อมูล 1 รายการ คงไว้ 2 รายการตามฐานทางกฎหมายอื่น"


def test_a_closed_request_takes_no_further_action(session, world):
    request = _request(session, world, RequestKind.ERASURE)
    close_request(session, world.actor("planner"), request.id, CloseOutcome.WITHDRAWN)
    with pytest.raises(ValidationFailed, match="ปิดแล้ว"):
        erase_person(session, world.actor("planner"), request.id, ALL)


@pytest.mark.parametrize("username", ["staff1", "boss", "judge"])
def test_only_planning_and_administrators_handle_requests(session, world, username):
    with pytest.raises(PermissionDenied):
        _request(session, world, RequestKind.ACCESS, username)
    request = _request(session, world, RequestKind.ERASURE)
    with pytest.raises(PermissionDenied):
        erase_person(session, world.actor(username), request.id, ALL)
    assert len(session.exec(select(AuditLog).where(AuditLog.action == "denied").order_by(AuditLog.id)).all()) == 2


def test_a_planning_team_never_sees_staff_accounts_in_a_search(session, world):
    create_user(session, world.actor("admin"), username="malee", display_name=PERSON["name"], role=Role.EXECUTIVE,
                enterprise_id=world.enterprise_id)
    request = _request(session, world, RequestKind.ACCESS)
    assert "user" not in {h.table for h in find_person(session, world.actor("planner"), request.id, ALL)}
