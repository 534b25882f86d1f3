"""Short-lived caches of page summaries, per browser session, dropped when this user saves anything.

Aggregates over a large year (500,000 VOC records) take a second or more; they are cached for a
minute so that moving between tabs stays quick, and a save by this user refreshes them at once.
"""

from uuid import uuid4

import streamlit as st

VERSION_KEY = "data_version"
TOKEN_KEY = "cache_token"


def cache_key() -> tuple[str, int]:
    """(this browser session, how many saves it has made): part of every cached summary's key."""
    token = st.session_state.setdefault(TOKEN_KEY, uuid4().hex)
    return token, int(st.session_state.get(VERSION_KEY, 0))


def data_changed() -> None:
    """Call after a successful save: the next run recomputes the summaries."""
    st.session_state[VERSION_KEY] = int(st.session_state.get(VERSION_KEY, 0)) + 1
