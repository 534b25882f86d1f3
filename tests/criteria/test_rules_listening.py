"""C7, C11, P3: listening to customers (FAQ CM8; policy preamble, §3.2, §3.3)."""

from criteria.rules.registry import RULES
from criteria.snapshot import ChannelFact, EvidenceRef, EvidenceSnapshot, SegmentStats, VocStats

ALL_ASPECTS = {"product_service": 120, "customer_support": 80, "transaction": 40, "relationship": 10}


def snap(**kw: object) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, **kw)  # type: ignore[arg-type]


def channel(
    channel_id: int, *groups: str, digital: bool = False, segments: tuple[str, ...] = ()
) -> ChannelFact:
    return ChannelFact(
        EvidenceRef("listeningchannel", channel_id, f"ช่องทาง {channel_id}"),
        "survey",
        is_digital=digital,
        groups=frozenset(groups),
        segment_codes=frozenset(segments),
    )


# C7 (FAQ CM8) ------------------------------------------------------------------------------------


RANKED = {"": {"customer_support": 1, "product_service": 2, "transaction": 3, "relationship": 4}}


def test_voc_over_all_four_aspects_with_their_importance_compared_meets_c7() -> None:
    outcome = RULES["C7"](snap(voc=VocStats(total=250, by_aspect=ALL_ASPECTS, rankings=RANKED)), {})
    assert outcome.met
    assert outcome.reasons == (
        "มี VOC ครบทุกด้าน (ผลิตภัณฑ์และบริการ 120, การสนับสนุนลูกค้า 80, การทำธุรกรรม 40, การบริหารความสัมพันธ์ 10) "
        "และเปรียบเทียบความสำคัญแล้ว (การสนับสนุนลูกค้า > ผลิตภัณฑ์และบริการ > การทำธุรกรรม > การบริหารความสัมพันธ์)",
    )


def test_voc_over_four_aspects_without_a_comparison_of_importance_does_not_meet_c7() -> None:
    """FAQ CM8: level 2 asks to compare the importance of the four aspects, not only to hold VOC of each."""
    partial = {"": {"customer_support": 1, "product_service": 2}}
    outcome = RULES["C7"](snap(voc=VocStats(total=250, by_aspect=ALL_ASPECTS, rankings=partial)), {})
    assert outcome.reasons == ("ยังไม่ได้เปรียบเทียบความสำคัญของ VOC ครบ 4 ด้าน (จัดลำดับไว้ 2 ด้าน) (FAQ CM8)",)


def test_c7_per_segment_names_the_target_segment_without_a_ranking() -> None:
    segments = SegmentStats(total=2, target_codes=frozenset({"SME", "RETAIL"}))
    voc = VocStats(total=250, by_aspect=ALL_ASPECTS, rankings={"SME": RANKED[""]})
    outcome = RULES["C7"](snap(voc=voc, segments=segments), {"per_segment": True})
    assert outcome.reasons == ("ยังไม่ได้เปรียบเทียบความสำคัญของ VOC ทั้ง 4 ด้านของกลุ่มลูกค้า RETAIL",)


def test_voc_without_the_transaction_aspect_does_not_meet_c7() -> None:
    by_aspect = {k: v for k, v in ALL_ASPECTS.items() if k != "transaction"}
    outcome = RULES["C7"](snap(voc=VocStats(total=210, by_aspect=by_aspect, rankings=RANKED)), {})
    assert outcome.reasons == ("VOC ด้านการทำธุรกรรม มี 0 รายการ ต้องมีอย่างน้อย 1 รายการ",)


def test_c7_min_records_param_asks_for_enough_voc_per_aspect() -> None:
    voc = VocStats(total=250, by_aspect=ALL_ASPECTS, rankings=RANKED)
    outcome = RULES["C7"](snap(voc=voc), {"min_records": 20})
    assert outcome.reasons == ("VOC ด้านการบริหารความสัมพันธ์ มี 10 รายการ ต้องมีอย่างน้อย 20 รายการ",)


# C11 (policy preamble, §3.2) ---------------------------------------------------------------------


def test_channels_reaching_current_customers_meet_c11_at_level_one() -> None:
    assert RULES["C11"](snap(channels=(channel(1, "current"),)), {"groups": ("current",)}).met


def test_channels_missing_former_customers_do_not_meet_c11() -> None:
    channels = (channel(1, "current", "new"), channel(2, "prospective", "competitor"))
    params = {"groups": ("prospective", "new", "current", "former", "competitor")}
    outcome = RULES["C11"](snap(channels=channels), params)
    assert outcome.reasons == ("ไม่มีช่องทางรับฟังที่เข้าถึงลูกค้าในอดีต (former)",)


def test_c11_with_require_digital_needs_a_digital_channel() -> None:
    assert not RULES["C11"](snap(channels=(channel(1, "current"),)), {"require_digital": True}).met
    assert RULES["C11"](snap(channels=(channel(1, "current", digital=True),)), {"require_digital": True}).met


def test_c11_with_all_segments_names_the_segment_no_channel_reaches() -> None:
    segments = SegmentStats(total=2, target_codes=frozenset({"SME", "RETAIL"}))
    snapshot = snap(channels=(channel(1, "current", segments=("RETAIL",)),), segments=segments)
    outcome = RULES["C11"](snapshot, {"all_segments": True})
    assert outcome.reasons == ("ไม่มีช่องทางรับฟังที่เข้าถึงกลุ่มลูกค้า SME",)


def test_no_listening_channel_register_fails_c11() -> None:
    assert RULES["C11"](snap(), {}).reasons[0] == "ยังไม่มีทะเบียนช่องทางการรับฟังลูกค้า"


# P3 (policy §3.3) --------------------------------------------------------------------------------


def reports(*quarters: int, to: str = "top_executives") -> VocStats:
    return VocStats(
        reports=tuple((q, EvidenceRef("vocreport", q, f"รายงาน VOC ไตรมาส {q}")) for q in quarters),
        report_recipients={q: frozenset({to}) for q in quarters},
    )


def test_voc_reported_to_executives_every_quarter_meets_p3() -> None:
    outcome = RULES["P3"](snap(voc=reports(4, 1, 2, 3)), {})
    assert outcome.met
    assert [e.record_id for e in outcome.evidence] == [1, 2, 3, 4]


def test_missing_second_quarter_voc_report_fails_p3() -> None:
    outcome = RULES["P3"](snap(voc=reports(1, 3, 4)), {})
    assert outcome.reasons == (
        "ไม่มีรายงาน VOC ต่อผู้บริหารระดับสูง (top_executives), คณะกรรมการรัฐวิสาหกิจ (board) ในไตรมาส 2 ของปี 2569",
    )


def test_voc_reports_to_another_recipient_do_not_count_for_p3() -> None:
    outcome = RULES["P3"](snap(voc=reports(1, 2, 3, 4, to="other")), {})
    assert not outcome.met
    assert outcome.reasons[1] == "รายงานไตรมาส 1, 2, 3, 4 ส่งถึงผู้รับอื่น จึงยังนับไม่ได้"
    assert RULES["P3"](snap(voc=reports(1, 2, 3, 4, to="board")), {}).met


def test_p3_min_quarters_param_allows_fewer_reports() -> None:
    assert RULES["P3"](snap(voc=reports(1, 3, 4)), {"min_quarters": 3}).met
