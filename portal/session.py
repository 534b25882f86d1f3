"""Who is signed in (local password or OIDC), when the session expires, refusals worth logging, and
the enterprise and year the user works on (sidebar pickers)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import streamlit as st
from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.audit import record_audit
from evidence.audit_guard import record_denial
from evidence.audit_rate import admit
from evidence.db import get_engine, session_scope
from evidence.models.base import utcnow
from evidence.models.org import AssessmentYear, Enterprise
from evidence.models.users import Role
from evidence.services.org import list_enterprises, list_years
from evidence.services.users import credential_mark, find_user
from evidence.settings import get_settings
from portal.registry import PAGES, PageSpec

AUTH_KEY = "auth_username"
AUTH_AT_KEY = "auth_at"
AUTH_VIA_KEY = "auth_via"
AUTH_MARK_KEY = "auth_credential"  # the account's credential mark at sign-in (evidence.services.users)
NOTICE_KEY = "auth_notice"
OIDC_LOGOUT_KEY = "auth_oidc_logout"  # set when an OIDC session ends: the provider's cookie goes too
EXPIRED_NOTICE = "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง"
REVOKED_NOTICE = "รหัสผ่านของบัญชีถูกเปลี่ยนหรือบัญชีถูกระงับ การใช้งานนี้จึงสิ้นสุดลง กรุณาเข้าสู่ระบบอีกครั้ง"
# Query parameters the portal itself reads; any other is dropped and the attempt logged.
ALLOWED_QUERY_PARAMS: frozenset[str] = frozenset({"print"})  # the print view (portal/components/print_view)
ANONYMOUS = Actor(username="anonymous", role=Role.EXECUTIVE)
PORTAL_DIR = Path(__file__).resolve().parent
REFUSED_PAGE = "ท่านไม่มีสิทธิ์เปิดหน้านี้ ระบบได้บันทึกความพยายามนี้ไว้แล้ว"


def sign_in(username: str, via: str = "password", credential: str | None = None) -> None:
    """Start a session; `credential` is the account's `credential_mark` (read now when not given)."""
    if credential is None:
        with Session(get_engine()) as session:
            user = find_user(session, username)
            credential = credential_mark(user) if user else ""
    st.session_state[AUTH_KEY] = username
    st.session_state[AUTH_AT_KEY] = utcnow()
    st.session_state[AUTH_VIA_KEY] = via
    st.session_state[AUTH_MARK_KEY] = credential


def renew_credential(credential: str) -> None:
    """The user changed their own password: this session stays, with the new mark."""
    st.session_state[AUTH_MARK_KEY] = credential


def sign_out() -> None:
    if st.session_state.get(AUTH_VIA_KEY) == "oidc":
        st.session_state[OIDC_LOGOUT_KEY] = True
    for key in (AUTH_KEY, AUTH_AT_KEY, AUTH_VIA_KEY, AUTH_MARK_KEY):
        st.session_state.pop(key, None)


def signed_in_via() -> str:
    return str(st.session_state.get(AUTH_VIA_KEY, "password"))


def session_expired() -> bool:
    """A session lasts SCM_SESSION_MINUTES from sign-in, however busy the user is."""
    started: datetime | None = st.session_state.get(AUTH_AT_KEY)
    if not isinstance(started, datetime):
        return True
    return utcnow() - started > timedelta(minutes=get_settings().session_minutes)


def audit_event(username: str, action: str, summary: str, *, enterprise_id: int | None = None) -> None:
    """An audit row for something that happens in the portal shell (logout, expiry)."""
    with session_scope() as session:
        record_audit(session, Actor(username=username, role=Role.EXECUTIVE), action, enterprise_id=enterprise_id,
                     summary=summary)


def record_refusal(actor: Actor, message: str, attempt: str) -> None:
    """A refused attempt made through the portal itself (a page the role may not open, forged URL).
    Anonymous attempts are aggregated: one row per kind and minute (`evidence.audit_rate`)."""
    if actor is ANONYMOUS or actor.username == ANONYMOUS.username:
        earlier = admit(f"refusal:{attempt[:200]}")
        if earlier is None:
            return
        if earlier:
            message = f"{message} (ครั้งก่อนหน้านี้อีก {earlier:,} ครั้งในช่วงหนึ่งนาที)"
    with session_scope() as session:
        record_denial(session, actor.username, message, enterprise_id=actor.enterprise_id,
                      attempt={"attempt": attempt[:200], "role": str(actor.role)})


def current_actor() -> Actor | None:
    """The signed-in user's actor, or None when nobody is signed in or the session expired."""
    username = st.session_state.get(AUTH_KEY)
    if not username:
        return None
    if session_expired():
        sign_out()
        st.session_state[NOTICE_KEY] = EXPIRED_NOTICE
        audit_event(str(username), "session:expired", f"หมดเวลาการใช้งาน ({get_settings().session_minutes} นาที)")
        return None
    with Session(get_engine()) as session:
        user = find_user(session, username)
        if user is None or not user.active or credential_mark(user) != st.session_state.get(AUTH_MARK_KEY):
            # Checked on every page run: a password reset or a deactivation ends every open session.
            sign_out()
            st.session_state[NOTICE_KEY] = REVOKED_NOTICE
            audit_event(str(username), "session:revoked", "การใช้งานสิ้นสุดเพราะรหัสผ่านถูกเปลี่ยนหรือบัญชีถูกระงับ")
            return None
        return actor_for(session, user)


_RUN_ACTOR: ContextVar[Actor | None] = ContextVar("scm_run_actor", default=None)


@contextmanager
def checked_actor(actor: Actor) -> Iterator[None]:
    """While the shell runs the page it checked `actor` for (this script run, this thread), the page's
    `page_actor` uses that actor instead of reading the account a second time in the same run."""
    token = _RUN_ACTOR.set(actor)
    try:
        yield
    finally:
        _RUN_ACTOR.reset(token)


def neutralise_query_params(actor: Actor | None) -> list[str]:
    """Drop URL parameters the portal does not read (a forged `?role=admin` changes nothing) and log
    the attempt; returns the names dropped."""
    forged = sorted(k for k in st.query_params if k not in ALLOWED_QUERY_PARAMS)
    for key in forged:
        del st.query_params[key]
    if forged:
        record_refusal(actor or ANONYMOUS, "พารามิเตอร์ใน URL ที่พอร์ทัลไม่รู้จักถูกละเว้น",
                       "query:" + ",".join(forged))
    return forged


def menu_for(role: Role) -> list[PageSpec]:
    """The pages a role sees in its menu, in registry order."""
    return [p for p in PAGES if role in p.roles]


def spec_of(script: str | Path) -> PageSpec | None:
    """The registry entry of a page file."""
    target = Path(script).resolve()
    return next((p for p in PAGES if (PORTAL_DIR / p.path).resolve() == target), None)


def _running_page() -> Path | None:
    """The page script (a file under portal/views/) on the call stack: the page being drawn."""
    pages_dir = PORTAL_DIR / "views"
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__file__")
        if name and Path(name).resolve().parent == pages_dir:
            return Path(name).resolve()
        frame = frame.f_back  # type: ignore[assignment]
    return None


def refuse_page(actor: Actor, path: str) -> None:
    """Log the attempt, say so in Thai, and draw nothing of the page."""
    record_refusal(actor, f"เปิดหน้าที่บทบาทไม่มีสิทธิ์: {path}", f"page:{path}")
    st.error(REFUSED_PAGE)
    st.stop()


def page_actor() -> Actor:
    """The signed-in actor, allowed on the page being drawn; otherwise the page stops before drawing
    anything (a page opened by a forged URL or page switch is refused and logged). A page file that
    is not in the registry opens for nobody."""
    actor = _RUN_ACTOR.get() or current_actor()
    if actor is None:
        st.stop()
    page = _running_page()
    if page is not None:
        spec = spec_of(page)
        if spec is None or actor.role not in spec.roles:  # type: ignore[union-attr]
            refuse_page(actor, spec.path if spec else f"views/{page.name}")  # type: ignore[arg-type]
    return actor  # type: ignore[return-value]


@dataclass(frozen=True)
class WorkContext:
    actor: Actor
    enterprise: Enterprise
    year: AssessmentYear


def work_context(actor: Actor) -> WorkContext | None:
    """Sidebar pickers for enterprise and assessment year (only those the actor may read)."""
    with session_scope() as session:
        enterprises = list_enterprises(session, actor)
        if not enterprises:
            st.info("ยังไม่มีรัฐวิสาหกิจที่ท่านเข้าถึงได้")
            return None
        enterprise = st.sidebar.selectbox(
            "รัฐวิสาหกิจ", enterprises, format_func=lambda e: f"{e.name_th} ({e.code})", key="ctx_enterprise"
        )
        years = list_years(session, actor, enterprise.id)
        if not years:
            st.info("ยังไม่ได้เปิดรอบการประเมิน")
            return None
        year = st.sidebar.selectbox(
            "ปีประเมิน (พ.ศ.)", list(reversed(years)), format_func=lambda y: f"พ.ศ. {y.year}", key="ctx_year"
        )
    return WorkContext(actor=actor, enterprise=enterprise, year=year)
