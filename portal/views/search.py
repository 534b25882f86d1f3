"""ค้นหา: one search box over the enterprise's records and the text read from its documents (issue 16).

Results come from `evidence.services.search` a page at a time, as the user's role may see them;
each links to the page that holds the record.
"""

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.base import REVIEW_STATUS_TH, ReviewStatus
from evidence.services.search import PAGE_SIZE, search_records
from portal.components.page import page_context
from portal.components.safe_text import md
from portal.registry import PAGES

ctx = page_context("ค้นหา", "ค้นหาข้อมูลหลักฐานและข้อความในเอกสารของรัฐวิสาหกิจ: พิมพ์คำไทยได้เลย ระบบตัดคำและหาคำที่อยู่ในข้อความยาว")
allowed = {p.path for p in PAGES if ctx.actor.role in p.roles}
query = st.text_input("คำค้น", key="search:q", placeholder="เช่น ข้อร้องเรียน น้ำไม่ไหล รหัส SH-L04-01")
left, right = st.columns(2)
with left:
    this_year = st.toggle(f"เฉพาะปี {ctx.year.year} (และข้อมูลที่ไม่ผูกกับปี)", value=True, key="search:year")
with right:
    status = st.selectbox("สถานะการตรวจ", [None, *ReviewStatus], key="search:status",
                          format_func=lambda s: "ทุกสถานะ" if s is None else REVIEW_STATUS_TH[s])
page_no = int(st.session_state.get("search:page", 1)) - 1
if query.strip():
    try:
        with session_scope() as session:
            found = search_records(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, query=query,
                                   year=ctx.year.year if this_year else None, status=status, page=page_no)
    except DomainError as error:
        st.error(error.message)
        st.stop()
    if not found.total:
        st.info(f"ไม่พบข้อมูลที่มีคำว่า {' + '.join(found.terms)}")
        st.stop()
    st.caption(f"พบ {found.total:,} รายการ ที่มีทุกคำ: {' + '.join(found.terms)} (เรียงจากรายการล่าสุด)")
    for hit in found.hits:
        with st.container(border=True):
            status_text = f" · {hit.status_th}" if hit.status_th else ""
            year_text = f" · ปี {hit.year}" if hit.year else ""
            st.markdown(f"**{md(hit.label)}** — {md(hit.family)}{status_text}{year_text}")
            if hit.snippet:
                st.caption(md(hit.snippet))
            if hit.page and hit.page in allowed:
                st.page_link(hit.page, label="เปิดหน้าที่เก็บข้อมูลนี้", icon=":material/open_in_new:",
                             query_params={"record": f"{hit.record_table}:{hit.record_id}"})
    pages = max(1, -(-found.total // PAGE_SIZE))
    if pages > 1:
        st.number_input(f"หน้า (จาก {pages:,} หน้า)", 1, pages, step=1, key="search:page")
