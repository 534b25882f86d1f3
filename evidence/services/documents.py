"""The document register (issue 11): add documents and versions, attach their files, record approvals
of several versions at once, and list what is in force in a year with the register's warnings.

Every write goes through `evidence.services.records` (access, validation, audit, optimistic locking);
a file's text is read on upload (`evidence.services.readings`) so the rules can look for each declared
fact in it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from criteria.snapshot import DocumentFact
from evidence.access import Actor, require_planning, require_read
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.filestore import Storage
from evidence.models import (
    Approval,
    ApprovalDocument,
    Document,
    DocumentVersion,
    EvidenceFile,
    EvidenceLink,
    FileReading,
)
from evidence.services.files import upload_file
from evidence.services.readings import read_text_of
from evidence.services.records import create_record, get_record
from evidence.snapshot_documents import RegisterScope, register_documents, year_start
from evidence.thai_dates import bangkok_today


@dataclass(frozen=True)
class RegisterRow:
    """One version of a document as the register page shows it in a year."""

    document: Document
    version: DocumentVersion
    in_force: bool
    files: tuple[EvidenceFile, ...]
    approvals: tuple[Approval, ...]
    file_states: tuple[str, ...] = ()  # ReadingState of each file, in the order of `files`
    fact: DocumentFact | None = None  # the rules' reading of the version in force (declared facts found or not)


def _next_code(session: Session, enterprise_id: int, prefix: str, model: type[Document] | type[Approval]) -> str:
    count = len(session.exec(select(model.id).where(model.enterprise_id == enterprise_id)).all())
    while True:
        count += 1
        code = f"{prefix}-{count:03d}"
        if session.exec(select(model.id).where(model.enterprise_id == enterprise_id, model.code == code)).first() is None:
            return code


def add_document(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, data: Mapping[str, object],
    version: Mapping[str, object] | None = None,
) -> DocumentVersion:
    """A new register document with its first version (label "1" unless given)."""
    values = dict(data)
    values.setdefault("code", _next_code(session, enterprise_id, "DOC", Document))
    document = create_record(session, actor, Document, {**values, "enterprise_id": enterprise_id})
    return add_version(session, actor, document_id=int(document.id or 0), year=year, data=version or {})


def add_version(
    session: Session, actor: Actor, *, document_id: int, year: int, data: Mapping[str, object]
) -> DocumentVersion:
    """A new version of a document; the version it follows is marked superseded by it."""
    document = get_record(session, actor, Document, document_id)
    earlier = session.exec(
        select(DocumentVersion).where(DocumentVersion.document_id == document_id).order_by(col(DocumentVersion.id))
    ).all()
    values = dict(data)
    label = str(values.get("label") or len(earlier) + 1)
    if any(v.label == label for v in earlier):
        raise ValidationFailed([FieldProblem("label", f"เอกสารนี้มีฉบับที่ '{label}' อยู่แล้ว", "ฉบับที่/ครั้งที่ปรับปรุง")])
    values.update(label=label, document_id=document_id, enterprise_id=document.enterprise_id,
                  year_recorded=values.get("year_recorded") or year)
    if not values.get("code") or values.get("code") == "-":
        values["code"] = f"{document.code}/{label}"
    created = create_record(session, actor, DocumentVersion, values)
    if earlier:
        latest = earlier[-1]
        latest.superseded_by_id = created.id
        session.add(latest)
        session.flush()
    return created


def attach_file(
    session: Session, actor: Actor, *, version_id: int, year: int, name: str, data: bytes,
    item_ids: Sequence[str] = (), storage: Storage | None = None, read_now: bool = True,
) -> EvidenceFile:
    """Store a file of a version (once per content) and read its text, with page or section (now, or
    after the commit by `readings.start_pending_reader` with `read_now=False`)."""
    version = get_record(session, actor, DocumentVersion, version_id)
    stored = upload_file(session, actor, enterprise_id=version.enterprise_id, year=year, name=name, data=data,
                         record=("documentversion", version_id), item_ids=item_ids, storage=storage)
    if read_now:
        read_text_of(session, stored, data)
    return stored


def record_approval(
    session: Session, actor: Actor, *, enterprise_id: int, data: Mapping[str, object], version_ids: Sequence[int]
) -> Approval:
    """One resolution of a body that approves one or more document versions (FAQ CM10)."""
    if not version_ids:
        raise ValidationFailed([FieldProblem("version_ids", "ต้องเลือกเอกสารที่มติอนุมัติอย่างน้อย 1 ฉบับ",
                                             "เอกสารที่อนุมัติ")])
    values = dict(data)
    values.setdefault("code", _next_code(session, enterprise_id, "APR", Approval))
    approval = create_record(session, actor, Approval, {**values, "enterprise_id": enterprise_id})
    link_approval(session, actor, approval_id=int(approval.id or 0), version_ids=version_ids)
    return approval


def link_approval(session: Session, actor: Actor, *, approval_id: int, version_ids: Sequence[int]) -> None:
    approval = get_record(session, actor, Approval, approval_id)
    require_planning(actor, approval.enterprise_id, session=session, table_name="approvaldocument", attempt="link")
    for vid in dict.fromkeys(version_ids):
        version = session.get(DocumentVersion, vid)
        if version is None or version.enterprise_id != approval.enterprise_id:
            raise NotFound(f"ไม่พบฉบับเอกสารรหัส {vid} ในรัฐวิสาหกิจนี้", field="version_ids")
        exists = session.exec(select(ApprovalDocument.id).where(
            ApprovalDocument.approval_id == approval_id, ApprovalDocument.version_id == vid)).first()
        if exists is None:
            session.add(ApprovalDocument(enterprise_id=approval.enterprise_id, approval_id=approval_id, version_id=vid,
                                         created_by=actor.username, updated_by=actor.username))
    session.flush()
    record_audit(session, actor, "link", enterprise_id=approval.enterprise_id, table_name="approvaldocument",
                 record_id=approval_id, after={"version_ids": list(version_ids)})


def register(
    session: Session, actor: Actor, *, enterprise_id: int, year: int | None = None, last_day: date | None = None
) -> list[RegisterRow]:
    """Every version of every document; with `year`, whether it is the version in force that year."""
    require_read(actor, enterprise_id, session=session, table_name="document")
    docs = {int(d.id or 0): d for d in session.exec(select(Document).where(Document.enterprise_id == enterprise_id)).all()}
    versions = session.exec(
        select(DocumentVersion).where(DocumentVersion.enterprise_id == enterprise_id)
        .order_by(col(DocumentVersion.document_id), col(DocumentVersion.id))
    ).all()  # fmt: skip
    end = last_day or (date(year - 543, 9, 30) if year else None)
    in_force: dict[int, int] = {}
    if end is not None:
        for v in versions:
            if v.status != "approved":
                continue
            start = v.effective_on or year_start(v.year_recorded)
            current = next((x for x in versions if x.id == in_force.get(v.document_id)), None)
            if start <= end and (current is None or start >= (current.effective_on or year_start(current.year_recorded))):
                in_force[v.document_id] = int(v.id or 0)
    ids = [int(v.id or 0) for v in versions]
    files: dict[int, list[EvidenceFile]] = {}
    approvals: dict[int, list[Approval]] = {}
    if ids:
        for vid, file in session.exec(
            select(EvidenceLink.record_id, EvidenceFile).join(EvidenceFile, col(EvidenceFile.id) == EvidenceLink.file_id)
            .where(EvidenceLink.record_table == "documentversion", col(EvidenceLink.record_id).in_(ids))
        ).all():
            files.setdefault(int(vid or 0), []).append(file)
        for vid, approval in session.exec(
            select(ApprovalDocument.version_id, Approval).join(Approval, col(Approval.id) == ApprovalDocument.approval_id)
            .where(col(ApprovalDocument.version_id).in_(ids)).order_by(col(Approval.meeting_date))
        ).all():
            approvals.setdefault(int(vid), []).append(approval)
    file_ids = [int(f.id or 0) for fs in files.values() for f in fs]
    states = dict(session.exec(select(FileReading.file_id, FileReading.state).where(
        col(FileReading.file_id).in_(file_ids))).all()) if file_ids else {}
    facts: dict[int, DocumentFact] = {}
    if year is not None and end is not None:
        found, _ = register_documents(RegisterScope(session, enterprise_id, year, year_start(year), end,
                                                    min(bangkok_today(), end), None, True, "declared"))
        facts = {int(f.ref.record_id): f for f in found}
    return [
        RegisterRow(docs[v.document_id], v, in_force.get(v.document_id) == v.id,
                    tuple(files.get(int(v.id or 0), ())), tuple(approvals.get(int(v.id or 0), ())),
                    tuple(str(states.get(int(f.id or 0), "pending")) for f in files.get(int(v.id or 0), ())),
                    facts.get(int(v.id or 0)))
        for v in versions if v.document_id in docs
    ]  # fmt: skip
