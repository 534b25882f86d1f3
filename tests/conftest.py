"""Every test gets a fresh, migrated database; tests that ask for `demo` get one with the demo loaded.

Both kinds are built once per run as templates and copied per test:
- SQLite (default): template files copied to the test's own data folder.
- PostgreSQL (SCM_TEST_DATABASE_URL=postgresql+psycopg://…/test): migrated once; before each test every
  table is truncated and, for demo tests, refilled from a copy of the demo kept in schema `tpl_demo`.

The suite runs in parallel processes (pytest-xdist, `-n auto` in pyproject.toml): each worker gets its own
PostgreSQL database beside the given one (`test_gw0`, `test_gw1`, …), made here before any test module
reads SCM_TEST_DATABASE_URL, so workers never reset each other's tables.
"""

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlmodel import Session, SQLModel, select

import evidence.models  # noqa: F401
from evidence import db
from evidence.access import SYSTEM, Actor
from evidence.models import Enterprise
from evidence.settings import get_settings


def _worker_database(url: str) -> str:
    """This xdist worker's own database beside `url` (created when missing); `url` itself without xdist.
    The environment is updated too: modules, subprocesses (replicas, the job worker) read it from there."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    own = given.set(database=name).render_as_string(hide_password=False)
    os.environ["SCM_TEST_DATABASE_URL"] = own
    return own


PG_URL = _worker_database(os.environ.get("SCM_TEST_DATABASE_URL", ""))
pytest_plugins = ["tests.ci_tools", "pytester", "tests.s3_server"]


def _reset_caches() -> None:
    from evidence import audit_rate
    from evidence.services.evidence_pass import forget_passes

    get_settings.cache_clear()
    db.get_engine.cache_clear()
    forget_passes()  # a PostgreSQL test database is reloaded with the same ids: no pass may outlive its test
    audit_rate.reset()  # each test starts with fresh aggregation windows
    charts = sys.modules.get("portal.components.dashboard_charts")
    if charts is not None:  # figures kept per data version: a reloaded test database reuses version ids
        charts._kept.clear()


def _pg_tables() -> list[str]:
    return [t.name for t in SQLModel.metadata.sorted_tables]


def _pg_reset(engine: Engine, with_demo: bool) -> None:
    """Empty every table (DELETE: far cheaper than TRUNCATE on small tables) and, for demo tests,
    copy the demo rows back from the `tpl_demo` schema; foreign-key triggers are off meanwhile."""
    statements = ["SET session_replication_role = replica"]
    for t in _pg_tables():
        statements.append(f'DELETE FROM public."{t}"')
        if with_demo:
            statements.append(f'INSERT INTO public."{t}" SELECT * FROM tpl_demo."{t}"')
        statements.append(f"SELECT setval(pg_get_serial_sequence('public.\"{t}\"', 'id'), "
                          f'COALESCE((SELECT max(id) FROM public."{t}"), 1), '
                          f'(SELECT max(id) FROM public."{t}") IS NOT NULL)')
    statements.append("SET session_replication_role = DEFAULT")
    with engine.begin() as conn:
        conn.exec_driver_sql(";\n".join(statements))


def _load_demo(url: str, data_dir: Path) -> None:
    """Load the demo into `url`, its evidence files into `data_dir` (copied into each demo test's folder)."""
    from evidence.demo import load_demo

    before = os.environ.get("SCM_DATA_DIR")
    os.environ["SCM_DATA_DIR"] = str(data_dir)
    store = os.environ.pop("SCM_STORAGE_URL", None)  # the template's files always go to data_dir (an S3 test copies them)
    _reset_caches()
    try:
        engine = db.make_engine(url)
        with Session(engine) as session:
            load_demo(session)
            session.commit()
        engine.dispose()
    finally:
        if before is None:
            os.environ.pop("SCM_DATA_DIR", None)
        else:
            os.environ["SCM_DATA_DIR"] = before
        if store is not None:
            os.environ["SCM_STORAGE_URL"] = store
        _reset_caches()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database: a file path (SQLite) or the PostgreSQL URL, migrated once."""
    if PG_URL:
        engine = db.make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("DROP SCHEMA IF EXISTS tpl_demo CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.upgrade(engine)
        engine.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "empty.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="session")
def _demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder the demo template's evidence files are stored in."""
    return tmp_path_factory.mktemp("template-data")


@pytest.fixture(scope="session")
def _demo_template(_empty_template: str, _demo_files: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The empty template with the demo enterprise loaded (PostgreSQL: a copy in schema tpl_demo)."""
    if PG_URL:
        engine = db.make_engine(PG_URL)
        _pg_reset(engine, with_demo=False)
        _load_demo(PG_URL, _demo_files)
        with engine.begin() as conn:
            conn.execute(text("CREATE SCHEMA tpl_demo"))
            for t in _pg_tables():
                conn.execute(text(f'CREATE TABLE tpl_demo."{t}" AS SELECT * FROM public."{t}"'))
        engine.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "demo.db"
    shutil.copyfile(_empty_template, path)
    _load_demo(f"sqlite:///{path}", _demo_files)
    return str(path)


@pytest.fixture
def engine(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh migrated database; the portal, CLI and services all see it through the settings."""
    template = request.getfixturevalue("_demo_template" if "demo" in request.fixturenames else "_empty_template")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("SCM_DATA_DIR", str(data_dir))
    wants_demo = "demo" in request.fixturenames
    if wants_demo:
        files = request.getfixturevalue("_demo_files") / "files"
        if files.is_dir():
            shutil.copytree(files, data_dir / "files")
    if PG_URL:
        url = PG_URL
        reset = db.make_engine(url)
        _pg_reset(reset, with_demo=wants_demo)
        reset.dispose()
    else:
        target = data_dir / "scm-portal.db"
        shutil.copyfile(template, target)
        url = f"sqlite:///{target}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SCM_JOB_RUNNER", "inline")  # pages' jobs run before the click returns (tests/deploy runs a worker)
    _reset_caches()
    eng = db.make_engine(url)
    yield eng
    eng.dispose()
    _reset_caches()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def system() -> Actor:
    return SYSTEM


@pytest.fixture
def demo(engine: Engine, session: Session) -> int:
    """The demo enterprise (loaded once per run into a template); returns its id."""
    return session.exec(select(Enterprise.id).where(Enterprise.code == "DEMO")).one() or 0
