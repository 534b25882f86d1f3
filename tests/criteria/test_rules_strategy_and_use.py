"""P1, P2, U1: strategy cascade, segmentation and use of results (policy §1–§3; SE-AM levels 3–5)."""

from criteria.rules.registry import RULES
from criteria.snapshot import ActionStat, EvidenceRef, EvidenceSnapshot, PlanFact, SegmentStats

CASCADE = frozenset({"unit", "staff", "partner"})


def plan(
    plan_id: int,
    kind: str,
    *,
    complete: bool = True,
    communicated: bool = True,
    cascade: frozenset[str] = CASCADE,
) -> PlanFact:
    return PlanFact(
        EvidenceRef("strategyplan", plan_id, f"แผน #{plan_id}"), kind, complete, communicated, cascade
    )


def snap(**kw: object) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, **kw)  # type: ignore[arg-type]


# P1 (policy §1.2–1.3; criteria CM 1.1 level 3) ---------------------------------------------------


def test_strategy_cascaded_to_complete_communicated_plans_and_kpis_meets_p1() -> None:
    plans = (
        plan(1, "customer_strategy", cascade=frozenset()),
        plan(2, "long_term_action"),
        plan(3, "annual_action"),
    )
    outcome = RULES["P1"](snap(plans=plans), {})
    assert outcome.met
    assert [e.record_id for e in outcome.evidence] == [2, 3]


def test_missing_annual_action_plan_fails_p1() -> None:
    assert RULES["P1"](snap(plans=(plan(2, "long_term_action"),)), {}).reasons == ("ยังไม่มีแผนปฏิบัติการประจำปี",)


def test_plan_with_incomplete_components_or_not_communicated_fails_p1() -> None:
    plans = (plan(2, "long_term_action", complete=False), plan(3, "annual_action", communicated=False))
    assert RULES["P1"](snap(plans=plans), {}).reasons == (
        "แผนปฏิบัติการระยะยาว 'แผน #2' ยังมีองค์ประกอบไม่ครบถ้วน",
        "แผนปฏิบัติการประจำปี 'แผน #3' ยังไม่ได้สื่อสารไปยังผู้เกี่ยวข้อง",
    )


def test_kpis_not_cascaded_to_partners_fail_p1() -> None:
    plans = (
        plan(2, "long_term_action", cascade=frozenset({"unit"})),
        plan(3, "annual_action", cascade=frozenset({"staff"})),
    )
    assert RULES["P1"](snap(plans=plans), {}).reasons == (
        "ยังไม่ได้ถ่ายทอดตัวชี้วัดและเป้าหมายไปยังคู่ค้า/พันธมิตร (partner)",
    )


# P2 (policy §2.1–2.2) ----------------------------------------------------------------------------


def test_target_segments_with_variables_meet_p2() -> None:
    segments = SegmentStats(total=3, target_codes=frozenset({"SME", "RETAIL"}))
    assert RULES["P2"](snap(segments=segments), {}).reasons == ("กำหนดกลุ่มลูกค้า 3 กลุ่มพร้อมตัวแปรการจำแนก",)


def test_segment_without_variables_fails_p2() -> None:
    segments = SegmentStats(
        total=2,
        target_codes=frozenset({"SME"}),
        without_variables=(EvidenceRef("customersegment", 4, "ลูกค้ารายย่อย"),),
    )
    assert RULES["P2"](snap(segments=segments), {}).reasons == ("กลุ่มลูกค้าที่ยังไม่ระบุตัวแปรการจำแนก: 'ลูกค้ารายย่อย'",)


def test_segment_without_profile_fails_p2_only_when_a_profile_is_required() -> None:
    segments = SegmentStats(
        total=2,
        target_codes=frozenset({"SME"}),
        without_profile=(EvidenceRef("customersegment", 4, "ลูกค้ารายย่อย"),),
    )
    assert RULES["P2"](snap(segments=segments), {}).met
    assert RULES["P2"](snap(segments=segments), {"require_profile": True}).reasons == (
        "กลุ่มลูกค้าที่ยังไม่มีข้อมูลกลุ่ม (ความต้องการ ความคาดหวัง ความเสี่ยง): 'ลูกค้ารายย่อย'",
    )


def test_no_segments_or_no_target_segment_fails_p2() -> None:
    assert not RULES["P2"](snap(), {}).met
    assert RULES["P2"](snap(segments=SegmentStats(total=2)), {}).reasons == ("ยังไม่ได้ระบุกลุ่มลูกค้าเป้าหมาย",)


# U1 (policy §1.3, §3.3; SE-AM levels 3–5) --------------------------------------------------------

MONITORING = EvidenceRef("improvementaction", 1, "ติดตามการตอบสนอง VOC รายเดือน")
CHATBOT = EvidenceRef("improvementaction", 2, "ศึกษาแชตบอตรับฟังลูกค้า")
ACTIONS = (
    ActionStat("voc", "control_monitoring", 2, 1, (MONITORING,)),
    ActionStat("voc", "digital", 1, 0, (CHATBOT,)),
    ActionStat("survey", "strategy_input", 1, 1),
)


def test_voc_used_for_control_and_digital_options_meets_u1() -> None:
    outcome = RULES["U1"](
        snap(actions=ACTIONS), {"source": "voc", "kinds": ("control_monitoring", "digital")}
    )
    assert outcome.met
    assert outcome.evidence == (MONITORING, CHATBOT)


def test_actions_of_another_source_do_not_count_for_u1() -> None:
    outcome = RULES["U1"](snap(actions=ACTIONS), {"source": "survey", "kinds": ("control_monitoring",)})
    assert outcome.reasons == (
        "ยังไม่มีการดำเนินการด้านควบคุมและติดตามที่ใช้ผลสำรวจความพึงพอใจ/ความผูกพัน",
    )


def test_u1_with_require_done_needs_a_finished_action() -> None:
    outcome = RULES["U1"](
        snap(actions=ACTIONS), {"source": "voc", "kinds": ("digital",), "require_done": True}
    )
    assert outcome.reasons == (
        "การดำเนินการด้านวิเคราะห์และนำเทคโนโลยีดิจิทัลมาใช้ที่ใช้เสียงของลูกค้า (VOC) 1 รายการ "
        "ยังไม่มีรายการใดแสดงดำเนินการแล้วเสร็จ (done)",
    )


def test_u1_needs_ask_for_an_evaluation_round_lessons_and_a_change_made() -> None:
    needs = ("evaluation_cycle", "lessons_learned", "change_made")
    half = ActionStat("voc", "effectiveness_evaluation", 2, 2, facts={frozenset({"evaluation_cycle", "done"}): 2})
    params = {"source": "voc", "kinds": ("effectiveness_evaluation",), "needs": needs}
    outcome = RULES["U1"](snap(actions=(half,)), params)
    assert outcome.reasons == (
        "การดำเนินการด้านประเมินประสิทธิผลที่ใช้เสียงของลูกค้า (VOC) 2 รายการ ยังไม่มีรายการใดแสดง"
        "รอบการประเมิน/ทบทวนที่ระบุวันที่ (evaluation_cycle), บทเรียนที่ได้ (lessons_learned), "
        "การเปลี่ยนแปลง/ปรับปรุงที่เกิดขึ้นจริง (change_made)",
    )
    full = ActionStat("voc", "effectiveness_evaluation", 2, 2, facts={frozenset({*needs, "done"}): 1,
                                                                      frozenset({"done"}): 1})
    assert RULES["U1"](snap(actions=(full,)), params).met
