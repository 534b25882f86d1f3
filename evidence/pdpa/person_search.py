"""Finding a person across the enterprise (PDPA data-subject requests): by name, e-mail or phone,
in declared personal-data columns and in free text, through the search index (`searchdoc`), a page at a
time. `evidence.pdpa.subjects` answers the requests with what is found here."""

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, union
from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning
from evidence.errors import FieldProblem, ValidationFailed
from evidence.models.search import SearchDoc
from evidence.models.users import Role
from evidence.pdpa.catalog import TableInfo, column_label, searchable_tables
from evidence.services.search import contains
from evidence.services.search_index import PASSAGE_SOURCE, PHONE_JUNK

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
        return min(name_forms(self.name), key=len) if self.name else ""

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


def check_query(query: PersonQuery) -> PersonQuery:
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


def name_forms(name: str) -> set[str]:
    """The name as written and without a leading title (นาย, นางสาว, คุณ, …), spaces normalised."""
    text = " ".join(name.lower().split())
    forms = {text}
    for title in TITLES:
        if text.startswith(title) and text[len(title):].strip():
            forms.add(text[len(title):].strip())
            break
    return forms


def value_matches(kind: str, declared: bool, value: str, q: PersonQuery) -> bool:
    low = value.lower()
    if declared and kind == "email":
        return bool(q.email) and low.strip() == q.email
    if declared and kind == "phone":
        return bool(q.phone) and "".join(c for c in value if c.isdigit()) == q.phone_digits
    if declared and kind == "name":
        return bool(q.name) and any(
            re.search(rf"(?<!\S){re.escape(wanted)}(?!\S)", held)
            for wanted in name_forms(q.name) for held in name_forms(value)
        )
    return any(pattern.search(low) for pattern in q.mentions())


def require_scope(actor: Actor, session: Session, enterprise_id: int, attempt: str) -> None:
    require_planning(actor, enterprise_id, session=session, table_name="datasubjectrequest", attempt=attempt)


def tables_for(actor: Actor) -> list[TableInfo]:
    """Staff accounts (`user`) are searched by administrators only."""
    return [t for t in searchable_tables() if t.has_enterprise and (t.name != "user" or actor.role == Role.ADMIN)]


def digits_sql(session: Session, column: ColumnElement[str]) -> ColumnElement[str]:
    """The digits of a text in SQL (phones in free text: 081-234-5678 → 0812345678)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.regexp_replace(column, "[^0-9]", "", "g")
    expr: ColumnElement[str] = column
    for junk in PHONE_JUNK:
        expr = func.replace(expr, junk, "")
    return expr


def candidates(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> list[ColumnElement[bool]]:
    """The index rows of records that may hold the person (checked column by column afterwards).

    Names and e-mails are found as substrings through the trigram index; a declared phone number by
    its digits as a whole (`phones` is space-delimited); a phone written in free text by the last
    three digits (which every Thai way of grouping keeps together) through the index, then by all its
    digits with the separators removed."""
    tables = [t.name for t in tables_for(actor)] + [PASSAGE_SOURCE]
    branches: list[ColumnElement[bool]] = []
    if q.name:
        branches.append(contains(session, ("people", "body"), q.bare_name, 0))
    if q.email:
        branches.append(contains(session, ("emails", "body", "people"), q.email, 1))
    if q.phone_digits:
        branches.append(and_(contains(session, ("phones",), q.phone_digits, 2),
                             col(SearchDoc.phones).contains(f" {q.phone_digits} ")))
        branches.append(and_(contains(session, ("body", "people"), q.phone_digits[-3:], 3),
                             or_(digits_sql(session, col(SearchDoc.body)).contains(q.phone_digits),
                                 digits_sql(session, col(SearchDoc.people)).contains(q.phone_digits))))
    # each branch is one index lookup; their union is the candidate set (an OR would scan the table)
    ids = union(*(select(SearchDoc.id).where(b) for b in branches)) if len(branches) > 1 else \
        select(SearchDoc.id).where(branches[0])
    return [col(SearchDoc.id).in_(ids), SearchDoc.enterprise_id == enterprise_id,
            col(SearchDoc.record_table).in_(tables)]


def count_candidates(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> int:
    conditions = candidates(session, actor, enterprise_id, q)
    return int(session.exec(select(func.count()).select_from(SearchDoc).where(*conditions)).one())


def hits_of(session: Session, infos: dict[str, TableInfo], docs: Sequence[tuple[str, int]],
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
                if isinstance(value, str) and value and value_matches(kind, declared, value, q):
                    hits.append(Hit(
                        table=info.name, table_label=info.label, record_id=row.id,  # type: ignore[attr-defined]
                        column=column, column_label=column_label(info, column), kind=kind, value=value,
                        declared=declared, lawful_basis=basis_code,
                    ))
    return hits


def iter_hits(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery,
              batch: int = BATCH) -> Iterator[list[Hit]]:
    """The person's hits a batch of records at a time, in index order (keyset: memory stays bounded)."""
    conditions = candidates(session, actor, enterprise_id, q)
    infos = {t.name: t for t in tables_for(actor)}
    last = 0
    while True:
        docs = session.exec(select(SearchDoc.id, SearchDoc.record_table, SearchDoc.record_id)
                            .where(*conditions, col(SearchDoc.id) > last)
                            .order_by(col(SearchDoc.id)).limit(batch)).all()
        if not docs:
            return
        last = docs[-1][0]
        yield hits_of(session, infos, [(t, i) for _, t, i in docs], q)


def find_hits(session: Session, actor: Actor, enterprise_id: int, q: PersonQuery) -> list[Hit]:
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
