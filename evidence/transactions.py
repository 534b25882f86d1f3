"""Savepoints that really nest on SQLite too.

The pysqlite driver begins its transaction lazily, at the first write. A SAVEPOINT taken before any
write therefore becomes the outermost transaction, and releasing it COMMITS: a later failure could
no longer undo the rows written inside it. `savepoint` starts the transaction first, so the caller's
commit or rollback decides for everything (PostgreSQL is always inside a transaction already).
"""

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from evidence.errors import DomainError
from evidence.settings import get_settings

STILL_LOCKED = ("ฐานข้อมูลกำลังบันทึกงานของผู้ใช้อื่นอยู่นานเกิน {seconds} วินาที จึงยังไม่ได้เริ่มนำเข้า "
                "และยังไม่ได้บันทึกข้อมูลใดเลย กรุณาลองใหม่อีกครั้งในอีกสักครู่")


class DatabaseBusy(DomainError):
    """SQLite's write lock could not be taken in time; nothing was written."""


def begin_transaction(session: Session, *, write_lock: bool = False) -> None:
    """Make sure the session's connection is inside a real transaction before a savepoint is taken.

    With `write_lock` (SQLite), the transaction is `BEGIN IMMEDIATE`: the write lock is taken now,
    waiting up to SCM_SQLITE_LOCK_WAIT_SECONDS for other writers, so a long import cannot fail half way
    with "database is locked" when someone saves meanwhile (a deferred transaction that has read
    cannot wait for the lock, SQLite refuses it at once)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is None or raw.in_transaction:  # type: ignore[attr-defined]
        return
    if not write_lock:
        connection.exec_driver_sql("BEGIN")
        return
    seconds = get_settings().sqlite_lock_wait_seconds
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as error:
        if "locked" not in str(error).lower() and "busy" not in str(error).lower():
            raise
        raise DatabaseBusy(STILL_LOCKED.format(seconds=seconds)) from None


def savepoint(session: Session, *, write_lock: bool = False) -> SessionTransaction:
    """`session.begin_nested()`, nested inside a transaction that has really begun."""
    begin_transaction(session, write_lock=write_lock)
    return session.begin_nested()
