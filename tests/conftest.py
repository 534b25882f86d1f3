"""Every test gets a fresh, migrated database.

SQLite (default): the schema is migrated once into a template file and copied per test.
PostgreSQL: set SCM_TEST_DATABASE_URL=postgresql+psycopg://…; the schema is migrated once per run and
every table is truncated before each test.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

import evidence.models  # noqa: F401
from evidence import db
from evidence.access import SYSTEM, Actor
from evidence.settings import get_settings

PG_URL = os.environ.get("SCM_TEST_DATABASE_URL", "")


def _reset_caches() -> None:
    get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> str:
    if PG_URL:
        engine = db.make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.upgrade(engine)
        engine.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture
def engine(_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh migrated database; the portal, CLI and services all see it through the settings."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("SCM_DATA_DIR", str(data_dir))
    if PG_URL:
        url = PG_URL
        eng = db.make_engine(url)
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with eng.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        target = data_dir / "scm-portal.db"
        shutil.copyfile(_template, target)
        url = f"sqlite:///{target}"
        eng = db.make_engine(url)
    monkeypatch.setenv("DATABASE_URL", url)
    _reset_caches()
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
def demo(session: Session) -> int:
    """The demo enterprise loaded and committed; returns its id."""
    from evidence.demo import load_demo

    result = load_demo(session)
    session.commit()
    return result.enterprise_id
