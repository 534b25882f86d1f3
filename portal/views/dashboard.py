"""แดชบอร์ดผู้บริหาร: where the enterprise stands on SE-AM SCM and what blocks the next level (read-only)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.surveys import CONDUCTOR_TH, SURVEY_KIND_TH, SURVEY_SCOPE_TH
from evidence.services.blockers import blocker_rows, blocker_summary, owners_of
from evidence.services.followup import overdue_by_division
from evidence.thai_dates import bangkok_today, thai_date
from portal.components import dashboard_charts as charts
from portal.components import scores, thai_widgets
from portal.components.page import page_context
from portal.components.safe_text import md

ALL_OWNERS = "ทุกหน่วยงาน"

ctx = page_context("แดชบอร์ดผู้บริหาร", "ภาพรวมการมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (SE-AM SCM) · อ่านอย่างเดียว")
eid, year = int(ctx.enterprise.id or 0), ctx.year.year
mode = scores.claim_mode_toggle(str(ctx.year.claim_mode), key="dash_mode")
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
shown = (eid, year, version, bangkok_today(), mode)  # figures are built once per data version and setting

parts = {p.code: p for p in result.parts}
cols = st.columns(4)
cols[0].metric("คะแนน SCM (0–5)", scores.level_text(result.score))
for col, code in zip(cols[1:3], ("SM", "CM"), strict=True):
    part = parts.get(code)
    col.metric(f"{code} {part.name_th if part else ''}"[:40], scores.level_text(part.score if part else None))
summary = blocker_summary(result)
cols[3].metric("รายการที่ขวางระดับถัดไป", f"{summary.items:,} รายการ",
               f"+{summary.reachable - summary.score:.2f} เมื่อทำครบ" if summary.reachable is not None and summary.score is not None else None,
               help="ผลรวมคะแนน SCM ที่เพิ่มขึ้นเมื่อทุกหัวข้อย่อยขึ้นระดับถัดไปได้")
st.markdown(f"**{md(summary.headline)}**")

left, right = st.columns([3, 2])
with left:
    st.subheader("ระดับรายหัวข้อเทียบเป้าหมาย")
    if not targets:
        st.caption("ยังไม่ได้กำหนดระดับเป้าหมาย (ฝ่ายแผนกำหนดได้ที่หน้า ผลการประเมินตนเอง)")
    st.plotly_chart(charts.kept("topics", (*shown, tuple(sorted(targets.items()))),
                                lambda: charts.topic_figure(result, targets)), key="topics")
with right:
    st.subheader("เปรียบเทียบรายปี")
    if not earlier:
        st.caption("ยังไม่มีผลของปีประเมินก่อนหน้าที่มีข้อมูล แสดงเฉพาะปีนี้")
    st.plotly_chart(charts.kept("history", shown, lambda: charts.history_figure(earlier, result)), key="history")
    assessed = [f"- พ.ศ. {y.year} {code}: ระดับที่คำนวณ {scores.level_text(level)} · ระดับของผู้ประเมิน "
                f"{scores.level_text(given)}" for y in earlier for code, level, given in y.assessed]
    if assessed:
        st.markdown("**ระดับของผู้ประเมินในปีก่อนเทียบกับระดับที่คำนวณ**\n" + "\n".join(assessed))

st.subheader("ระดับรายหัวข้อย่อย")
st.plotly_chart(charts.kept("subtopics", shown, lambda: charts.subtopic_figure(result)), key="subtopics")
st.subheader("สิ่งที่ขวางระดับถัดไปของแต่ละหัวข้อย่อย")
st.caption("เรียงตามคะแนน SCM ที่จะเพิ่มขึ้น คะแนนที่เพิ่มนับเมื่อทำครบทุกรายการของหัวข้อย่อยนั้น")
owner = thai_widgets.selectbox("สายงาน/หน่วยงานเจ้าของหลักฐาน", [ALL_OWNERS, *owners_of(result)], key="dash_owner")
rows = blocker_rows(result, owner=None if owner == ALL_OWNERS else owner)
if rows:
    thai_widgets.table(pd.DataFrame([{
        "หัวข้อย่อย": f"{r.subtopic_code} {r.subtopic_name}",
        "ระดับปัจจุบัน → ถัดไป": f"{r.level:.2f} → {r.next_level:.2f}",
        "รายการที่ต้องทำ": r.item_text,
        "สิ่งที่ยังขาด": r.missing,
        "สายงาน/หน่วยงานเจ้าของ": r.owner_text,
        "คะแนน SCM ที่เพิ่มขึ้น": f"+{r.score_gain:.2f}" + (f" (เมื่อครบ {r.items_in_step} รายการ)"
                                                         if r.items_in_step > 1 else ""),
    } for r in rows]), keep_copies=True, key="dash_blockers", file_name=f"สิ่งที่ขวางระดับถัดไป_{year}",
        column_config={"รายการที่ต้องทำ": st.column_config.TextColumn(width="large"),
                       "สิ่งที่ยังขาด": st.column_config.TextColumn(width="large")})
else:
    st.info("ไม่มีรายการที่ขวางระดับถัดไปสำหรับหน่วยงานนี้")

st.subheader("ความครบถ้วนของหลักฐาน: สายงาน × กลุ่มข้อมูล")
st.caption("ร้อยละของรายการที่ครบและอนุมัติแล้ว ชี้ที่ช่องเพื่อดูสิ่งที่สายงานยังค้าง (ช่องว่าง: ไม่มีข้อมูลให้ตรวจ)")
st.plotly_chart(charts.kept("heatmap", shown, lambda: charts.heatmap_figure(ops.completeness)), key="heatmap")

st.subheader("ผลการดำเนินงานที่เกณฑ์พิจารณา")
st.caption("นับเฉพาะข้อมูลที่อนุมัติแล้ว เช่นเดียวกับการคำนวณระดับ")
st.markdown("**เรื่องร้องเรียนที่ดำเนินการได้ตามมาตรฐานเวลา รายไตรมาส** (รับเรื่อง แจ้งรับเรื่อง ตอบกลับ แก้ไขแล้วเสร็จ)")
st.plotly_chart(charts.kept("complaints", shown, lambda: charts.complaints_figure(ops.complaints)), key="complaints")
voc_left, voc_right = st.columns(2)
with voc_left:
    st.markdown(f"**เสียงของลูกค้า (VOC) รายไตรมาสตาม 4 มิติ** — รวม {sum(c.records for c in ops.voc):,} เรื่อง")
    st.plotly_chart(charts.kept("voc_quarter", shown, lambda: charts.voc_quarter_figure(ops.voc)), key="voc_quarter")
with voc_right:
    st.markdown("**VOC ตามกลุ่มลูกค้าและลำดับความสำคัญ**")
    st.plotly_chart(charts.kept("voc_segment", shown, lambda: charts.voc_segment_figure(ops.voc)), key="voc_segment")
st.markdown("**การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพัน**")
if ops.surveys.major_external_done:
    st.success("ดำเนินการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกแล้ว")
else:
    st.warning("ยังไม่มีการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกที่อนุมัติแล้ว (การสำรวจที่ดำเนินการเองใช้แทนไม่ได้)")
if ops.surveys.surveys:
    thai_widgets.table(pd.DataFrame([{
        "การสำรวจ": s.title,
        "ประเภท": SURVEY_KIND_TH.get(s.kind, s.kind),  # type: ignore[call-overload]
        "ผู้ดำเนินการ": CONDUCTOR_TH.get(s.conductor, s.conductor),  # type: ignore[call-overload]
        "ขอบเขต": SURVEY_SCOPE_TH.get(s.scope, s.scope),  # type: ignore[call-overload]
        "แล้วเสร็จ": thai_date(s.completed_on) or "ยังไม่แล้วเสร็จ",
        "อนุมัติแล้ว": "ใช่" if s.approved else "ยังไม่อนุมัติ",
    } for s in ops.surveys.surveys]), keep_copies=True, key="dash_surveys", file_name=f"การสำรวจ_{year}")

st.subheader("การติดตามข้อมูลจากหน่วยงาน")
with session_scope() as session:
    overdue = overdue_by_division(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
if overdue:
    thai_widgets.table(pd.DataFrame({"หน่วยงาน": list(overdue), "คำขอข้อมูลที่เลยกำหนดส่ง": list(overdue.values())}),
                       keep_copies=True, key="dash_overdue", file_name=f"คำขอเลยกำหนด_{year}")
else:
    st.caption("ไม่มีคำขอข้อมูลที่เลยกำหนดส่ง")
