"""The start of every page: title, signed-in actor and the enterprise/year being worked on."""

import streamlit as st

from portal.session import WorkContext, current_actor, work_context


def page_context(title: str, caption: str = "") -> WorkContext:
    st.title(title)
    if caption:
        st.caption(caption)
    actor = current_actor()
    if actor is None:
        st.stop()
    ctx = work_context(actor)
    if ctx is None:
        st.stop()
    return ctx  # type: ignore[return-value]
