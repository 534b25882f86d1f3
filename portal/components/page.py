"""The start of every page: title, signed-in actor and the enterprise/year being worked on."""

import streamlit as st

from portal.session import WorkContext, page_actor, work_context


def page_context(title: str, caption: str = "") -> WorkContext:
    actor = page_actor()  # stops (refused and logged) before anything is drawn if the role may not open it
    st.title(title)
    if caption:
        st.caption(caption)
    ctx = work_context(actor)
    if ctx is None:
        st.stop()
    return ctx  # type: ignore[return-value]
