"""Savepoints that really nest on SQLite too.

The pysqlite driver begins its transaction lazily, at the first write. A SAVEPOINT taken before any
write therefore becomes the outermost transaction, and releasing it COMMITS: a later failure could
no longer undo the rows written inside it. `savepoint` starts the transaction first, so the caller's
commit or rollback decides for everything (PostgreSQL is always inside a transaction already).
"""

from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session


def begin_transaction(session: Session) -> None:
    """Make sure the session's connection is inside a real transaction before a savepoint is taken."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN")


def savepoint(session: Session) -> SessionTransaction:
    """`session.begin_nested()`, nested inside a transaction that has really begun."""
    begin_transaction(session)
    return session.begin_nested()
