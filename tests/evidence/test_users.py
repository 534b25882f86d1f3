from datetime import timedelta

import pytest
from sqlmodel import select

from evidence.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from evidence.models import AssessorAssignment, AuditLog, User
from evidence.models.base import utcnow
from evidence.models.users import Role
from evidence.services.users import (
    authenticate,
    authenticate_email,
    change_own_password,
    create_user,
    find_user,
    list_users,
    reset_password,
    unlock_user,
    update_user,
)
from portal.cli import main
from tests.evidence.pdpa_world import PASSWORD, build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def world(session):
    return build_world(session)


def _audit(session, action: str) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all())


def test_a_password_is_stored_only_as_an_argon2_hash(session, world):
    user = find_user(session, "planner")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_the_right_password_signs_in_and_is_audited(session, world):
    user = authenticate(session, "Planner ", PASSWORD)
    assert user.username == "planner"
    assert [r.actor for r in _audit(session, "login")] == ["planner"]


def test_wrong_passwords_lock_the_account_after_the_configured_number_of_failures(session, world, monkeypatch):
    monkeypatch.setenv("SCM_MAX_FAILED_LOGINS", "3")
    from evidence.settings import get_settings

    get_settings.cache_clear()
    for _ in range(2):
        with pytest.raises(AuthenticationFailed, match="ไม่ถูกต้อง"):
            authenticate(session, "planner", "wrong-password")
    with pytest.raises(AuthenticationFailed, match="ระงับ"):
        authenticate(session, "planner", "wrong-password")
    with pytest.raises(AuthenticationFailed, match="ระงับ"):
        authenticate(session, "planner", PASSWORD)  # even the right password waits for the lock to pass
    assert find_user(session, "planner").locked_until > utcnow()
    assert len(_audit(session, "login:failed")) == 3 and len(_audit(session, "login:locked")) == 1
    get_settings.cache_clear()


def test_a_lock_ends_after_its_minutes_or_when_an_administrator_lifts_it(session, world):
    user = find_user(session, "staff1")
    user.locked_until = utcnow() + timedelta(minutes=10)
    session.add(user)
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "staff1", PASSWORD)
    unlock_user(session, world.actor("admin"), user.id)
    assert authenticate(session, "staff1", PASSWORD).username == "staff1"
    user.locked_until = utcnow() - timedelta(minutes=1)
    assert authenticate(session, "staff1", PASSWORD).username == "staff1"


def test_unknown_and_deactivated_users_get_the_same_refusal(session, world):
    admin = world.actor("admin")
    boss = find_user(session, "boss")
    update_user(session, admin, boss.id, display_name=boss.display_name, email=None, role=Role.EXECUTIVE,
                enterprise_id=world.enterprise_id, org_unit_id=None, active=False)
    for username in ("nobody", "boss"):
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(session, username, PASSWORD)
        assert err.value.message == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


def test_an_oidc_email_maps_to_the_portal_user_case_insensitively(session, world):
    admin = world.actor("admin")
    create_user(session, admin, username="somchai", display_name="สมชาย", role=Role.PLANNING,
                email="somchai@agency.go.th", enterprise_id=world.enterprise_id)
    assert authenticate_email(session, "SomChai@Agency.go.th ", verified=True).username == "somchai"
    assert _audit(session, "login")[-1].summary == "OIDC"


def test_an_unknown_oidc_email_is_refused_in_thai_and_logged_without_the_address(session, world):
    with pytest.raises(AuthenticationFailed) as err:
        authenticate_email(session, "stranger@elsewhere.org", verified=True)
    assert "ยังไม่ได้ลงทะเบียน" in err.value.message
    row = _audit(session, "login:refused")[0]
    assert "stranger" not in f"{row.summary} {row.before} {row.after} {row.actor}"


def test_only_an_administrator_manages_users_and_a_refusal_is_logged(session, world):
    with pytest.raises(PermissionDenied):
        create_user(session, world.actor("planner"), username="x1", display_name="x", role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        list_users(session, world.actor("boss"))
    assert [(r.actor, r.after["attempt"]) for r in _audit(session, "denied")] == [
        ("planner", "user:create"), ("boss", "user:list")]


def test_role_and_scope_must_fit_together(session, world):
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed) as err:
        create_user(session, admin, username="Bad Name", display_name=" ", role=Role.DIVISION, password="short",
                    email="not-mail", enterprise_id=world.other_enterprise_id, org_unit_id=world.units["L1"],
                    assessed_enterprise_ids=[world.enterprise_id])
    assert {p.field for p in err.value.problems} == {
        "username", "password", "org_unit_id", "assessed_enterprise_ids", "email", "display_name"}


def test_a_new_assessor_is_assigned_the_enterprises_they_assess(session, world):
    user = create_user(session, world.actor("admin"), username="judge2", display_name="ผู้ประเมิน 2",
                       role=Role.ASSESSOR, assessed_enterprise_ids=[world.enterprise_id, world.other_enterprise_id])
    rows = session.exec(select(AssessorAssignment.enterprise_id).where(AssessorAssignment.user_id == user.id)).all()
    assert sorted(rows) == sorted([world.enterprise_id, world.other_enterprise_id])
    update_user(session, world.actor("admin"), user.id, display_name="ผู้ประเมิน 2", email=None, role=Role.ASSESSOR,
                enterprise_id=None, org_unit_id=None, active=True, assessed_enterprise_ids=[world.other_enterprise_id])
    rows = session.exec(select(AssessorAssignment.enterprise_id).where(AssessorAssignment.user_id == user.id)).all()
    assert rows == [world.other_enterprise_id]


def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(session, world):
    admin_user = find_user(session, "admin")
    with pytest.raises(ValidationFailed, match="ผู้ดูแลระบบ"):
        update_user(session, world.actor("admin"), admin_user.id, display_name="a", email=None, role=Role.PLANNING,
                    enterprise_id=world.enterprise_id, org_unit_id=None, active=True)


def test_user_administration_is_audited_without_names_emails_or_hashes(session, world):
    admin = world.actor("admin")
    user = create_user(session, admin, username="newbie", display_name="นายใหม่ ใจดี", role=Role.EXECUTIVE,
                       email="newbie@example.com", password="a-long-password", enterprise_id=world.enterprise_id)
    update_user(session, admin, user.id, display_name="นายใหม่ ใจงาม", email="newbie2@example.com",
                role=Role.PLANNING, enterprise_id=world.enterprise_id, org_unit_id=None, active=True)
    reset_password(session, admin, user.id, "another-long-password")
    rows = [r for r in session.exec(select(AuditLog).where(AuditLog.table_name == "user", AuditLog.record_id == user.id).order_by(AuditLog.id))]
    assert [r.action for r in rows] == ["user:create", "user:update", "user:password"]
    assert rows[1].before["role"] == "executive" and rows[1].after["role"] == "planning"
    text = " ".join(f"{r.summary} {r.before} {r.after}" for r in rows)
    assert "ใจดี" not in text and "newbie@" not in text and "argon2" not in text


def test_users_change_their_own_password_only_with_the_current_one(session, world):
    staff = world.actor("staff1")
    with pytest.raises(ValidationFailed, match="รหัสผ่านปัจจุบันไม่ถูกต้อง"):
        change_own_password(session, staff, "wrong", "a-brand-new-password")
    change_own_password(session, staff, PASSWORD, "a-brand-new-password")
    assert authenticate(session, "staff1", "a-brand-new-password").username == "staff1"


def test_the_first_administrator_is_created_from_the_command_line_with_a_prompted_password(engine, monkeypatch,
                                                                                       capsys):
    answers = iter(["first-admin-password", "first-admin-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "--role", "admin", "--username", "root", "--name", "ผู้ดูแลระบบคนแรก"]) == 0
    assert "เพิ่มผู้ใช้ root" in capsys.readouterr().out
    from sqlmodel import Session

    with Session(engine) as session:
        assert authenticate(session, "root", "first-admin-password").role == Role.ADMIN
        assert session.exec(select(AuditLog.actor).where(AuditLog.action == "user:create").order_by(AuditLog.id)).all() == ["cli"]


def test_the_user_command_never_takes_a_password_argument_and_refuses_a_mismatch(engine, monkeypatch, capsys):
    with pytest.raises(SystemExit):
        main(["user", "add", "--role", "admin", "--username", "root", "--name", "n", "--password", "secret123456"])
    answers = iter(["one-long-password", "two-long-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "--role", "admin", "--username", "root", "--name", "n"]) == 2
    assert "ไม่ตรงกัน" in capsys.readouterr().err


def test_the_user_command_places_division_staff_in_their_unit(session, world, monkeypatch, capsys):
    answers = iter(["staff-password-1", "staff-password-1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "--role", "division", "--username", "d2", "--name", "เจ้าหน้าที่",
                 "--enterprise", "W", "--unit", "D2"]) == 0
    session.expire_all()
    user = find_user(session, "d2")
    assert (user.enterprise_id, user.org_unit_id) == (world.enterprise_id, world.units["D2"])
    assert main(["user", "unlock", "--username", "d2"]) == 0
    assert main(["user", "list"]) == 0
    assert "d2" in capsys.readouterr().out
    assert session.exec(select(User).where(User.username == "d2")).one().active
