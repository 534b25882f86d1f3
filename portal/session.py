"""Who is signed in, and the enterprise and year the user works on (sidebar pickers)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st
from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.db import get_engine, session_scope
from evidence.models.base import utcnow
from evidence.models.org import AssessmentYear, Enterprise
from evidence.services.org import list_enterprises, list_years
from evidence.services.users import find_user
from evidence.settings import get_settings

AUTH_KEY = "auth_username"
AUTH_AT_KEY = "auth_at"


def sign_in(username: str) -> None:
    st.session_state[AUTH_KEY] = username
    st.session_state[AUTH_AT_KEY] = utcnow()


def sign_out() -> None:
    for key in (AUTH_KEY, AUTH_AT_KEY):
        st.session_state.pop(key, None)


def session_expired() -> bool:
    started: datetime | None = st.session_state.get(AUTH_AT_KEY)
    if started is None:
        return True
    return utcnow() - started > timedelta(minutes=get_settings().session_minutes)


def current_actor() -> Actor | None:
    """The signed-in user's actor, or None when nobody is signed in or the session expired."""
    username = st.session_state.get(AUTH_KEY)
    if not username:
        return None
    if session_expired():
        sign_out()
        st.session_state["auth_notice"] = "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง"
        return None
    with Session(get_engine()) as session:
        user = find_user(session, username)
        if user is None or not user.active:
            sign_out()
            return None
        return actor_for(session, user)


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
