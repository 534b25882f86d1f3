"""AppTest helpers: open the portal as a signed-in demo user and switch to a page."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evidence.models.base import utcnow

APP = str(Path(__file__).resolve().parents[2] / "portal" / "app.py")


def open_app(username: str | None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if username:
        at.session_state["auth_username"] = username
        at.session_state["auth_at"] = utcnow()
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture
def portal(demo: int) -> Callable[..., AppTest]:
    """`portal("planner", "views/voc.py")` → an AppTest run of that page on the demo enterprise."""
    return open_app
