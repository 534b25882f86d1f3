"""Entry point: `streamlit run portal/app.py` (or `scm-portal serve`). Builds the menu per role.

Every page is registered with `st.navigation` so that a typed URL or a page switch always resolves,
but the menu shows only the pages of the signed-in role; a page outside the role is refused here,
before its script runs, and the attempt is logged as `denied`.
"""

from pathlib import Path

import streamlit as st

from evidence.jobs import resume_interrupted, runner_name
from evidence.models.users import ROLE_TH
from evidence.observability import page_run, start_metrics
from portal.components import print_view
from portal.components.failure import guarded
from portal.components.login import login_form, password_popover
from portal.components.safe_text import md
from portal.registry import PAGES, PageSpec
from portal.session import (
    audit_event,
    checked_actor,
    current_actor,
    menu_for,
    neutralise_query_params,
    refuse_page,
    sign_out,
    signed_in_via,
)

HERE = Path(__file__).parent

st.set_page_config(page_title="พอร์ทัล SE-AM SCM", page_icon=":material/diversity_3:", layout="wide")


def _pages(menu: list[PageSpec]) -> tuple[dict[str, list[st.Page]], dict[str, PageSpec]]:
    """Every page once (a typed URL always resolves); those outside `menu` hidden, without a heading."""
    groups: dict[str, list[st.Page]] = {}
    specs: dict[str, PageSpec] = {}
    for spec in PAGES:
        allowed = spec in menu
        page = st.Page(str(HERE / spec.path), title=spec.title, icon=spec.icon,
                       default=spec.default and (allowed or not menu), visibility="visible" if allowed else "hidden")
        specs[page.url_path] = spec
        groups.setdefault(spec.group if allowed else "", []).append(page)
    return groups, specs


def _portal() -> None:
    actor = current_actor()
    neutralise_query_params(actor)
    print_view.style()
    if actor is None:
        # The page asked for (a deep link) is resolved but not run: its address and the query parameters
        # the portal reads stay in the URL through sign-in, and the rerun after it opens that page.
        groups, _ = _pages([])
        st.navigation(groups, position="hidden")
        if login_form() is not None:
            st.rerun()
        st.stop()

    groups, specs = _pages(menu_for(actor.role))
    with st.sidebar:
        st.markdown(f"**{md(actor.display_name or actor.username)}**  \n{ROLE_TH[actor.role]}")
        if signed_in_via() == "password":
            password_popover(actor)
        if st.button("ออกจากระบบ", icon=":material/logout:", key="sign_out"):
            audit_event(actor.username, "logout", "ออกจากระบบ", enterprise_id=actor.enterprise_id)
            sign_out()
            st.rerun()
        print_view.print_button()
    selected = st.navigation(groups, expanded=True)  # the whole menu of the role, never "View 14 more"
    spec = specs.get(selected.url_path)
    if spec is not None and actor.role not in spec.roles:
        refuse_page(actor, spec.path)
    with (page_run(spec.path if spec else selected.url_path, user=actor.username, enterprise_id=actor.enterprise_id),
          checked_actor(actor)):
        selected.run()  # logged (request, user, enterprise, duration) and timed in scm_page_render_seconds


@st.cache_resource(show_spinner=False)
def _process_start() -> bool:
    """Once per portal process: the metrics endpoint (SCM_METRICS_PORT) and, on the in-process runner,
    the jobs a stopped portal left unfinished (issue 17)."""
    start_metrics()
    if runner_name() == "thread":
        resume_interrupted()
    return True


_process_start()


guarded(_portal)
