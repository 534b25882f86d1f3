"""หน้าหลัก: what this portal holds for the selected enterprise and year."""

import streamlit as st

from evidence.db import session_scope
from evidence.services.summary import family_counts
from portal.components.inbox import inbox
from portal.components.page import page_context
from portal.components.safe_text import md

ctx = page_context("หน้าหลัก", "การมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (Stakeholder & Customer Management, SE-AM)")
st.markdown(f"### {md(ctx.enterprise.name_th)}  \nรอบการประเมิน พ.ศ. {ctx.year.year} · เกณฑ์ฉบับ {ctx.year.criteria_version}")
with session_scope() as session:
    counts = family_counts(session, ctx.actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year)
cols = st.columns(4)
for i, (label, value) in enumerate(counts.items()):
    cols[i % 4].metric(label, f"{value:,}")
inbox(ctx)
