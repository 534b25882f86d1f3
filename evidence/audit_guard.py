"""Keeps the audit trail append-only and makes refused attempts durable.

- Audit rows are never changed or removed: the ORM refuses an update or delete of an `AuditLog` row,
  one by one or in bulk (`update(AuditLog)`, `delete(AuditLog)`).
- A refused attempt (`denied`) is written in the caller's session so it commits with the caller's
  work; when the caller rolls back or closes without committing (a page's `session_scope` does so on
  every error) the same row is written again in a session of its own once the caller's transaction
  (and SQLite's writer lock) is gone.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper, ORMExecuteState, SessionTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from evidence.errors import PermissionDenied
from evidence.models.users import AuditLog

PENDING_KEY = "scm_pending_denials"
APPEND_ONLY_MESSAGE = "บันทึกการตรวจสอบ (audit log) เพิ่มได้อย่างเดียว แก้ไขหรือลบไม่ได้"


def _refuse_row_change(_mapper: Mapper[Any], _connection: object, _target: AuditLog) -> None:
    raise PermissionDenied(APPEND_ONLY_MESSAGE)


def _refuse_bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == AuditLog.__tablename__:
        raise PermissionDenied(APPEND_ONLY_MESSAGE)


def _forget_committed(session: OrmSession) -> None:
    session.info.pop(PENDING_KEY, None)


def _rescue_uncommitted(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    pending: list[dict[str, object]] = session.info.pop(PENDING_KEY, None) or []
    if not pending:
        return
    with Session(session.get_bind()) as own:
        own.add_all(AuditLog(**row) for row in pending)
        own.commit()


_HOOKS = (
    (AuditLog, "before_update", _refuse_row_change),
    (AuditLog, "before_delete", _refuse_row_change),
    (OrmSession, "do_orm_execute", _refuse_bulk_change),
    (OrmSession, "after_commit", _forget_committed),
    (OrmSession, "after_transaction_end", _rescue_uncommitted),
)


def install() -> None:
    """Register the hooks once per process (idempotent)."""
    for target, name, hook in _HOOKS:
        if not event.contains(target, name, hook):
            event.listen(target, name, hook)


def record_denial(
    session: Session,
    username: str,
    summary: str,
    *,
    enterprise_id: int | None = None,
    table_name: str | None = None,
    record_id: int | None = None,
    attempt: dict[str, object] | None = None,
) -> None:
    """Write a `denied` audit row that survives the rollback which usually follows the refusal."""
    install()
    row: dict[str, object] = {
        "actor": username, "action": "denied", "enterprise_id": enterprise_id, "table_name": table_name,
        "record_id": record_id, "summary": summary[:500], "after": attempt,
    }
    session.add(AuditLog(**row))  # type: ignore[arg-type]
    session.info.setdefault(PENDING_KEY, []).append(row)


install()
