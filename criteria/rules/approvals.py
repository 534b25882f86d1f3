"""Approval rules C1 and C2 (FAQ CM1, CM10, CM12): who approved the policy, charter or strategy."""

from criteria.rules.base import Params, ParamSpec, ParamSpecs, Reads, RuleOutcome, judge, list_param, titles
from criteria.rules.documents import document_notes
from criteria.snapshot import Approval, DocumentFact, EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import DOCUMENT_SUBJECTS

DEFAULT_SUBJECTS = ("complaint_policy", "complaint_procedure", "complaint_standards")
C1_PARAMS: ParamSpecs = {"subjects": ParamSpec("list", DOCUMENT_SUBJECTS)}
C2_PARAMS: ParamSpecs = C1_PARAMS

_FORMAL_BODIES = ("board", "committee")


# what the rules read from the records, and the pages whose to-do lists show their gaps
C1_READS = Reads(("approvals", "files"), "approval")
C2_READS = Reads(("approvals",), "approval")


def _documents(snapshot: EvidenceSnapshot, subject: str) -> list[DocumentFact]:
    return [d for d in snapshot.documents if subject in d.subjects]


def _not_covering(snapshot: EvidenceSnapshot, subject: str) -> list[str]:
    """Good-governance policies that could stand in for a complaint document but do not mention it."""
    if not subject.startswith("complaint"):
        return []
    return [
        f"นโยบายการกำกับดูแลกิจการที่ดี '{d.ref.label}' ไม่ได้ระบุเรื่องการจัดการข้อร้องเรียนไว้ชัดเจน จึงใช้แทนไม่ได้ (FAQ CM10)"
        for d in snapshot.documents
        if d.kind == "good_governance" and subject not in d.subjects
    ]


def _refs(documents: list[DocumentFact], approvals: list[Approval]) -> list[EvidenceRef]:
    return [d.ref for d in documents] + [a.ref for a in approvals if a.ref is not None]


def _why_not_formal(approvals: list[Approval]) -> str:
    if any(a.governor_signed for a in approvals):
        return " (มีเพียงการลงนามของผู้ว่าการ ซึ่งนับได้เมื่อลงนามหลังคณะกรรมการอนุมัติแล้ว)"
    if any(a.body_kind == "executive" for a in approvals):
        return " (อนุมัติโดยฝ่ายบริหารเท่านั้น)"
    return ""


def c1_approved_in_writing(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C1 (FAQ CM1, CM10): each subject (default: complaint policy, procedure AND standards) is written down and
    formally approved by the board or a committee; policy and procedure may be one document approved
    together; the governor may sign after the board approves; a good-governance policy counts only if
    it explicitly covers complaint handling."""
    problems: list[str] = []
    evidence: list[EvidenceRef] = []
    read: list[DocumentFact] = []
    for subject in list_param(params, "subjects", DEFAULT_SUBJECTS):
        label = DOCUMENT_SUBJECTS.get(subject, subject)
        documents = _documents(snapshot, subject)
        read.extend(documents)
        if not documents:
            problems.append(f"ไม่มี{label}ที่เป็นลายลักษณ์อักษร (ฉบับที่มีผลในปี {snapshot.year})")
            problems.extend(_not_covering(snapshot, subject))
            continue
        all_approvals = [a for d in documents for a in d.approvals]
        formal = [a for a in all_approvals if a.body_kind in _FORMAL_BODIES]
        if formal:
            evidence.extend(_refs(documents, formal))
        else:
            problems.append(
                f"{label} {titles([d.ref for d in documents])} ยังไม่ได้รับอนุมัติจากคณะกรรมการรัฐวิสาหกิจ"
                f"หรือคณะกรรมการที่ได้รับมอบหมาย{_why_not_formal(all_approvals)}"
            )
    citations, warnings = document_notes(snapshot, read, ("complaint_handling",))
    return judge(problems, ok="ได้รับอนุมัติเป็นลายลักษณ์อักษรจากคณะกรรมการ", evidence=evidence,
                 citations=citations, warnings=warnings)


def _committee_gaps(approval: Approval) -> list[str]:
    gaps = []
    if not approval.has_board_representative:
        gaps.append("ไม่มีผู้แทนคณะกรรมการรัฐวิสาหกิจ")
    if not approval.formally_delegated:
        gaps.append("ไม่ได้รับมอบอำนาจอย่างเป็นทางการ")
    if not approval.duties_defined:
        gaps.append("ไม่ได้กำหนดบทบาทหน้าที่ชัดเจน")
    return gaps


def c2_approver_has_authority(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C2 (FAQ CM12): the approval comes from the board, or from a committee that includes board
    representatives AND holds formally delegated authority AND has defined duties."""
    problems: list[str] = []
    evidence: list[EvidenceRef] = []
    read: list[DocumentFact] = []
    for subject in list_param(params, "subjects", DEFAULT_SUBJECTS):
        label = DOCUMENT_SUBJECTS.get(subject, subject)
        documents = _documents(snapshot, subject)
        read.extend(documents)
        formal = [a for d in documents for a in d.approvals if a.body_kind in _FORMAL_BODIES]
        qualified = [a for a in formal if a.body_kind == "board" or not _committee_gaps(a)]
        if qualified:
            evidence.extend(_refs(documents, qualified))
            continue
        if not formal:
            problems.append(f"{label}: ยังไม่มีการอนุมัติโดยคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมาย")
        for approval in formal:
            problems.append(
                f"{label}: อนุมัติโดย '{approval.body_name}' ซึ่ง{' '.join(_committee_gaps(approval))} "
                "จึงไม่นับเป็นคณะกรรมการที่ได้รับมอบหมาย (FAQ CM12)"
            )
    citations, _ = document_notes(snapshot, read)
    return judge(
        problems,
        ok="ผู้อนุมัติเป็นคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมายอย่างเป็นทางการ",
        evidence=evidence,
        citations=citations,
    )
