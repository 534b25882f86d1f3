"""The actor the shell checked is handed to the page of the same run only (portal.session.checked_actor)."""

import threading

import pytest

from evidence.access import Actor
from evidence.models.users import Role
from portal.session import _RUN_ACTOR, checked_actor


def test_the_page_sees_the_checked_actor_only_while_the_shell_runs_it():
    actor = Actor(username="executive", role=Role.EXECUTIVE)
    seen_by_other_thread: list[Actor | None] = []
    with checked_actor(actor):
        assert _RUN_ACTOR.get() is actor
        other = threading.Thread(target=lambda: seen_by_other_thread.append(_RUN_ACTOR.get()))
        other.start()
        other.join()
    assert _RUN_ACTOR.get() is None
    assert seen_by_other_thread == [None]  # another session's script thread never gets it


def test_the_checked_actor_is_forgotten_when_the_page_stops_with_an_exception():
    actor = Actor(username="planner", role=Role.PLANNING)
    with pytest.raises(RuntimeError), checked_actor(actor):
        raise RuntimeError("st.stop() or a fault inside the page")
    assert _RUN_ACTOR.get() is None
