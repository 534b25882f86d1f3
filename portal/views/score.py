"""ผลการประเมินตนเอง: the level each sub-topic reaches and why, for the enterprise or one line of business."""

import json

import pandas as pd
import streamlit as st
from sqlmodel import Session

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.users import Role
from evidence.services.dashboard import set_topic_target
from evidence.services.org import lines_of, list_units
from portal.components import scores
from portal.components.citations import show_citations
from portal.components.item_thread import run_write, show_flash
from portal.components.page import page_context
from portal.components.safe_text import md

ctx = page_context("ผลการประเมินตนเอง", "ระดับที่ระบบคำนวณจากหลักฐานที่อนุมัติแล้ว พร้อมเหตุผลรายรายการ และระดับที่ผู้ประเมินให้")
actor, eid, year = ctx.actor, int(ctx.enterprise.id or 0), ctx.year.year
show_flash()
try:
    with session_scope() as session:
        lines = lines_of(list_units(session, actor, eid))
except DomainError as exc:
    st.error(exc.message)
    st.stop()
names = {int(u.id or 0): u.name_th for u in lines}
division = st.selectbox("ขอบเขต", [None, *names], format_func=lambda d: "ทั้งองค์กร" if d is None else names[d],
                          key="sc_scope")
mode = scores.claim_mode_toggle(str(ctx.year.claim_mode), key="sc_mode")
try:
    version = scores.current_version(actor, eid)
    result = scores.assessment(actor, eid, year, version, division_id=division, claim_mode=mode)
    targets = scores.targets(actor, eid, year, version)
except DomainError as exc:
    st.error(exc.message)
    st.stop()
st.caption(scores.setting_caption(result))

cols = st.columns(3)
cols[0].metric(f"คะแนน SCM · {result.scope_name}", scores.level_text(result.score))
for col, part in zip(cols[1:], result.parts, strict=False):
    col.metric(f"{part.code} {part.name_th}", scores.level_text(part.score))
st.download_button(
    "ดาวน์โหลดผลการประเมิน (JSON)", json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2),
    file_name=f"scm-score-{ctx.enterprise.code}-{year}.json", mime="application/json", key="sc_json",
)

st.dataframe(pd.DataFrame([{
    "หัวข้อย่อย": f"{s.code} {s.name_th}",
    "น้ำหนัก": f"{s.weight:g}" + (" (ชั่วคราว)" if s.weight_provisional else ""),
    "ระดับที่คำนวณได้": scores.level_text(s.level),
    "ผ่านครบถึงระดับ": s.levels_met,
    "ระดับที่ผู้ประเมินให้": "–" if s.assessor_level is None else f"{s.assessor_level:g}",
    "รายการที่ขวางระดับถัดไป": ", ".join(s.blocking) or "–",
} for s in result.subtopics()]), hide_index=True, width="stretch")

for part in result.parts:
    for topic in part.topics:
        target = targets.get(topic.code)
        title = f"{topic.code} {topic.name_th} · ระดับ {scores.level_text(topic.score)}"
        with st.expander(title + (f" · เป้าหมาย {target:g}" if target is not None else "")):
            for sub in topic.subtopics:
                st.markdown(f"##### {md(sub.code)} {md(sub.name_th)} — ระดับ {scores.level_text(sub.level)} "
                            f"(ผ่านครบถึงระดับ {sub.levels_met})")
                if sub.assessor_level is not None:
                    st.info(f"ระดับที่ผู้ประเมินให้ {sub.assessor_level:g}: {md(sub.assessor_rationale)}")
                for item in sub.items:
                    st.markdown(f"ระดับ {item.level} · " + scores.item_line(item))
                    for reason in item.reasons:
                        st.caption(f"• {md(reason)}")
                    for setting in item.settings:
                        st.caption(f"⚙ ค่าที่ใช้ตัดสิน: {md(setting.text_th)}")
                    show_citations(item)

if actor.role in (Role.PLANNING, Role.ADMIN):
    with st.expander("กำหนดระดับเป้าหมายรายหัวข้อ (ฝ่ายแผน)"), st.form("targets"):
        topics = [t for p in result.parts for t in p.topics]
        wanted = {t.code: st.number_input(f"{t.code} {t.name_th}", 0.0, 5.0, float(targets.get(t.code, 0.0)), step=0.5,
                                          key=f"target_{t.code}") for t in topics}
        if st.form_submit_button("บันทึกเป้าหมาย"):
            changed = {code: level for code, level in wanted.items() if targets.get(code, 0.0) != level}

            def save_targets(session: Session) -> None:
                for code, level in changed.items():
                    set_topic_target(session, actor, enterprise_id=eid, year=year, topic_code=code,
                                     target_level=level)

            run_write(save_targets, f"บันทึกเป้าหมาย {len(changed)} หัวข้อแล้ว")
