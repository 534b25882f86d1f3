"""The register documents a year sees (issue 11): versions in force, approvals, files and passages.

A version is in force in a year when it is approved (unless `approved_only=False`), it took effect
on or before the year's last day (a blank effective date: the first day of the year it was recorded
in, with a warning), and no later approved version took effect before it. Approvals count when the
meeting (or signature) is on or before the year's last day, in whatever earlier year it was. Each
declared fact is looked up in the text of the version's files (`evidence.services.document_facts`):
in the "strict" fact mode a fact with no supporting passage does not count.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, true
from sqlmodel import Session, col, select

from criteria.citations import file_citation
from criteria.snapshot import Approval, Citation, DocumentFact, EvidenceRef, FileFact
from evidence.models import Approval as ApprovalRow
from evidence.models import (
    ApprovalDocument,
    Document,
    DocumentVersion,
    EvidenceFile,
    EvidenceLink,
    FileReading,
    GoverningBody,
)
from evidence.services.document_facts import find_facts
from evidence.thai_dates import thai_date

# the subjects (vocabulary.DOCUMENT_SUBJECTS) a document of each kind can stand for
KIND_SUBJECTS: dict[str, frozenset[str]] = {
    "complaint_policy": frozenset({"complaint_policy"}),
    "complaint_procedure": frozenset({"complaint_procedure"}),
    "policy_and_procedure": frozenset({"complaint_policy", "complaint_procedure"}),
    "complaint_standards": frozenset({"complaint_standards"}),
    "service_charter": frozenset({"service_charter"}),
    "service_standards": frozenset({"service_standard"}),
    "charter_and_standards": frozenset({"service_charter", "service_standard"}),
    "service_recovery": frozenset({"service_recovery"}),
    "customer_strategy": frozenset({"customer_strategy"}),
    "stakeholder_strategy": frozenset({"stakeholder_strategy"}),
    "annual_action": frozenset({"annual_action"}),
    "long_term_action": frozenset({"long_term_action"}),
}
_STANDS_IN_FOR_COMPLAINT_POLICY = ("good_governance", "customer_market_policy")  # when it covers complaints (CM10)
_COMPLAINT_DOCUMENTS = ("complaint_policy", "complaint_procedure", "policy_and_procedure")


@dataclass(frozen=True)
class RegisterScope:
    session: Session
    enterprise_id: int
    year: int
    first_day: date
    last_day: date
    as_of: date
    unit_ids: frozenset[int] | None
    approved_only: bool
    fact_mode: str


def year_start(year: int) -> date:
    """First day of a fiscal year (Buddhist Era): 1 October of the year before."""
    return date(year - 543 - 1, 10, 1)


def _approved(model: type, scope: RegisterScope) -> ColumnElement[bool]:
    return col(model.status) == "approved" if scope.approved_only else true()  # type: ignore[attr-defined]


def versions_in_force(scope: RegisterScope) -> dict[int, DocumentVersion]:
    """document id → its version in force during the year (the latest that took effect by year end)."""
    d, v = Document, DocumentVersion
    units = true() if scope.unit_ids is None else or_(col(d.org_unit_id).in_(scope.unit_ids), col(d.org_unit_id).is_(None))
    rows = scope.session.exec(
        select(v).join(d, col(d.id) == v.document_id)
        .where(d.enterprise_id == scope.enterprise_id, units, _approved(v, scope))
        .order_by(v.document_id, v.id)
    ).all()  # fmt: skip
    chosen: dict[int, DocumentVersion] = {}
    for version in rows:
        start = version.effective_on or year_start(version.year_recorded)
        if start > scope.last_day:
            continue
        current = chosen.get(version.document_id)
        if current is None or start >= (current.effective_on or year_start(current.year_recorded)):
            chosen[version.document_id] = version
    return chosen


def _approvals(scope: RegisterScope, version_ids: list[int]) -> dict[int, list[tuple[Approval, Citation]]]:
    a, b, ad = ApprovalRow, GoverningBody, ApprovalDocument
    if not version_ids:
        return {}
    rows = scope.session.exec(
        select(ad.version_id, a.id, a.code, a.meeting_no, a.meeting_date, a.signer_is_governor, a.signed_on,
               a.valid_until, b.kind, b.name_th, b.has_board_representative, b.formally_delegated, b.duties_defined)
        .join(a, col(a.id) == ad.approval_id)
        .join(b, col(a.body_id) == b.id, isouter=True)
        .where(col(ad.version_id).in_(version_ids), _approved(a, scope))
        .order_by(a.meeting_date, a.id)
    ).all()  # fmt: skip
    found: dict[int, list[tuple[Approval, Citation]]] = defaultdict(list)
    for vid, aid, code, no, on, governor, signed, valid, kind, name, rep, delegated, duties in rows:
        when = on or signed
        if when is not None and when > scope.last_day:
            continue
        label = (name or "ผู้ว่าการลงนาม") + (f" ครั้งที่ {no}" if no else "") + (f" วันที่ {thai_date(when)}" if when else "")
        ref = EvidenceRef("approval", int(aid), label)
        approval = Approval(str(kind) if kind else None, name or "", bool(rep), bool(delegated), bool(duties),
                            bool(governor), when, ref, no, valid)  # fmt: skip
        citation = Citation("approval", label, table="approval", record_id=int(aid), code=code, body=name,
                            meeting_no=no, meeting_date=when)  # fmt: skip
        found[int(vid)].append((approval, citation))
    return found


def _files(scope: RegisterScope, version_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, FileFact]]:
    if not version_ids:
        return {}, {}
    link, f, r = EvidenceLink, EvidenceFile, FileReading
    rows = scope.session.exec(
        select(link.record_id, f.id, f.name, f.sha256, r.state, r.pages)
        .join(f, col(f.id) == link.file_id)
        .join(r, col(r.file_id) == f.id, isouter=True)
        .where(link.enterprise_id == scope.enterprise_id, link.record_table == "documentversion",
               col(link.record_id).in_(version_ids))
        .order_by(f.id)
    ).all()  # fmt: skip
    by_version: dict[int, list[int]] = defaultdict(list)
    facts: dict[int, FileFact] = {}
    for vid, fid, name, sha, state, pages in rows:
        by_version[int(vid or 0)].append(int(fid or 0))
        facts[int(fid or 0)] = FileFact(int(fid or 0), name, sha, pages, str(state or "pending"))
    return by_version, facts


def _subjects(kind: str, counted: frozenset[str]) -> frozenset[str]:
    subjects = set(KIND_SUBJECTS.get(kind, frozenset({kind})))
    if kind in _STANDS_IN_FOR_COMPLAINT_POLICY and "complaint_handling" in counted:
        subjects.add("complaint_policy")
    if kind in _COMPLAINT_DOCUMENTS and "complaint_standards" in counted:
        subjects.add("complaint_standards")
    return frozenset(subjects)


def _review_due(doc: Document, version: DocumentVersion) -> date | None:
    if version.review_due_on:
        return version.review_due_on
    base = version.last_reviewed_on or version.effective_on
    if base is None or not doc.review_every_months:
        return None
    months = base.month - 1 + doc.review_every_months
    return date(base.year + months // 12, months % 12 + 1, min(base.day, 28))


def _warnings(doc: Document, version: DocumentVersion, approvals: list[Approval], scope: RegisterScope) -> list[str]:
    name = f"'{doc.title}' ฉบับ {version.label}"
    found: list[str] = []
    if version.effective_on is None:
        found.append(f"{name} ไม่ได้ระบุวันที่มีผลบังคับใช้ (นับตั้งแต่ปีที่บันทึก {version.year_recorded})")
    due = _review_due(doc, version)
    if due is not None and due < scope.as_of:
        found.append(f"{name} เลยกำหนดทบทวนแล้ว (กำหนด {thai_date(due)}; นโยบายควรทบทวนอย่างน้อยปีละครั้ง)")
    if version.declared_approved and not approvals:
        found.append(f"{name} ระบุว่าได้รับอนุมัติแล้ว แต่ไม่มีบันทึกการอนุมัติ (คณะ ครั้งที่ประชุม วันที่)")
    for approval in approvals:
        if approval.valid_until is not None and approval.valid_until < scope.first_day:
            found.append(f"การอนุมัติ {approval.ref.label if approval.ref else ''} ของ {name} "
                         f"หมดอายุตามที่มติระบุเมื่อ {thai_date(approval.valid_until)}")
    return found


def register_documents(scope: RegisterScope) -> tuple[tuple[DocumentFact, ...], dict[int, FileFact]]:
    """The documents in force in the year, as the rules read them, and the files they cite."""
    in_force = versions_in_force(scope)
    version_ids = [int(v.id or 0) for v in in_force.values()]
    docs = {int(d.id or 0): d for d in scope.session.exec(
        select(Document).where(col(Document.id).in_(list(in_force)))).all()} if in_force else {}
    approvals = _approvals(scope, version_ids)
    files_of, file_facts = _files(scope, version_ids)
    passages = find_facts(scope.session, {int(v.id or 0): (tuple(v.declared or ()), tuple(files_of.get(int(v.id or 0), ())))
                                          for v in in_force.values()}, file_facts)  # fmt: skip
    facts: list[DocumentFact] = []
    for doc_id, version in sorted(in_force.items()):
        doc, vid = docs[doc_id], int(version.id or 0)
        declared = frozenset(version.declared or ())
        support = passages.get(vid, {})
        readable = any(file_facts[f].reading in ("read", "ocr") for f in files_of.get(vid, ()))
        unsupported = frozenset(c for c in declared if readable and c not in support)
        unverifiable = frozenset(declared - set(support)) if not readable else frozenset()
        counted = declared if scope.fact_mode != "strict" else frozenset(support)
        found = approvals.get(vid, [])
        label = f"{doc.title} (ฉบับ {version.label})"
        ref = EvidenceRef("documentversion", vid, label, tuple(files_of.get(vid, ())))
        own = Citation("document", label, table="documentversion", record_id=vid, code=doc.code,
                       document=doc.title, version=version.label)  # fmt: skip
        citations = [own, *(c for _, c in found), *(file_citation(file_facts, f) for f in files_of.get(vid, ()))]
        components = set(counted)
        if components & {"recovery_normal", "recovery_abnormal"}:
            components.add("recovery_plan")
        facts.append(DocumentFact(
            ref, str(doc.kind), _subjects(str(doc.kind), frozenset(counted)), frozenset(components),
            tuple(a for a, _ in found), published=bool(version.published_url or version.published_on),
            in_customer_strategy="improvement_in_strategy" in counted, owner_unit_id=doc.org_unit_id,
            code=doc.code, version=version.label, effective_on=version.effective_on,
            review_due_on=_review_due(doc, version), declared=declared, unsupported=unsupported,
            unverifiable=unverifiable, support=support, citations=tuple(citations),
            warnings=tuple(_warnings(doc, version, [a for a, _ in found], scope)),
        ))  # fmt: skip
    return tuple(facts), file_facts

