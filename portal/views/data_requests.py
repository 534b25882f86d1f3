"""คำขอของเจ้าของข้อมูล (PDPA data-subject requests): find a person everywhere, export, correct, erase.

The request keeps only a reference and its outcome; the search terms live only in this browser
session, never in the database or the audit trail.
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlmodel import Session

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.pdpa import REQUEST_KIND_TH, RequestKind
from evidence.pdpa.formats import thai_local
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import (
    CLOSE_OUTCOME_TH,
    CloseOutcome,
    close_request,
    correct_person,
    erase_person,
    export_person,
    find_person_page,
    list_requests,
    open_request,
)
from portal.components.page import page_context

ctx = page_context("คำขอของเจ้าของข้อมูล (PDPA)",
                   "สิทธิขอเข้าถึง ขอแก้ไข ขอลบ และถอนความยินยอม: ค้นหาข้อมูลของบุคคลจากทุกตาราง แล้วดำเนินการ "
                   "พร้อมบันทึกผล")
eid = ctx.enterprise.id or 0

with st.expander("รับคำขอใหม่", expanded=False):
    kind = st.selectbox("ประเภทคำขอ", list(RequestKind), format_func=lambda k: REQUEST_KIND_TH[k], key="dsr_kind")
    if st.button("เปิดคำขอ", type="primary", key="dsr_open"):
        try:
            with session_scope() as session:
                opened = open_request(session, ctx.actor, enterprise_id=eid, kind=kind)
                reference = opened.reference
        except DomainError as exc:
            st.error(exc.message)
        else:
            st.success(f"เปิดคำขอเลขที่ {reference} แล้ว")

try:
    with session_scope() as session:
        requests = list_requests(session, ctx.actor, eid)
except DomainError as exc:
    st.error(exc.message)
    st.stop()

if requests:
    st.dataframe(pd.DataFrame([{
        "เลขที่คำขอ": r.reference, "ประเภท": REQUEST_KIND_TH[r.kind], "รับเมื่อ": thai_local(r.received_at),
        "ผู้ดำเนินการ": r.handled_by, "ผลการดำเนินการ": r.outcome, "จำนวนรายการที่ดำเนินการ": r.records_affected,
        "ปิดเมื่อ": thai_local(r.closed_at),
    } for r in requests]), hide_index=True, width="stretch")
open_ones = [r for r in requests if r.closed_at is None]
if not open_ones:
    st.info("ไม่มีคำขอที่รอดำเนินการ")
    st.stop()

request = st.selectbox("คำขอที่ดำเนินการ", open_ones, key="dsr_request",
                       format_func=lambda r: f"{r.reference} — {REQUEST_KIND_TH[r.kind]}")
st.markdown("**ข้อมูลที่ใช้ค้นหาบุคคล** (ไม่ถูกบันทึกลงฐานข้อมูล)")
cols = st.columns(3)
query = PersonQuery(cols[0].text_input("ชื่อ-นามสกุล", key="dsr_name"),
                    cols[1].text_input("อีเมล", key="dsr_email"),
                    cols[2].text_input("หมายเลขโทรศัพท์", key="dsr_phone"))
hits_key = f"dsr_hits_{request.id}"


def _search(page: int) -> None:
    """One page of the person's records (the index counts them all; only the page is read)."""
    try:
        with session_scope() as session:
            st.session_state[hits_key] = find_person_page(session, ctx.actor, request.id, query, page=page)
    except DomainError as exc:
        st.session_state.pop(hits_key, None)
        st.error(exc.message)


if st.button("ค้นหาจากทุกตาราง", key="dsr_search"):
    st.session_state["dsr_page"] = 1
    _search(0)
found = st.session_state.get(hits_key)
hits = found.hits if found is not None else None
if found is not None:
    if not found.hits:
        st.info("ไม่พบข้อมูลของบุคคลนี้")
    else:
        st.caption(f"พบ {found.records:,} รายการที่อาจเป็นของบุคคลนี้ · หน้า {found.page + 1:,} จาก {found.pages:,} "
                   f"(หน้าละ {found.page_size} รายการ)")
        st.dataframe(pd.DataFrame([{
            "ตาราง": h.table_label, "รหัสข้อมูล": h.record_id, "ช่องข้อมูล": h.column_label, "ค่าที่พบ": h.value,
            "ชนิด": "ข้อมูลส่วนบุคคลที่ประกาศไว้" if h.declared else "กล่าวถึงในข้อความ",
        } for h in found.hits]), hide_index=True, width="stretch")
        if found.pages > 1:
            st.number_input("หน้า", 1, found.pages, step=1, key="dsr_page",
                            on_change=lambda: _search(int(st.session_state["dsr_page"]) - 1))


def _run(action: Callable[[Session], object], done: str) -> None:
    try:
        with session_scope() as session:
            result = action(session)
    except DomainError as exc:
        st.error(exc.message)
        return
    st.session_state.pop(hits_key, None)
    st.success(done.format(result=result))


if hits:
    if st.button("ส่งออกสำเนาข้อมูล (.xlsx)", key="dsr_export"):
        try:
            with session_scope() as session:
                st.session_state["dsr_file"] = export_person(session, ctx.actor, request.id, query)
        except DomainError as exc:
            st.error(exc.message)
    if st.session_state.get("dsr_file"):
        st.download_button("ดาวน์โหลดสำเนาข้อมูล", st.session_state["dsr_file"], key="dsr_download",
                           file_name=f"{request.reference}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if request.kind == RequestKind.CORRECTION:
        cols = st.columns(3)
        new_name = cols[0].text_input("ชื่อที่ถูกต้อง", key="dsr_new_name")
        new_email = cols[1].text_input("อีเมลที่ถูกต้อง", key="dsr_new_email")
        new_phone = cols[2].text_input("โทรศัพท์ที่ถูกต้อง", key="dsr_new_phone")
        if st.button("แก้ไขทุกรายการที่พบ", type="primary", key="dsr_correct"):
            _run(lambda s: correct_person(s, ctx.actor, request.id, query, new_name=new_name, new_phone=new_phone,
                                          new_email=new_email), "แก้ไขแล้ว {result} รายการ")
    if request.kind in (RequestKind.ERASURE, RequestKind.WITHDRAW_CONSENT):
        confirm = st.checkbox("ยืนยันลบข้อมูลของบุคคลนี้จากทุกรายการที่พบ (ย้อนกลับไม่ได้)", key="dsr_confirm")
        if st.button("ลบข้อมูล", type="primary", disabled=not confirm, key="dsr_erase"):
            _run(lambda s: erase_person(s, ctx.actor, request.id, query), "ลบข้อมูลแล้ว {result} รายการ")

outcome = st.selectbox("ผลเมื่อปิดคำขอ", list(CloseOutcome), format_func=lambda o: CLOSE_OUTCOME_TH[o],
                       key="dsr_outcome")
if st.button("ปิดคำขอ", key="dsr_close"):
    _run(lambda s: close_request(s, ctx.actor, request.id, outcome).reference, "ปิดคำขอ {result} แล้ว")
