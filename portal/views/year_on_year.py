"""เปรียบเทียบรายปี: last year's assessor level beside this year's computed level, per sub-topic, and
what changed between the two years (records, documents in force, item verdicts that flipped)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import NotFound
from evidence.services.year_on_year import compare_years
from portal.components.page import page_context


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


ctx = page_context("เปรียบเทียบรายปี", "ระดับที่ผู้ประเมินให้เมื่อปีก่อน เทียบกับระดับที่คำนวณได้ปีนี้ "
                   "และสิ่งที่เปลี่ยนไประหว่างสองปี")
try:
    with session_scope() as session:
        years = compare_years(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
except NotFound as exc:
    st.info(exc.message)
    st.stop()

left, right = st.columns(2)
left.metric(f"คะแนนรวมปี {years.earlier_year}", _fmt(years.earlier_score))
right.metric(f"คะแนนรวมปี {years.year} (คำนวณ)", _fmt(years.score),
             None if years.score is None or years.earlier_score is None else f"{years.score - years.earlier_score:+.2f}")
st.caption(f"ข้อมูลปี {years.earlier_year}: {years.earlier_version}")

st.subheader("ระดับรายหัวข้อย่อย")
st.dataframe(pd.DataFrame([{
    "รหัส": s.code, "หัวข้อย่อย": s.name_th,
    f"ปี {years.earlier_year} คำนวณได้": _fmt(s.earlier_level),
    f"ปี {years.earlier_year} ผู้ประเมินให้": _fmt(s.assessor_level),
    f"ปี {years.year} คำนวณได้": _fmt(s.level),
    "เปลี่ยนจากปีก่อน*": "-" if s.change is None else f"{s.change:+.2f}",
} for s in years.subtopics]), hide_index=True, width="stretch")
st.caption(f"* เทียบกับระดับที่ผู้ประเมินให้เมื่อปี {years.earlier_year} ถ้ามี มิฉะนั้นเทียบกับระดับที่คำนวณได้")

st.subheader("รายการเกณฑ์ที่ผลเปลี่ยน")
if years.items:
    st.dataframe(pd.DataFrame([{"รายการ": i, "ข้อกำหนด": text, f"ปี {years.earlier_year}": a, f"ปี {years.year}": b}
                               for i, text, a, b in years.items]), hide_index=True, width="stretch")
else:
    st.info("ไม่มีรายการเกณฑ์ที่ผลเปลี่ยน")

st.subheader("เอกสารที่มีผลบังคับใช้")
if years.documents:
    st.dataframe(pd.DataFrame([{"เอกสาร": doc, "ความเปลี่ยนแปลง": change, f"ปี {years.earlier_year}": a or "-",
                                f"ปี {years.year}": b or "-"} for change, doc, a, b in years.documents]),
                 hide_index=True, width="stretch")
else:
    st.info("เอกสารที่มีผลบังคับใช้เหมือนปีก่อน")

st.subheader("ข้อมูลหลักฐาน")
st.dataframe(pd.DataFrame([{
    "ประเภทข้อมูล": f.family, f"ปี {years.earlier_year}": f.earlier, f"ปี {years.year}": f.now,
    "เพิ่ม": f.added, "ไม่มีแล้ว": f.removed, "แก้ไข": f.changed,
} for f in years.families]), hide_index=True, width="stretch")
