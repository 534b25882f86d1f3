"""An administrator's password reset or deactivation ends the user's open sessions (issue 14 item 10)."""

from sqlmodel import select

from evidence.access import SYSTEM
from evidence.models import AuditLog
from evidence.models.users import Role
from evidence.services.users import find_user, reset_password, update_user
from tests.portal.conftest import open_app


def _home(at) -> bool:
    return bool(at.title) and at.title[0].value == "หน้าหลัก"


def test_a_password_reset_ends_the_users_open_session_at_its_next_page_run(demo, session):
    at = open_app("cs.staff")
    assert _home(at)
    reset_password(session, SYSTEM, find_user(session, "cs.staff").id, "a-new-reset-password")
    session.commit()
    at.run()
    assert at.title[0].value == "พอร์ทัล SE-AM SCM" and "auth_username" not in at.session_state
    assert "สิ้นสุด" in at.warning[0].value
    session.expire_all()
    assert session.exec(select(AuditLog.actor).where(AuditLog.action == "session:revoked")).all() == ["cs.staff"]


def test_a_deactivation_ends_the_users_open_session(demo, session):
    at = open_app("executive")
    assert _home(at)
    user = find_user(session, "executive")
    update_user(session, SYSTEM, user.id, display_name=user.display_name, email=user.email, role=Role.EXECUTIVE,
                enterprise_id=user.enterprise_id, org_unit_id=None, active=False)
    session.commit()
    at.run()
    assert "auth_username" not in at.session_state and at.title[0].value == "พอร์ทัล SE-AM SCM"


def test_a_session_of_another_user_is_untouched_by_the_reset(demo, session):
    at = open_app("planner")
    reset_password(session, SYSTEM, find_user(session, "cs.staff").id, "a-new-reset-password")
    session.commit()
    at.run()
    assert _home(at) and at.session_state["auth_username"] == "planner"
