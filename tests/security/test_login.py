"""Sign-in under attack: parallel guessing, user-name enumeration, weak passwords, single sign-on
edge cases, and passwords typed into the user-name field (issue 14 items 1, 11, 13, 14)."""

import statistics
import threading
import time

import pytest
from sqlmodel import Session, select

from evidence.db import get_engine
from evidence.errors import AuthenticationFailed, ValidationFailed
from evidence.models.base import utcnow
from evidence.models.users import AuditLog, Role
from evidence.services.passwords import password_problems
from evidence.services.users import authenticate, authenticate_email, create_user, find_user, update_user
from evidence.settings import get_settings
from tests.evidence.pdpa_world import PASSWORD

ATTEMPTS = 20


def _attack(username: str, password: str, attempts: int) -> list[str]:
    """`attempts` sign-ins at once, each in its own thread, session and transaction (as the portal does)."""
    outcomes: list[str] = []
    start = threading.Barrier(attempts)

    def one() -> None:
        start.wait()
        with Session(get_engine()) as session:
            try:
                authenticate(session, username, password)
                outcomes.append("in")
            except AuthenticationFailed as error:
                outcomes.append(error.message)
            session.commit()

    threads = [threading.Thread(target=one) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twenty_parallel_wrong_passwords_lock_the_account_and_at_most_the_limit_are_checked(engine, world):
    limit = get_settings().max_failed_logins
    outcomes = _attack("planner", "wrong-password", ATTEMPTS)
    assert len(outcomes) == ATTEMPTS and "in" not in outcomes
    with Session(engine) as fresh:
        user = find_user(fresh, "planner")
        assert user.locked_until is not None and user.locked_until > utcnow()
        actions = [r.action for r in fresh.exec(select(AuditLog).where(AuditLog.record_id == user.id,
                                                                        AuditLog.action.like("login%")))]
    assert actions.count("login:failed") == limit  # the password was checked `limit` times, no more
    assert actions.count("login:locked") == ATTEMPTS - limit
    with Session(engine) as fresh, pytest.raises(AuthenticationFailed, match="ระงับ"):
        authenticate(fresh, "planner", PASSWORD)  # even the right password now waits for the lock


def test_parallel_right_passwords_all_sign_in_and_leave_the_counter_at_zero(engine, world):
    outcomes = _attack("planner", PASSWORD, 8)
    assert outcomes == ["in"] * 8
    with Session(engine) as fresh:
        user = find_user(fresh, "planner")
        assert (user.failed_logins, user.locked_until) == (0, None)


def _timed(session: Session, username: str) -> float:
    began = time.perf_counter()
    with pytest.raises(AuthenticationFailed):
        authenticate(session, username, "wrong-password-1")
    return time.perf_counter() - began


def test_an_unknown_user_name_takes_as_long_as_a_known_one(session, world, monkeypatch):
    from argon2 import PasswordHasher

    import evidence.services.passwords as passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher())  # real cost, as in production
    admin = world.actor("admin")
    create_user(session, admin, username="realcost", display_name="ผู้ใช้", role=Role.ADMIN,
                password="a-real-cost-password")
    known = statistics.median(_timed(session, "realcost") for _ in range(3))
    unknown = statistics.median(_timed(session, f"ghost{i}") for i in range(3))
    assert known > 0.02  # a real argon2 check
    assert unknown > known / 3, (known, unknown)


@pytest.mark.parametrize("weak", ["aaaaaaaaaa", "1234567890", " " * 10, "qwertyuiop", "password123",
                                  "abababababab", "0987654321", "planner-2569"])
def test_trivial_and_common_passwords_are_refused(weak):
    problems = password_problems(weak, "planner")
    assert problems and problems[0].field == "password" and "รหัสผ่าน" in problems[0].message


def test_a_sound_password_is_accepted():
    assert password_problems("demo-scm-2569", "planner") == []
    assert password_problems("correct-horse-battery", "planner") == []


def test_a_password_typed_into_the_user_name_field_is_not_kept_in_the_audit_trail(session, world):
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "Secret-Pass-2569!", "")
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "mysecretpassword99", "x")
    rows = session.exec(select(AuditLog).where(AuditLog.action == "login:failed")).all()
    kept = " ".join(f"{r.actor} {r.summary} {r.before} {r.after}" for r in rows).lower()
    assert len(rows) == 1 and "secret" not in kept  # unknown names: one row a minute (item 18)


def _oidc_user(session, world, username: str, email: str, **extra):
    return create_user(session, world.actor("admin"), username=username, display_name="ผู้ใช้ SSO",
                       role=Role.PLANNING, email=email, enterprise_id=world.enterprise_id, **extra)


def test_single_sign_on_needs_a_verified_email(session, world):
    _oidc_user(session, world, "sso.user", "sso@agency.go.th")
    with pytest.raises(AuthenticationFailed):
        authenticate_email(session, "sso@agency.go.th", verified=False)
    assert authenticate_email(session, "sso@agency.go.th", verified=True).username == "sso.user"


def test_single_sign_on_is_refused_for_a_locked_account_and_for_one_with_a_local_password(session, world):
    user = _oidc_user(session, world, "sso.locked", "locked@agency.go.th")
    user.locked_until = utcnow().replace(year=utcnow().year + 1)
    session.add(user)
    session.flush()
    with pytest.raises(AuthenticationFailed, match="ระงับ"):
        authenticate_email(session, "locked@agency.go.th", verified=True)
    _oidc_user(session, world, "sso.local", "local@agency.go.th", password="a-local-password-1")
    with pytest.raises(AuthenticationFailed, match="รหัสผ่าน"):
        authenticate_email(session, "local@agency.go.th", verified=True)


def test_two_users_cannot_share_an_email(session, world):
    _oidc_user(session, world, "first.user", "same@agency.go.th")
    with pytest.raises(ValidationFailed, match="อีเมล"):
        _oidc_user(session, world, "second.user", "SAME@agency.go.th")
    other = _oidc_user(session, world, "third.user", "third@agency.go.th")
    with pytest.raises(ValidationFailed, match="อีเมล"):
        update_user(session, world.actor("admin"), other.id, display_name="x", email="Same@Agency.go.th",
                    role=Role.PLANNING, enterprise_id=world.enterprise_id, org_unit_id=None, active=True)
