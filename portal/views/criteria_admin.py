"""เกณฑ์และรอบการประเมิน: pin the year's criteria version and method; administrators make new versions."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.org import ClaimMode
from evidence.models.users import Role
from evidence.services.criteria_versions import available_versions, create_version, resolve_criteria
from evidence.services.org import configure_year
from evidence.services.year_carry import open_year_from
from portal.components import scores
from portal.components.page import page_context

CLAIM_MODE_TH = {
    ClaimMode.SELF_ASSESSMENT: "ประเมินตนเอง: รายการที่อ้างหลักฐานแล้วนับว่าผ่าน (รอผู้ประเมินยืนยัน)",
    ClaimMode.CONFIRMED: "ยืนยันแล้ว: นับเฉพาะรายการที่ผู้ประเมินยอมรับ",
}
METHOD_TH = scores.METHOD_TH

FACT_MODE_TH = scores.FACT_MODE_TH

ctx = page_context("เกณฑ์และรอบการประเมิน", "ฉบับเกณฑ์ที่ใช้ วิธีคิดคะแนน และการนับรายการที่อ้างหลักฐาน (ระบุไว้ในทุกรายงาน)")

with session_scope() as session:
    versions = available_versions(session)
st.subheader(f"รอบการประเมิน พ.ศ. {ctx.year.year}")
with st.form("year_settings"):
    names = [v for v, _, _ in versions]
    version = st.selectbox("ฉบับเกณฑ์", names, index=names.index(ctx.year.criteria_version)
                           if ctx.year.criteria_version in names else 0)
    method = st.radio("วิธีคิดคะแนน", list(METHOD_TH), format_func=METHOD_TH.get,
                      index=list(METHOD_TH).index(ctx.year.scoring_method) if ctx.year.scoring_method in METHOD_TH else 0)
    claim_mode = st.radio("การนับรายการที่อ้างหลักฐาน", list(CLAIM_MODE_TH), format_func=CLAIM_MODE_TH.get,
                          index=list(CLAIM_MODE_TH).index(ClaimMode(ctx.year.claim_mode)))
    fact_mode = st.radio("ข้อเท็จจริงที่ระบุแต่ไม่พบในเอกสาร", list(FACT_MODE_TH), format_func=FACT_MODE_TH.get,
                         index=list(FACT_MODE_TH).index(str(ctx.year.fact_mode)), key="fact_mode",
                         help="ระบบค้นหาข้อความในไฟล์ที่สนับสนุนข้อเท็จจริงแต่ละข้อ (เช่น แผนรับมือภาวะไม่ปกติ) "
                              "เลือกว่าข้อที่ไม่พบในเอกสารยังนับตามที่ระบุ หรือไม่นับ")
    if st.form_submit_button("บันทึกการตั้งค่า", type="primary"):
        try:
            with session_scope() as session:
                configure_year(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                               expected_version=ctx.year.version, criteria_version=version,
                               scoring_method=method, claim_mode=str(claim_mode), fact_mode=str(fact_mode))
            st.success("บันทึกการตั้งค่าแล้ว")
        except DomainError as exc:
            st.error(exc.message)

st.subheader("เปิดรอบการประเมินปีถัดไปจากปีนี้")
st.caption("ยกโครงสร้าง คณะกรรมการ เป้าหมาย กลุ่มลูกค้าและช่องทางไปด้วย Stakeholder Profile ยกไปในสถานะ "
           "'รอทบทวน' ข้อมูลรายปี (VOC VOS เรื่องร้องเรียน การสำรวจ รายงานการประชุม) เริ่มว่าง "
           "เอกสารและการอนุมัติในทะเบียนเอกสารใช้ต่อได้ทุกปี")
next_year = st.number_input("ปีที่เปิด (พ.ศ.)", min_value=2500, max_value=2700, value=ctx.year.year + 1, step=1,
                            key="cycle:next_year")
if st.button(f"เปิดรอบปี {int(next_year)} จากปี {ctx.year.year}", key="cycle:open_next"):
    try:
        with session_scope() as session:
            carried = open_year_from(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=int(next_year),
                                     from_year=ctx.year.year)
            st.success(carried.summary())
    except DomainError as exc:
        st.error(exc.message)

st.subheader("ฉบับเกณฑ์ทั้งหมด")
st.dataframe(pd.DataFrame(versions, columns=["ฉบับ", "ปี (พ.ศ.)", "ที่มา"]), hide_index=True)

if ctx.actor.role == Role.ADMIN:
    st.subheader("สร้างฉบับใหม่จากการปรับน้ำหนักหรือชื่อ")
    st.caption("ฉบับที่เผยแพร่แล้วไม่ถูกแก้ไข: การปรับจะบันทึกเป็นฉบับใหม่ และรอบการประเมินเลือกใช้ฉบับได้เอง")
    base_name = st.selectbox("ปรับจากฉบับ", [v for v, _, _ in versions], key="base_version")
    with session_scope() as session:
        base = resolve_criteria(session, base_name)
    rows = [{"รหัส": node.code, "ชื่อ": node.name_th, "น้ำหนัก": node.weight, "ที่มาของน้ำหนัก": node.weight_source}
            for part in base.parts for node in (part, *part.topics, *(s for t in part.topics for s in t.subtopics))]
    edited = st.data_editor(pd.DataFrame(rows), disabled=["รหัส", "ที่มาของน้ำหนัก"], hide_index=True,
                            key="criteria_editor")
    new_name = st.text_input("ชื่อฉบับใหม่ (เช่น 2569.2)")
    note = st.text_input("เหตุผลการปรับ")
    if st.button("บันทึกเป็นฉบับใหม่", type="primary"):
        before = {r["รหัส"]: r for r in rows}
        weights = {r["รหัส"]: float(r["น้ำหนัก"]) for r in edited.to_dict("records")
                   if float(r["น้ำหนัก"]) != before[r["รหัส"]]["น้ำหนัก"]}
        texts = {r["รหัส"]: r["ชื่อ"] for r in edited.to_dict("records") if r["ชื่อ"] != before[r["รหัส"]]["ชื่อ"]}
        try:
            with session_scope() as session:
                create_version(session, ctx.actor, based_on=base_name, version=new_name.strip(), weights=weights,
                               texts=texts, note=note or None)
            st.success(f"สร้างเกณฑ์ฉบับ {new_name} แล้ว")
        except DomainError as exc:
            st.error(exc.message)
