"""ติดตามข้อมูลจากหน่วยงาน: the planning team asks a division for what it still owes (from the same
checks as the scoring rules), with a due date and a note; open requests and who is late."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.followup import (
    close_request,
    open_requests,
    overdue_by_division,
    owed_by,
    send_request,
)
from evidence.services.org import list_units
from evidence.thai_dates import bangkok_today, parse_be_date, thai_date
from portal.components.be_date import DATE_HINT, be_text
from portal.components.page import page_context

ctx = page_context("ติดตามข้อมูลจากหน่วยงาน", "ขอข้อมูลที่หน่วยงานยังขาดตามเกณฑ์ พร้อมกำหนดส่งและหมายเหตุ")
eid, year = ctx.enterprise.id or 0, ctx.year.year
with session_scope() as session:
    units = {u.id or 0: f"{u.code} {u.name_th}" for u in list_units(session, ctx.actor, eid)}
unit_id = st.selectbox("หน่วยงาน", list(units), format_func=units.get, key="request:unit")
with session_scope() as session:
    owed = owed_by(session, ctx.actor, enterprise_id=eid, year=year, unit_id=unit_id)
st.markdown("**สิ่งที่ยังขาดตามเกณฑ์:**\n" + ("\n".join(f"- {o['text']} ({o['rule'] or '-'})" for o in owed)
                                              if owed else "ไม่มี"))
due_text = st.text_input(f"กำหนดส่ง ({DATE_HINT})", value=be_text(bangkok_today() + timedelta(days=14)), key="request:due")
note = st.text_area("หมายเหตุถึงหน่วยงาน", key="request:note")
if st.button("ส่งคำขอข้อมูล", type="primary", key="request:send"):
    try:
        due_on = parse_be_date(due_text)
        with session_scope() as session:
            send_request(session, ctx.actor, enterprise_id=eid, year=year, unit_id=unit_id, due_on=due_on, note=note)
        st.success(f"ส่งคำขอถึง {units[unit_id]} แล้ว กำหนดส่ง {thai_date(due_on)}")
    except ValueError as exc:
        st.error(f"กำหนดส่ง: {exc}")
    except DomainError as exc:
        st.error(exc.message)

with session_scope() as session:
    waiting = open_requests(session, ctx.actor, enterprise_id=eid, year=year)
    overdue = overdue_by_division(session, ctx.actor, enterprise_id=eid, year=year)
st.subheader(f"คำขอที่รอดำเนินการ ({len(waiting):,})")
if overdue:
    st.warning("เลยกำหนดส่ง: " + ", ".join(f"{name} {n:,} คำขอ" for name, n in overdue.items()))
if waiting:
    st.dataframe(pd.DataFrame([{
        "หน่วยงาน": units.get(r.org_unit_id, ""), "กำหนดส่ง": thai_date(r.due_on),
        "เลยกำหนด": "ใช่" if r.due_on < bangkok_today() else "", "สิ่งที่ขอ": len(r.items), "หมายเหตุ": r.note or "",
    } for r in waiting]), hide_index=True, width="stretch")
    done = st.selectbox("คำขอที่ได้รับข้อมูลครบแล้ว", [r.id for r in waiting], key="request:done",
                        format_func=lambda i: next(f"{units.get(r.org_unit_id, '')} ({thai_date(r.due_on)})"
                                                   for r in waiting if r.id == i))
    if st.button("ปิดคำขอ", key="request:close"):
        with session_scope() as session:
            close_request(session, ctx.actor, done or 0)
        st.rerun()
