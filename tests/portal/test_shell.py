import pytest

from evidence.models.users import Role
from portal.registry import PAGES
from tests.portal.conftest import open_app

DEMO_USERS = {Role.ADMIN: "admin", Role.PLANNING: "planner", Role.DIVISION: "cs.staff",
              Role.EXECUTIVE: "executive", Role.ASSESSOR: "assessor"}


def test_anonymous_visitor_sees_only_the_login_form(demo):
    at = open_app(None)
    assert not at.exception
    assert at.title[0].value == "พอร์ทัล SE-AM SCM"
    assert [t.label for t in at.text_input] == ["ชื่อผู้ใช้", "รหัสผ่าน"]


def test_login_with_the_demo_password_opens_the_home_page(demo):
    at = open_app(None)
    at.text_input[0].input("planner")
    at.text_input[1].input("demo-scm-2569")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "หน้าหลัก"


def test_wrong_password_is_refused_in_thai(demo):
    at = open_app(None)
    at.text_input[0].input("planner")
    at.text_input[1].input("wrong-password")
    at.button[0].click().run()
    assert "ไม่ถูกต้อง" in at.error[0].value


@pytest.mark.parametrize("spec", PAGES, ids=[p.path for p in PAGES])
def test_every_page_opens_for_every_role_that_may_see_it(portal, spec):
    for role in spec.roles:
        at = portal(DEMO_USERS[role], spec.path)
        assert not at.exception, (role, at.exception)
        assert at.title[0].value == spec.title
