"""The sign-in, the administration and PDPA pages, and the attacks they must refuse or neutralise."""

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from evidence.access import SYSTEM, actor_for
from evidence.models import AuditLog, BreachRecord, ComplaintCase, DataSubjectRequest, Stakeholder
from evidence.models.base import utcnow
from evidence.models.users import Role
from evidence.pdpa.catalog import personal_data_tables
from evidence.services.records import create_record
from evidence.services.users import create_user, find_user
from portal.registry import PAGES
from tests.evidence.pdpa_world import fast_hashing  # noqa: F401
from tests.portal.conftest import APP, open_app, signed_in

pytestmark = pytest.mark.usefixtures("fast_hashing")
PORTAL = Path(APP).parent
OIDC_SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                         "client_id": "portal", "client_secret": "s", "server_metadata_url": "https://idp/.well-known"}}


def page_text(at: AppTest) -> str:
    """Everything the run drew, as text (dataframes cell by cell)."""
    parts = []
    for node in at._tree:
        try:
            value = node.value  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - elements without a value
            value = None
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())
        elif value is not None:
            parts.append(str(value))
        proto = getattr(node, "proto", None)
        if proto is not None and not isinstance(value, pd.DataFrame):
            parts.append(str(proto))
    return "\n".join(parts)


def _denied(session, username: str) -> list[str]:
    session.expire_all()
    rows = session.exec(select(AuditLog).where(AuditLog.action == "denied", AuditLog.actor == username).order_by(AuditLog.id)).all()
    return [r.after["attempt"] for r in rows]


# ------------------------------------------------------------------------------------------ sign-in

def _login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_wrong_passwords_through_the_form_lock_the_account_and_every_attempt_is_kept(portal, session, monkeypatch):
    monkeypatch.setenv("SCM_MAX_FAILED_LOGINS", "3")
    at = open_app(None)
    for _ in range(2):
        assert _login(at, "planner", "wrong-password").error[0].value == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert "ระงับ" in _login(at, "planner", "wrong-password").error[0].value
    assert "ระงับ" in _login(at, "planner", "demo-scm-2569").error[0].value
    assert not at.title or at.title[0].value == "พอร์ทัล SE-AM SCM"
    session.expire_all()
    actions = session.exec(select(AuditLog.action).where(AuditLog.actor == "planner",
                                                         AuditLog.action.startswith("login")).order_by(AuditLog.id)).all()
    assert actions == ["login:failed", "login:failed", "login:failed", "login:locked"]
    assert find_user(session, "planner").locked_until > utcnow()


def test_an_expired_session_returns_to_the_sign_in_with_a_notice_and_is_logged(portal, session, monkeypatch):
    monkeypatch.setenv("SCM_SESSION_MINUTES", "30")
    at = AppTest.from_file(APP, default_timeout=60)
    signed_in(at, "planner", utcnow() - timedelta(minutes=31))
    at.run()
    assert at.warning[0].value == "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง"
    assert [t.label for t in at.text_input] == ["ชื่อผู้ใช้", "รหัสผ่าน"]
    assert "auth_username" not in at.session_state
    session.expire_all()
    assert session.exec(select(AuditLog.actor).where(AuditLog.action == "session:expired").order_by(AuditLog.id)).all() == ["planner"]


def test_a_session_inside_its_time_stays_signed_in(portal, monkeypatch):
    monkeypatch.setenv("SCM_SESSION_MINUTES", "30")
    at = AppTest.from_file(APP, default_timeout=60)
    signed_in(at, "planner", utcnow() - timedelta(minutes=29))
    assert at.run().title[0].value == "หน้าหลัก"


def _on_app_script(at: AppTest) -> AppTest:
    """Make the next run start from portal/app.py again. Because the portal keeps its pages in a folder
    named `views/`, AppTest (like a server's very first request) reruns the last page file directly,
    which would skip the shell's sidebar; the shell's widgets are tested from the app script."""
    at._finished_page_script_hash = ""
    return at


def test_signing_out_returns_to_the_sign_in_and_is_logged(portal, session):
    at = open_app("planner")
    _on_app_script(at).button(key="sign_out").click().run()
    assert [t.label for t in at.text_input] == ["ชื่อผู้ใช้", "รหัสผ่าน"]
    session.expire_all()
    assert session.exec(select(AuditLog.actor).where(AuditLog.action == "logout").order_by(AuditLog.id)).all() == ["planner"]


def _change_password(at: AppTest, current: str, new: str) -> AppTest:
    fields = list(at.sidebar.text_input)
    assert [f.label for f in fields] == ["รหัสผ่านปัจจุบัน", "รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)",
                                         "ยืนยันรหัสผ่านใหม่"]
    for field, value in zip(fields, (current, new, new), strict=True):
        field.input(value)
    return _on_app_script(at).button(key="FormSubmitter:own_password-เปลี่ยนรหัสผ่าน").click().run()


def test_a_user_changes_their_own_password_in_the_sidebar(portal, session):
    at = _change_password(open_app("cs.staff"), "wrong-password", "a-brand-new-password")
    assert [e.value for e in at.error] == ["ข้อมูลไม่ถูกต้อง: รหัสผ่านปัจจุบัน: รหัสผ่านปัจจุบันไม่ถูกต้อง"]
    at = _change_password(at, "demo-scm-2569", "a-brand-new-password")
    assert [m.value for m in at.success] == ["เปลี่ยนรหัสผ่านแล้ว"]
    session.expire_all()
    actions = session.exec(select(AuditLog.action).where(AuditLog.actor == "cs.staff",
                                                         AuditLog.action.startswith("user:password"))
                          .order_by(AuditLog.id)).all()
    assert actions == ["user:password:failed", "user:password"]


def test_with_oidc_configured_the_sign_in_offers_the_organisations_account(portal):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = OIDC_SECRETS
    at.user = {"is_logged_in": False}
    at.run()
    assert at.button[0].label == "เข้าสู่ระบบด้วยบัญชีองค์กร (SSO)"
    assert at.expander[0].label == "เข้าสู่ระบบด้วยบัญชีภายในของพอร์ทัล"


def test_an_oidc_email_signs_in_as_the_portal_user_with_its_role(portal, session):
    create_user(session, SYSTEM, username="somsri", display_name="สมศรี", role=Role.PLANNING,
                email="somsri@water.go.th", enterprise_id=_demo_id(session))
    session.commit()
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email_verified": True, "email": "Somsri@Water.go.th", "name": "Somsri"}
    at.run()
    assert not at.exception
    assert at.title[0].value == "หน้าหลัก"
    assert at.session_state["auth_username"] == "somsri" and at.session_state["auth_via"] == "oidc"


def test_an_expired_oidc_session_also_signs_out_of_the_provider(portal, session, monkeypatch):
    monkeypatch.setenv("SCM_SESSION_MINUTES", "30")
    create_user(session, SYSTEM, username="somsri", display_name="สมศรี", role=Role.PLANNING,
                email="somsri@water.go.th", enterprise_id=_demo_id(session))
    session.commit()
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email_verified": True, "email": "somsri@water.go.th"}
    signed_in(at, "somsri", utcnow() - timedelta(minutes=45))
    at.session_state["auth_via"] = "oidc"
    at.run()
    assert at.user == {"is_logged_in": False}
    assert at.warning[0].value == "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง"
    assert at.button[0].label == "เข้าสู่ระบบด้วยบัญชีองค์กร (SSO)"


def test_an_unknown_oidc_email_is_refused_in_thai_and_logged_once(portal, session):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email_verified": True, "email": "intruder@elsewhere.org"}
    at.run()
    at.run()
    assert at.error[0].value.startswith("อีเมลที่ยืนยันตัวตนแล้วยังไม่ได้ลงทะเบียน")
    assert "auth_username" not in at.session_state
    session.expire_all()
    rows = session.exec(select(AuditLog).where(AuditLog.action == "login:refused").order_by(AuditLog.id)).all()
    assert len(rows) == 1 and "intruder" not in str(rows[0].summary)


def _demo_id(session) -> int:
    return find_user(session, "planner").enterprise_id


# ------------------------------------------------------------------------------------------ attacks

def test_a_forged_query_parameter_changes_nothing_is_dropped_and_logged(portal, session):
    at = AppTest.from_file(APP, default_timeout=60)
    signed_in(at, "cs.staff", utcnow())
    at.query_params["role"] = "admin"
    at.query_params["enterprise_id"] = "999"
    at.run()
    assert at.title[0].value == "หน้าหลัก" and at.query_params == {}
    assert _denied(session, "cs.staff") == ["query:enterprise_id,role"]
    at.switch_page("views/users.py").run()
    assert at.error[0].value.startswith("ท่านไม่มีสิทธิ์เปิดหน้านี้") and not at.title


def test_an_anonymous_forged_parameter_is_logged_too(portal, session):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["auth_username"] = "admin"
    at.run()
    assert at.title[0].value == "พอร์ทัล SE-AM SCM" and "auth_username" not in at.session_state
    assert _denied(session, "anonymous") == ["query:auth_username"]


def test_a_signed_out_visitor_switching_to_a_page_sees_only_the_sign_in_form(portal):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/audit_log.py").run()
    assert [t.value for t in at.title] == ["พอร์ทัล SE-AM SCM"]
    assert not at.dataframe and not at.exception


def test_script_in_a_display_name_is_shown_as_text(portal, session):
    create_user(session, SYSTEM, username="evil", display_name="<script>alert('x')</script> [คลิก](javascript:x)",
                role=Role.EXECUTIVE, enterprise_id=_demo_id(session))
    session.commit()
    at = open_app("evil")
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "&lt;script&gt;" in sidebar and "<script>" not in sidebar and "](javascript" not in sidebar


def test_script_in_a_record_is_shown_as_text_in_tables(portal, session):
    planner = actor_for(session, find_user(session, "planner"))
    unit = session.exec(select(Stakeholder.org_unit_id)).first()
    create_record(session, planner, Stakeholder, {
        "enterprise_id": _demo_id(session), "year": 2569, "org_unit_id": unit, "code": "XSS",
        "group_name": "<script>alert(1)</script>", "role": "<img src=x onerror=alert(1)>"})
    session.commit()
    at = open_app("planner", "views/stakeholders.py")
    assert not at.exception
    cells = "\n".join(df.value.to_csv() for df in at.dataframe)
    assert "<script>alert(1)</script>" in cells  # the literal text, in a grid cell (never parsed as HTML)


def test_no_page_renders_html_from_data():
    offenders = [str(p.relative_to(PORTAL)) for p in PORTAL.rglob("*.py")
                 if "unsafe_allow_html=True" in p.read_text(encoding="utf-8")]
    assert offenders == []


# ------------------------------------------------------------------------------- administration pages

def test_the_administrator_adds_a_user_on_the_users_page(portal, session):
    at = open_app("admin", "views/users.py")
    assert at.title[0].value == "ผู้ใช้และสิทธิ์"
    assert set(at.dataframe[0].value["ชื่อผู้ใช้"]) >= {"admin", "planner", "cs.staff"}
    at.text_input(key="new_username").input("new.exec")
    at.text_input(key="new_display_name").input("ผู้บริหารใหม่")
    at.selectbox(key="new_role").select(Role.EXECUTIVE)
    at.selectbox(key="new_enterprise").select(_demo_id(session))
    at.text_input(key="new_password").input("a-good-long-password")
    at.button(key="add_user").click().run()
    assert at.success[0].value == "เพิ่มผู้ใช้ new.exec แล้ว"
    session.expire_all()
    user = find_user(session, "new.exec")
    assert (user.role, user.enterprise_id) == (Role.EXECUTIVE, _demo_id(session))


def test_a_refused_user_form_shows_the_services_thai_reasons(portal):
    at = open_app("admin", "views/users.py")
    at.text_input(key="new_username").input("x")
    at.selectbox(key="new_role").select(Role.DIVISION)
    at.button(key="add_user").click().run()
    assert "ชื่อผู้ใช้" in at.error[0].value and "หน่วยงาน" in at.error[0].value


def test_the_audit_log_page_filters_and_exports(portal, session):
    at = open_app("planner", "views/audit_log.py")
    assert at.title[0].value == "บันทึกการตรวจสอบ"
    at.selectbox(key="audit_action").select("user:create").run()
    shown = at.dataframe[0].value
    assert set(shown["การกระทำ"]) == {"เพิ่มผู้ใช้"} and len(shown) == 4  # planning: own enterprise's accounts
    at.button(key="audit_export_xlsx").click().run()
    assert at.get("download_button")
    session.expire_all()
    assert session.exec(select(AuditLog.actor).where(AuditLog.action == "export:audit").order_by(AuditLog.id)).all() == ["planner"]


def test_the_inventory_page_lists_every_declared_column(portal):
    at = open_app("planner", "views/pdpa_inventory.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == sum(len(t.pii) for t in personal_data_tables())
    assert set(table["ชื่อตาราง"]) == {t.name for t in personal_data_tables()}


def test_a_data_subject_request_is_handled_on_its_page_from_search_to_erasure(portal, session):
    at = open_app("planner", "views/data_requests.py")
    at.selectbox(key="dsr_kind").select("erasure")
    at.button(key="dsr_open").click().run()
    assert at.success[0].value.startswith("เปิดคำขอเลขที่ DSR-")
    at.text_input(key="dsr_name").input("ผู้ร้องเรียน 7")
    at.button(key="dsr_search").click().run()
    hits = at.dataframe[1].value
    assert set(hits["ค่าที่พบ"]) == {"ผู้ร้องเรียน 7"}
    at.checkbox(key="dsr_confirm").check().run()
    at.button(key="dsr_erase").click().run()
    assert at.success[0].value == "ลบข้อมูลแล้ว 1 รายการ"
    session.expire_all()
    case = session.exec(select(ComplaintCase).where(ComplaintCase.case_no == "CMP-69-0007")).one()
    assert (case.complainant_name, case.complainant_phone) == (None, None)
    request = session.exec(select(DataSubjectRequest)).one()
    assert request.records_affected == 1


def test_a_breach_recorded_on_its_page_starts_the_72_hour_countdown(portal, session):
    at = open_app("planner", "views/breaches.py")
    at.date_input(key="breach_found_date").set_value(utcnow().date())
    at.text_area(key="breach_description").input("แฟ้มรายชื่อผู้ร้องเรียนสูญหาย")
    at.text_area(key="breach_affected").input("ผู้ร้องเรียนปี 2569")
    at.button(key="breach_save").click().run()
    assert at.success[0].value.startswith("บันทึกเหตุละเมิดแล้ว")
    at.run()
    assert any("เหลือเวลาแจ้ง สคส. อีก" in w.value or "เกินกำหนดแจ้ง" in w.value for w in [*at.warning, *at.error])
    session.expire_all()
    assert session.exec(select(BreachRecord)).one().recorded_by == "planner"


# ---------------------------------------------------------------------------------------------- masking

def _demo_contacts(session) -> set[str]:
    """Raw phones and e-mails of the people in the demo's records."""
    values: set[str] = set()
    for model, fields in ((ComplaintCase, ("complainant_phone", "complainant_email")),
                          (Stakeholder, ("representative_phone", "representative_email", "coordinator_phone",
                                         "coordinator_email"))):
        for row in session.exec(select(model)).all():
            values |= {getattr(row, f) for f in fields if getattr(row, f)}
    return values


@pytest.mark.parametrize("username", ["executive", "assessor"])
def test_executives_and_assessors_see_no_phone_or_email_on_any_page_they_may_open(portal, session, username):
    contacts = _demo_contacts(session)
    role = find_user(session, username).role
    leaks = {}
    for spec in [p for p in PAGES if role in p.roles]:
        text = page_text(open_app(username, spec.path))
        found = sorted(v for v in contacts if v in text)
        if found:
            leaks[spec.path] = found[:3]
    assert leaks == {}


def test_division_staff_see_contacts_of_their_own_unit_only(portal, session):
    at = open_app("ops.staff", "views/complaints.py")
    assert not at.exception
    text = page_text(at)
    own_unit = find_user(session, "ops.staff").org_unit_id
    cases = session.exec(select(ComplaintCase)).all()
    others = {c.complainant_phone for c in cases if c.org_unit_id != own_unit and c.complainant_phone}
    own = {c.complainant_phone for c in cases if c.org_unit_id == own_unit and c.complainant_phone}
    assert not {p for p in others if p in text}
    assert {p for p in own if p in text}  # their own complainants are shown in full


def _contacts_table(username: str) -> None:
    """A page listing complaint contacts through the portal's records table, for `username`."""
    import streamlit as st

    from evidence.db import session_scope
    from evidence.models import ComplaintCase
    from evidence.services.org import list_enterprises, list_years
    from portal.components.records_list import records_list
    from portal.components.scope_picker import DivisionScope
    from portal.session import WorkContext, current_actor, sign_in

    sign_in(username)
    actor = current_actor()
    with session_scope() as session:
        enterprise = list_enterprises(session, actor)[0]
        year = list_years(session, actor, enterprise.id)[-1]
    ctx = WorkContext(actor=actor, enterprise=enterprise, year=year)
    st.title("รายชื่อผู้ร้องเรียน")
    records_list(ctx, DivisionScope(None, "ทั้งองค์กร", {}, {}), ComplaintCase,
                 ["case_no", "complainant_name", "complainant_phone", "complainant_email"], key="contacts")


@pytest.mark.parametrize("username", ["executive", "assessor"])
def test_a_table_of_contacts_shows_executives_and_assessors_only_masked_values(portal, session, username):
    at = AppTest.from_function(_contacts_table, args=(username,), default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[0].value
    phones = [p for p in table["โทรศัพท์ผู้ร้องเรียน"].dropna() if p]
    emails = [e for e in table["อีเมลผู้ร้องเรียน"].dropna() if e]
    assert phones and all(p.startswith("xxx-xxx-") for p in phones)
    assert emails and all("***@" in e for e in emails)
    assert not {v for v in _demo_contacts(session) if v in page_text(at)}


def test_the_same_table_shows_the_planning_team_the_contacts(portal, session):
    at = AppTest.from_function(_contacts_table, args=("planner",), default_timeout=60).run()
    phones = set(at.dataframe[0].value["โทรศัพท์ผู้ร้องเรียน"])
    assert phones & _demo_contacts(session)
