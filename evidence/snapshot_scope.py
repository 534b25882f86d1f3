"""What the snapshot's readers share: the enterprise-wide reading scope, file links, and unit filters.

Every family is read once for the whole enterprise (`ReadScope`: enterprise, year, approval); a line's
snapshot is cut from those rows in Python (`in_scope`), never read again with the line's units.
"""

from collections import defaultdict

from sqlalchemy import ColumnElement, and_, case, func, true
from sqlmodel import Session, col, select

from criteria.snapshot import EvidenceRef, FileFact
from evidence.models import EvidenceFile, EvidenceLink

NAMED_ROWS = 5  # records named in a reason per unit (the rest are counted)

Links = dict[tuple[str, int], tuple[int, ...]]


class ReadScope:
    """The filters every enterprise-wide query shares: enterprise, year and approval; `files` are the
    enterprise's file links (record → file ids), so every reference names its files."""

    def __init__(self, session: Session, enterprise_id: int, year: int, approved_only: bool, files: Links):
        self.session, self.enterprise_id, self.year = session, enterprise_id, year
        self.approved_only, self.files = approved_only, files

    def approved(self, model: type) -> ColumnElement[bool]:
        return col(model.status) == "approved" if self.approved_only else true()  # type: ignore[attr-defined]

    def of_year(self, model: type) -> ColumnElement[bool]:
        enterprise, year = model.enterprise_id, model.year  # type: ignore[attr-defined]
        return and_(col(enterprise) == self.enterprise_id, col(year) == self.year, self.approved(model))

    def ref(self, table: str, record_id: int | None, label: str) -> EvidenceRef:
        rid = int(record_id or 0)
        return EvidenceRef(table, rid, label, self.files.get((table, rid), ()))


def in_scope(unit_id: int | None, unit_ids: frozenset[int] | None, *, shared: bool = True) -> bool:
    """Whether a record of `unit_id` belongs to the scope: every record for the whole enterprise (None);
    for a line its units' records and, with `shared`, records without a unit (enterprise-wide)."""
    return unit_ids is None or unit_id in unit_ids or (shared and unit_id is None)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def file_links(session: Session, enterprise_id: int) -> Links:
    """Every record of the enterprise that has files linked: (table, record id) → file ids."""
    rows = session.exec(
        select(EvidenceLink.record_table, EvidenceLink.record_id, EvidenceLink.file_id).where(
            EvidenceLink.enterprise_id == enterprise_id, col(EvidenceLink.record_id).is_not(None)
        )
    ).all()
    links: dict[tuple[str, int], list[int]] = defaultdict(list)
    for table, record_id, file_id in rows:
        links[(str(table), int(record_id or 0))].append(file_id)
    return {k: tuple(sorted(set(v))) for k, v in links.items()}


def linked_files(session: Session, enterprise_id: int, ids: set[int]) -> dict[int, FileFact]:
    """Name and SHA-256 of the enterprise's files among `ids`, so each citation names its files."""
    wanted = sorted(ids)
    facts: dict[int, FileFact] = {}
    for start in range(0, len(wanted), 500):
        for fid, name, sha in session.exec(
            select(EvidenceFile.id, EvidenceFile.name, EvidenceFile.sha256).where(
                EvidenceFile.enterprise_id == enterprise_id, col(EvidenceFile.id).in_(wanted[start:start + 500])
            )
        ).all():
            facts[int(fid or 0)] = FileFact(int(fid or 0), name, sha)
    return facts
