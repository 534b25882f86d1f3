"""พื้นที่ทำงานผู้ประเมิน: criteria → sub-topic → items, with evidence, computed level and reasons; the
assessor's status and comments per item and level per sub-topic; the planning team replies."""

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.assessment import REVIEW_STATE_TH, ReviewState
from evidence.models.users import Role
from evidence.services import assessment as svc
from evidence.services import claims as claims_svc
from evidence.thai_dates import thai_datetime
from portal.components import scores
from portal.components.citations import show_citations
from portal.components.evidence_links import evidence_list
from portal.components.item_thread import comment_thread, is_open, run_write, show_flash
from portal.components.page import page_context
from portal.components.safe_text import md

VERDICT_OPTIONS: list[ReviewState | None] = [None, *svc.VERDICTS]
LABEL_CHARS = 70


def short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


ctx = page_context("พื้นที่ทำงานผู้ประเมิน", "ตรวจหลักฐานรายเกณฑ์ ให้สถานะและความเห็นรายการ และให้ระดับรายหัวข้อย่อยพร้อมเหตุผล")
actor, eid, year = ctx.actor, int(ctx.enterprise.id or 0), ctx.year.year
is_assessor = actor.role == Role.ASSESSOR

show_flash()
mode = scores.claim_mode_toggle(str(ctx.year.claim_mode), key="ws_mode")  # the same start as the dashboard
try:
    version = scores.current_version(actor, eid)
    result = scores.assessment(actor, eid, year, version, claim_mode=mode)
    with session_scope() as session:
        criteria = svc.pinned_criteria(session, actor, enterprise_id=eid, year=year)
        states = svc.item_states(session, actor, enterprise_id=eid, year=year)
        comments = svc.list_comments(session, actor, enterprise_id=eid, year=year)
        levels = svc.list_assessor_levels(session, actor, enterprise_id=eid, year=year)
        claim_refs = claims_svc.claim_evidence(session, [c for s in states.values() for c in s.claims])
        files_of_item = claims_svc.item_files(session, actor, enterprise_id=eid)
except DomainError as exc:
    st.error(exc.message)
    st.stop()
st.caption(scores.setting_caption(result))

topics = {t.code: t for p in result.parts for t in p.topics}
left, right = st.columns(2)
topic = topics[left.selectbox(
    "หัวข้อ", list(topics), key="ws_topic",
    format_func=lambda c: f"{c} {topics[c].name_th} · ระดับ {scores.level_text(topics[c].score)}",
)]
subs = {s.code: s for s in topic.subtopics}
sub = subs[right.selectbox(
    "หัวข้อย่อย", list(subs), key="ws_subtopic",
    format_func=lambda c: f"{c} {subs[c].name_th} · ระดับ {scores.level_text(subs[c].level)}"
    + (f" (ผู้ประเมิน {subs[c].assessor_level:g})" if subs[c].assessor_level is not None else ""),
)]
spec = criteria.subtopic(sub.code)

st.subheader(f"{sub.code} {sub.name_th}")
cols = st.columns(4)
cols[0].metric("ระดับที่คำนวณได้", scores.level_text(sub.level))
cols[1].metric("ผ่านครบถึงระดับ", "–" if sub.levels_met is None else f"{sub.levels_met}")
cols[2].metric("ระดับที่ผู้ประเมินให้", "–" if sub.assessor_level is None else f"{sub.assessor_level:g}")
cols[3].metric("น้ำหนัก", f"{sub.weight:g}" + (" (ชั่วคราว)" if sub.weight_provisional else ""))
given = levels.get(sub.code)
if given is not None:
    st.info(f"เหตุผลของผู้ประเมิน ({md(given.assessor)}, {thai_datetime(given.updated_at)}): {md(given.rationale)}")
if is_assessor:
    with st.form(f"level_{sub.code}"):
        st.markdown("**ระดับที่ผู้ประเมินให้** (บันทึกไว้คู่กับระดับที่ระบบคำนวณ ไม่แทนที่)")
        level = st.number_input("ระดับ (0–5)", 0.0, 5.0, float(given.level if given else sub.levels_met or 0),
                                step=0.5, key=f"lv_{sub.code}")
        rationale = st.text_area("เหตุผลประกอบ (จำเป็น)", given.rationale if given else "", key=f"why_{sub.code}")
        if st.form_submit_button("บันทึกระดับของผู้ประเมิน", type="primary"):
            run_write(lambda s: svc.set_assessor_level(
                s, actor, enterprise_id=eid, year=year, subtopic_code=sub.code, level=level, rationale=rationale,
                expected_version=given.version if given else None,
            ), f"บันทึกระดับของหัวข้อย่อย {sub.code} แล้ว")


items = {i.id: i for i in sub.items}
for level in spec.levels:
    st.markdown(f"#### ระดับ {level.level}: {md(level.text_th)}")
    for item_spec in level.items:
        item = items.get(item_spec.id)
        state = states.get(item_spec.id)
        if item is None or state is None:
            continue
        verdict = REVIEW_STATE_TH[state.review] if state.review else svc.NOT_REVIEWED_TH
        label = (f"{scores.STATUS_ICON.get(item.status, '')} {md(short(item.text_th))} · ผู้ประเมิน: {verdict} · "
                 f"ความเห็น {state.comments} :gray[({md(item.id)})]")
        with st.expander(label, expanded=is_open(item.id)):  # open again after a save or a comment on it
            st.markdown(scores.item_line(item))
            how = f"ตรวจจากข้อมูลโดยกฎ {item.rule_id}" if item.kind == "rule" else "ผู้ประเมินพิจารณาจากหลักฐานที่อ้าง"
            st.caption(f"{how} · อ้างอิง {md(item_spec.basis)}")
            for reason in item.reasons:
                st.markdown(f"- {md(reason)}")
            show_citations(item)
            for claim in state.claims:
                st.markdown(f"**การอ้างหลักฐานของฝ่ายแผน** ({REVIEW_STATE_TH[ReviewState(claim.state)]}, "
                            f"{md(claim.updated_by)}, {thai_datetime(claim.updated_at)})")
                st.text(claim.claim_text)
            refs = list(dict.fromkeys([*item.evidence, *(r for c in state.claims for r in claim_refs[int(c.id or 0)]),
                                       *files_of_item.get(item.id, ())]))
            evidence_list(actor, eid, refs, key=f"ev_{item.id}")
            if is_assessor:
                with st.form(f"review_{item.id}"):
                    choice = st.selectbox(
                        "สถานะการตรวจของผู้ประเมิน", VERDICT_OPTIONS, index=VERDICT_OPTIONS.index(state.review),
                        format_func=lambda s: REVIEW_STATE_TH[s] if s else svc.NOT_REVIEWED_TH, key=f"st_{item.id}",
                    )
                    if st.form_submit_button("บันทึกสถานะ"):
                        run_write(lambda s, i=item.id, c=choice: svc.set_item_review(
                            s, actor, enterprise_id=eid, year=year, item_id=i, state=c,
                        ), f"บันทึกสถานะของรายการ {item.id} แล้ว", item_id=item.id)
            comment_thread(actor, eid, year, item.id, comments)
