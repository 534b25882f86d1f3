"""ผู้ใช้และสิทธิ์: accounts, roles and scope (administrators only; the service refuses anyone else)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.org import Enterprise, OrgUnit
from evidence.models.users import ROLE_TH, Role
from evidence.services.org import list_enterprises, list_units
from evidence.services.users import (
    UserView,
    create_user,
    list_users,
    reset_password,
    unlock_user,
    update_user,
)
from portal.components import thai_widgets
from portal.session import page_actor

actor = page_actor()
st.title("ผู้ใช้และสิทธิ์")
st.caption("บัญชีผู้ใช้ บทบาท และขอบเขตข้อมูลที่เข้าถึงได้ — ผู้ใช้ที่ไม่มีรหัสผ่านเข้าสู่ระบบผ่านบัญชีองค์กร (OIDC) "
           "ด้วยอีเมลที่ลงทะเบียนไว้")


def _load() -> tuple[list[UserView], list[Enterprise], dict[int, list[OrgUnit]]]:
    with session_scope() as session:
        users = list_users(session, actor)
        enterprises = list_enterprises(session, actor)
        units = {e.id or 0: list_units(session, actor, e.id or 0) for e in enterprises}
    return users, enterprises, units


try:
    users, enterprises, units = _load()
except DomainError as exc:
    st.error(exc.message)
    st.stop()

ent_name = {e.id: f"{e.code}" for e in enterprises}
unit_name = {u.id: f"{u.code} {u.name_th}" for rows in units.values() for u in rows}
st.dataframe(pd.DataFrame([{
    "ชื่อผู้ใช้": u.username, "ชื่อที่แสดง": u.display_name, "อีเมล": u.email, "บทบาท": ROLE_TH[u.role],
    "รัฐวิสาหกิจ": ent_name.get(u.enterprise_id, ""), "หน่วยงาน": unit_name.get(u.org_unit_id, ""),
    "ประเมินรัฐวิสาหกิจ": ", ".join(ent_name.get(e, str(e)) for e in u.assessed_enterprise_ids),
    "วิธีเข้าสู่ระบบ": "รหัสผ่าน" if u.has_password else "บัญชีองค์กร (OIDC)",
    "ใช้งาน": u.active, "ถูกระงับชั่วคราว": u.locked,
} for u in users]), hide_index=True, width="stretch")


def _scope_inputs(prefix: str, current: UserView | None) -> tuple[Role, int | None, int | None, list[int]]:
    roles = list(Role)
    role = st.selectbox("บทบาท", roles, format_func=lambda r: ROLE_TH[r], key=f"{prefix}_role",
                        index=roles.index(current.role) if current else 1)
    choices: list[int | None] = [None, *[e.id for e in enterprises]]
    enterprise_id = st.selectbox(
        "รัฐวิสาหกิจ", choices, format_func=lambda e: "— ไม่ระบุ —" if e is None else ent_name.get(e, str(e)),
        key=f"{prefix}_enterprise", index=choices.index(current.enterprise_id) if current else 0,
    )
    unit_choices: list[int | None] = [None, *[u.id for u in units.get(enterprise_id or 0, [])]]
    unit_id = st.selectbox(
        "หน่วยงาน (เฉพาะเจ้าหน้าที่หน่วยงาน)", unit_choices, key=f"{prefix}_unit",
        format_func=lambda u: "— ไม่ระบุ —" if u is None else unit_name.get(u, str(u)),
        index=unit_choices.index(current.org_unit_id) if current and current.org_unit_id in unit_choices else 0,
    )
    assessed = thai_widgets.multiselect(
        "รัฐวิสาหกิจที่ประเมิน (เฉพาะผู้ประเมิน)", [e.id for e in enterprises], key=f"{prefix}_assessed",
        format_func=lambda e: ent_name.get(e, str(e)), default=list(current.assessed_enterprise_ids) if current else [],
    )
    return role, enterprise_id, unit_id, [int(e) for e in assessed if e is not None]


add_tab, edit_tab = st.tabs(["เพิ่มผู้ใช้", "แก้ไขผู้ใช้"])
with add_tab:
    username = st.text_input("ชื่อผู้ใช้ (a-z 0-9 . _ @ -)", key="new_username")
    display_name = st.text_input("ชื่อที่แสดง", key="new_display_name")
    email = st.text_input("อีเมล (ใช้จับคู่เมื่อเข้าสู่ระบบด้วยบัญชีองค์กร)", key="new_email")
    role, enterprise_id, unit_id, assessed = _scope_inputs("new", None)
    password = st.text_input("รหัสผ่านเริ่มต้น (เว้นว่างถ้าใช้บัญชีองค์กร)", type="password", key="new_password")
    if st.button("เพิ่มผู้ใช้", type="primary", key="add_user"):
        try:
            with session_scope() as session:
                create_user(session, actor, username=username, display_name=display_name, role=role,
                            password=password or None, email=email.strip() or None, enterprise_id=enterprise_id,
                            org_unit_id=unit_id, assessed_enterprise_ids=assessed)
        except DomainError as exc:
            st.error(exc.message)
        else:
            st.success(f"เพิ่มผู้ใช้ {username.strip().lower()} แล้ว")

with edit_tab:
    chosen = st.selectbox("ผู้ใช้", users, format_func=lambda u: f"{u.username} ({ROLE_TH[u.role]})", key="edit_user")
    if chosen is not None:
        name = st.text_input("ชื่อที่แสดง", value=chosen.display_name, key=f"edit_name_{chosen.id}")
        mail = st.text_input("อีเมล", value=chosen.email or "", key=f"edit_email_{chosen.id}")
        role, enterprise_id, unit_id, assessed = _scope_inputs(f"edit_{chosen.id}", chosen)
        active = st.checkbox("ใช้งาน", value=chosen.active, key=f"edit_active_{chosen.id}")
        if st.button("บันทึกการแก้ไข", type="primary", key="save_user"):
            try:
                with session_scope() as session:
                    update_user(session, actor, chosen.id, display_name=name, email=mail.strip() or None, role=role,
                                enterprise_id=enterprise_id, org_unit_id=unit_id, active=active,
                                assessed_enterprise_ids=assessed)
            except DomainError as exc:
                st.error(exc.message)
            else:
                st.success("บันทึกแล้ว")
        new_password = st.text_input("ตั้งรหัสผ่านใหม่", type="password", key=f"reset_{chosen.id}")
        left, right = st.columns(2)
        if left.button("ตั้งรหัสผ่านใหม่", key="reset_password"):
            try:
                with session_scope() as session:
                    reset_password(session, actor, chosen.id, new_password)
            except DomainError as exc:
                st.error(exc.message)
            else:
                st.success("ตั้งรหัสผ่านใหม่แล้ว")
        if chosen.locked and right.button("ปลดการระงับบัญชี", key="unlock"):
            with session_scope() as session:
                unlock_user(session, actor, chosen.id)
            st.success("ปลดการระงับแล้ว")
