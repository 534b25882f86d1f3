"""Keys of the short-lived caches of page summaries (to-do lists, VOC counts).

Aggregates over a large year (500,000 VOC records) take a second or more, so pages cache them. A
key holds this browser session's token (so no one is served another session's cache) and the data
version of `evidence.services.dashboard.data_version` (the enterprise's newest evidence write): any
write of the enterprise's evidence, by anyone, moves it and the next run recomputes.
"""

from uuid import uuid4

import streamlit as st

from evidence.db import session_scope
from evidence.services.dashboard import data_version
from portal.session import WorkContext

TOKEN_KEY = "cache_token"


def cache_key(ctx: WorkContext) -> tuple[str, int]:
    """(this browser session, the data version of the enterprise): part of every cached summary's key."""
    token = st.session_state.setdefault(TOKEN_KEY, uuid4().hex)
    with session_scope() as session:
        version = data_version(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0)
    return token, version
