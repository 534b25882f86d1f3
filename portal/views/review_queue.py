"""ตรวจและอนุมัติข้อมูล: records divisions submitted, approved or returned with a comment by the
planning team. Scoring counts approved records only."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError, StaleVersion, ValidationFailed
from evidence.models.base import ReviewStatus
from evidence.services.records import set_review_status
from evidence.services.review import BY_TABLE, QueueItem, queue_counts, record_details, review_queue
from evidence.thai_dates import thai_datetime
from portal.components.file_preview import record_files
from portal.components.missing_panel import APPROVED_ONLY
from portal.components.page import page_context
from portal.components.revision_review import revision_review
from portal.components.scope_picker import division_scope
from portal.components.stale_notice import stale_notice
from portal.session import WorkContext

KEY = "review"


def _on_decide(ctx: WorkContext, item: QueueItem, status: ReviewStatus) -> None:
    for part in ("error", "flash", "stale"):
        st.session_state.pop(f"{KEY}:{part}", None)
    comment = (st.session_state.get(f"{KEY}:comment") or "").strip() or None
    try:
        with session_scope() as session:
            set_review_status(session, ctx.actor, BY_TABLE[item.table], item.record_id, status,  # type: ignore[type-var]
                              expected_version=item.version, comment=comment)
    except StaleVersion as stale:
        st.session_state[f"{KEY}:stale"] = (item.table, stale.message, stale.theirs, stale.mine)
        return
    except (ValidationFailed, DomainError) as error:
        st.session_state[f"{KEY}:error"] = error.message
        return
    verb = "อนุมัติ" if status == ReviewStatus.APPROVED else "ส่งกลับแก้ไข"
    st.session_state[f"{KEY}:flash"] = f"{verb} {item.family} '{item.label}' แล้ว"
    st.session_state[f"{KEY}:comment"] = ""


ctx = page_context("ตรวจและอนุมัติข้อมูล", "ข้อมูลที่หน่วยงานส่งตรวจ: อนุมัติ หรือส่งกลับพร้อมความเห็น")
st.caption(APPROVED_ONLY)
scope = division_scope(ctx)
for part, show in (("flash", st.success), ("error", st.error)):
    message = st.session_state.pop(f"{KEY}:{part}", None)
    if message:
        show(message)
stale = st.session_state.get(f"{KEY}:stale")
if stale:
    stale_notice(BY_TABLE[stale[0]], *stale[1:])
with session_scope() as session:
    counts = queue_counts(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                          unit_ids=scope.unit_ids)
    queue = review_queue(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                         unit_ids=scope.unit_ids)
revision_review(ctx)
if not queue:
    st.info("ไม่มีข้อมูลที่รอการตรวจ")
    st.stop()
st.markdown("**รอการตรวจ:** " + ", ".join(f"{family} {n:,} รายการ" for family, n in counts.items()))
st.dataframe(pd.DataFrame([{
    "ประเภทข้อมูล": i.family, "รายการ": i.label, "หน่วยงาน": scope.unit_name(i.unit_id), "ส่งโดย": i.updated_by,
    "เมื่อ": thai_datetime(i.updated_at)} for i in queue]), hide_index=True, width="stretch")
choices = {f"{i.table}:{i.record_id}": i for i in queue}
picked = st.selectbox("รายการที่จะตรวจ", list(choices), key=f"{KEY}:pick",
                      format_func=lambda k: f"{choices[k].family}: {choices[k].label} ({scope.unit_name(choices[k].unit_id)})")
item = choices[picked]
model = BY_TABLE[item.table]
with session_scope() as session:
    details = record_details(session, ctx.actor, model, item.record_id)
st.dataframe(pd.DataFrame({"ข้อมูล": [label for label, _ in details], "ค่า": [value for _, value in details]}),
             hide_index=True, width="stretch")
record_files(ctx, item.table, item.record_id, key=f"{KEY}:files")
st.text_area("ความเห็นผู้ตรวจ (ต้องระบุเมื่อส่งกลับแก้ไข)", key=f"{KEY}:comment")
approve, send_back = st.columns(2)
approve.button("อนุมัติ", type="primary", key=f"{KEY}:approve", icon=":material/check:", on_click=_on_decide,
               args=(ctx, item, ReviewStatus.APPROVED))
send_back.button("ส่งกลับแก้ไข", key=f"{KEY}:return", icon=":material/undo:", on_click=_on_decide,
                 args=(ctx, item, ReviewStatus.RETURNED))
