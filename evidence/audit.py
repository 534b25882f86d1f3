"""The append-only audit trail: ids, field names and actions. Personal data never enters it: declared
personal-data columns are redacted and free text is kept out (a VOC text or return comment may quote
a person), so an erasure leaves nothing of the person in the trail."""

from datetime import date, datetime
from enum import Enum

from sqlmodel import Session, SQLModel

import evidence.audit_guard  # noqa: F401  (keeps the trail append-only; see that module)
from evidence.access import Actor
from evidence.models.users import AuditLog
from evidence.validation import pii_kind

REDACTED = "[ข้อมูลส่วนบุคคล]"
TEXT_KEPT_OUT = "[ข้อความ]"  # free text never enters the trail: it may name, or quote, a person
_SKIP = {"created_at", "updated_at", "created_by", "updated_by"}
# Text columns that hold codes and ids, not prose: their values are kept (they say which record).
IDENTIFIER_FIELDS = frozenset({"code", "case_no", "ref_no", "item_id", "subtopic_id", "criteria_version", "sha256",
                               "quarter", "stage", "meeting_no", "username"})


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot_of(record: SQLModel, *, keep_text: bool = False) -> dict[str, object]:
    """The record's columns as JSON-safe values, with personal data redacted and, for the audit trail,
    free text kept out. `keep_text` is for what the user sees at once and is not stored (the other
    version shown beside a stale save)."""
    model = type(record)
    out: dict[str, object] = {}
    for name in model.model_fields:
        if name in _SKIP:
            continue
        value = getattr(record, name)
        if value and pii_kind(model, name):
            out[name] = REDACTED
        elif (not keep_text and isinstance(value, str) and value and not isinstance(value, Enum)
              and name not in IDENTIFIER_FIELDS):
            out[name] = TEXT_KEPT_OUT
        else:
            out[name] = _plain(value)
    return out


def record_audit(
    session: Session,
    actor: Actor,
    action: str,
    *,
    enterprise_id: int | None = None,
    table_name: str | None = None,
    record_id: int | None = None,
    summary: str | None = None,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> None:
    session.add(
        AuditLog(
            actor=actor.username,
            enterprise_id=enterprise_id,
            action=action,
            table_name=table_name,
            record_id=record_id,
            summary=(summary or "")[:500] or None,
            before=before,
            after=after,
        )
    )


def record_export(
    session: Session, actor: Actor, what: str, *, enterprise_id: int | None, rows: int, personal: bool,
) -> None:
    """Audit a file leaving the portal: `export:personal` when it holds personal data the actor sees
    unmasked (e.g. `evidence.masking.sees_contacts_of` was true for some row), otherwise `export`."""
    record_audit(session, actor, "export:personal" if personal else "export", enterprise_id=enterprise_id,
                 summary=f"ส่งออก{what} {rows:,} รายการ")
