"""บันทึกการตรวจสอบ (audit log): filter and export; nothing on this page changes a row."""

from datetime import date

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.audit_query import (
    AuditFilter,
    action_label,
    audit_actions,
    display_rows,
    export_audit,
    query_audit,
)
from evidence.thai_dates import thai_date
from portal.components import thai_widgets
from portal.session import page_actor

PAGE_SIZE = 100

actor = page_actor()
st.title("บันทึกการตรวจสอบ")
st.caption("ทุกการสร้าง แก้ไข ลบ นำเข้า อนุมัติ การเข้าสู่ระบบ การส่งออกข้อมูลส่วนบุคคล และการถูกปฏิเสธสิทธิ์ "
           "ถูกบันทึกไว้แบบเพิ่มได้อย่างเดียว ไม่มีผู้ใดแก้ไขหรือลบได้ (ข้อมูลส่วนบุคคลถูกปิดไว้ในบันทึก)")

try:
    with session_scope() as session:
        actions = audit_actions(session, actor)
except DomainError as exc:
    st.error(exc.message)
    st.stop()

cols = st.columns(3)
date_from: date | None = thai_widgets.date_input("ตั้งแต่วันที่", container=cols[0], key="audit_from")
date_to: date | None = thai_widgets.date_input("ถึงวันที่", container=cols[1], key="audit_to")
if date_from or date_to:
    cols[2].caption(f"ช่วงวันที่: {thai_date(date_from) or '…'} ถึง {thai_date(date_to) or '…'}")
cols = st.columns(3)
who = cols[0].text_input("ผู้ทำรายการ", key="audit_actor")
action = cols[1].selectbox("การกระทำ", [None, *actions], key="audit_action",
                           format_func=lambda a: "ทั้งหมด" if a is None else action_label(a))
text = cols[2].text_input("ค้นในสรุป", key="audit_text")
filt = AuditFilter(date_from=date_from, date_to=date_to, actor=who or None, action=action, text=text or None)

offset = thai_widgets.page_offset(PAGE_SIZE, key="audit_page")
try:
    with session_scope() as session:
        page = query_audit(session, actor, filt, limit=PAGE_SIZE, offset=offset)
        rows = display_rows(page.rows)
except DomainError as exc:
    st.error(exc.message)
    st.stop()

if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
else:
    st.info("ไม่พบรายการตามเงื่อนไข")
thai_widgets.page_picker(page.total, PAGE_SIZE, key="audit_page")

st.subheader("ส่งออก")
left, right = st.columns(2)
for column, fmt, label, mime in (
    (left, "xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (right, "csv", "CSV", "text/csv"),
):
    if column.button(f"เตรียมไฟล์ {label}", key=f"audit_export_{fmt}"):
        try:
            with st.spinner("กำลังเตรียมไฟล์ (สูงสุด 100,000 รายการ)"), session_scope() as session:
                st.session_state[f"audit_file_{fmt}"] = export_audit(session, actor, filt, fmt=fmt)
        except DomainError as exc:
            st.error(exc.message)
    data = st.session_state.get(f"audit_file_{fmt}")
    if data:
        column.download_button(f"ดาวน์โหลด {label}", data, file_name=f"audit-log.{fmt}", mime=mime,
                               key=f"audit_download_{fmt}")
