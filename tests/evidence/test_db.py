from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from evidence import db


def test_migrations_create_every_model_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables
    assert db.current_revision(engine) is not None


def test_upgrade_twice_changes_nothing(engine):
    before = db.current_revision(engine)
    db.upgrade(engine)
    assert db.current_revision(engine) == before


def test_sqlite_default_uses_wal_and_foreign_keys(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_upgrade_of_an_empty_sqlite_file_reaches_head(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    db.upgrade(engine)
    assert "stakeholder" in inspect(engine).get_table_names()
    engine.dispose()
