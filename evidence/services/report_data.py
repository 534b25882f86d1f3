"""What the assessor's evidence pack lists per criteria item: the records that prove it, the approvals
that make it count (body, meeting, date) and the evidence files (SHA-256, upload date).

The scoring engine names the records each item rests on (`EvidenceRef`: table + id, with the files
linked to it). This service completes them in a few batched queries: files linked to those records or
directly to the item (`EvidenceLink.criteria_item_id`), approvals of the documents, and each record's
status and personal data, masked by default and for roles that do not need it (PDPA, `evidence.masking`).
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from criteria.snapshot import EvidenceRef
from evidence.access import Actor, require_read
from evidence.errors import NotFound
from evidence.masking import mask, masked_row
from evidence.models import (
    Approval,
    ApprovalDocument,
    Document,
    DocumentVersion,
    EvidenceFile,
    EvidenceLink,
    GoverningBody,
)
from evidence.models.base import REVIEW_STATUS_TH, Record, ReviewStatus
from evidence.models.governance import BODY_KIND_TH, BodyKind
from evidence.models.org import Enterprise, OrgUnit
from evidence.services.claims import LINKABLE
from evidence.services.file_scope import hidden_file_ids
from evidence.validation import field_label, pii_kind

FILE_TABLE = "evidencefile"
CHUNK = 500
OTHER_FAMILIES = {"orgunit": "ข้อมูลสรุปของหน่วยงาน", FILE_TABLE: "ไฟล์หลักฐาน"}


@dataclass(frozen=True)
class FileFact:
    """An evidence file as the register holds it (content-addressed by SHA-256)."""

    id: int
    sha256: str
    name: str
    media_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str
    storage_key: str


@dataclass(frozen=True)
class RecordFact:
    """A record an item rests on; `contacts` is its personal data, masked unless the reader needs it."""

    table: str
    record_id: int
    family_th: str
    label: str
    status_th: str
    updated_at: datetime | None
    contacts: str


@dataclass(frozen=True)
class ApprovalFact:
    """An approval that makes a document count (C1, C2): who approved it, at which meeting, when."""

    approval_id: int
    document_title: str
    body_name: str
    body_kind_th: str
    meeting_no: str | None
    meeting_date: date | None
    resolution: str | None
    signer: str | None
    signed_on: date | None
    status_th: str


@dataclass(frozen=True)
class ItemEvidence:
    item_id: str
    records: tuple[RecordFact, ...] = ()
    approvals: tuple[ApprovalFact, ...] = ()
    files: tuple[FileFact, ...] = ()


@dataclass(frozen=True)
class ReportScope:
    """Codes that name a report's file: the enterprise and, for one line of business, the line."""

    enterprise_code: str
    enterprise_name: str
    division_code: str | None = None


def report_scope(session: Session, actor: Actor, *, enterprise_id: int, division_id: int | None) -> ReportScope:
    require_read(actor, enterprise_id, session=session, table_name="enterprise")
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส {enterprise_id}", field="enterprise")
    division = session.get(OrgUnit, division_id) if division_id is not None else None
    if division_id is not None and (division is None or division.enterprise_id != enterprise_id):
        raise NotFound(f"ไม่พบสายงานรหัส {division_id} ในรัฐวิสาหกิจนี้", field="division")
    return ReportScope(enterprise.code, enterprise.name_th, division.code if division else None)


def _chunks(values: Iterable[int | str]) -> Iterator[list[int | str]]:
    items = sorted(set(values), key=str)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _record_ids(refs: Iterable[EvidenceRef]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for ref in refs:
        if ref.table == FILE_TABLE or not str(ref.record_id).isdigit():
            continue
        wanted.setdefault(ref.table, set()).add(int(ref.record_id))
    return wanted


def _load_records(session: Session, enterprise_id: int, wanted: Mapping[str, set[int]]) -> dict[tuple[str, int], Record]:
    found: dict[tuple[str, int], Record] = {}
    for table, ids in wanted.items():
        if table not in LINKABLE:
            continue
        model = LINKABLE[table][0]
        for chunk in _chunks(ids):
            rows = session.exec(
                select(model).where(model.enterprise_id == enterprise_id, col(model.id).in_(chunk))
            ).all()
            found.update(((table, int(r.id or 0)), r) for r in rows)
    return found


def _contacts(record: Record, actor: Actor, unmasked: bool) -> str:
    """The record's personal data as "label: value" pairs: masked, unless `unmasked` and the actor's
    role lets them see it."""
    model = type(record)
    names = [n for n in model.model_fields if pii_kind(model, n)]
    if not names:
        return ""
    if unmasked:
        row = masked_row(record, actor)
    else:
        row = {n: mask(pii_kind(model, n) or "", v) if isinstance(v := getattr(record, n), str) and v else v
               for n in names}
    return "; ".join(f"{field_label(model, n)}: {row[n]}" for n in names if row.get(n))


def _record_fact(ref: EvidenceRef, record: Record | None, actor: Actor, unmasked: bool) -> RecordFact:
    family = LINKABLE[ref.table][1] if ref.table in LINKABLE else OTHER_FAMILIES.get(ref.table, ref.table)
    if record is None:
        return RecordFact(ref.table, int(ref.record_id), family, ref.label, "", None, "")
    status = getattr(record, "status", None)
    status_th = REVIEW_STATUS_TH[ReviewStatus(status)] if status else "บันทึกแล้ว"
    return RecordFact(ref.table, int(ref.record_id), family, ref.label, status_th, record.updated_at,
                      _contacts(record, actor, unmasked))


def _links(session: Session, enterprise_id: int, wanted: Mapping[str, set[int]],
           item_ids: Iterable[str]) -> tuple[dict[tuple[str, int], set[int]], dict[str, set[int]]]:
    """Files linked to the records, and files linked straight to the items."""
    by_record: dict[tuple[str, int], set[int]] = {}
    for table, ids in wanted.items():
        for chunk in _chunks(ids):
            rows = session.exec(
                select(EvidenceLink.record_id, EvidenceLink.file_id).where(
                    EvidenceLink.enterprise_id == enterprise_id, EvidenceLink.record_table == table,
                    col(EvidenceLink.record_id).in_(chunk),
                )
            ).all()
            for record_id, file_id in rows:
                by_record.setdefault((table, int(record_id or 0)), set()).add(int(file_id))
    by_item: dict[str, set[int]] = {}
    for chunk in _chunks(item_ids):
        rows = session.exec(
            select(EvidenceLink.criteria_item_id, EvidenceLink.file_id).where(
                EvidenceLink.enterprise_id == enterprise_id, col(EvidenceLink.criteria_item_id).in_(chunk)
            )
        ).all()
        for item_id, file_id in rows:
            by_item.setdefault(str(item_id), set()).add(int(file_id))
    return by_record, by_item


def _load_files(session: Session, enterprise_id: int, ids: Iterable[int]) -> dict[int, FileFact]:
    files: dict[int, FileFact] = {}
    for chunk in _chunks(ids):
        for f in session.exec(
            select(EvidenceFile).where(EvidenceFile.enterprise_id == enterprise_id, col(EvidenceFile.id).in_(chunk))
        ).all():
            files[int(f.id or 0)] = FileFact(int(f.id or 0), f.sha256, f.name, f.media_type, f.size, f.uploaded_at,
                                             f.uploaded_by, f.storage_key)
    return files


def _approval_fact(approval: Approval, bodies: Mapping[int, GoverningBody], title: str = "") -> ApprovalFact:
    body = bodies.get(approval.body_id) if approval.body_id is not None else None
    kind = BODY_KIND_TH[BodyKind(body.kind)] if body is not None else "ลงนามโดยไม่มีการประชุม"
    return ApprovalFact(
        int(approval.id or 0), title or approval.code, body.name_th if body else "-", kind, approval.meeting_no,
        approval.meeting_date, approval.resolution, approval.signer_name, approval.signed_on,
        REVIEW_STATUS_TH[ReviewStatus(approval.status)],
    )


def _approvals(session: Session, enterprise_id: int, wanted: Mapping[str, set[int]]
               ) -> tuple[dict[tuple[str, int], list[Approval]], dict[int, Approval]]:
    """Approved approvals of the documents (by subject), and the approvals named directly."""
    by_subject: dict[tuple[str, int], list[Approval]] = {}
    for chunk in _chunks(wanted.get("documentversion", ())):
        for version_id, approval in session.exec(
            select(ApprovalDocument.version_id, Approval)
            .join(Approval, col(Approval.id) == ApprovalDocument.approval_id)
            .where(Approval.enterprise_id == enterprise_id, col(ApprovalDocument.version_id).in_(chunk),
                   Approval.status == ReviewStatus.APPROVED)
            .order_by(col(Approval.meeting_date), col(Approval.id))
        ).all():
            by_subject.setdefault(("documentversion", int(version_id)), []).append(approval)
    direct: dict[int, Approval] = {}
    for chunk in _chunks(wanted.get("approval", ())):
        for approval in session.exec(
            select(Approval).where(Approval.enterprise_id == enterprise_id, col(Approval.id).in_(chunk))
        ).all():
            direct[int(approval.id or 0)] = approval
    return by_subject, direct


def _approved_titles(session: Session, approval_ids: Iterable[int]) -> dict[int, str]:
    """Approval id → the titles and versions of the register documents it approves."""
    titles: dict[int, list[str]] = {}
    for chunk in _chunks(approval_ids):
        for approval_id, title, label in session.exec(
            select(ApprovalDocument.approval_id, Document.title, DocumentVersion.label)
            .join(DocumentVersion, col(DocumentVersion.id) == ApprovalDocument.version_id)
            .join(Document, col(Document.id) == DocumentVersion.document_id)
            .where(col(ApprovalDocument.approval_id).in_(chunk))
            .order_by(col(ApprovalDocument.id))
        ).all():
            titles.setdefault(int(approval_id), []).append(f"{title} (ฉบับ {label})")
    return {k: ", ".join(v) for k, v in titles.items()}


def gather_evidence(
    session: Session, actor: Actor, *, enterprise_id: int, refs_by_item: Mapping[str, Sequence[EvidenceRef]],
    unmasked: bool = False,
) -> dict[str, ItemEvidence]:
    """Item id → its records, approvals and files, for every item in `refs_by_item` (also those with
    no references: files may be linked straight to an item). Personal data is masked unless `unmasked`
    (then as the actor's role allows)."""
    require_read(actor, enterprise_id, session=session, table_name="evidencefile")
    all_refs = [r for refs in refs_by_item.values() for r in refs]
    wanted = _record_ids(all_refs)
    records = _load_records(session, enterprise_id, wanted)
    by_record, by_item = _links(session, enterprise_id, wanted, refs_by_item.keys())
    by_subject, direct = _approvals(session, enterprise_id, wanted)
    bodies = {
        int(b.id or 0): b
        for b in session.exec(select(GoverningBody).where(GoverningBody.enterprise_id == enterprise_id)).all()
    }
    titles = _approved_titles(session, list(direct) + [int(a.id or 0) for v in by_subject.values() for a in v])
    file_ids: dict[str, list[int]] = {}
    for item_id, refs in refs_by_item.items():
        ids: list[int] = []
        for ref in refs:
            ids.extend(ref.file_ids)
            if ref.table == FILE_TABLE and str(ref.record_id).isdigit():
                ids.append(int(ref.record_id))
            elif str(ref.record_id).isdigit():
                ids.extend(sorted(by_record.get((ref.table, int(ref.record_id)), ())))
        ids.extend(sorted(by_item.get(item_id, ())))
        file_ids[item_id] = list(dict.fromkeys(ids))
    every = {i for ids in file_ids.values() for i in ids}
    from evidence.services.files import RECORD_MODELS  # files follow the scope and masking of their records

    hidden = hidden_file_ids(session, actor, enterprise_id, RECORD_MODELS, every)
    files = _load_files(session, enterprise_id, every - hidden)
    out: dict[str, ItemEvidence] = {}
    for item_id, refs in refs_by_item.items():
        facts: list[RecordFact] = []
        approvals: dict[int, ApprovalFact] = {}
        for ref in dict.fromkeys(refs):
            if ref.table == FILE_TABLE or not str(ref.record_id).isdigit():
                continue
            key = (ref.table, int(ref.record_id))
            if ref.table == "approval" and key[1] in direct:
                approvals[key[1]] = _approval_fact(direct[key[1]], bodies, titles.get(key[1], ""))
                continue
            facts.append(_record_fact(ref, records.get(key), actor, unmasked))
            for approval in by_subject.get(key, ()):
                approvals.setdefault(int(approval.id or 0),
                                     _approval_fact(approval, bodies, titles.get(int(approval.id or 0), ref.label)))
        out[item_id] = ItemEvidence(
            item_id,
            tuple(facts),
            tuple(approvals.values()),
            tuple(files[i] for i in file_ids[item_id] if i in files),
        )
    return out
