"""Which evidence files an actor may list and download: a file follows the scope and masking of the
records it is attached to. A file linked to a record the actor may not read (another line's draft),
or to a record holding personal data the actor sees masked (a complaint letter for an executive, an
assessor or another line), is hidden; a file that proves a criteria item directly, or is attached to
a record the actor sees in full, is shown."""

from collections.abc import Iterable

from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor
from evidence.masking import sees_contacts_of
from evidence.models.base import ReviewStatus
from evidence.models.files import EvidenceLink
from evidence.models.users import Role
from evidence.services.records import UNIT_FIELDS
from evidence.validation import pii_kind


def _holds_personal_data(model: type[SQLModel]) -> bool:
    return any(pii_kind(model, name) for name in model.model_fields)


def sees_record_in_full(actor: Actor, record: SQLModel) -> bool:
    """The actor reads the record and sees its personal data unmasked."""
    model = type(record)
    unit = next((getattr(record, n) for n in UNIT_FIELDS if getattr(record, n, None) is not None), None)
    if actor.role == Role.DIVISION and "status" in model.model_fields:
        own = unit is not None and unit in actor.org_unit_ids
        if not own and getattr(record, "status", None) != ReviewStatus.APPROVED:
            return False
    return sees_contacts_of(actor, unit) if _holds_personal_data(model) else True


def hidden_file_ids(session: Session, actor: Actor, enterprise_id: int, models: dict[str, type[SQLModel]],
                    file_ids: Iterable[int] | None = None) -> set[int]:
    """Files of the enterprise (or of `file_ids`) that `actor` may not see: every link of the file is to
    a record the actor does not see in full. Planning team and administrators see every file."""
    if actor.role in (Role.ADMIN, Role.PLANNING):
        return set()
    query = select(EvidenceLink).where(EvidenceLink.enterprise_id == enterprise_id)
    if file_ids is not None:
        query = query.where(col(EvidenceLink.file_id).in_(list(file_ids)))
    shown: set[int] = set()
    linked: set[int] = set()
    cache: dict[tuple[str, int], bool] = {}
    for link in session.exec(query).all():
        linked.add(link.file_id)
        if link.record_table is None or link.record_id is None:
            shown.add(link.file_id)
            continue
        key = (link.record_table, link.record_id)
        if key not in cache:
            model = models.get(link.record_table)
            record = session.get(model, link.record_id) if model is not None else None
            cache[key] = record is not None and sees_record_in_full(actor, record)
        if cache[key]:
            shown.add(link.file_id)
    return linked - shown
