"""C3, C4, C5, C6, C9: service charter, standards and service times (FAQ CM3, CM5–CM7, CM13–CM16)."""

from datetime import date

from criteria.rules.registry import RULES
from criteria.snapshot import DocumentFact, EvidenceRef, EvidenceSnapshot, MeetingFact, ServiceTimes

FULL = frozenset(
    {
        "blueprint_frontstage",
        "blueprint_backstage",
        "blueprint_support",
        "guidelines",
        "measurable_protocols",
        "recovery_plan",
        "recovery_normal",
        "recovery_abnormal",
        "before",
        "during",
        "after",
    }
)


def charter(
    components: frozenset[str] = FULL,
    *,
    published: bool = True,
    doc_id: int = 1,
    kind: str = "charter_and_standards",
    subjects: frozenset[str] = frozenset({"service_charter", "service_standard"}),
) -> DocumentFact:
    return DocumentFact(
        EvidenceRef("documentversion", doc_id, f"กฎบัตรบริการ #{doc_id}"),
        kind,
        subjects,
        components=components,
        published=published,
    )


def snap(*documents: DocumentFact, **kw: object) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, documents=documents, **kw)  # type: ignore[arg-type]


def meeting(meeting_id: int, body: str, *subjects: str) -> MeetingFact:
    return MeetingFact(
        EvidenceRef("monitoringminute", meeting_id, f"ประชุมครั้งที่ {meeting_id}"),
        body,
        frozenset(subjects),
        date(2026, 1, 15),
    )


# C3 (FAQ CM3) ------------------------------------------------------------------------------------


def test_charter_with_blueprint_guidelines_protocols_and_recovery_plan_meets_c3() -> None:
    outcome = RULES["C3"](snap(charter()), {})
    assert outcome.met
    assert outcome.evidence == (EvidenceRef("documentversion", 1, "กฎบัตรบริการ #1"),)


def test_charter_without_a_recovery_plan_does_not_meet_c3() -> None:
    no_recovery = FULL - {"recovery_plan", "recovery_normal", "recovery_abnormal"}
    outcome = RULES["C3"](snap(charter(no_recovery)), {})
    assert not outcome.met
    assert outcome.reasons == (
        "กฎบัตร/มาตรฐานบริการยังขาด: แผนรับมือเมื่อบริการผิดพลาด (service recovery plan) (recovery_plan)",
    )


def test_blueprint_without_backstage_does_not_meet_c3() -> None:
    outcome = RULES["C3"](snap(charter(FULL - {"blueprint_backstage"})), {})
    assert outcome.reasons == (
        "กฎบัตร/มาตรฐานบริการยังขาด: พิมพ์เขียวบริการส่วนหลัง (backstage) (blueprint_backstage)",
    )


def test_charter_and_standard_in_two_documents_add_up_for_c3() -> None:
    """FAQ CM5: the criteria do not say whether charter and standards are one document or two."""
    first = charter(frozenset({"blueprint_frontstage", "blueprint_backstage", "blueprint_support"}), doc_id=1)
    second = charter(frozenset({"guidelines", "measurable_protocols", "recovery_plan"}), doc_id=2)
    assert RULES["C3"](snap(first, second), {}).met


def test_no_charter_fails_c3() -> None:
    assert RULES["C3"](snap(), {}).reasons == (
        "ยังไม่มีกฎบัตรและมาตรฐานด้านบริการ (Customer Service Charter / Service Standard)",
    )


# C4 (FAQ CM13) -----------------------------------------------------------------------------------


def test_recovery_plan_for_normal_and_abnormal_events_meets_c4() -> None:
    assert RULES["C4"](snap(charter()), {}).met


def test_recovery_plan_for_normal_failures_only_does_not_meet_c4() -> None:
    outcome = RULES["C4"](snap(charter(FULL - {"recovery_abnormal"})), {})
    assert outcome.reasons == ("แผนรับมือ (Service Recovery Plan) ยังไม่ครอบคลุมภาวะไม่ปกติ (เชื่อมโยง BCM)",)


def test_recovery_plan_for_abnormal_events_only_does_not_meet_c4() -> None:
    outcome = RULES["C4"](snap(charter(FULL - {"recovery_normal"})), {})
    assert outcome.reasons == ("แผนรับมือ (Service Recovery Plan) ยังไม่ครอบคลุมภาวะปกติ (บริการผิดพลาด)",)


# C5 (FAQ CM5, CM14, CM15) ------------------------------------------------------------------------


def test_published_charter_and_standards_in_one_document_meet_c5() -> None:
    assert RULES["C5"](snap(charter(published=True)), {}).met


def test_unpublished_charter_does_not_meet_c5() -> None:
    outcome = RULES["C5"](snap(charter(published=False)), {})
    assert outcome.reasons == (
        "กฎบัตรการให้บริการ (Customer Service Charter) 'กฎบัตรบริการ #1' ยังไม่ได้เผยแพร่ (เผยแพร่สรุปพร้อมลิงก์หรือ QR Code ได้)",
        "มาตรฐานการให้บริการ (Service Standard) 'กฎบัตรบริการ #1' ยังไม่ได้เผยแพร่ (เผยแพร่สรุปพร้อมลิงก์หรือ QR Code ได้)",
    )


def test_a_published_charter_without_a_service_standard_does_not_meet_c5() -> None:
    """Criteria CM5.1 level 3 names two things: the charter AND the standard (FAQ CM5: one or two documents)."""
    only = charter(kind="service_charter", subjects=frozenset({"service_charter"}))
    outcome = RULES["C5"](snap(only), {})
    assert not outcome.met
    assert outcome.reasons == ("ยังไม่มีมาตรฐานการให้บริการ (Service Standard)ที่มีผลในปี 2569",)


def test_charter_and_standard_as_two_published_documents_meet_c5() -> None:
    first = charter(kind="service_charter", subjects=frozenset({"service_charter"}))
    second = charter(kind="service_standards", subjects=frozenset({"service_standard"}), doc_id=2)
    assert RULES["C5"](snap(first, second), {}).met


# C6 (FAQ CM6, CM7) -------------------------------------------------------------------------------


def test_support_before_during_and_after_meets_c6() -> None:
    assert RULES["C6"](snap(charter()), {}).met


def test_support_only_while_a_customer_does_not_meet_c6() -> None:
    outcome = RULES["C6"](snap(charter(FULL - {"before", "after"})), {})
    assert outcome.reasons == ("การสนับสนุนลูกค้ายังไม่ครอบคลุมช่วงก่อนเป็นลูกค้า (before), หลังเป็นลูกค้า (after)",)


def test_c6_stages_param_narrows_the_life_cycle() -> None:
    assert RULES["C6"](snap(charter(FULL - {"before"})), {"stages": ("during", "after")}).met


# C9 (FAQ CM16) -----------------------------------------------------------------------------------


ALL_LEVELS = (
    meeting(1, "board", "customer_strategy"),
    meeting(2, "committee", "customer_strategy"),
    meeting(3, "executive", "customer_strategy"),
)


def test_service_times_for_core_and_support_services_with_monitoring_minutes_meet_c9() -> None:
    snapshot = snap(service_times=ServiceTimes(core=3, support=2), meetings=ALL_LEVELS)
    outcome = RULES["C9"](snapshot, {})
    assert outcome.met
    assert [e.record_id for e in outcome.evidence] == [1, 2, 3]


def test_c9_needs_board_sub_committee_and_executive_minutes_by_default() -> None:
    """FAQ CM16 item 2 names the three levels of meeting; one board meeting alone is not enough."""
    snapshot = snap(service_times=ServiceTimes(core=3, support=2), meetings=ALL_LEVELS[:1])
    assert RULES["C9"](snapshot, {}).reasons == (
        "ยังไม่มีรายงานการประชุมของคณะกรรมการชุดย่อย (committee), ฝ่ายบริหาร (executive) ที่กำกับติดตามเรื่องนี้ (FAQ CM16)",
    )
    assert RULES["C9"](snapshot, {"bodies": ()}).met


def test_service_times_for_core_services_only_do_not_meet_c9() -> None:
    snapshot = snap(service_times=ServiceTimes(core=3), meetings=ALL_LEVELS)
    assert RULES["C9"](snapshot, {}).reasons == (
        "ยังไม่กำหนดมาตรฐานระยะเวลาการให้บริการของบริการสนับสนุน (สารสนเทศ ธุรกรรม ฯลฯ)",
    )


def test_minutes_on_other_subjects_do_not_count_for_c9() -> None:
    snapshot = snap(service_times=ServiceTimes(core=1, support=1), meetings=(meeting(1, "executive", "voc"),))
    outcome = RULES["C9"](snapshot, {"subjects": ("customer_strategy",), "bodies": ()})
    assert outcome.reasons == (
        "รายงานการประชุมที่กำกับติดตามยุทธศาสตร์ด้านลูกค้า (customer_strategy) ในปี 2569 มี 0 ครั้ง ต้องมีอย่างน้อย 1 ครั้ง",
    )


def test_c9_without_service_times_counts_only_the_minutes_against_min_meetings() -> None:
    meetings = tuple(meeting(i, "committee", "customer_strategy") for i in range(1, 4))
    params = {"service_times": False, "subjects": ("customer_strategy",), "min_meetings": 4, "bodies": ()}
    assert not RULES["C9"](snap(meetings=meetings), params).met
    assert RULES["C9"](snap(meetings=(*meetings, meeting(4, "board", "customer_strategy"))), params).met
