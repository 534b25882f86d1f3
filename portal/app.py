"""Entry point: `streamlit run portal/app.py` (or `scm-portal serve`). Builds the menu per role."""

from pathlib import Path

import streamlit as st

from evidence.models.users import ROLE_TH
from portal.components.login import login_form
from portal.registry import PAGES
from portal.session import current_actor, sign_out

HERE = Path(__file__).parent

st.set_page_config(page_title="พอร์ทัล SE-AM SCM", page_icon=":material/diversity_3:", layout="wide")

actor = current_actor()
if actor is None:
    login_slot = st.empty()
    with login_slot.container():
        actor = login_form()
    if actor is None:
        st.stop()
    login_slot.empty()

groups: dict[str, list[st.Page]] = {}
for spec in PAGES:
    if actor.role in spec.roles:
        groups.setdefault(spec.group, []).append(
            st.Page(str(HERE / spec.path), title=spec.title, icon=spec.icon, default=spec.default)
        )
with st.sidebar:
    st.markdown(f"**{actor.display_name or actor.username}**  \n{ROLE_TH[actor.role]}")
    if st.button("ออกจากระบบ", icon=":material/logout:"):
        sign_out()
        st.rerun()
st.navigation(groups).run()
