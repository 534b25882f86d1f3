"""Helpers for the assessment-cycle tests: an emptied database and CLI runs."""

from sqlalchemy import Engine
from sqlmodel import SQLModel

import evidence.models  # noqa: F401


def empty_database(engine: Engine) -> None:
    """Remove every row of every table (children first): the database a new installation starts with."""
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


