"""The inbox on each user's home page (`evidence.services.inbox`): what to act on now."""

import streamlit as st

from evidence.db import session_scope
from evidence.services.inbox import inbox_for
from portal.session import WorkContext


def inbox(ctx: WorkContext) -> None:
    with session_scope() as session:
        entries = inbox_for(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
    st.subheader(f"กล่องงานของฉัน ({len(entries):,})")
    if not entries:
        st.caption("ไม่มีรายการที่ต้องดำเนินการ")
        return
    for entry in entries:
        text = f"**{entry.kind}** · {entry.title}  \n{entry.detail}"
        (st.warning if entry.urgent else st.info)(text)
