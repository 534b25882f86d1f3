"""Data-subject requests (PDPA rights of access, correction, erasure and withdrawal of consent).

A request is opened, then the person is found by name, e-mail or phone across every table of the
enterprise (declared personal-data columns and free text), and the request is answered: a copy
exported, contacts corrected, or the person erased. The request row keeps only a reference, the kind,
the outcome and counts; the audit trail records each step without the person's data. The search
terms are never stored.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, or_, union
from sqlmodel import Session, col, select

from evidence.access import Actor, refuse, require_planning
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.base import LawfulBasis, utcnow
from evidence.models.pdpa import REQUEST_KIND_TH, DataSubjectRequest, RequestKind
from evidence.models.search import SearchDoc
from evidence.models.users import Role
from evidence.pdpa.catalog import TableInfo, column_label, searchable_tables, table_label
from evidence.pdpa.erasure_files import delete_files_of, linked_files
from evidence.pdpa.formats import xlsx_bytes
from evidence.services.search import contains
from evidence.services.search_index import PASSAGE_SOURCE, PHONE_JUNK, purge
from evidence.services.shared_parts import drop_enterprise_parts
from evidence.thai_dates import to_be_year
from evidence.validation import check_contact_formats

ERASED = "[ลบตามคำขอของเจ้าของข้อมูล]"
TITLES = ("นางสาว", "น.ส.", "นาย", "นาง", "คุณ", "ดร.", "mrs.", "mr.", "ms.", "miss", "dr.")
BATCH = 500  # records read at a time while searching, exporting, correcting or erasing


@dataclass(frozen=True)
class PersonQuery:
    """What identifies the person; at least one of the three, a name of at least 3 characters."""

    name: str = ""
    email: str = ""
    phone: str = ""

    def cleaned(self) -> "PersonQuery":
        return PersonQuery(self.name.strip(), self.email.strip().lower(), self.phone.strip())

    @property
    def bare_name(self) -> str:
        """The name without a leading title (นางสาวมาลี ศรีสุข → มาลี ศรีสุข), lower case."""
        return min(_name_forms(self.name), key=len) if self.name else ""

    @property
    def phone_digits(self) -> str:
        return "".join(c for c in self.phone if c.isdigit())

    def mentions(self) -> list[re.Pattern[str]]:
        """What is looked for in free text (and replaced on erasure): the name and e-mail not glued to
        further Latin letters or digits (ผู้ร้องเรียน 12 is not ผู้ร้องเรียน 120; Thai is written
        without spaces, so Thai letters around a mention do not stop it), and the phone number however
        its digits are separated (081-234-5678, 081 234 5678, 0812345678)."""
        out = [re.compile(rf"(?<![0-9a-z]){re.escape(t)}(?![0-9a-z])", re.IGNORECASE)
               for t in (self.bare_name, self.email.lower()) if t]
        if self.phone_digits:
            separated = r"[-\s.()]?".join(re.escape(d) for d in self.phone_digits)
            out.append(re.compile(rf"(?<![0-9]){separated}(?![0-9])"))
        return out


@dataclass(frozen=True)
class Hit:
    """One column of one record that holds (or mentions) the person."""

    table: str
    table_label: str
    record_id: int
    column: str
    column_label: str
    kind: str  # name / phone / email / text
    value: str
    declared: bool  # a declared personal-data column (False: the person is mentioned in free text)
    lawful_basis: str | None


def _check_query(query: PersonQuery) -> PersonQuery:
    q = query.cleaned()
    problems = []
    if not (q.name or q.email or q.phone):
        problems.append(FieldProblem("name", "ต้องระบุชื่อ อีเมล หรือหมายเลขโทรศัพท์อย่างน้อยหนึ่งอย่าง", "ชื่อ"))
    if q.name and len(q.name) < 3:
        problems.append(FieldProblem("name", "ชื่อต้องยาวอย่างน้อย 3 ตัวอักษร", "ชื่อ"))
    if q.phone and len(q.phone_digits) < 9:
        problems.append(FieldProblem("phone", "หมายเลขโทรศัพท์ต้องมีอย่างน้อย 9 หลัก", "หมายเลขโทรศัพท์"))
    if q.email and "@" not in q.email:
        problems.append(FieldProblem("email", "อีเมลไม่ถูกต้อง", "อีเมล"))
    if problems:
        raise ValidationFailed(problems)
    return q


def _name_forms(name: str) -> set[str]:
    """The name as written and without a leading title (นาย, นางสาว, คุณ, …), spaces normalised."""
    text = " ".join(name.lower().split())
    forms = {text}
    for title in TITLES:
        if text.startswith(title) and text[len(title):].strip():
            forms.add(text[len(title):].strip())
            break
    return forms


def _value_matches(kind: str, declared: bool, value: str, q: PersonQuery) -> bool:
    low = value.lower()
    if declared and kind == "email":
        return bool(q.email) and low.strip() == q.email
    if declared and kind == "phone":
        return bool(q.phone) and "".join(c for c in value if c.isdigit()) == q.phone_digits
    if declared and kind == "name":
        return bool(q.name) and any(
            re.search(rf"(?<!\S){re.escape(wanted)}(?!\S)", held)
            for wanted in _name_forms(q.name) for held in _name_forms(value)
        )
    return any(pattern.search(low) for pattern in q.mentions())


def _scope(actor: Actor, session: Session, enterprise_id: int, attempt: str) -> None:
    require_planning(actor, enterprise_id, session=session, table_name="datasubjectrequest", attempt=attempt)


def _tables_for(actor: Actor) -> list[TableInfo]:
    """Staff accounts (`user`) are searched by administrators only."""
    return [t for t in searchable_tables() if t.has_enterprise and (t.name != "user" or actor.role == Role.ADMIN)]


def _digits_sql(session: Session, column: ColumnElement[str]) -> ColumnElement[str]:
    """The digits of a text in SQL (phones in free text: 081-234-5678 → 0812345678)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.regexp_replace(column, "[^0-9]", "", "g")
    expr: ColumnElement[str] = column
    for junk in PHONE_JUNK:
        expr = func.replace(expr, junk, "")
    return expr


def _candidates(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> list[ColumnElement[bool]]:
    """The index rows of records that may hold the person (checked column by column afterwards).

    Names and e-mails are found as substrings through the trigram index; a declared phone number by
    its digits as a whole (`phones` is space-delimited); a phone written in free text by the last
    three digits (which every Thai way of grouping keeps together) through the index, then by all its
    digits with the separators removed."""
    tables = [t.name for t in _tables_for(actor)] + [PASSAGE_SOURCE]
    branches: list[ColumnElement[bool]] = []
    if q.name:
        branches.append(contains(session, ("people", "body"), q.bare_name, 0))
    if q.email:
        branches.append(contains(session, ("emails", "body", "people"), q.email, 1))
    if q.phone_digits:
        branches.append(and_(contains(session, ("phones",), q.phone_digits, 2),
                             col(SearchDoc.phones).contains(f" {q.phone_digits} ")))
        branches.append(and_(contains(session, ("body", "people"), q.phone_digits[-3:], 3),
                             or_(_digits_sql(session, col(SearchDoc.body)).contains(q.phone_digits),
                                 _digits_sql(session, col(SearchDoc.people)).contains(q.phone_digits))))
    # each branch is one index lookup; their union is the candidate set (an OR would scan the table)
    ids = union(*(select(SearchDoc.id).where(b) for b in branches)) if len(branches) > 1 else \
        select(SearchDoc.id).where(branches[0])
    return [col(SearchDoc.id).in_(ids), SearchDoc.enterprise_id == enterprise_id,
            col(SearchDoc.record_table).in_(tables)]


def count_candidates(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> int:
    conditions = _candidates(session, actor, enterprise_id, q)
    return int(session.exec(select(func.count()).select_from(SearchDoc).where(*conditions)).one())


def _hits_of(session: Session, infos: dict[str, TableInfo], docs: Sequence[tuple[str, int]],
             q: PersonQuery) -> list[Hit]:
    """The columns of these records that hold the person (records loaded a table at a time)."""
    hits: list[Hit] = []
    wanted: dict[str, list[int]] = defaultdict(list)
    for table, record_id in docs:
        wanted[table].append(record_id)
    for table, ids in sorted(wanted.items()):
        info = infos.get(table)
        if info is None:
            continue
        model = info.model
        rows = session.exec(select(model).where(col(model.id).in_(ids)).order_by(col(model.id))).all()  # type: ignore[attr-defined]
        columns = [(c, k, True) for c, k in info.pii] + [(c, "text", False) for c in info.text]
        for row in rows:
            basis = getattr(row, "pdpa_basis", None)
            basis_code = str(getattr(basis, "value", basis)) if basis else None
            for column, kind, declared in columns:
                value = getattr(row, column)
                if isinstance(value, str) and value and _value_matches(kind, declared, value, q):
                    hits.append(Hit(
                        table=info.name, table_label=info.label, record_id=row.id,  # type: ignore[attr-defined]
                        column=column, column_label=column_label(info, column), kind=kind, value=value,
                        declared=declared, lawful_basis=basis_code,
                    ))
    return hits


def iter_hits(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery,
              batch: int = BATCH) -> Iterator[list[Hit]]:
    """The person's hits a batch of records at a time, in index order (keyset: memory stays bounded)."""
    conditions = _candidates(session, actor, enterprise_id, q)
    infos = {t.name: t for t in _tables_for(actor)}
    last = 0
    while True:
        docs = session.exec(select(SearchDoc.id, SearchDoc.record_table, SearchDoc.record_id)
                            .where(*conditions, col(SearchDoc.id) > last)
                            .order_by(col(SearchDoc.id)).limit(batch)).all()
        if not docs:
            return
        last = docs[-1][0]
        yield _hits_of(session, infos, [(t, i) for _, t, i in docs], q)


def _find(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> list[Hit]:
    hits = [hit for part in iter_hits(session, actor, enterprise_id, q) for hit in part]
    return sorted(hits, key=lambda h: (h.table, h.record_id))


@dataclass(frozen=True)
class HitPage:
    """One page of a person search: the hits in `page_size` records, and how many records may hold
    the person in all (`records`, counted in SQL; a record whose match turns out to be part of a longer
    number or word shows no hit)."""

    hits: list[Hit]
    records: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.records // self.page_size))


def same_person_columns(info: TableInfo, column: str) -> list[str]:
    """Declared columns that describe the same person as `column`: those sharing its prefix
    (`complainant_name` → `complainant_phone`, `complainant_email`); when none does, every declared
    column of the record (a user account is one person)."""
    declared = [c for c, _ in info.pii]
    prefix = column.rsplit("_", 1)[0]
    siblings = [c for c in declared if c != column and c.rsplit("_", 1)[0] == prefix]
    return [column, *siblings] if siblings else declared


def open_request(
    session: Session, actor: Actor, *, enterprise_id: int, kind: RequestKind, received_at: datetime | None = None
) -> DataSubjectRequest:
    """Register a request; its reference (DSR-<พ.ศ.>-<running no.>) is what the person is told."""
    _scope(actor, session, enterprise_id, "dsr:open")
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
    _scope(actor, session, request.enterprise_id, "dsr:read")
    return request


def list_requests(session: Session, actor: Actor, enterprise_id: int) -> list[DataSubjectRequest]:
    _scope(actor, session, enterprise_id, "dsr:list")
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
    hits = _find(session, actor, request.enterprise_id, _check_query(query))
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
    q = _check_query(query)
    total = count_candidates(session, actor, request.enterprise_id, q)
    docs = session.exec(select(SearchDoc.record_table, SearchDoc.record_id)
                        .where(*_candidates(session, actor, request.enterprise_id, q))
                        .order_by(col(SearchDoc.id)).offset(page * page_size).limit(page_size)).all()
    infos = {t.name: t for t in _tables_for(actor)}
    hits = _hits_of(session, infos, [(t, i) for t, i in docs], q)
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
    hits = _find(session, actor, request.enterprise_id, _check_query(query))
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
    q = _check_query(query)
    new = {"name": new_name.strip(), "phone": new_phone.strip(), "email": new_email.strip()}
    if not any(new.values()):
        raise ValidationFailed([FieldProblem("new_name", "ต้องระบุข้อมูลที่ถูกต้องอย่างน้อยหนึ่งอย่าง", "ข้อมูลใหม่")])
    hits = [h for h in _find(session, actor, request.enterprise_id, q) if h.declared and new.get(h.kind)]
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
    q = _check_query(query)
    hits = _find(session, actor, request.enterprise_id, q)
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
