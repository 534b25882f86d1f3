"""Evidence files: upload (size and media type checked from the content), link to any record and to
the criteria items a file proves, list and download. The same bytes are stored once and linked as
often as needed.

Division staff attach files to records of their own units; files proving a criteria item without a
record are the planning team's.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from criteria.errors import CriteriaError
from criteria.loader import load_version
from evidence.access import Actor, refuse, require_planning, require_read, require_write
from evidence.audit import record_audit
from evidence.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from evidence.excel.schema import FAMILIES
from evidence.filestore import (
    MEDIA_TYPES_TH,
    Storage,
    content_key,
    default_storage,
    display_name,
    sniff_media_type,
)
from evidence.models.files import EvidenceFile, EvidenceLink
from evidence.services.file_scope import hidden_file_ids
from evidence.services.readings import mark_pending
from evidence.services.records import UNIT_FIELDS, get_record, table_of
from evidence.settings import get_settings

RECORD_MODELS: dict[str, type[SQLModel]] = {table_of(f.model): f.model for f in FAMILIES}
RECORD_TITLES: dict[str, str] = {table_of(f.model): f.sheet for f in FAMILIES}


class FileRefused(DomainError):
    """An upload that is too large or not of an accepted type; nothing was stored."""


@dataclass(frozen=True)
class FileEntry:
    file: EvidenceFile
    links: tuple[EvidenceLink, ...]


def _unit_of(record: SQLModel) -> int | None:
    return next((getattr(record, n) for n in UNIT_FIELDS if getattr(record, n, None) is not None), None)


def _record(session: Session, actor: Actor, table: str, record_id: int) -> SQLModel:
    model = RECORD_MODELS.get(table)
    if model is None:
        raise NotFound(f"ไม่รู้จักประเภทข้อมูล '{table}'", field="record_table")
    return get_record(session, actor, model, record_id)  # type: ignore[type-var]


def _require_link_rights(session: Session, actor: Actor, enterprise_id: int, record: SQLModel | None) -> None:
    if record is None:
        require_planning(actor, enterprise_id, session=session, table_name="evidencefile", attempt="link")
        return
    require_write(actor, record.enterprise_id, _unit_of(record), session=session,  # type: ignore[attr-defined]
                  table_name=table_of(type(record)), record_id=record.id, attempt="attach")  # type: ignore[attr-defined]


def check_item_ids(item_ids: Sequence[str], year: int) -> None:
    """Criteria item ids must exist in the criteria of the assessment year."""
    if not item_ids:
        return
    try:
        criteria = load_version(year)
    except CriteriaError:
        return
    unknown = []
    for item_id in item_ids:
        try:
            criteria.item(item_id)
        except KeyError:
            unknown.append(item_id)
    if unknown:
        raise ValidationFailed([FieldProblem("criteria_item_id", f"ไม่พบรายการเกณฑ์ {', '.join(unknown)}",
                                             "รายการเกณฑ์")])


def check_upload(name: str, data: bytes) -> str:
    """The media type of an acceptable upload; refuses empty, oversize and disallowed files."""
    limit = get_settings().max_upload_mb
    if not data:
        raise FileRefused(f"ไฟล์ '{display_name(name)}' ว่างเปล่า", field="file")
    if len(data) > limit * 1024 * 1024:
        raise FileRefused(f"ไฟล์ '{display_name(name)}' มีขนาด {len(data) / 1024 / 1024:.1f} MB "
                          f"เกินขนาดที่อนุญาต {limit} MB", field="file")
    media_type = sniff_media_type(data)
    if media_type is None:
        accepted = ", ".join(dict.fromkeys(MEDIA_TYPES_TH.values()))
        raise FileRefused(f"ไฟล์ '{display_name(name)}' ไม่ใช่ชนิดที่รับ (รับเฉพาะ {accepted})", field="file")
    return media_type


def upload_file(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    name: str,
    data: bytes,
    record: tuple[str, int] | None = None,
    item_ids: Sequence[str] = (),
    storage: Storage | None = None,
) -> EvidenceFile:
    """Store the file once per content and link it to `record` (table, id) and to criteria items."""
    require_read(actor, enterprise_id, session=session)
    target = _record(session, actor, *record) if record else None
    if target is not None and target.enterprise_id != enterprise_id:  # type: ignore[attr-defined]
        raise NotFound("ไม่พบข้อมูลนี้ในรัฐวิสาหกิจที่เลือก")
    _require_link_rights(session, actor, enterprise_id, target)
    media_type = check_upload(name, data)
    check_item_ids(item_ids, year)
    sha = content_key(data)
    stored = session.exec(
        select(EvidenceFile).where(EvidenceFile.enterprise_id == enterprise_id, EvidenceFile.sha256 == sha)
    ).first()
    if stored is None:
        key = (storage or default_storage()).put(data)
        stored = EvidenceFile(enterprise_id=enterprise_id, sha256=sha, name=display_name(name),
                              media_type=media_type, size=len(data), storage_key=key, uploaded_by=actor.username)
        session.add(stored)
        session.flush()
        mark_pending(session, stored)  # its text is read after the commit (evidence.services.readings)
    for table, record_id, item_id in _wanted_links(record, item_ids):
        _link(session, actor, stored, table, record_id, item_id)
    record_audit(session, actor, "upload", enterprise_id=enterprise_id, table_name="evidencefile",
                 record_id=stored.id, summary=f"{stored.media_type} ({len(data):,} ไบต์)",  # a file name may name a person
                 after={"sha256": sha, "record": list(record) if record else None, "items": list(item_ids)})
    return stored


def _wanted_links(record: tuple[str, int] | None, item_ids: Sequence[str]) -> list[tuple[str | None, int | None, str | None]]:
    links: list[tuple[str | None, int | None, str | None]] = []
    if record:
        links.append((record[0], record[1], None))
    links += [(None, None, item_id) for item_id in dict.fromkeys(item_ids)]
    return links


def _link(session: Session, actor: Actor, file: EvidenceFile, table: str | None, record_id: int | None,
          item_id: str | None) -> EvidenceLink:
    existing = session.exec(select(EvidenceLink).where(
        EvidenceLink.file_id == file.id, EvidenceLink.record_table == table, EvidenceLink.record_id == record_id,
        EvidenceLink.criteria_item_id == item_id)).first()
    if existing is not None:
        return existing
    link = EvidenceLink(enterprise_id=file.enterprise_id, file_id=file.id or 0, record_table=table,
                        record_id=record_id, criteria_item_id=item_id, linked_by=actor.username)
    session.add(link)
    session.flush()
    return link


def link_file(
    session: Session, actor: Actor, file_id: int, *, year: int, record: tuple[str, int] | None = None,
    item_id: str | None = None,
) -> EvidenceLink:
    """Link an already stored file to another record or criteria item."""
    file = _file(session, actor, file_id)
    target = _record(session, actor, *record) if record else None
    _require_link_rights(session, actor, file.enterprise_id, target)
    if item_id:
        check_item_ids([item_id], year)
    if record is None and not item_id:
        raise ValidationFailed([FieldProblem("record_table", "ต้องเลือกข้อมูลหรือรายการเกณฑ์ที่จะเชื่อมโยง", "เชื่อมโยงกับ")])
    link = _link(session, actor, file, record[0] if record else None, record[1] if record else None, item_id)
    record_audit(session, actor, "link", enterprise_id=file.enterprise_id, table_name="evidencelink",
                 record_id=link.id, summary=f"ไฟล์รหัส {file.id}")
    return link


def _file(session: Session, actor: Actor, file_id: int) -> EvidenceFile:
    file = session.get(EvidenceFile, file_id)
    if file is None:
        raise NotFound(f"ไม่พบไฟล์รหัส {file_id}")
    require_read(actor, file.enterprise_id, session=session, table_name="evidencefile", record_id=file_id)
    if hidden_file_ids(session, actor, file.enterprise_id, RECORD_MODELS, [file_id]):
        refuse(actor, "ไฟล์นี้แนบกับข้อมูลที่ท่านไม่มีสิทธิ์ดูฉบับเต็ม (ข้อมูลส่วนบุคคลหรือข้อมูลของหน่วยงานอื่น)",
               session=session, enterprise_id=file.enterprise_id, table_name="evidencefile", record_id=file_id,
               attempt="file:read")
    return file


def list_files(
    session: Session, actor: Actor, *, enterprise_id: int, record: tuple[str, int] | None = None,
    item_id: str | None = None, limit: int = 100, offset: int = 0,
) -> tuple[list[FileEntry], int]:
    """Files of the enterprise (or of one record, or proving one item), newest first, with their links."""
    require_read(actor, enterprise_id, session=session, table_name="evidencefile")
    query = select(EvidenceFile).where(EvidenceFile.enterprise_id == enterprise_id)
    if record or item_id:
        linked = select(EvidenceLink.file_id).where(EvidenceLink.enterprise_id == enterprise_id)
        if record:
            linked = linked.where(EvidenceLink.record_table == record[0], EvidenceLink.record_id == record[1])
        if item_id:
            linked = linked.where(EvidenceLink.criteria_item_id == item_id)
        query = query.where(col(EvidenceFile.id).in_(linked))
    hidden = hidden_file_ids(session, actor, enterprise_id, RECORD_MODELS)  # files follow their records
    if hidden:
        query = query.where(col(EvidenceFile.id).not_in(sorted(hidden)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    files = session.exec(query.order_by(col(EvidenceFile.id).desc()).offset(offset).limit(limit)).all()
    ids = [f.id for f in files]
    links = session.exec(select(EvidenceLink).where(col(EvidenceLink.file_id).in_(ids))).all() if ids else []
    by_file: dict[int, list[EvidenceLink]] = {}
    for link in links:
        by_file.setdefault(link.file_id, []).append(link)
    return [FileEntry(f, tuple(by_file.get(f.id or 0, []))) for f in files], int(total)


def read_file(session: Session, actor: Actor, file_id: int, *, storage: Storage | None = None) -> tuple[EvidenceFile, bytes]:
    """The file's record and bytes, for a download."""
    file = _file(session, actor, file_id)
    return file, (storage or default_storage()).get(file.storage_key)


def file_download(session: Session, actor: Actor, file_id: int, *,
                  storage: Storage | None = None) -> tuple[EvidenceFile, str | None]:
    """The file's record and, on an object store, a short-lived pre-signed URL the browser fetches the
    bytes from (never through the portal); None on the local disk, where `read_file` serves them."""
    file = _file(session, actor, file_id)
    url = (storage or default_storage()).download_url(file.storage_key, filename=file.name,
                                                      media_type=file.media_type)
    return file, url


def file_counts(session: Session, *, enterprise_id: int, table: str, record_ids: Sequence[int]) -> dict[int, int]:
    """How many files are linked to each record of `table` (records without any are left out)."""
    if not record_ids:
        return {}
    rows = session.exec(
        select(EvidenceLink.record_id, func.count()).where(
            EvidenceLink.enterprise_id == enterprise_id, EvidenceLink.record_table == table,
            col(EvidenceLink.record_id).in_(list(record_ids)),
        ).group_by(EvidenceLink.record_id)
    ).all()
    return {int(r): int(n) for r, n in rows if r is not None}
