"""One search box over the enterprise's records and documents (issue 16), on the index that the
database keeps (`evidence.services.search_index`).

The query is cut into Thai words with pythainlp; every word must occur in the record (as a substring:
Thai is written without spaces, so a word is found inside a longer word or sentence). Words shorter
than three letters are joined to their neighbour, since the trigram indexes need three letters.
Results come a page at a time, newest first, and only what the user may read:

- division staff see the records of their own units, and records without a unit that hold no personal
  data (documents, approvals, standards);
- names, phones and e-mails are searched only for users who see them unmasked (the planning team, and
  division staff in their own units); executives and assessors search the non-personal text;
- the snippet is cut from the record as the user's role shows it (personal data masked).
"""

from dataclasses import dataclass

from pythainlp.tokenize import word_tokenize
from sqlalchemy import ColumnElement, and_, false, func, or_, text
from sqlmodel import Session, SQLModel, col, select

from evidence.access import Actor, require_read
from evidence.errors import FieldProblem, ValidationFailed
from evidence.masking import masked_row
from evidence.models import FilePassage
from evidence.models.base import REVIEW_STATUS_TH, ReviewStatus
from evidence.models.search import SearchDoc
from evidence.models.users import Role
from evidence.pdpa.catalog import personal_data_tables, searchable_tables, table_label
from evidence.services.search_index import PASSAGE_SOURCE

MIN_TERM = 3
PAGE_SIZE = 20
# Never offered by the search box: staff accounts, e-mails waiting to be sent, revisions (their record is).
HIDDEN_TABLES = frozenset({"user", "outboxmessage", "recordrevision", "submission"})
PAGES = {
    "stakeholder": "views/stakeholders.py", "stakeholderissue": "views/stakeholders.py",
    "voiceofstakeholder": "views/stakeholders.py", "relationshipplan": "views/relationships.py",
    "relationshipactivity": "views/relationships.py", "relationshiprisk": "views/relationships.py",
    "workinggroup": "views/relationships.py", "workinggroupmember": "views/relationships.py",
    "customersegment": "views/segments.py", "listeningchannel": "views/segments.py",
    "vocrecord": "views/voc.py", "vocreport": "views/voc.py", "vocaspectranking": "views/voc.py",
    "improvementaction": "views/voc.py", "document": "views/documents.py", "documentversion": "views/documents.py",
    "approval": "views/approvals.py", "governingbody": "views/approvals.py", "monitoringminute": "views/approvals.py",
    "servicestandard": "views/service.py", "complaintcase": "views/complaints.py",
    "complaintchannel": "views/complaints.py", "complaintstandard": "views/complaints.py",
    "survey": "views/surveys.py", "strategyplan": "views/plans.py", "plankpi": "views/plans.py",
    "developmentproject": "views/projects.py", "evidencefile": "views/files.py", PASSAGE_SOURCE: "views/files.py",
    "orgunit": "views/org_structure.py",
}


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" for c in text)


def query_terms(query: str) -> list[str]:
    """The words of `query`, lower-cased: Thai cut into words with pythainlp, each of at least three
    letters where possible (a short word keeps its neighbour, as written); codes, numbers and e-mails
    (no Thai letters) stay whole."""
    terms: list[str] = []
    for chunk in query.replace("%", " ").replace("_", " ").replace('"', " ").split():
        chunk = chunk.casefold()
        if not _is_thai(chunk):
            if any(c.isalnum() for c in chunk):
                terms.append(chunk)
            continue
        spans: list[tuple[int, int]] = []  # the words' places in the chunk, punctuation left out
        at = 0
        for word in word_tokenize(chunk, engine="newmm", keep_whitespace=False):
            start = chunk.find(word, at)
            at = start + len(word)
            if any(c.isalnum() for c in word):
                spans.append((start, at))
        group: tuple[int, int] | None = None
        for start, end in spans:
            group = (group[0], end) if group else (start, end)
            if len(chunk[group[0]:group[1]]) >= MIN_TERM:
                terms.append(chunk[group[0]:group[1]])
                group = None
        if group:
            if terms and len(spans) > 1:
                terms[-1] = chunk[chunk.find(terms[-1]):group[1]]
            else:
                terms.append(chunk[group[0]:group[1]])
    return list(dict.fromkeys(terms))


def contains(session: Session, columns: tuple[str, ...], terms: str | list[str], n: int = 0) -> ColumnElement[bool]:
    """Every one of `terms` occurs in one of `columns` of `searchdoc`, through the index of the database
    in use. On SQLite the words of three letters or more go into one FTS5 query (the index intersects
    them), shorter ones are checked with LIKE on the rows it returns. `n` makes the bound parameter's
    name unique within one statement."""
    words = [terms] if isinstance(terms, str) else list(terms)
    if not columns or not words:
        return false()
    if session.get_bind().dialect.name != "sqlite":
        return and_(*(or_(*(getattr(SearchDoc, c).ilike(f"%{w}%") for c in columns)) for w in words))
    long = [w for w in words if len(w) >= MIN_TERM]
    short = [or_(*(getattr(SearchDoc, c).like(f"%{w}%") for c in columns)) for w in words if len(w) < MIN_TERM]
    if not long:
        return and_(*short)
    group = "{" + " ".join(columns) + "}"
    expression = " AND ".join(f'({group} : "{w.replace(chr(34), chr(34) * 2)}")' for w in long)
    indexed = text(f"searchdoc.id IN (SELECT rowid FROM searchdoc_fts WHERE searchdoc_fts MATCH :m{n})"
                   ).bindparams(**{f"m{n}": expression})
    return and_(indexed, *short)


@dataclass(frozen=True)
class SearchHit:
    record_table: str
    record_id: int
    family: str
    label: str
    snippet: str
    page: str | None  # the portal page that holds the record (relative to portal/)
    status_th: str | None
    year: int | None


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    terms: tuple[str, ...]


def _scope(actor: Actor, enterprise_id: int) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [SearchDoc.enterprise_id == enterprise_id,
                                             col(SearchDoc.record_table).not_in(HIDDEN_TABLES)]
    if actor.role == Role.DIVISION:
        personal = [t.name for t in personal_data_tables()]
        conditions.append(or_(col(SearchDoc.org_unit_id).in_(actor.org_unit_ids or {-1}),
                              and_(col(SearchDoc.org_unit_id).is_(None),
                                   col(SearchDoc.record_table).not_in(personal))))
    return conditions


def sees_people(actor: Actor) -> bool:
    """Whether names, phones and e-mails are searched for this user (see the module's docstring)."""
    return actor.role in (Role.ADMIN, Role.PLANNING, Role.DIVISION)


def search_records(session: Session, actor: Actor, *, enterprise_id: int, query: str, year: int | None = None,
                   status: ReviewStatus | None = None, page: int = 0, page_size: int = PAGE_SIZE) -> SearchPage:
    """One page of the records that hold every word of `query`, and how many there are in all."""
    require_read(actor, enterprise_id, session=session, table_name="searchdoc")
    terms = query_terms(query)
    if not terms:
        raise ValidationFailed([FieldProblem("query", "กรุณาพิมพ์คำที่ต้องการค้นหา", "คำค้น")])
    if all(len(t) < MIN_TERM for t in terms):
        raise ValidationFailed([FieldProblem("query", f"คำค้นต้องยาวอย่างน้อย {MIN_TERM} ตัวอักษร", "คำค้น")])
    columns = ("body", "people", "phones", "emails") if sees_people(actor) else ("body",)
    conditions = _scope(actor, enterprise_id)
    conditions.append(contains(session, columns, terms))
    if year is not None:
        conditions.append(or_(SearchDoc.year == year, col(SearchDoc.year).is_(None)))
    if status is not None:
        conditions.append(SearchDoc.status == status.value)
    total = session.exec(select(func.count()).select_from(SearchDoc).where(*conditions)).one()
    docs = session.exec(select(SearchDoc).where(*conditions).order_by(col(SearchDoc.id).desc())
                        .offset(page * page_size).limit(page_size)).all()
    return SearchPage([_hit(session, actor, d, terms) for d in docs], int(total), tuple(terms))


def _models() -> dict[str, type[SQLModel]]:
    return {t.name: t.model for t in searchable_tables()} | {PASSAGE_SOURCE: FilePassage}


def _hit(session: Session, actor: Actor, doc: SearchDoc, terms: list[str]) -> SearchHit:
    from evidence.services.review import record_label

    model = _models().get(doc.record_table)
    record = session.get(model, doc.record_id) if model is not None else None
    label, snippet = f"#{doc.record_id}", ""
    if record is not None:
        label = record_label(model, record)  # type: ignore[arg-type]
        if doc.record_table == PASSAGE_SOURCE:
            label = f"{record.locator_th}"  # type: ignore[attr-defined]
        snippet = _snippet(masked_row(record, actor), terms)
    status = REVIEW_STATUS_TH.get(ReviewStatus(doc.status)) if doc.status in set(ReviewStatus) else None
    return SearchHit(doc.record_table, doc.record_id, table_label(doc.record_table), label, snippet,
                     PAGES.get(doc.record_table), status, doc.year)


def _snippet(row: dict[str, object], terms: list[str], width: int = 60) -> str:
    """The passage around the first word found, from the record as the user sees it."""
    for value in row.values():
        if not isinstance(value, str):
            continue
        low = value.casefold()
        at = min((i for i in (low.find(t) for t in terms) if i >= 0), default=-1)
        if at >= 0:
            start = max(0, at - width // 2)
            piece = " ".join(value[start:start + width].split())
            return ("…" if start else "") + piece + ("…" if start + width < len(value) else "")
    return ""
