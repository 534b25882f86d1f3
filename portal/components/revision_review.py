"""The planning team's review of pending revisions: the approved version and the revision side by
side, with Thai labels and the attached files; approve applies the revision, return sends it back."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.base import ReviewStatus
from evidence.services.revisions import compare_revision, decide_revision, pending_revisions
from evidence.thai_dates import thai_datetime
from portal.components.file_preview import record_files
from portal.session import WorkContext

KEY = "revision"


def _on_decide(ctx: WorkContext, revision_id: int, version: int, status: ReviewStatus) -> None:
    st.session_state.pop(f"{KEY}:error", None)
    comment = (st.session_state.get(f"{KEY}:comment") or "").strip() or None
    try:
        with session_scope() as session:
            decide_revision(session, ctx.actor, revision_id, status, expected_version=version, comment=comment)
    except DomainError as error:
        st.session_state[f"{KEY}:error"] = error.message
        return
    verb = "อนุมัติฉบับแก้ไขและนำไปใช้" if status == ReviewStatus.APPROVED else "ส่งฉบับแก้ไขกลับ"
    st.session_state[f"{KEY}:flash"] = f"{verb}แล้ว"
    st.session_state[f"{KEY}:comment"] = ""


def revision_review(ctx: WorkContext) -> None:
    """A section of the review page; draws nothing when no revision waits."""
    for part, show in (("flash", st.success), ("error", st.error)):
        message = st.session_state.pop(f"{KEY}:{part}", None)
        if message:
            show(message)
    with session_scope() as session:
        waiting = pending_revisions(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0)
        compared = {r.id: compare_revision(session, ctx.actor, r.id or 0) for r in waiting}
    if not waiting:
        return
    st.subheader(f"ฉบับแก้ไขของข้อมูลที่อนุมัติแล้ว ({len(waiting):,} รายการ)")
    st.caption("ข้อมูลที่อนุมัติแล้วยังนับคะแนนอยู่จนกว่าจะอนุมัติฉบับแก้ไข")
    picked = st.selectbox("ฉบับแก้ไขที่จะตรวจ", list(compared), key=f"{KEY}:pick",
                          format_func=lambda i: f"{compared[i].family}: {compared[i].record_label} "
                                                f"(เสนอโดย {compared[i].revision.updated_by} "
                                                f"{thai_datetime(compared[i].revision.updated_at)})")
    comparison = compared[picked]
    st.dataframe(pd.DataFrame([{
        "ข้อมูล": f.label, "ฉบับที่อนุมัติแล้ว (ใช้นับคะแนน)": f.approved, "ฉบับแก้ไขที่เสนอ": f.proposed,
        "เปลี่ยน": "✎" if f.changed else ""} for f in comparison.fields]), hide_index=True, width="stretch")
    record_files(ctx, comparison.revision.record_table, comparison.revision.record_id, key=f"{KEY}:files")
    st.text_area("ความเห็นต่อฉบับแก้ไข (ต้องระบุเมื่อส่งกลับ)", key=f"{KEY}:comment")
    approve, send_back = st.columns(2)
    version = comparison.revision.version
    approve.button("อนุมัติฉบับแก้ไข", type="primary", key=f"{KEY}:approve", on_click=_on_decide,
                   args=(ctx, picked, version, ReviewStatus.APPROVED))
    send_back.button("ส่งฉบับแก้ไขกลับ", key=f"{KEY}:return", on_click=_on_decide,
                     args=(ctx, picked, version, ReviewStatus.RETURNED))
    st.divider()
