"""ส่งผลการประเมิน: the planning team freezes the year's self-assessment as a version; everyone who
reviews it sees the versions, their hashes, and what changed between two of them."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.submissions import diff_submissions, list_submissions, submit_year, version_label
from evidence.thai_dates import thai_datetime
from portal.components.page import page_context

ctx = page_context("ส่งผลการประเมิน", "ตรึงคะแนน ข้อมูล และไฟล์ที่ส่งให้ผู้ประเมินเป็นฉบับ พร้อม SHA-256 "
                   "และดูความเปลี่ยนแปลงระหว่างฉบับ")
eid, year = ctx.enterprise.id or 0, ctx.year.year

if ctx.actor.is_planning:
    note = st.text_input("หมายเหตุของฉบับนี้", key="submission:note")
    if st.button(f"ส่งผลการประเมินตนเองปี {year}", type="primary", key="submission:submit"):
        try:
            with session_scope() as session:
                made = submit_year(session, ctx.actor, enterprise_id=eid, year=year, note=note or None)
                st.success(f"ส่งฉบับที่ {made.number} แล้ว (SHA-256 {made.manifest_sha256})")
        except DomainError as exc:
            st.error(exc.message)

with session_scope() as session:
    versions = list_submissions(session, ctx.actor, enterprise_id=eid, year=year)
    current = version_label(session, eid, year)
st.markdown(f"**ข้อมูลที่แสดงในรายงานตอนนี้:** {current}")
if not versions:
    st.info(f"ยังไม่ได้ส่งผลการประเมินปี {year}")
    st.stop()
st.dataframe(pd.DataFrame([{
    "ฉบับที่": v.number, "ส่งเมื่อ": thai_datetime(v.submitted_at), "ส่งโดย": v.submitted_by,
    "คะแนน": "-" if v.score is None else f"{v.score:.2f}", "SHA-256 ของบัญชีสิ่งที่ส่ง": v.manifest_sha256,
    "หมายเหตุ": v.note or ""} for v in versions]), hide_index=True, width="stretch")
if len(versions) >= 2:
    numbers = [v.number for v in versions]
    left, right = st.columns(2)
    before = left.selectbox("เปรียบเทียบจากฉบับ", numbers, index=len(numbers) - 2, key="submission:from")
    after = right.selectbox("กับฉบับ", numbers, index=len(numbers) - 1, key="submission:to")
    with session_scope() as session:
        diff = diff_submissions(session, ctx.actor, enterprise_id=eid, year=year, before=before, after=after)
    st.markdown("\n".join(f"- {line}" for line in diff.lines()))
