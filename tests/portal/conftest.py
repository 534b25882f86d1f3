"""AppTest helpers: open the portal as a signed-in demo user and switch to a page."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from evidence.db import get_engine
from evidence.models.base import utcnow
from evidence.services.users import credential_mark, find_user

APP = str(Path(__file__).resolve().parents[2] / "portal" / "app.py")


def signed_in(at: AppTest, username: str, at_time: datetime | None = None) -> AppTest:
    """The session state `portal.session.sign_in` leaves: user, time and the account's credential mark."""
    with Session(get_engine()) as session:
        user = find_user(session, username)
        mark = credential_mark(user) if user else ""
    at.session_state["auth_username"] = username
    at.session_state["auth_at"] = at_time or utcnow()
    at.session_state["auth_credential"] = mark
    return at


def open_app(username: str | None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if username:
        signed_in(at, username)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture
def portal(demo: int) -> Callable[..., AppTest]:
    """`portal("planner", "views/voc.py")` → an AppTest run of that page on the demo enterprise."""
    return open_app


from tests.portal.browser_portal import live  # noqa: E402, F401  (the served portal in Chromium: test_browser_*.py)
