"""Sign-in: local accounts (argon2) by default; with an `[auth]` table in Streamlit's secrets, the
organisation's OIDC provider (`st.login`) whose verified e-mail is mapped to the portal's own user."""

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import AuthenticationFailed, DomainError
from evidence.services.users import (
    UNKNOWN_EMAIL,
    authenticate,
    authenticate_email,
    change_own_password,
    credential_mark,
)
from portal.session import NOTICE_KEY, OIDC_LOGOUT_KEY, current_actor, renew_credential, sign_in

OIDC_REFUSED_KEY = "auth_oidc_refused"


def oidc_configured() -> bool:
    """True when `.streamlit/secrets.toml` (or the deployment's secrets) has an `[auth]` table."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def _provider_signed_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def _password_form() -> Actor | None:
    with st.form("login"):
        username = st.text_input("ชื่อผู้ใช้")
        password = st.text_input("รหัสผ่าน", type="password")
        submitted = st.form_submit_button("เข้าสู่ระบบ", type="primary")
    if not submitted:
        return None
    error = ""
    with session_scope() as session:  # commits the failed attempt and its counter, too
        try:
            user = authenticate(session, username, password)
        except AuthenticationFailed as exc:
            error = exc.message
        else:
            username, mark = user.username, credential_mark(user)
    if error:
        st.error(error)
        return None
    sign_in(username, via="password", credential=mark)
    return current_actor()


def _oidc() -> Actor | None:
    """Map the provider's verified e-mail to a portal user; refuse (once, logged) an unknown one."""
    if st.session_state.pop(OIDC_LOGOUT_KEY, False) and _provider_signed_in():
        st.logout()
    if not _provider_signed_in():
        st.button("เข้าสู่ระบบด้วยบัญชีองค์กร (SSO)", type="primary", icon=":material/login:", on_click=st.login)
        return None
    email = str(st.user.get("email") or "")
    verified = st.user.get("email_verified") in (True, "true", "True")  # the provider's claim, not ours
    if st.session_state.get(OIDC_REFUSED_KEY, (None, ""))[0] != email:
        error = ""
        with session_scope() as session:
            try:
                user = authenticate_email(session, email, verified=verified)
            except AuthenticationFailed as exc:
                error = exc.message
            else:
                sign_in(user.username, via="oidc", credential=credential_mark(user))
        if not error:
            return current_actor()
        st.session_state[OIDC_REFUSED_KEY] = (email, error)
    st.error(st.session_state.get(OIDC_REFUSED_KEY, (None, UNKNOWN_EMAIL))[1])
    st.button("ออกจากบัญชีองค์กร", icon=":material/logout:", on_click=st.logout)
    return None


def login_form() -> Actor | None:
    """Show the sign-in; return the actor when the user has just signed in."""
    st.title("พอร์ทัล SE-AM SCM")
    st.caption("ระบบรวบรวมหลักฐานและประเมินความพร้อม ด้านการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice)
    if not oidc_configured():
        return _password_form()
    actor = _oidc()
    if actor is not None:
        return actor
    with st.expander("เข้าสู่ระบบด้วยบัญชีภายในของพอร์ทัล"):
        return _password_form()


def password_popover(actor: Actor) -> None:
    """A local-account user changes their own password (the current one first)."""
    with st.popover("เปลี่ยนรหัสผ่าน", icon=":material/key:"), st.form("own_password", clear_on_submit=True):
        current = st.text_input("รหัสผ่านปัจจุบัน", type="password")
        new = st.text_input("รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)", type="password")
        again = st.text_input("ยืนยันรหัสผ่านใหม่", type="password")
        if not st.form_submit_button("เปลี่ยนรหัสผ่าน"):
            return
        if new != again:
            st.error("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน")
            return
        error, mark = "", ""
        with session_scope() as session:  # a wrong current password is logged, so commit either way
            try:
                mark = change_own_password(session, actor, current, new)
            except DomainError as exc:
                error = exc.message
        if mark:
            renew_credential(mark)
        if error:
            st.error(error)
        else:
            st.success("เปลี่ยนรหัสผ่านแล้ว")
