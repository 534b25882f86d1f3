"""C1 and C2: who approved the complaint policy, the charter or the strategy (FAQ CM1, CM10, CM12)."""

from datetime import date

from criteria.rules.registry import RULES
from criteria.snapshot import Approval, DocumentFact, EvidenceRef, EvidenceSnapshot

COMPLAINT_SUBJECTS = {"subjects": ("complaint_policy", "complaint_procedure")}

BOARD = Approval(
    "board", "คณะกรรมการ กฟภ.", on=date(2025, 11, 20), ref=EvidenceRef("approval", 1, "มติครั้งที่ 11/2568")
)
GOVERNOR = Approval(
    None, governor_signed=True, on=date(2025, 11, 25), ref=EvidenceRef("approval", 2, "ผู้ว่าการลงนาม")
)
EXECUTIVE = Approval("executive", "คณะผู้บริหาร", ref=EvidenceRef("approval", 3, "มติคณะผู้บริหาร"))


def committee(*, representative: bool = True, delegated: bool = True, duties: bool = True) -> Approval:
    return Approval(
        "committee",
        "คณะอนุกรรมการด้านลูกค้าและตลาด",
        has_board_representative=representative,
        formally_delegated=delegated,
        duties_defined=duties,
        ref=EvidenceRef("approval", 4, "มติคณะอนุกรรมการ"),
    )


def document(
    kind: str,
    subjects: set[str],
    *approvals: Approval,
    title: str = "นโยบายการจัดการข้อร้องเรียน",
    doc_id: int = 10,
) -> DocumentFact:
    return DocumentFact(
        EvidenceRef("documentversion", doc_id, title), kind, frozenset(subjects), approvals=approvals
    )


def snap(*documents: DocumentFact) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, documents=documents)


def policy_and_procedure(*approvals: Approval) -> EvidenceSnapshot:
    return snap(
        document("complaint_policy", {"complaint_policy"}, *approvals),
        document(
            "complaint_procedure",
            {"complaint_procedure"},
            *approvals,
            title="คู่มือการจัดการข้อร้องเรียน",
            doc_id=11,
        ),
    )


# C1 (FAQ CM1, CM10) ------------------------------------------------------------------------------


def test_board_approved_complaint_policy_and_procedure_meet_c1() -> None:
    outcome = RULES["C1"](policy_and_procedure(BOARD), COMPLAINT_SUBJECTS)
    assert outcome.met
    assert [(e.table, e.record_id) for e in outcome.evidence] == [
        ("documentversion", 10),
        ("approval", 1),
        ("documentversion", 11),
    ]


def test_policy_and_procedure_in_one_document_approved_together_meet_c1() -> None:
    one = document("policy_and_procedure", {"complaint_policy", "complaint_procedure"}, BOARD)
    assert RULES["C1"](snap(one), COMPLAINT_SUBJECTS).met


def test_governor_signature_after_board_approval_counts_for_c1() -> None:
    assert RULES["C1"](policy_and_procedure(BOARD, GOVERNOR), COMPLAINT_SUBJECTS).met


def test_governor_signature_without_board_approval_does_not_count_for_c1() -> None:
    outcome = RULES["C1"](
        snap(document("complaint_policy", {"complaint_policy"}, GOVERNOR)),
        {"subjects": ("complaint_policy",)},
    )
    assert not outcome.met
    assert outcome.reasons == (
        "นโยบายการจัดการข้อร้องเรียน 'นโยบายการจัดการข้อร้องเรียน' ยังไม่ได้รับอนุมัติจากคณะกรรมการรัฐวิสาหกิจ"
        "หรือคณะกรรมการที่ได้รับมอบหมาย (มีเพียงการลงนามของผู้ว่าการ ซึ่งนับได้เมื่อลงนามหลังคณะกรรมการอนุมัติแล้ว)",
    )


def test_executive_approval_does_not_count_for_c1() -> None:
    outcome = RULES["C1"](policy_and_procedure(EXECUTIVE), COMPLAINT_SUBJECTS)
    assert not outcome.met
    assert all(r.endswith("(อนุมัติโดยฝ่ายบริหารเท่านั้น)") for r in outcome.reasons)


def test_good_governance_policy_that_explicitly_covers_complaints_counts_for_c1() -> None:
    governance = document("good_governance", {"complaint_policy"}, BOARD, title="นโยบายการกำกับดูแลกิจการที่ดี")
    assert RULES["C1"](snap(governance), {"subjects": ("complaint_policy",)}).met


def test_good_governance_policy_that_does_not_mention_complaints_does_not_count_for_c1() -> None:
    governance = document("good_governance", set(), BOARD, title="นโยบายการกำกับดูแลกิจการที่ดี")
    outcome = RULES["C1"](snap(governance), {"subjects": ("complaint_policy",)})
    assert not outcome.met
    assert outcome.reasons == (
        "ไม่มีนโยบายการจัดการข้อร้องเรียนที่เป็นลายลักษณ์อักษร (ฉบับที่มีผลในปี 2569)",
        "นโยบายการกำกับดูแลกิจการที่ดี 'นโยบายการกำกับดูแลกิจการที่ดี' ไม่ได้ระบุเรื่องการจัดการข้อร้องเรียนไว้ชัดเจน "
        "จึงใช้แทนไม่ได้ (FAQ CM10)",
    )


def test_approved_policy_without_a_procedure_fails_c1() -> None:
    outcome = RULES["C1"](snap(document("complaint_policy", {"complaint_policy"}, BOARD)), COMPLAINT_SUBJECTS)
    assert outcome.reasons == ("ไม่มีระเบียบวิธีปฏิบัติในการจัดการข้อร้องเรียนที่เป็นลายลักษณ์อักษร (ฉบับที่มีผลในปี 2569)",)


def test_c1_by_default_asks_for_the_complaint_standards_too() -> None:
    """FAQ CM1: the board approves at least the policy, the guidelines AND the standards."""
    one = document("policy_and_procedure", {"complaint_policy", "complaint_procedure"}, BOARD)
    outcome = RULES["C1"](snap(one), {})
    assert not outcome.met
    assert outcome.reasons == ("ไม่มีมาตรฐานการจัดการข้อร้องเรียนที่เป็นลายลักษณ์อักษร (ฉบับที่มีผลในปี 2569)",)
    with_standards = document("policy_and_procedure", {"complaint_policy", "complaint_procedure", "complaint_standards"}, BOARD)
    assert RULES["C1"](snap(with_standards), {}).met


def test_c1_on_the_customer_strategy_reads_the_strategy_document() -> None:
    strategy = DocumentFact(
        EvidenceRef("strategyplan", 5, "แผนยุทธศาสตร์ลูกค้า 2569–2573"),
        "customer_strategy",
        frozenset({"customer_strategy"}),
        approvals=(BOARD,),
    )
    assert RULES["C1"](snap(strategy), {"subjects": ("customer_strategy",)}).met
    assert not RULES["C1"](policy_and_procedure(BOARD), {"subjects": ("customer_strategy",)}).met


# C2 (FAQ CM12) -----------------------------------------------------------------------------------


def test_board_approval_meets_c2() -> None:
    assert RULES["C2"](policy_and_procedure(BOARD), COMPLAINT_SUBJECTS).met


def test_committee_with_board_representative_delegation_and_duties_counts_for_c2() -> None:
    outcome = RULES["C2"](policy_and_procedure(committee()), COMPLAINT_SUBJECTS)
    assert outcome.met
    assert outcome.reasons == ("ผู้อนุมัติเป็นคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมายอย่างเป็นทางการ",)


def test_committee_without_board_representative_does_not_count_for_c2() -> None:
    only_policy = snap(document("complaint_policy", {"complaint_policy"}, committee(representative=False)))
    outcome = RULES["C2"](only_policy, {"subjects": ("complaint_policy",)})
    assert not outcome.met
    assert outcome.reasons == (
        "นโยบายการจัดการข้อร้องเรียน: อนุมัติโดย 'คณะอนุกรรมการด้านลูกค้าและตลาด' ซึ่งไม่มีผู้แทนคณะกรรมการรัฐวิสาหกิจ "
        "จึงไม่นับเป็นคณะกรรมการที่ได้รับมอบหมาย (FAQ CM12)",
    )


def test_committee_without_formal_delegation_does_not_count_for_c2() -> None:
    outcome = RULES["C2"](policy_and_procedure(committee(delegated=False)), COMPLAINT_SUBJECTS)
    assert not outcome.met
    assert "ไม่ได้รับมอบอำนาจอย่างเป็นทางการ" in outcome.reasons[0]


def test_committee_without_defined_duties_does_not_count_for_c2() -> None:
    outcome = RULES["C2"](policy_and_procedure(committee(duties=False)), COMPLAINT_SUBJECTS)
    assert not outcome.met
    assert "ไม่ได้กำหนดบทบาทหน้าที่ชัดเจน" in outcome.reasons[0]


def test_board_approval_counts_for_c2_even_beside_an_unqualified_committee() -> None:
    assert RULES["C2"](policy_and_procedure(committee(representative=False), BOARD), COMPLAINT_SUBJECTS).met


def test_no_formal_approval_fails_c2() -> None:
    outcome = RULES["C2"](policy_and_procedure(EXECUTIVE), {"subjects": ("complaint_policy",)})
    assert outcome.reasons == (
        "นโยบายการจัดการข้อร้องเรียน: ยังไม่มีการอนุมัติโดยคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมาย",
    )


def test_c2_on_the_service_charter_reads_the_charter_approval() -> None:
    charter = DocumentFact(
        EvidenceRef("servicecharter", 3, "กฎบัตรบริการ"),
        "service_charter",
        frozenset({"service_charter"}),
        approvals=(committee(),),
    )
    assert RULES["C2"](snap(charter), {"subjects": ("service_charter",)}).met
