"""Data-subject requests (PDPA rights of access, correction, erasure and withdrawal of consent).

A request is opened, then the person is found by name, e-mail or phone across every table of the
enterprise (declared personal-data columns and free text), and the request is answered: a copy
exported, contacts corrected, or the person erased. The request row keeps only a reference, the kind,
the outcome and counts; the audit trail records each step without the person's data. The search
terms are never stored.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, col, select

from evidence.access import Actor, refuse
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.base import LawfulBasis, utcnow
from evidence.models.pdpa import REQUEST_KIND_TH, DataSubjectRequest, RequestKind
from evidence.models.search import SearchDoc
from evidence.pdpa.catalog import column_label, searchable_tables, table_label
from evidence.pdpa.erasure_files import delete_files_of, linked_files
from evidence.pdpa.formats import xlsx_bytes
from evidence.pdpa.person_search import (
    Hit,
    HitPage,
    PersonQuery,
    candidates,
    check_query,
    count_candidates,
    find_hits,
    hits_of,
    require_scope,
    same_person_columns,
    tables_for,
)
from evidence.services.search_index import purge
from evidence.services.shared_parts import drop_enterprise_parts
from evidence.thai_dates import to_be_year
from evidence.validation import check_contact_formats

ERASED = "[ลบตามคำขอของเจ้าของข้อมูล]"


def open_request(
    session: Session, actor: Actor, *, enterprise_id: int, kind: RequestKind, received_at: datetime | None = None
) -> DataSubjectRequest:
    """Register a request; its reference (DSR-<พ.ศ.>-<running no.>) is what the person is told."""
    require_scope(actor, session, enterprise_id, "dsr:open")
    now = utcnow()
    count = session.exec(
        select(func.count()).select_from(DataSubjectRequest).where(DataSubjectRequest.enterprise_id == enterprise_id)
    ).one()
    request = DataSubjectRequest(
        enterprise_id=enterprise_id, kind=RequestKind(kind), reference=f"DSR-{to_be_year(now.year)}-{count + 1:04d}",
        received_at=received_at or now, handled_by=actor.username,
    )
    session.add(request)
    session.flush()
    record_audit(session, actor, "dsr:open", enterprise_id=enterprise_id, table_name="datasubjectrequest",
                 record_id=request.id, summary=f"{request.reference}: {REQUEST_KIND_TH[request.kind]}")
    return request


def get_request(session: Session, actor: Actor, request_id: int) -> DataSubjectRequest:
    request = session.get(DataSubjectRequest, request_id)
    if request is None:
        raise NotFound(f"ไม่พบคำขอรหัส {request_id}")
    require_scope(actor, session, request.enterprise_id, "dsr:read")
    return request


def list_requests(session: Session, actor: Actor, enterprise_id: int) -> list[DataSubjectRequest]:
    require_scope(actor, session, enterprise_id, "dsr:list")
    return list(session.exec(
        select(DataSubjectRequest).where(DataSubjectRequest.enterprise_id == enterprise_id)
        .order_by(col(DataSubjectRequest.id).desc())
    ).all())


def _open(session: Session, actor: Actor, request_id: int, allowed: Iterable[RequestKind], attempt: str) -> DataSubjectRequest:
    request = get_request(session, actor, request_id)
    if request.closed_at is not None:
        raise ValidationFailed([FieldProblem("request", f"คำขอ {request.reference} ปิดแล้ว", "คำขอ")])
    if RequestKind(request.kind) not in tuple(allowed):
        refuse(actor, f"คำขอประเภท '{REQUEST_KIND_TH[request.kind]}' ทำรายการนี้ไม่ได้", session=session,
               enterprise_id=request.enterprise_id, table_name="datasubjectrequest", record_id=request.id,
               attempt=attempt)
    return request


def _note(request: DataSubjectRequest, text: str, affected: int) -> None:
    request.outcome = "; ".join(filter(None, [request.outcome, text]))[-1000:]
    request.records_affected += affected


def find_person(session: Session, actor: Actor, request_id: int, query: PersonQuery) -> list[Hit]:
    """Everything held on the person in the request's enterprise (the terms are not logged)."""
    request = _open(session, actor, request_id, tuple(RequestKind), "dsr:search")
    hits = find_hits(session, actor, request.enterprise_id, check_query(query))
    records = {(h.table, h.record_id) for h in hits}
    hits += _attached_files(session, records, {(h.table, h.record_id) for h in hits if h.table == "evidencefile"})
    record_audit(session, actor, "dsr:search", enterprise_id=request.enterprise_id, table_name="datasubjectrequest",
                 record_id=request.id, summary=f"{request.reference}: พบ {len(records)} รายการ ใน "
                 f"{len({h.table for h in hits})} ตาราง")
    return hits


def find_person_page(session: Session, actor: Actor, request_id: int, query: PersonQuery, *, page: int = 0,
                     page_size: int = 50) -> HitPage:
    """One page of what is held on the person, for a screen: the count comes from the index, only the
    page's records are read (a phone number shared by 200,000 complaints costs one page)."""
    request = _open(session, actor, request_id, tuple(RequestKind), "dsr:search")
    q = check_query(query)
    total = count_candidates(session, actor, request.enterprise_id, q)
    docs = session.exec(select(SearchDoc.record_table, SearchDoc.record_id)
                        .where(*candidates(session, actor, request.enterprise_id, q))
                        .order_by(col(SearchDoc.id)).offset(page * page_size).limit(page_size)).all()
    infos = {t.name: t for t in tables_for(actor)}
    hits = hits_of(session, infos, [(t, i) for t, i in docs], q)
    records = {(h.table, h.record_id) for h in hits}
    hits += _attached_files(session, records, {(h.table, h.record_id) for h in hits if h.table == "evidencefile"})
    if page == 0:
        record_audit(session, actor, "dsr:search", enterprise_id=request.enterprise_id,
                     table_name="datasubjectrequest", record_id=request.id,
                     summary=f"{request.reference}: พบ {total} รายการที่อาจเป็นของเจ้าของข้อมูล")
    return HitPage(hits, total, page, page_size)


def _attached_files(session: Session, records: set[tuple[str, int]], seen: set[tuple[str, int]]) -> list[Hit]:
    """The files attached to the person's records (a complaint letter): erased with them when nothing
    else links them (`evidence.pdpa.erasure_files`)."""
    return [Hit(table="evidencefile", table_label=table_label("evidencefile"), record_id=f.id or 0, column="content",
                column_label="เนื้อหาไฟล์แนบ", kind="file", value=f.name, declared=False, lawful_basis=None)
            for f in linked_files(session, records) if ("evidencefile", f.id) not in seen]


def _records(session: Session, hits: Sequence[Hit]) -> dict[tuple[str, int], object]:
    infos = {t.name: t for t in searchable_tables()}
    return {(h.table, h.record_id): session.get(infos[h.table].model, h.record_id) for h in hits}


def export_person(session: Session, actor: Actor, request_id: int, query: PersonQuery) -> bytes:
    """A copy of everything held on the person (.xlsx: a summary sheet, then one sheet per table)."""
    request = _open(session, actor, request_id, tuple(RequestKind), "dsr:export")
    hits = find_hits(session, actor, request.enterprise_id, check_query(query))
    infos = {t.name: t for t in searchable_tables()}
    by_table: dict[str, list[dict[str, object]]] = defaultdict(list)
    for (table, _), record in _records(session, hits).items():
        info = infos[table]
        hidden = {"password_hash", "failed_logins", "locked_until", "version"}
        by_table[info.label].append({
            column_label(info, name): _plain(getattr(record, name)) for name in info.model.model_fields
            if name not in hidden
        })
    summary = [{"หัวข้อ": "เลขที่คำขอ", "รายละเอียด": request.reference},
               {"หัวข้อ": "ประเภทคำขอ", "รายละเอียด": REQUEST_KIND_TH[request.kind]},
               {"หัวข้อ": "จำนวนรายการที่พบ", "รายละเอียด": sum(len(v) for v in by_table.values())}]
    summary += [{"หัวข้อ": label, "รายละเอียด": f"{len(rows)} รายการ"} for label, rows in by_table.items()]
    data = xlsx_bytes({"สรุป": summary, **by_table})
    count = sum(len(v) for v in by_table.values())
    _note(request, f"ส่งสำเนาข้อมูล {count} รายการ", 0)
    session.add(request)
    record_audit(session, actor, "export:personal", enterprise_id=request.enterprise_id,
                 table_name="datasubjectrequest", record_id=request.id,
                 summary=f"{request.reference}: ส่งออกข้อมูลส่วนบุคคลของเจ้าของข้อมูล {count} รายการ")
    record_audit(session, actor, "dsr:export", enterprise_id=request.enterprise_id, table_name="datasubjectrequest",
                 record_id=request.id, summary=f"{request.reference}: ส่งสำเนาข้อมูล {count} รายการ")
    return data


def _plain(value: object) -> object:
    if hasattr(value, "value"):
        return value.value  # type: ignore[attr-defined]
    if isinstance(value, list | dict):
        return str(value)
    return value


def correct_person(
    session: Session, actor: Actor, request_id: int, query: PersonQuery, *, new_name: str = "",
    new_phone: str = "", new_email: str = "",
) -> int:
    """Replace the person's name, phone or e-mail wherever a declared column holds the old one.

    Free-text mentions are listed by `find_person` for the handler to correct in the record itself.
    Returns the number of records changed.
    """
    request = _open(session, actor, request_id, (RequestKind.CORRECTION,), "dsr:correct")
    q = check_query(query)
    new = {"name": new_name.strip(), "phone": new_phone.strip(), "email": new_email.strip()}
    if not any(new.values()):
        raise ValidationFailed([FieldProblem("new_name", "ต้องระบุข้อมูลที่ถูกต้องอย่างน้อยหนึ่งอย่าง", "ข้อมูลใหม่")])
    hits = [h for h in find_hits(session, actor, request.enterprise_id, q) if h.declared and new.get(h.kind)]
    records = _records(session, hits)
    changed: dict[tuple[str, int], list[str]] = defaultdict(list)
    for hit in hits:
        record = records[(hit.table, hit.record_id)]
        problems = check_contact_formats(type(record), {hit.column: new[hit.kind]})  # type: ignore[arg-type]
        if problems:
            raise ValidationFailed(problems)
        setattr(record, hit.column, new[hit.kind])
        changed[(hit.table, hit.record_id)].append(hit.column)
    _finish(session, actor, request, records, changed, "dsr:correct", "แก้ไขข้อมูล")
    return len(changed)


def erase_person(session: Session, actor: Actor, request_id: int, query: PersonQuery) -> int:
    """Remove the person from every record: declared columns emptied, free-text mentions replaced.

    For a withdrawal of consent only records held on consent are touched; the rest stay under their
    other lawful basis and are counted in the outcome. Returns the number of records changed.
    """
    request = _open(session, actor, request_id, (RequestKind.ERASURE, RequestKind.WITHDRAW_CONSENT), "dsr:erase")
    q = check_query(query)
    hits = find_hits(session, actor, request.enterprise_id, q)
    kept = 0
    if request.kind == RequestKind.WITHDRAW_CONSENT:
        kept = len({(h.table, h.record_id) for h in hits if h.lawful_basis != LawfulBasis.CONSENT.value})
        hits = [h for h in hits if h.lawful_basis == LawfulBasis.CONSENT.value]
    records = _records(session, hits)
    infos = {t.name: t for t in searchable_tables()}
    changed: dict[tuple[str, int], list[str]] = defaultdict(list)
    for hit in hits:
        record = records[(hit.table, hit.record_id)]
        columns = same_person_columns(infos[hit.table], hit.column) if hit.declared else [hit.column]
        for column in columns:
            if getattr(record, column) is not None:
                setattr(record, column, _erased_value(record, column, hit.declared, q))
                changed[(hit.table, hit.record_id)].append(column)
    for (table, _), record in records.items():
        if table == "user":
            record.active = False  # type: ignore[attr-defined]
    extra = f" คงไว้ {kept} รายการตามฐานทางกฎหมายอื่น" if kept else ""
    _finish(session, actor, request, records, changed, "dsr:erase", "ลบข้อมูล", extra)
    purge(session.connection())  # the index's old entries of the erased text go too
    delete_files_of(session, actor, request.enterprise_id, set(records))  # files attached only to these records
    return len(changed)


def _erased_value(record: object, column: str, declared: bool, q: PersonQuery) -> str | None:
    if declared:
        return None if type(record).__table__.c[column].nullable else ERASED  # type: ignore[attr-defined]
    text = getattr(record, column)
    for pattern in q.mentions():
        text = pattern.sub(ERASED, text)
    return text


def _finish(
    session: Session, actor: Actor, request: DataSubjectRequest, records: dict[tuple[str, int], object],
    changed: dict[tuple[str, int], list[str]], action: str, verb: str, extra: str = "",
) -> None:
    now = utcnow()
    for (table, record_id), columns in changed.items():
        record = records[(table, record_id)]
        if hasattr(record, "updated_at"):
            record.updated_at, record.updated_by = now, actor.username  # type: ignore[attr-defined]
        session.add(record)
        record_audit(session, actor, action, enterprise_id=request.enterprise_id, table_name=table,
                     record_id=record_id, summary=f"{request.reference}: {verb}ตามคำขอของเจ้าของข้อมูล",
                     after={"columns": sorted(set(columns))})
    session.flush()
    drop_enterprise_parts(session, request.enterprise_id)  # stored evidence passes may hold the old values
    _note(request, f"{verb} {len(changed)} รายการ{extra}", len(changed))
    session.add(request)


class CloseOutcome(StrEnum):
    """How a request ends: a fixed choice, so no free text (and no personal data) enters the request."""

    DONE = "done"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


CLOSE_OUTCOME_TH = {
    CloseOutcome.DONE: "ดำเนินการตามคำขอครบถ้วนและแจ้งเจ้าของข้อมูลแล้ว",
    CloseOutcome.REFUSED: "ปฏิเสธคำขอโดยมีเหตุตามกฎหมาย และแจ้งเหตุผลแก่เจ้าของข้อมูลแล้ว",
    CloseOutcome.WITHDRAWN: "เจ้าของข้อมูลยกเลิกคำขอ",
}


def close_request(session: Session, actor: Actor, request_id: int, outcome: CloseOutcome) -> DataSubjectRequest:
    """Close the request with its outcome; nothing further can be done under it."""
    request = get_request(session, actor, request_id)
    if request.closed_at is not None:
        raise ValidationFailed([FieldProblem("request", f"คำขอ {request.reference} ปิดแล้ว", "คำขอ")])
    _note(request, CLOSE_OUTCOME_TH[CloseOutcome(outcome)], 0)
    request.closed_at = utcnow()
    session.add(request)
    record_audit(session, actor, "dsr:close", enterprise_id=request.enterprise_id, table_name="datasubjectrequest",
                 record_id=request.id, summary=f"{request.reference}: ปิดคำขอ")
    return request
