import threading
from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from evidence.access import Actor
from evidence.errors import PermissionDenied, StaleVersion, ValidationFailed
from evidence.models import AuditLog, ComplaintCase, OrgUnit, Stakeholder, VocRecord
from evidence.models.base import ReviewStatus
from evidence.models.users import Role
from evidence.services.records import create_record, set_review_status, update_record


def _unit(session: Session, code: str) -> OrgUnit:
    return session.exec(select(OrgUnit).where(OrgUnit.code == code)).one()


def _stakeholder_data(eid: int, unit_id: int, **extra: object) -> dict[str, object]:
    return {"enterprise_id": eid, "year": 2569, "org_unit_id": unit_id, "code": "SH-NEW", "group_name": "กลุ่มใหม่",
            **extra}


def planner(eid: int) -> Actor:
    return Actor(username="planner", role=Role.PLANNING, enterprise_id=eid)


def test_planning_team_creates_an_approved_record_with_an_audit_row(session, demo):
    unit = _unit(session, "L05")
    sh = create_record(session, planner(demo), Stakeholder, _stakeholder_data(demo, unit.id))
    session.commit()
    assert sh.status == ReviewStatus.APPROVED and sh.version == 1 and sh.created_by == "planner"
    audit = session.exec(select(AuditLog).where(AuditLog.table_name == "stakeholder", AuditLog.record_id == sh.id).order_by(AuditLog.id)).one()
    assert audit.action == "create" and audit.after["group_name"] == "[ข้อความ]"  # the field, never the text


def test_bad_values_are_refused_in_thai_naming_the_field_and_nothing_is_stored(session, demo):
    unit = _unit(session, "L05")
    before = len(session.exec(select(Stakeholder)).all())
    with pytest.raises(ValidationFailed) as err:
        create_record(session, planner(demo), Stakeholder,
                      _stakeholder_data(demo, unit.id, interest=7, representative_email="not-an-email"))
    fields = {p.field for p in err.value.problems}
    assert fields == {"interest", "representative_email"}
    assert "ความสนใจ" in str(err.value) and "อีเมล" in str(err.value)
    session.rollback()
    assert len(session.exec(select(Stakeholder)).all()) == before


def test_unknown_unit_is_refused(session, demo):
    with pytest.raises(ValidationFailed) as err:
        create_record(session, planner(demo), Stakeholder, _stakeholder_data(demo, 99999))
    assert err.value.problems[0].field == "org_unit_id"
    assert "ไม่พบหน่วยงาน" in str(err.value)


def test_resolved_before_received_is_refused(session, demo):
    unit = _unit(session, "D041")
    with pytest.raises(ValidationFailed) as err:
        create_record(session, planner(demo), ComplaintCase, {
            "enterprise_id": demo, "year": 2569, "case_no": "X-1", "org_unit_id": unit.id, "subject": "น้ำไม่ไหล",
            "received_at": datetime(2026, 1, 10, 9), "resolved_at": datetime(2026, 1, 9, 9)})
    assert err.value.problems[0].field == "resolved_at"
    assert "ก่อนวันเวลารับเรื่อง" in str(err.value)


def test_dates_outside_the_assessment_year_are_refused(session, demo):
    unit = _unit(session, "D041")
    with pytest.raises(ValidationFailed) as err:
        create_record(session, planner(demo), VocRecord, {
            "enterprise_id": demo, "year": 2569, "ref_no": "V-X", "org_unit_id": unit.id, "quarter": 1,
            "received_on": date(2024, 1, 1), "aspect": "transaction", "kind": "need", "text": "ทดสอบ"})
    assert err.value.problems[0].field == "received_on"


def test_a_stale_save_is_refused_showing_both_versions_and_changes_nothing(session, demo):
    unit = _unit(session, "L05")
    sh = create_record(session, planner(demo), Stakeholder, _stakeholder_data(demo, unit.id))
    session.commit()
    update_record(session, planner(demo), Stakeholder, sh.id, expected_version=1, changes={"role": "ผู้กำกับ"})
    session.commit()
    with pytest.raises(StaleVersion) as err:
        update_record(session, planner(demo), Stakeholder, sh.id, expected_version=1, changes={"role": "คู่ค้า"})
    assert err.value.theirs["role"] == "ผู้กำกับ" and err.value.mine["role"] == "คู่ค้า"
    session.rollback()
    assert session.get(Stakeholder, sh.id).role == "ผู้กำกับ"


def test_concurrent_saves_from_the_same_version_let_only_one_win(engine, session, demo):
    unit = _unit(session, "L05")
    sh = create_record(session, planner(demo), Stakeholder, _stakeholder_data(demo, unit.id))
    session.commit()
    results: list[str] = []
    barrier = threading.Barrier(2)

    def save(role: str) -> None:
        with Session(engine) as own:
            record = own.get(Stakeholder, sh.id)
            barrier.wait()
            try:
                update_record(own, planner(demo), Stakeholder, record.id, expected_version=1, changes={"role": role})
                own.commit()
                results.append("saved")
            except StaleVersion:
                own.rollback()
                results.append("refused")
            except Exception:  # SQLite's writer lock may also refuse the second writer
                own.rollback()
                results.append("refused")

    threads = [threading.Thread(target=save, args=(r,)) for r in ("ก", "ข")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "saved"]
    session.expire_all()
    assert session.get(Stakeholder, sh.id).version == 2


def test_division_staff_cannot_write_for_another_line(session, demo):
    own, other = _unit(session, "L04"), _unit(session, "L03")
    staff = Actor(username="cs", role=Role.DIVISION, enterprise_id=demo,
                  org_unit_ids=frozenset({own.id, _unit(session, "D041").id}))
    draft = create_record(session, staff, Stakeholder, _stakeholder_data(demo, own.id))
    assert draft.status == ReviewStatus.DRAFT
    with pytest.raises(PermissionDenied):
        create_record(session, staff, Stakeholder, _stakeholder_data(demo, other.id, code="SH-OTHER"))


def test_executive_and_assessor_cannot_write(session, demo):
    unit = _unit(session, "L05")
    for role in (Role.EXECUTIVE, Role.ASSESSOR):
        actor = Actor(username="x", role=role, enterprise_id=demo, assessed_enterprise_ids=frozenset({demo}))
        with pytest.raises(PermissionDenied):
            create_record(session, actor, Stakeholder, _stakeholder_data(demo, unit.id))


def test_planning_team_returns_a_draft_only_with_a_comment(session, demo):
    own = _unit(session, "L04")
    staff = Actor(username="cs", role=Role.DIVISION, enterprise_id=demo, org_unit_ids=frozenset({own.id}))
    draft = create_record(session, staff, Stakeholder, _stakeholder_data(demo, own.id))
    set_review_status(session, staff, Stakeholder, draft.id, ReviewStatus.SUBMITTED, expected_version=draft.version)
    with pytest.raises(ValidationFailed):
        set_review_status(session, planner(demo), Stakeholder, draft.id, ReviewStatus.RETURNED,
                          expected_version=draft.version)
    back = set_review_status(session, planner(demo), Stakeholder, draft.id, ReviewStatus.RETURNED,
                             expected_version=draft.version, comment="กรุณาเพิ่มผู้แทน")
    assert back.status == ReviewStatus.RETURNED
    with pytest.raises(PermissionDenied):
        set_review_status(session, staff, Stakeholder, draft.id, ReviewStatus.APPROVED, expected_version=back.version)


def test_audit_rows_never_hold_personal_data(session, demo):
    rows = session.exec(select(AuditLog).where(AuditLog.table_name == "complaintcase").order_by(AuditLog.id)).all()
    assert rows
    assert all("ผู้ร้องเรียน" not in str(r.after) for r in rows)


def test_division_staff_cannot_approve_their_own_record_by_passing_a_status(session, demo):
    own = _unit(session, "L04")
    staff = Actor(username="cs", role=Role.DIVISION, enterprise_id=demo, org_unit_ids=frozenset({own.id}))
    record = create_record(session, staff, Stakeholder, _stakeholder_data(demo, own.id, status="approved"))
    assert record.status == ReviewStatus.DRAFT


def test_division_staff_add_issues_to_their_own_stakeholders_only(session, demo):
    from evidence.models import StakeholderIssue

    own, other = _unit(session, "L04"), _unit(session, "L03")
    staff = Actor(username="cs", role=Role.DIVISION, enterprise_id=demo,
                  org_unit_ids=frozenset({own.id, _unit(session, "D041").id}))
    mine = session.exec(select(Stakeholder).where(Stakeholder.org_unit_id == own.id)).first()
    theirs = session.exec(select(Stakeholder).where(Stakeholder.org_unit_id == other.id)).first()
    issue = {"enterprise_id": demo, "issue": "แรงดันน้ำต่ำ", "importance_to_enterprise": 4, "importance_to_stakeholder": 5}
    stored = create_record(session, staff, StakeholderIssue, {**issue, "stakeholder_id": mine.id})
    assert stored.id is not None
    with pytest.raises(PermissionDenied):
        create_record(session, staff, StakeholderIssue, {**issue, "stakeholder_id": theirs.id})
    with pytest.raises(ValidationFailed):
        create_record(session, planner(demo), StakeholderIssue, {**issue, "stakeholder_id": 999999})
