"""Alembic environment: targets SQLModel.metadata with every model imported."""

from alembic import context
from sqlalchemy import Engine
from sqlmodel import SQLModel

import evidence.models  # noqa: F401  (registers every table)
from evidence.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
