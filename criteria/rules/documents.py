"""What the document rules (C1–C6, C10) share: which register documents a rule reads, their
citations, and the warnings a careful assessor raises about them (issue 11 §3, §6)."""

from collections.abc import Collection, Iterable

from criteria.snapshot import Citation, DocumentFact, EvidenceSnapshot
from criteria.vocabulary import DECLARED_FACTS

NOT_FOUND = "ไม่พบในเอกสาร"


def documents_for(snapshot: EvidenceSnapshot, *subjects: str) -> list[DocumentFact]:
    """Documents in force that count for any of the subjects."""
    return [d for d in snapshot.documents if d.subjects & set(subjects)]


def unique(documents: Iterable[DocumentFact]) -> list[DocumentFact]:
    """Documents in order, each once (a document may count for several subjects)."""
    seen: dict[object, DocumentFact] = {}
    for doc in documents:
        seen.setdefault(doc.ref, doc)
    return list(seen.values())


def document_notes(
    snapshot: EvidenceSnapshot, documents: Iterable[DocumentFact], facts: Collection[str] = ()
) -> tuple[list[Citation], list[str]]:
    """Citations (each document version, its approvals, files, and the passage behind each of `facts`)
    and warnings: declared facts the text does not support, facts no readable file can confirm, and the
    register's own warnings (review overdue, blank effective date, approval missing or past validity)."""
    citations: list[Citation] = []
    warnings: list[str] = []
    strict = snapshot.fact_mode == "strict"
    for doc in unique(documents):
        citations.extend(doc.citations)
        citations.extend(doc.support[f] for f in facts if f in doc.support)
        for fact in sorted(set(facts) & doc.unsupported):
            warnings.append(
                f"{DECLARED_FACTS.get(fact, fact)}: {NOT_FOUND} '{doc.ref.label}'"
                + (" จึงไม่นับ (โหมดเคร่งครัด)" if strict else " (นับตามที่ระบุ)")
            )
        for fact in sorted(set(facts) & doc.unverifiable):
            warnings.append(
                f"{DECLARED_FACTS.get(fact, fact)}: ยังไม่มีไฟล์ที่อ่านข้อความได้ของ '{doc.ref.label}' "
                + ("จึงไม่นับ (โหมดเคร่งครัด)" if strict else "ตรวจกับเอกสารไม่ได้ (นับตามที่ระบุ)")
            )
        warnings.extend(doc.warnings)
    return citations, warnings
