"""C8 and C12: the annual major survey (FAQ CM11, CM17; criteria CM 3.2)."""

from datetime import date

from criteria.rules.registry import RULES
from criteria.snapshot import EvidenceRef, EvidenceSnapshot, SegmentStats, SurveyFact

ALL_MEASURES = frozenset({"satisfaction", "dissatisfaction", "engagement"})
SEGMENTS = SegmentStats(total=2, target_codes=frozenset({"SME", "RETAIL"}))


def survey(
    survey_id: int,
    scope: str,
    conductor: str,
    measures: frozenset[str] = ALL_MEASURES,
    segments: tuple[str, ...] = ("SME", "RETAIL"),
    completed_on: date | None = date(2026, 8, 31),
) -> SurveyFact:
    return SurveyFact(
        EvidenceRef("survey", survey_id, f"สำรวจ #{survey_id}"),
        scope,
        conductor,
        measures,
        frozenset(segments),
        completed_on,
    )


FY2569 = (date(2025, 10, 1), date(2026, 9, 30))


def snap(*surveys: SurveyFact) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, surveys=surveys, segments=SEGMENTS, year_bounds=FY2569)


# C8 (FAQ CM11, CM17) -----------------------------------------------------------------------------


def test_annual_major_survey_by_an_external_consultant_meets_c8() -> None:
    outcome = RULES["C8"](snap(survey(1, "annual_major", "external")), {})
    assert outcome.met
    assert outcome.evidence == (EvidenceRef("survey", 1, "สำรวจ #1"),)


def test_internal_annual_survey_instead_of_an_external_one_does_not_count_for_c8() -> None:
    outcome = RULES["C8"](snap(survey(1, "annual_major", "in_house")), {})
    assert not outcome.met
    assert outcome.reasons == (
        "ไม่มีการสำรวจใหญ่ประจำปี 2569 ที่ดำเนินการโดยที่ปรึกษาภายนอก",
        "'สำรวจ #1' (สำรวจใหญ่ประจำปี, ดำเนินการเอง) เป็นการสำรวจเสริม ใช้แทนการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกไม่ได้ (FAQ CM11, CM17)",
    )


def test_after_service_and_point_of_service_surveys_never_substitute_for_c8() -> None:
    outcome = RULES["C8"](
        snap(survey(1, "after_service", "in_house"), survey(2, "point_of_service", "external")), {}
    )
    assert not outcome.met
    assert outcome.reasons[1:] == (
        "'สำรวจ #1' (สำรวจหลังรับบริการ, ดำเนินการเอง) เป็นการสำรวจเสริม ใช้แทนการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกไม่ได้ (FAQ CM11, CM17)",
        "'สำรวจ #2' (สำรวจ ณ จุดบริการ, โดยที่ปรึกษาภายนอก) เป็นการสำรวจเสริม ใช้แทนการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกไม่ได้ (FAQ CM11, CM17)",
    )


def test_in_house_surveys_beside_the_external_one_do_no_harm_for_c8() -> None:
    assert RULES["C8"](
        snap(survey(1, "after_service", "in_house"), survey(2, "annual_major", "external")), {}
    ).met


def test_a_review_of_the_survey_method_is_not_a_survey_for_c8() -> None:
    assert not RULES["C8"](snap(survey(1, "annual_major", "external", measures=frozenset())), {}).met


# C12 (criteria CM 3.2 level 2) -------------------------------------------------------------------


def test_annual_survey_of_all_measures_and_segments_meets_c12() -> None:
    assert RULES["C12"](snap(survey(1, "annual_major", "external")), {}).met


def test_annual_survey_without_engagement_does_not_meet_c12() -> None:
    outcome = RULES["C12"](snap(survey(1, "annual_major", "external", ALL_MEASURES - {"engagement"})), {})
    assert outcome.reasons == ("การสำรวจประจำปียังไม่ครอบคลุมความผูกพัน (engagement)",)


def test_annual_survey_missing_a_target_segment_does_not_meet_c12() -> None:
    outcome = RULES["C12"](snap(survey(1, "annual_major", "external", segments=("RETAIL",))), {})
    assert outcome.reasons == ("การสำรวจประจำปียังไม่ครอบคลุมกลุ่มลูกค้า SME",)
    assert RULES["C12"](
        snap(survey(1, "annual_major", "external", segments=("RETAIL",))), {"all_segments": False}
    ).met


def test_no_annual_survey_fails_c12() -> None:
    assert not RULES["C12"](snap(survey(1, "after_service", "in_house")), {}).met


def test_annual_survey_completed_in_the_previous_fiscal_year_does_not_count_for_c8() -> None:
    outcome = RULES["C8"](snap(survey(1, "annual_major", "external", completed_on=date(2025, 9, 20))), {})
    assert not outcome.met
    assert outcome.reasons[1] == (
        "'สำรวจ #1' แล้วเสร็จ 2025-09-20 นอกรอบปีประเมิน 2569 จึงนับเป็นการสำรวจประจำปีนี้ไม่ได้ (FAQ CM11, CM17)"
    )


def test_annual_survey_without_a_completion_date_does_not_count_for_c12() -> None:
    outcome = RULES["C12"](snap(survey(1, "annual_major", "external", completed_on=None)), {})
    assert outcome.reasons[:2] == (
        "ไม่มีการสำรวจใหญ่ประจำปี 2569",
        "'สำรวจ #1' ยังไม่ระบุวันที่แล้วเสร็จ จึงยังไม่นับเป็นผลสำรวจของปี 2569",
    )
