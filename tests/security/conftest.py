"""The attack run: each test tries one thing an attacker (or an unlucky fault) would, against a fresh
database, and asserts that nothing was lost or leaked. `docs/SECURITY.md` lists them."""

import pytest

from tests.evidence.pdpa_world import World, build_world, fast_hashing  # noqa: F401


@pytest.fixture
def world(session, fast_hashing) -> World:  # noqa: F811
    return build_world(session)
