"""The scoring engine on a small criteria tree: cumulative levels, both methods, roll-up, claims, gaps."""

import pytest

from criteria.loader import criteria_from_data
from criteria.schema import Criteria
from criteria.scoring import assess, levels_met
from criteria.snapshot import AssessorNote, Claim, EvidenceSnapshot

WEIGHTS = {"SM1.1": 30, "SM1.2": 10, "CM1.1": 60}


def _subtopic(code: str, weight: float) -> dict[str, object]:
    levels = []
    for level in range(1, 6):
        letters = "ab" if level == 2 else "a"
        items = [
            {
                "id": f"{code}-L{level}-{x}",
                "text_th": f"รายการ {x}",
                "basis": "ทดสอบ",
                "judgement": "assessor",
            }
            for x in letters
        ]
        levels.append({"level": level, "text_th": f"ระดับ {level}", "items": items})
    return {
        "code": code,
        "name_th": code,
        "name_en": code,
        "weight": weight,
        "weight_source": "provisional",
        "levels": levels,
    }


def _weighted(code: str, weight: float, **children: object) -> dict[str, object]:
    return {
        "code": code,
        "name_th": code,
        "name_en": code,
        "weight": weight,
        "weight_source": "provisional",
        **children,
    }


SMALL: Criteria = criteria_from_data(
    {
        "version": "2569.1",
        "year": 2569,
        "title_th": "เกณฑ์ทดสอบ",
        "enabler": {"code": "SCM", "name_th": "ทดสอบ", "name_en": "Test"},
        "scoring": {"methods": ["whole-levels", "partial"], "default": "partial"},
        "parts": [
            _weighted(
                "SM",
                40,
                topics=[_weighted("SM1", 40, subtopics=[_subtopic("SM1.1", 30), _subtopic("SM1.2", 10)])],
            ),
            _weighted("CM", 60, topics=[_weighted("CM1", 60, subtopics=[_subtopic("CM1.1", 60)])]),
        ],
    }
)


def up_to(code: str, level: int) -> list[str]:
    """Ids of every item of `code` at levels 1..level."""
    return [item.id for lv, item in SMALL.subtopic(code).items() if lv <= level]


def snap(*ids: str, state: str = "accepted", **kw: object) -> EvidenceSnapshot:
    claims = {i: Claim(i, state) for i in ids}  # type: ignore[arg-type]
    return EvidenceSnapshot(enterprise_id=7, year=2569, enterprise_name="การไฟฟ้าทดสอบ", claims=claims, **kw)  # type: ignore[arg-type]


def test_a_level_counts_only_when_all_its_items_are_met() -> None:
    result = assess(SMALL, snap(*up_to("SM1.1", 1), "SM1.1-L2-a")).subtopic("SM1.1")
    assert (result.levels_met, result.level, result.blocking) == (1, 1.5, ("SM1.1-L2-b",))


def test_levels_are_cumulative_so_higher_levels_do_not_count_without_the_lower_ones() -> None:
    ids = [i for i in up_to("SM1.1", 4) if "-L1-" not in i]
    result = assess(SMALL, snap(*ids)).subtopic("SM1.1")
    assert (result.levels_met, result.level, result.blocking) == (0, 0.0, ("SM1.1-L1-a",))


def test_partial_method_adds_the_share_of_the_next_level_met() -> None:
    assessment = assess(SMALL, snap(*up_to("SM1.1", 1), "SM1.1-L2-b"), method="partial")
    assert assessment.subtopic("SM1.1").level == 1.5


def test_whole_levels_method_counts_only_full_levels() -> None:
    assessment = assess(SMALL, snap(*up_to("SM1.1", 1), "SM1.1-L2-b"), method="whole-levels")
    assert (assessment.method, assessment.subtopic("SM1.1").level) == ("whole-levels", 1.0)


def test_items_met_beyond_the_next_level_add_nothing_in_the_partial_method() -> None:
    result = assess(SMALL, snap(*up_to("SM1.1", 1), "SM1.1-L3-a", "SM1.1-L4-a")).subtopic("SM1.1")
    assert (result.levels_met, result.level) == (1, 1.0)


def test_every_level_met_scores_five_in_both_methods() -> None:
    ids = up_to("SM1.1", 5)
    for method in ("partial", "whole-levels"):
        result = assess(SMALL, snap(*ids), method=method).subtopic("SM1.1")
        assert (result.levels_met, result.level, result.blocking) == (5, 5.0, ())


def test_scores_roll_up_by_weight_to_topic_part_and_enterprise() -> None:
    ids = up_to("SM1.1", 2) + up_to("SM1.2", 4) + up_to("CM1.1", 1)
    assessment = assess(SMALL, snap(*ids), method="whole-levels")
    assert [(s.code, s.level) for s in assessment.subtopics()] == [
        ("SM1.1", 2.0),
        ("SM1.2", 4.0),
        ("CM1.1", 1.0),
    ]
    assert assessment.part("SM").topics[0].score == pytest.approx((30 * 2 + 10 * 4) / 40)
    assert assessment.part("SM").score == pytest.approx(2.5)
    assert assessment.part("CM").score == pytest.approx(1.0)
    assert assessment.score == pytest.approx((40 * 2.5 + 60 * 1.0) / 100)


def test_a_claim_awaiting_review_counts_in_self_assessment_mode_only() -> None:
    pending = snap(*up_to("CM1.1", 1), state="claimed")
    self_assessed = assess(SMALL, pending, claim_mode="self-assessment").subtopic("CM1.1")
    confirmed = assess(SMALL, pending, claim_mode="confirmed").subtopic("CM1.1")
    assert (self_assessed.levels_met, confirmed.levels_met) == (1, 0)
    assert self_assessed.items[0].status == "claimed"
    assert self_assessed.items[0].reasons == ("อ้างหลักฐานแล้ว รอการตรวจ",)
    assert confirmed.items[0].reasons == (
        "อ้างหลักฐานแล้ว รอการตรวจ",
        "โหมดยืนยันผล: นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว",
    )


def test_an_accepted_claim_counts_in_confirmed_mode() -> None:
    assert assess(SMALL, snap(*up_to("CM1.1", 1)), claim_mode="confirmed").subtopic("CM1.1").levels_met == 1


def test_rejected_or_needs_more_claims_never_count() -> None:
    for state in ("rejected", "needs_more"):
        item = assess(SMALL, snap("CM1.1-L1-a", state=state)).item("CM1.1-L1-a")
        assert (item.met, item.status) == (False, state)


def test_an_item_without_a_claim_reads_not_claimed() -> None:
    item = assess(SMALL, snap()).item("SM1.2-L1-a")
    assert (item.met, item.status, item.reasons) == (False, "not_claimed", ("ยังไม่ได้อ้างหลักฐาน",))


def test_next_actions_rank_sub_topics_by_weight_times_level_gain() -> None:
    ids = up_to("SM1.1", 1) + ["SM1.1-L2-a"] + up_to("SM1.2", 3) + ["CM1.1-L2-a", "CM1.1-L2-b"]
    actions = assess(SMALL, snap(*ids)).next_actions
    assert [(a.subtopic_code, a.from_level, a.to_level, a.items, a.gain) for a in actions] == [
        ("CM1.1", 0.0, 2.0, ("CM1.1-L1-a",), 120.0),
        ("SM1.1", 1.5, 2.0, ("SM1.1-L2-b",), 15.0),
        ("SM1.2", 3.0, 4.0, ("SM1.2-L4-a",), 10.0),
    ]
    assert [a.score_gain for a in actions] == [1.2, 0.15, 0.1]


def test_meeting_every_next_action_adds_up_to_the_promised_score() -> None:
    base = up_to("SM1.1", 1) + up_to("SM1.2", 3)
    before = assess(SMALL, snap(*base))
    action = before.next_actions[0]
    after = assess(SMALL, snap(*base, *action.items))
    assert after.score == pytest.approx((before.score or 0) + action.score_gain)


def test_next_action_names_the_owning_unit_of_its_blocking_items() -> None:
    claims = {"CM1.1-L1-a": Claim("CM1.1-L1-a", "rejected", unit_names=("ฝ่ายการตลาด",))}
    snapshot = EvidenceSnapshot(enterprise_id=7, year=2569, claims=claims)
    action = next(a for a in assess(SMALL, snapshot).next_actions if a.subtopic_code == "CM1.1")
    assert action.owners == ("ฝ่ายการตลาด",)


def test_line_scope_names_the_line_as_owner_when_no_unit_is_known() -> None:
    snapshot = EvidenceSnapshot(enterprise_id=7, year=2569, division_id=3, scope_name="สายงานบริการลูกค้า")
    assessment = assess(SMALL, snapshot)
    assert {a.owners for a in assessment.next_actions} == {("สายงานบริการลูกค้า",)}
    assert (assessment.division_id, assessment.scope_name) == (3, "สายงานบริการลูกค้า")


def test_assessor_level_stands_beside_the_computed_level_without_overriding_it() -> None:
    note = AssessorNote(3.0, "มีหลักฐานการนำผลไปใช้จริงในทุกสายงาน")
    result = assess(SMALL, snap(*up_to("SM1.1", 1), assessor_levels={"SM1.1": note})).subtopic("SM1.1")
    assert (result.level, result.assessor_level, result.assessor_rationale) == (1.0, 3.0, note.rationale)


def test_a_skipped_sub_topic_is_not_scored_and_drops_out_of_the_roll_up() -> None:
    ids = up_to("SM1.1", 2)
    assessment = assess(SMALL, snap(*ids), skip={"SM1.2"}, method="whole-levels")
    skipped = assessment.subtopic("SM1.2")
    assert (skipped.level, skipped.levels_met, skipped.items) == (None, None, ())
    assert assessment.part("SM").score == 2.0


def test_a_part_with_nothing_scored_scores_none() -> None:
    assessment = assess(SMALL, snap(), skip={"CM1.1"})
    assert assessment.part("CM").score is None
    assert assessment.score == 0.0


def test_a_method_the_criteria_do_not_offer_is_refused() -> None:
    with pytest.raises(ValueError, match="วิธีคิดคะแนน 'average' ไม่มีในเกณฑ์ฉบับ 2569.1"):
        assess(SMALL, snap(), method="average")


def test_levels_met_counts_up_to_the_first_gap() -> None:
    items = assess(SMALL, snap(*up_to("SM1.2", 3))).subtopic("SM1.2").items
    assert levels_met(items) == 3


def test_json_carries_the_documented_keys() -> None:
    ids = up_to("SM1.1", 1)
    data = assess(
        SMALL, snap(*ids, assessor_levels={"SM1.1": AssessorNote(2.0, "เหตุผลของผู้ประเมิน")})
    ).to_json_dict()
    assert {
        k: data[k] for k in ("enterprise", "year", "criteria_version", "method", "claim_mode", "score")
    } == {
        "enterprise": "การไฟฟ้าทดสอบ",
        "year": 2569,
        "criteria_version": "2569.1",
        "method": "partial",
        "claim_mode": "self-assessment",
        "score": 0.3,
    }
    subtopic = data["parts"][0]["topics"][0]["subtopics"][0]  # type: ignore[index]
    assert {
        k: subtopic[k] for k in ("code", "weight", "level", "levels_met", "blocking", "assessor_level")
    } == {
        "code": "SM1.1",
        "weight": 30.0,
        "level": 1.0,
        "levels_met": 1,
        "blocking": ["SM1.1-L2-a", "SM1.1-L2-b"],
        "assessor_level": 2.0,
    }
    item = subtopic["items"][0]
    assert {k: item[k] for k in ("id", "level", "met", "reasons", "status")} == {
        "id": "SM1.1-L1-a",
        "level": 1,
        "met": True,
        "reasons": ["ผู้ประเมินยอมรับ"],
        "status": "accepted",
    }
