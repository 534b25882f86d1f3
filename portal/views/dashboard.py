"""แดชบอร์ดผู้บริหาร: where the enterprise stands on SE-AM SCM and what blocks the next level (read-only)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.surveys import CONDUCTOR_TH, SURVEY_KIND_TH, SURVEY_SCOPE_TH
from evidence.services.followup import overdue_by_division
from evidence.thai_dates import thai_date
from portal.components import dashboard_charts as charts
from portal.components import scores
from portal.components.page import page_context
from portal.components.safe_text import md

ALL_OWNERS = "ทุกหน่วยงาน"

ctx = page_context("แดชบอร์ดผู้บริหาร", "ภาพรวมการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (SE-AM SCM) · อ่านอย่างเดียว")
eid, year = int(ctx.enterprise.id or 0), ctx.year.year
mode = st.segmented_control(
    "การนับรายการที่อ้างหลักฐาน", list(scores.CLAIM_MODE_TH), default=str(ctx.year.claim_mode),
    format_func=lambda m: scores.CLAIM_MODE_TH[m].split(" (")[0], key="dash_mode",
) or str(ctx.year.claim_mode)
try:
    version = scores.current_version(ctx.actor, eid)
    result = scores.assessment(ctx.actor, eid, year, version, claim_mode=mode)
    targets = scores.targets(ctx.actor, eid, year, version)
    earlier = scores.history(ctx.actor, eid, year, version, mode)
    ops = scores.overview(ctx.actor, eid, year, version)
except DomainError as exc:
    st.error(exc.message)
    st.stop()
st.caption(scores.setting_caption(result))

parts = {p.code: p for p in result.parts}
cols = st.columns(4)
cols[0].metric("คะแนน SCM (0–5)", scores.level_text(result.score))
for col, code in zip(cols[1:3], ("SM", "CM"), strict=True):
    part = parts.get(code)
    col.metric(f"{code} {part.name_th if part else ''}"[:40], scores.level_text(part.score if part else None))
blocked = [s for s in result.subtopics() if s.blocking]
cols[3].metric("หัวข้อย่อยที่มีรายการขวางระดับถัดไป", f"{len(blocked):,} จาก {len(result.subtopics()):,}")

left, right = st.columns([3, 2])
with left:
    st.subheader("ระดับรายหัวข้อเทียบเป้าหมาย")
    if not targets:
        st.caption("ยังไม่ได้กำหนดระดับเป้าหมาย (ฝ่ายแผนกำหนดได้ที่หน้า ผลการประเมินตนเอง)")
    st.plotly_chart(charts.topic_figure(result, targets), key="topics")
with right:
    st.subheader("เปรียบเทียบรายปี")
    if not earlier:
        st.caption("ยังไม่มีผลของปีประเมินก่อนหน้าที่มีข้อมูล แสดงเฉพาะปีนี้")
    st.plotly_chart(charts.history_figure(earlier, result), key="history")
    assessed = [{"ปี": f"พ.ศ. {y.year}", "หัวข้อย่อย": code, "ระดับที่คำนวณ": scores.level_text(level),
                 "ระดับของผู้ประเมิน": scores.level_text(given)} for y in earlier for code, level, given in y.assessed]
    if assessed:
        st.markdown("**ระดับของผู้ประเมินในปีก่อนเทียบกับระดับที่คำนวณ**")
        st.dataframe(pd.DataFrame(assessed), hide_index=True, width="stretch")

st.subheader("ระดับรายหัวข้อย่อย")
st.plotly_chart(charts.subtopic_figure(result), key="subtopics")
st.markdown("**รายการที่ขวางระดับถัดไป** (กดที่หัวข้อย่อยเพื่อดูรายละเอียด)")
grid = st.columns(4)
for i, sub in enumerate(blocked):
    with grid[i % 4].popover(f"{sub.code} · ระดับ {scores.level_text(sub.level)} · ขวาง {len(sub.blocking)}"):
        st.markdown(f"**{md(sub.code)} {md(sub.name_th)}** — ผ่านครบถึงระดับ {sub.levels_met}")
        for item in (i for i in sub.items if i.id in sub.blocking):
            st.markdown(scores.item_line(item))
            for reason in item.reasons:
                st.caption(f"• {md(reason)}")
            if item.owners:
                st.caption("หน่วยงานที่เกี่ยวข้อง: " + ", ".join(md(o) for o in item.owners))

st.subheader("สิ่งที่ควรทำต่อ เรียงตามคะแนนที่จะเพิ่มขึ้น")
owners = sorted({o for a in result.next_actions for o in a.owners})
owner = st.selectbox("หน่วยงานเจ้าของหลักฐาน", [ALL_OWNERS, *owners], key="dash_owner")
actions = [a for a in result.next_actions if owner == ALL_OWNERS or owner in a.owners]
if actions:
    st.dataframe(pd.DataFrame([{
        "ลำดับ": n,
        "หัวข้อย่อย": f"{a.subtopic_code} {a.subtopic_name}",
        "ระดับปัจจุบัน → ถัดไป": f"{a.from_level:.2f} → {a.to_level:.2f}",
        "คะแนน SCM ที่เพิ่มขึ้น": round(a.score_gain, 3),
        "รายการที่ต้องทำ": ", ".join(a.items),
        "หน่วยงานเจ้าของ": ", ".join(a.owners) or "ฝ่ายแผน/คณะทำงาน SCM",
        "สิ่งที่ยังขาด": " · ".join(a.reasons[:3]),
    } for n, a in enumerate(actions, start=1)]), hide_index=True, width="stretch")
else:
    st.info("ไม่มีสิ่งที่ต้องทำสำหรับหน่วยงานนี้")

st.subheader("ความครบถ้วนของหลักฐาน: สายงาน × กลุ่มข้อมูล")
st.caption("ร้อยละของรายการที่ครบและอนุมัติแล้ว ชี้ที่ช่องเพื่อดูสิ่งที่สายงานยังค้าง (ช่องว่าง: ไม่มีข้อมูลให้ตรวจ)")
st.plotly_chart(charts.heatmap_figure(ops.completeness), key="heatmap")

st.subheader("ผลการดำเนินงานที่เกณฑ์พิจารณา")
st.caption("นับเฉพาะข้อมูลที่อนุมัติแล้ว เช่นเดียวกับการคำนวณระดับ")
st.markdown("**เรื่องร้องเรียนที่ดำเนินการได้ตามมาตรฐานเวลา รายไตรมาส** (รับเรื่อง แจ้งรับเรื่อง ตอบกลับ แก้ไขแล้วเสร็จ)")
st.plotly_chart(charts.complaints_figure(ops.complaints), key="complaints")
voc_left, voc_right = st.columns(2)
with voc_left:
    st.markdown(f"**เสียงของลูกค้า (VOC) รายไตรมาสตาม 4 มิติ** — รวม {sum(c.records for c in ops.voc):,} เรื่อง")
    st.plotly_chart(charts.voc_quarter_figure(ops.voc), key="voc_quarter")
with voc_right:
    st.markdown("**VOC ตามกลุ่มลูกค้าและลำดับความสำคัญ**")
    st.plotly_chart(charts.voc_segment_figure(ops.voc), key="voc_segment")
st.markdown("**การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพัน**")
if ops.surveys.major_external_done:
    st.success("ดำเนินการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกแล้ว")
else:
    st.warning("ยังไม่มีการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกที่อนุมัติแล้ว (การสำรวจที่ดำเนินการเองใช้แทนไม่ได้)")
if ops.surveys.surveys:
    st.dataframe(pd.DataFrame([{
        "การสำรวจ": s.title,
        "ประเภท": SURVEY_KIND_TH.get(s.kind, s.kind),  # type: ignore[call-overload]
        "ผู้ดำเนินการ": CONDUCTOR_TH.get(s.conductor, s.conductor),  # type: ignore[call-overload]
        "ขอบเขต": SURVEY_SCOPE_TH.get(s.scope, s.scope),  # type: ignore[call-overload]
        "แล้วเสร็จ": thai_date(s.completed_on) or "ยังไม่แล้วเสร็จ",
        "อนุมัติแล้ว": "ใช่" if s.approved else "ยังไม่อนุมัติ",
    } for s in ops.surveys.surveys]), hide_index=True, width="stretch")

st.subheader("การติดตามข้อมูลจากหน่วยงาน")
with session_scope() as session:
    overdue = overdue_by_division(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
if overdue:
    st.dataframe(pd.DataFrame({"หน่วยงาน": list(overdue), "คำขอข้อมูลที่เลยกำหนดส่ง": list(overdue.values())}),
                 hide_index=True, width="stretch")
else:
    st.caption("ไม่มีคำขอข้อมูลที่เลยกำหนดส่ง")
