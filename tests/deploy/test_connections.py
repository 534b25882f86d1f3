"""Connection discipline on PostgreSQL (issue 17 item 7): the pool size and the statement timeout of
each process come from the settings and are applied to every connection; PgBouncer mode turns
psycopg's prepared statements off."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from evidence import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="connection settings are PostgreSQL's: set SCM_TEST_DATABASE_URL")


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("SCM_DB_POOL_SIZE", "3")
    monkeypatch.setenv("SCM_DB_MAX_OVERFLOW", "2")
    monkeypatch.setenv("SCM_DB_STATEMENT_TIMEOUT_MS", "1500")
    db.get_settings.cache_clear()
    engine = db.make_engine(PG_URL)
    yield engine
    engine.dispose()
    db.get_settings.cache_clear()


def test_every_connection_carries_the_statement_timeout_of_the_settings(configured):
    with configured.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "1500ms"


def test_a_statement_longer_than_the_timeout_is_cancelled(configured):
    with configured.connect() as conn, pytest.raises(OperationalError, match="statement timeout"):
        conn.execute(text("SELECT pg_sleep(3)"))


def test_the_pool_holds_the_configured_number_of_connections(configured):
    assert (configured.pool.size(), configured.pool._max_overflow) == (3, 2)  # noqa: SLF001
    held = [configured.connect() for _ in range(5)]
    try:
        assert configured.pool.checkedout() == 5
        assert configured.pool.overflow() == 2
    finally:
        for conn in held:
            conn.close()


def test_pgbouncer_mode_prepares_no_statements(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SCM_DB_PGBOUNCER", "true")
    db.get_settings.cache_clear()
    engine = db.make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            assert conn.connection.driver_connection.prepare_threshold is None
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()
        db.get_settings.cache_clear()
    monkeypatch.setenv("SCM_DB_PGBOUNCER", "false")
    db.get_settings.cache_clear()
    plain = db.make_engine(PG_URL)
    with plain.connect() as conn:
        assert conn.connection.driver_connection.prepare_threshold == 5  # psycopg's default
    plain.dispose()
