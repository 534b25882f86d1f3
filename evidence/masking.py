"""Masking of personal data for those who do not need it (PDPA): executives, assessors and other
divisions see phones and e-mails masked everywhere: pages, exports and Word reports."""

from collections.abc import Iterable
from enum import Enum

from sqlmodel import SQLModel

from evidence.access import Actor
from evidence.models.users import Role
from evidence.validation import field_label, pii_kind


def mask_email(value: str) -> str:
    name, _, domain = value.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


def mask_phone(value: str) -> str:
    digits = [c for c in value if c.isdigit()]
    return "xxx-xxx-" + "".join(digits[-4:]) if len(digits) >= 4 else "xxx"


def mask_name(value: str) -> str:
    return value[:2] + "***" if value else value


def mask(kind: str, value: str | None) -> str | None:
    if not value:
        return value
    if kind == "email":
        return mask_email(value)
    if kind == "phone":
        return mask_phone(value)
    return mask_name(value)


def sees_contacts_of(actor: Actor, org_unit_id: int | None) -> bool:
    """Contacts are for the planning team and the division that owns the record."""
    if actor.role in (Role.ADMIN, Role.PLANNING):
        return True
    if actor.role == Role.DIVISION:
        return org_unit_id is not None and org_unit_id in actor.org_unit_ids
    return False


def masked_row(record: SQLModel, actor: Actor) -> dict[str, object]:
    """The record as a plain dict, personal data masked unless the actor needs it."""
    model = type(record)
    show = sees_contacts_of(actor, getattr(record, "org_unit_id", None))
    row: dict[str, object] = {}
    for name in model.model_fields:
        value = getattr(record, name)
        if isinstance(value, Enum):
            value = value.value
        kind = pii_kind(model, name)
        if kind and not show and isinstance(value, str):
            value = mask(kind, value)
        row[name] = value
    return row


def labelled_rows(records: Iterable[SQLModel], actor: Actor, columns: list[str]) -> list[dict[str, object]]:
    """Rows for display: Thai column titles, personal data masked as the actor's role requires."""
    out = []
    for record in records:
        row = masked_row(record, actor)
        out.append({field_label(type(record), c): row.get(c) for c in columns})
    return out
