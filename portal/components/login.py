"""The sign-in form (local accounts, argon2) shown to anyone not signed in."""

import streamlit as st

from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import AuthenticationFailed
from evidence.services.users import authenticate
from portal.session import current_actor, sign_in


def login_form() -> Actor | None:
    """Show the form; return the actor when the user has just signed in."""
    st.title("พอร์ทัล SE-AM SCM")
    st.caption("ระบบรวบรวมหลักฐานและประเมินความพร้อม ด้านการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า")
    notice = st.session_state.pop("auth_notice", None)
    if notice:
        st.warning(notice)
    with st.form("login"):
        username = st.text_input("ชื่อผู้ใช้")
        password = st.text_input("รหัสผ่าน", type="password")
        submitted = st.form_submit_button("เข้าสู่ระบบ", type="primary")
    if not submitted:
        return None
    try:
        with session_scope() as session:
            user = authenticate(session, username.strip(), password)
    except AuthenticationFailed as exc:
        st.error(exc.message)
        return None
    sign_in(user.username)
    return current_actor()
