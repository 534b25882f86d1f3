"""The one gateway to the database: engine, sessions and migrations.

SQLite (file under SCM_DATA_DIR, WAL journal, foreign keys on) is the embedded default;
DATABASE_URL=postgresql+psycopg://… selects PostgreSQL for a multi-user deployment.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from evidence.settings import Settings, get_settings

if TYPE_CHECKING:  # Alembic is imported when migrating only: a process that only reads (an export's
    from alembic.config import Config  # worker) starts about a second sooner without it

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and enforced foreign keys on every connection."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not url.startswith("sqlite://:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA secure_delete=ON")  # erased personal data is overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **postgres_options())


def postgres_options() -> dict[str, object]:
    """Pool size and statement timeout per process (issue 17 item 7, settings `SCM_DB_*`); behind PgBouncer
    in transaction mode psycopg must not prepare statements (`prepare_threshold=None`). Read afresh (not
    the cached `get_settings()`), so making an engine never freezes the settings of the process."""
    settings = Settings()
    connect_args: dict[str, object] = {}
    if settings.db_statement_timeout_ms > 0:
        connect_args["options"] = f"-c statement_timeout={settings.db_statement_timeout_ms}"
    if settings.db_pgbouncer:
        connect_args["prepare_threshold"] = None
    return {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout, "connect_args": connect_args}


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    from evidence.observability import instrument_engine

    engine = make_engine(url or get_settings().resolved_database_url)
    instrument_engine(engine)  # statement time in scm_db_statement_seconds (issue 17 item 6)
    return engine


def alembic_config(engine: Engine) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    """Bring the database to the newest schema (Alembic); the only way tables are made."""
    from alembic import command

    engine = engine or get_engine()
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = engine or get_engine()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def checkpoint(engine: Engine | None = None) -> None:
    """SQLite: copy the WAL into the database file and empty it, so old page versions (an erased
    person's data among them) do not linger in the `-wal` file. Nothing to do on PostgreSQL."""
    engine = engine or get_engine()
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back everything on any error."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
