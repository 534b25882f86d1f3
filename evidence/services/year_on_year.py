"""Year on year (issue 15, "beyond what anyone makes by hand"): last year's assessor level beside this
year's computed level, and what changed between the two years.

Per sub-topic: last year's computed level and the assessor's level, this year's computed level. What
changed: records per family, counted (added, no longer there, changed — matched across years by their
label, since per-year records are new rows each year; content compared by a digest of every column but
the year and bookkeeping fields; kept in this year's evidence pass: the enterprise's data version moves
with a write of either year), the document versions in force (a new document, a new version, one no
longer in force) and the item verdicts that flipped. Records are read one by one only where both years
hold records of the family; otherwise SQL counts them (a family without a year column holds the same
records in both years: nothing changed; a year without records: every record of the other was added, or
is no longer there). Both years are scored with the criteria version each pins
(`score_enterprise`), the same data the dashboard's year comparison shows.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, func, select

from evidence.access import Actor, require_read
from evidence.errors import NotFound
from evidence.excel.schema import FAMILIES, Family
from evidence.models import AssessmentYear, Document
from evidence.services.evidence_pass import evidence_pass
from evidence.services.review import FAMILY_TH, label_fields, label_of
from evidence.services.scoring import score_enterprise
from evidence.services.submissions import CONTENT_SKIP, version_label
from evidence.snapshot_documents import RegisterScope, versions_in_force

SHEET_OF = {str(f.model.__tablename__): f.sheet for f in FAMILIES}
ACROSS_YEARS_SKIP = CONTENT_SKIP | {"year", "carried_from_year", "status", "review_comment"}
CHANGE_TH = {"added": "เพิ่ม", "removed": "ไม่มีแล้ว", "changed": "แก้ไข"}


@dataclass(frozen=True)
class SubtopicYears:
    code: str
    name_th: str
    earlier_level: float | None  # computed last year
    assessor_level: float | None  # the assessor's level last year
    level: float | None  # computed this year

    @property
    def change(self) -> float | None:
        base = self.assessor_level if self.assessor_level is not None else self.earlier_level
        return None if base is None or self.level is None else self.level - base


@dataclass(frozen=True)
class FamilyYears:
    """Records of one family in each year, and how many were added, are no longer there, or changed."""

    family: str
    earlier: int
    now: int
    added: int = 0
    removed: int = 0
    changed: int = 0


@dataclass(frozen=True)
class YearOnYear:
    earlier_year: int
    year: int
    earlier_version: str  # which data of last year (its submitted version)
    earlier_score: float | None
    score: float | None
    subtopics: tuple[SubtopicYears, ...]
    families: tuple[FamilyYears, ...]
    documents: tuple[tuple[str, str, str, str], ...] = ()  # (change, document, last year's version, this year's)
    items: tuple[tuple[str, str, str, str], ...] = field(default=())  # (item, text, last year, this year)

    def lines(self) -> list[str]:
        """Plain Thai lines (the CLI and tests)."""
        out = [f"ปี {self.earlier_year} ({self.earlier_version}) → ปี {self.year}: คะแนนรวม "
               f"{_fmt(self.earlier_score)} → {_fmt(self.score)}"]
        out += [f"{s.code} {s.name_th}: ปี {self.earlier_year} คำนวณ {_fmt(s.earlier_level)} ผู้ประเมินให้ "
                f"{_fmt(s.assessor_level)} · ปี {self.year} คำนวณ {_fmt(s.level)}" for s in self.subtopics]
        out += [f"ข้อมูล {f.family}: {f.earlier:,} → {f.now:,} รายการ (เพิ่ม {f.added:,} ไม่มีแล้ว "
                f"{f.removed:,} แก้ไข {f.changed:,})" for f in self.families]
        out += [f"เอกสาร {doc}: {change} ({a or '-'} → {b or '-'})" for change, doc, a, b in self.documents]
        out += [f"รายการเกณฑ์ {item} ({text[:60]}): {a} → {b}" for item, text, a, b in self.items]
        return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def earlier_year_of(session: Session, enterprise_id: int, year: int) -> int | None:
    years = session.exec(select(AssessmentYear.year).where(
        AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year < year)
        .order_by(AssessmentYear.year.desc())).first()  # type: ignore[attr-defined]
    return int(years) if years is not None else None


def compare_years(session: Session, actor: Actor, *, enterprise_id: int, year: int,
                  earlier: int | None = None) -> YearOnYear:
    """This year against `earlier` (default: the assessment year before it); `NotFound` when there is none."""
    require_read(actor, enterprise_id, session=session)
    earlier = earlier if earlier is not None else earlier_year_of(session, enterprise_id, year)
    if earlier is None:
        raise NotFound(f"ยังไม่มีปีประเมินก่อนปี {year} ให้เปรียบเทียบ", field="year")
    before = score_enterprise(session, actor, enterprise_id=enterprise_id, year=earlier)
    now = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year)
    old_subs = {s.code: s for s in before.subtopics()}
    subtopics = tuple(SubtopicYears(s.code, s.name_th, getattr(old_subs.get(s.code), "level", None),
                                    getattr(old_subs.get(s.code), "assessor_level", None), s.level)
                      for s in now.subtopics())
    old_items = {i.id: i for s in before.subtopics() for i in s.items}
    items = tuple((i.id, i.text_th, _verdict(old_items.get(i.id)), _verdict(i)) for s in now.subtopics()
                  for i in s.items if i.id in old_items and old_items[i.id].met != i.met)
    return YearOnYear(earlier, year, version_label(session, enterprise_id, earlier), before.score, now.score,
                      subtopics, evidence_pass(session, enterprise_id, year).get(
                          ("year_on_year:families", earlier), lambda: _families(session, enterprise_id, earlier, year)),
                      _documents(session, enterprise_id, earlier, year), items)


def _verdict(item: object) -> str:
    return "ผ่าน" if getattr(item, "met", False) else "ไม่ผ่าน"


def _contents(session: Session, family: Family, enterprise_id: int, year: int) -> dict[tuple[str, int], str]:
    """(label, its occurrence among records sharing it) → a digest of the record's content without the
    year and bookkeeping fields (`ACROSS_YEARS_SKIP`), in id order. Plain rows, not ORM records."""
    table = family.model.__table__  # type: ignore[attr-defined]
    labels = label_fields(family.model)
    content = [c for c in table.columns if c.name not in ACROSS_YEARS_SKIP]
    query = select(table.c.id, *(table.c[n] for n in labels), *content).where(
        table.c.enterprise_id == enterprise_id, table.c.year == year)
    seen: Counter[str] = Counter()
    out: dict[tuple[str, int], str] = {}
    width = 1 + len(labels)
    for row in session.connection().execute(query.order_by(table.c.id)):  # plain rows, even of one column
        label = label_of(dict(zip(labels, row[1:width], strict=True)), row[0])
        seen[label] += 1
        out[(label, seen[label])] = hashlib.sha256(repr(tuple(row[width:])).encode()).hexdigest()
    return out


def _counts(session: Session, family: Family, enterprise_id: int, earlier: int, year: int) -> tuple[int, int]:
    """How many records of the family each year holds (one statement; a family without a year column
    holds the same records in both)."""
    table = family.model.__table__  # type: ignore[attr-defined]
    if not family.has_year:
        n = int(session.connection().execute(select(func.count()).select_from(table).where(
            table.c.enterprise_id == enterprise_id)).scalar_one())
        return n, n
    per_year = dict(session.connection().execute(select(table.c.year, func.count()).where(
        table.c.enterprise_id == enterprise_id, table.c.year.in_((earlier, year))).group_by(table.c.year)).all())
    return int(per_year.get(earlier, 0)), int(per_year.get(year, 0))


def _families(session: Session, enterprise_id: int, earlier: int, year: int) -> tuple[FamilyYears, ...]:
    out = []
    for family in FAMILIES:
        table = str(family.model.__tablename__)
        name = FAMILY_TH.get(table) or SHEET_OF.get(table, table)
        before, now = _counts(session, family, enterprise_id, earlier, year)
        if not before and not now:
            continue
        if not family.has_year or not before or not now:  # nothing to match a record with
            out.append(FamilyYears(name, before, now, added=now if family.has_year else 0,
                                   removed=before if family.has_year else 0))
            continue
        a = _contents(session, family, enterprise_id, earlier)
        b = _contents(session, family, enterprise_id, year)
        out.append(FamilyYears(name, len(a), len(b), added=sum(k not in a for k in b),
                               removed=sum(k not in b for k in a), changed=sum(k in a and a[k] != b[k] for k in b)))
    return tuple(out)


def _documents(session: Session, enterprise_id: int, earlier: int, year: int) -> tuple[tuple[str, str, str, str], ...]:
    def in_force(y: int) -> dict[int, str]:
        cycle = session.exec(select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id,
                                                          AssessmentYear.year == y)).first()
        first, last = cycle.bounds() if cycle is not None else (date(y - 544, 10, 1), date(y - 543, 9, 30))
        scope = RegisterScope(session, enterprise_id, y, first, last, last, None, True, "declared")
        return {doc_id: f"ฉบับ {v.label} ({v.code})" for doc_id, v in versions_in_force(scope).items()}

    a, b = in_force(earlier), in_force(year)
    titles = dict(session.exec(select(Document.id, Document.title).where(Document.enterprise_id == enterprise_id)).all())
    out = []
    for doc_id in sorted(set(a) | set(b), key=lambda d: str(titles.get(d, ""))):
        if a.get(doc_id) == b.get(doc_id):
            continue
        change = "ใช้ฉบับใหม่" if doc_id in a and doc_id in b else "เริ่มมีผล" if doc_id in b else "ไม่มีผลแล้ว"
        out.append((change, str(titles.get(doc_id, doc_id)), a.get(doc_id, ""), b.get(doc_id, "")))
    return tuple(out)
