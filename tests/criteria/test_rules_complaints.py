"""P5, C10, C13: complaint standards, improvement plans and channels (policy §5.4, ISO 10002; FAQ CM9)."""

from criteria.rules.registry import RULES
from criteria.snapshot import (
    ComplaintStats,
    DocumentFact,
    EvidenceRef,
    EvidenceSnapshot,
    OrgUnit,
    PlanFact,
    StageStat,
    UnitComplaints,
)

UNITS = (
    OrgUnit(1, "สายงานบริการ", 1, True),
    OrgUnit(11, "ฝ่ายบริการภาคเหนือ", 1, False),
    OrgUnit(12, "ฝ่ายบริการภาคใต้", 1, False),
)
STANDARDS = {"receive": 1.0, "acknowledge": 24.0, "respond": 72.0, "resolve": 360.0}


def stages(within: dict[str, int], measured: int = 100) -> tuple[StageStat, ...]:
    return tuple(StageStat(s, h, measured, within.get(s, measured)) for s, h in STANDARDS.items())


def snap(complaints: ComplaintStats) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, units=UNITS, complaints=complaints)


# P5 (policy §5.4, ISO 10002) ---------------------------------------------------------------------


def test_standards_for_all_four_stages_met_by_most_cases_meet_p5() -> None:
    outcome = RULES["P5"](snap(ComplaintStats(cases=100, stages=stages({"resolve": 85}))), {})
    assert outcome.met
    assert outcome.reasons == (
        "มีมาตรฐานครบทุกขั้นตอนและทำได้ตามมาตรฐาน ≥ 80% (รับเรื่อง 100%, แจ้งรับเรื่อง 100%, ตอบกลับ 100%, แก้ไขแล้วเสร็จ 85%)",
    )


def test_exactly_the_minimum_share_meets_p5() -> None:
    assert RULES["P5"](
        snap(ComplaintStats(cases=100, stages=stages({"respond": 80}))), {"min_share": 0.8}
    ).met


def test_stage_without_a_time_standard_fails_p5() -> None:
    no_ack = tuple(s for s in stages({}) if s.stage != "acknowledge")
    outcome = RULES["P5"](snap(ComplaintStats(cases=100, stages=no_ack)), {})
    assert outcome.reasons == ("ยังไม่กำหนดมาตรฐานระยะเวลาขั้นตอนแจ้งรับเรื่อง",)


def test_share_below_min_share_fails_p5_naming_the_lagging_unit() -> None:
    by_unit = (
        UnitComplaints(11, 60, (StageStat("resolve", 360.0, 60, 57),)),
        UnitComplaints(12, 40, (StageStat("resolve", 360.0, 40, 13),)),
    )
    complaints = ComplaintStats(cases=100, stages=stages({"resolve": 70}), by_unit=by_unit)
    outcome = RULES["P5"](snap(complaints), {})
    assert not outcome.met
    assert outcome.reasons == (
        "ขั้นตอนแก้ไขแล้วเสร็จ (มาตรฐาน 360 ชั่วโมง) ทำได้ตามมาตรฐาน 70% (70/100 เรื่อง) ต่ำกว่าเกณฑ์ 80%; "
        "หน่วยงานที่ต่ำสุด: ฝ่ายบริการภาคใต้ 32%",
    )
    assert outcome.units == ("ฝ่ายบริการภาคใต้",)


def test_p5_min_share_param_raises_the_bar() -> None:
    assert not RULES["P5"](
        snap(ComplaintStats(cases=100, stages=stages({"resolve": 85}))), {"min_share": 0.9}
    ).met


def test_no_complaint_cases_fails_p5() -> None:
    outcome = RULES["P5"](snap(ComplaintStats(stages=stages({}, measured=0))), {})
    assert outcome.reasons == ("ยังไม่มีเรื่องร้องเรียนในปี 2569 ที่วัดผลตามมาตรฐานได้",)


# C10 (FAQ CM9) -----------------------------------------------------------------------------------


def policy(in_strategy: bool) -> DocumentFact:
    ref = EvidenceRef("complaintpolicy", 1, "นโยบายการจัดการข้อร้องเรียน")
    return DocumentFact(
        ref, "complaint_policy", frozenset({"complaint_policy"}), in_customer_strategy=in_strategy
    )


def plan(plan_id: int, kind: str, *topics: str) -> PlanFact:
    return PlanFact(EvidenceRef("strategyplan", plan_id, f"แผน #{plan_id}"), kind, improvement_topics=frozenset(topics))


def test_complaint_improvement_in_the_customer_strategy_and_annual_plan_meets_c10() -> None:
    plans = (plan(1, "customer_strategy", "complaint_handling"), plan(2, "annual_action", "complaint_handling"))
    outcome = RULES["C10"](EvidenceSnapshot(enterprise_id=1, year=2569, plans=plans), {})
    assert outcome.met
    assert [e.record_id for e in outcome.evidence] == [1, 2]


def test_complaint_improvement_missing_from_the_annual_plan_does_not_meet_c10() -> None:
    """FAQ CM9: the improvement plans belong in the strategy AND the annual plan (read from the plans,
    not from a yes/no box on the complaint policy)."""
    plans = (plan(1, "customer_strategy", "complaint_handling"), plan(2, "annual_action"))
    outcome = RULES["C10"](EvidenceSnapshot(enterprise_id=1, year=2569, plans=plans, documents=(policy(True),)), {})
    assert outcome.reasons == ("แผนปฏิบัติการประจำปี 'แผน #2' ยังไม่มีแผนพัฒนา/ปรับปรุงการจัดการข้อร้องเรียน",)


# C13 (criteria CM 5.3 level 1) -------------------------------------------------------------------


def channels(count: int) -> ComplaintStats:
    return ComplaintStats(
        channels=tuple(EvidenceRef("complaintchannel", i, f"ช่องทาง {i}") for i in range(count))
    )


def test_several_complaint_channels_meet_c13() -> None:
    assert RULES["C13"](snap(channels(3)), {}).met


def test_a_single_complaint_channel_does_not_meet_c13() -> None:
    assert RULES["C13"](snap(channels(1)), {"min_channels": 2}).reasons == (
        "มีช่องทางรับข้อร้องเรียน 1 ช่องทาง ต้องมีอย่างน้อย 2 ช่องทาง",
    )
