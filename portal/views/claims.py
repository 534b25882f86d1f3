"""จับคู่หลักฐานกับเกณฑ์: the planning team links records and files to items only a person can judge and
writes a short claim; the item then reads "claimed, awaiting review" until the assessor decides."""

import pandas as pd
import streamlit as st

from criteria.schema import Item
from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.assessment import REVIEW_STATE_TH, ReviewState
from evidence.services import assessment as svc
from evidence.services import claims as claims_svc
from evidence.services.org import list_units
from evidence.thai_dates import thai_datetime
from portal.components import scores, thai_widgets
from portal.components.evidence_links import evidence_list
from portal.components.item_thread import comment_thread, run_write, show_flash
from portal.components.page import page_context
from portal.components.safe_text import md

NOT_CLAIMED = "ยังไม่ได้อ้างหลักฐาน"
WHOLE = "ทั้งองค์กร"

ctx = page_context("จับคู่หลักฐานกับเกณฑ์", "อ้างหลักฐานสำหรับรายการที่ผู้ประเมินต้องพิจารณา (รายการที่ระบบตรวจด้วยกฎอ้างด้วยตนเองไม่ได้)")
actor, eid, year = ctx.actor, int(ctx.enterprise.id or 0), ctx.year.year
show_flash()
try:
    with session_scope() as session:
        criteria = svc.pinned_criteria(session, actor, enterprise_id=eid, year=year)
        states = svc.item_states(session, actor, enterprise_id=eid, year=year)
        comments = svc.list_comments(session, actor, enterprise_id=eid, year=year)
        units = list_units(session, actor, eid)
        claim_refs = claims_svc.claim_evidence(session, [c for s in states.values() for c in s.claims])
except DomainError as exc:
    st.error(exc.message)
    st.stop()
mode_th = scores.CLAIM_MODE_TH.get(str(ctx.year.claim_mode), str(ctx.year.claim_mode))
st.info(f"การตั้งค่าของรอบปี พ.ศ. {year}: {mode_th}")


def claim_state(item_id: str) -> str:
    claims = states[item_id].claims
    if not claims:
        return NOT_CLAIMED
    return " / ".join(dict.fromkeys(REVIEW_STATE_TH[ReviewState(c.state)] for c in claims))


judged = [(sub, level, item) for sub in criteria.subtopics() for level, item in sub.items() if item.kind == "judgement"]
overview = pd.DataFrame([{
    "หัวข้อย่อย": sub.code, "ระดับ": level, "รายการ": item.id, "สถานะ": claim_state(item.id),
    "ความเห็น": states[item.id].comments, "ข้อความเกณฑ์": item.text_th,
} for sub, level, item in judged])
claimed = sum(1 for _, _, item in judged if states[item.id].claims)
st.caption(f"อ้างหลักฐานแล้ว {claimed:,} จาก {len(judged):,} รายการที่ผู้ประเมินต้องพิจารณา")
with st.expander("ภาพรวมรายการที่ต้องอ้างหลักฐาน", expanded=False):
    st.dataframe(overview, hide_index=True, width="stretch")

codes = list(dict.fromkeys(sub.code for sub, _, _ in judged))
left, right = st.columns(2)
code = left.selectbox("หัวข้อย่อย", codes, key="cl_subtopic",
                      format_func=lambda c: f"{c} {criteria.subtopic(c).name_th}")
choices: dict[str, tuple[int, Item]] = {item.id: (level, item) for sub, level, item in judged if sub.code == code}
level, item = choices[right.selectbox(
    "รายการ", list(choices), key="cl_item",
    format_func=lambda i: f"ระดับ {choices[i][0]} · {i} · {claim_state(i)}",
)]
st.markdown(f"**{md(item.id)}** (ระดับ {level}) — {md(item.text_th)}")
st.caption(f"อ้างอิง {md(item.basis)}")

unit_names = {u.id: u.name_th for u in units}
for claim in states[item.id].claims:
    with st.container(border=True):
        owner = unit_names.get(claim.org_unit_id, WHOLE) if claim.org_unit_id else WHOLE
        st.markdown(f"**{REVIEW_STATE_TH[ReviewState(claim.state)]}** · {md(owner)} · แก้ไขล่าสุดโดย {md(claim.updated_by)} "
                    f"{thai_datetime(claim.updated_at)}")
        st.text(claim.claim_text)
        evidence_list(actor, eid, claim_refs[int(claim.id or 0)], key=f"cl_ev_{claim.id}")
        if st.button("ถอนการอ้างหลักฐานนี้", key=f"withdraw_{claim.id}"):
            run_write(lambda s, c=claim: claims_svc.withdraw_claim(s, actor, int(c.id or 0), expected_version=c.version),
                      f"ถอนการอ้างหลักฐานของรายการ {item.id} แล้ว")

st.markdown("#### อ้างหลักฐาน / แก้ไขการอ้างหลักฐาน")
owner_id = st.selectbox("หน่วยงานเจ้าของหลักฐาน", [None, *unit_names], key=f"cl_unit_{item.id}",
                        format_func=lambda u: WHOLE if u is None else unit_names[u])
existing = next((c for c in states[item.id].claims if c.org_unit_id == owner_id), None)
basket_key = f"cl_basket_{item.id}_{owner_id}"
if basket_key not in st.session_state:
    st.session_state[basket_key] = {(str(r["table"]), int(r["id"])) for r in existing.linked_records} if existing else set()
basket: set[tuple[str, int]] = st.session_state[basket_key]

families = list(claims_svc.LINKABLE)
pick_left, pick_mid = st.columns(2)
family = pick_left.selectbox("ประเภทข้อมูล", families, key="cl_family", format_func=lambda t: claims_svc.LINKABLE[t][1])
search = pick_mid.text_input("ค้นหา (รหัส ชื่อ หรือข้อความ)", key="cl_search")
try:
    with session_scope() as session:
        options = claims_svc.linkable_records(session, actor, enterprise_id=eid, year=year, table=family, search=search)
        files = claims_svc.linkable_files(session, actor, enterprise_id=eid)
except DomainError as exc:
    st.error(exc.message)
    st.stop()
labels = {(o.table, o.record_id): o.label for o in options}
picked = thai_widgets.multiselect("เลือกข้อมูลที่จะอ้าง", list(labels), format_func=lambda k: labels[k], key="cl_pick")
if st.button("เพิ่มเข้ารายการหลักฐาน", key="cl_add") and picked:
    basket.update(picked)
if basket:
    st.markdown("**ข้อมูลที่จะอ้าง**")
    for table, record_id in sorted(basket):
        row_left, row_right = st.columns([5, 1])
        row_left.markdown(f"- {claims_svc.LINKABLE[table][1]} รหัส {record_id}" if (table, record_id) not in labels
                          else f"- {md(labels[(table, record_id)])}")
        if row_right.button("นำออก", key=f"cl_drop_{table}_{record_id}"):
            basket.discard((table, record_id))
            st.rerun()

file_names = {f.record_id: f.label for f in files}
with st.form(f"claim_{item.id}"):
    chosen_files = thai_widgets.multiselect(
        "ไฟล์หลักฐาน", list(file_names), format_func=lambda f: file_names[f], key=f"cl_files_{item.id}",
        default=[f for f in (existing.linked_file_ids if existing else []) if f in file_names],
    )
    text = st.text_area("คำอธิบายการอ้างหลักฐาน (ภาษาไทย สั้น ๆ ว่าหลักฐานแสดงอะไร)",
                        existing.claim_text if existing else "", key=f"cl_text_{item.id}")
    if st.form_submit_button("บันทึกการอ้างหลักฐาน", type="primary"):
        links = [{"table": t, "id": i} for t, i in sorted(basket)]
        run_write(lambda s: claims_svc.save_claim(
            s, actor, enterprise_id=eid, year=year, item_id=item.id, claim_text=text, linked_records=links,
            linked_file_ids=chosen_files, org_unit_id=owner_id,
            expected_version=existing.version if existing else None,
        ), f"บันทึกการอ้างหลักฐานของรายการ {item.id} แล้ว รอผู้ประเมินตรวจ")

comment_thread(actor, eid, year, item.id, comments)
