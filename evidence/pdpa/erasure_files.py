"""What an erasure removes beyond the rows: the evidence files attached only to the erased person's
records (links, file rows and, when no other enterprise holds the same bytes, the bytes themselves),
and, once the erasure is committed, the old page versions in SQLite's WAL (`evidence.db.checkpoint`).
"""

from collections.abc import Iterable

from sqlalchemy import and_, event, func, or_, select
from sqlmodel import Session

from evidence.access import Actor
from evidence.audit import record_audit
from evidence.db import checkpoint
from evidence.filestore import Storage, default_storage
from evidence.models.files import EvidenceFile, EvidenceLink


def linked_files(session: Session, records: Iterable[tuple[str, int]]) -> list[EvidenceFile]:
    """Files attached to any of `records` (table, id)."""
    pairs = list(records)
    if not pairs:
        return []
    wanted = or_(*(and_(EvidenceLink.record_table == t, EvidenceLink.record_id == i) for t, i in pairs))
    ids = select(EvidenceLink.file_id).where(wanted)
    query = select(EvidenceFile).where(EvidenceFile.id.in_(ids)).order_by(EvidenceFile.id)  # type: ignore[union-attr,attr-defined]
    return list(session.execute(query).scalars())


def delete_files_of(session: Session, actor: Actor, enterprise_id: int, records: set[tuple[str, int]],
                    storage: Storage | None = None) -> int:
    """Delete every file whose links all point at `records`; returns how many files went.

    The file rows go in the caller's transaction; the bytes after it commits (a rollback keeps them)."""
    gone: list[str] = []
    deleted = 0
    for file in linked_files(session, records):
        links = session.execute(select(EvidenceLink).where(EvidenceLink.file_id == file.id)).scalars().all()
        if any((link.record_table, link.record_id) not in records for link in links):
            continue  # something else (another record, a criteria item) still needs the file
        for link in links:
            session.delete(link)
        session.flush()
        others = session.execute(select(func.count()).select_from(EvidenceFile).where(
            EvidenceFile.storage_key == file.storage_key, EvidenceFile.id != file.id)).scalar_one()
        if not others:
            gone.append(file.storage_key)
        record_audit(session, actor, "dsr:erase", enterprise_id=enterprise_id, table_name="evidencefile",
                     record_id=file.id, summary="ลบไฟล์หลักฐานของเจ้าของข้อมูลตามคำขอ", after={"columns": ["content"]})
        session.delete(file)
        deleted += 1
    session.flush()
    after_commit(session, gone, storage)
    return deleted


def after_commit(session: Session, keys: list[str], storage: Storage | None = None) -> None:
    """Once the erasure is committed: delete the bytes, then checkpoint SQLite's WAL."""
    engine = session.get_bind()

    def done(_session: Session) -> None:
        target = storage or default_storage()
        for key in keys:
            target.delete(key)
        checkpoint(engine)  # type: ignore[arg-type]

    event.listen(session, "after_commit", done, once=True)
