"""The shipped criteria file: loads, uses every rule at the level it belongs to, and every rule has tests."""

import re
from pathlib import Path

from criteria.loader import load_version
from criteria.rules.registry import RULES
from criteria.schema import Criteria

HERE = Path(__file__).parent


def criteria() -> Criteria:
    return load_version(2569)


def placements(c: Criteria) -> set[tuple[str, str, int]]:
    """(rule id, sub-topic code, level) of every rule item."""
    return {
        (item.rule.id, subtopic.code, level)
        for subtopic in c.subtopics()
        for level, item in subtopic.items()
        if item.rule is not None
    }


def test_shipped_criteria_load_as_version_2569_1() -> None:
    c = criteria()
    assert (c.version, c.year, c.enabler.code) == ("2569.1", 2569, "SCM")
    assert (c.scoring.methods, c.scoring.default) == (("whole-levels", "partial"), "partial")
    assert [p.code for p in c.parts] == ["SM", "CM"]
    assert [s.code for s in c.subtopics()] == [
        "SM1.1", "SM2.1", "SM2.2", "SM2.3", "SM3.1", "SM3.2.1", "SM3.2.2",
        "CM1.1", "CM2.1", "CM3.1", "CM3.2", "CM4.1", "CM5.1", "CM5.2", "CM5.3",
    ]  # fmt: skip


def test_every_rule_in_the_registry_is_used_by_the_shipped_criteria() -> None:
    assert criteria().rule_ids() == set(RULES)


def test_every_rule_id_in_the_criteria_has_tests() -> None:
    tested = {m for f in HERE.glob("test_rules_*.py") for m in re.findall(r'RULES\["(\w+)"\]', f.read_text())}
    assert criteria().rule_ids() - tested == set()


def test_every_rule_docstring_starts_with_its_id_and_cites_its_source() -> None:
    for rule_id, fn in RULES.items():
        doc = fn.__doc__ or ""
        assert doc.startswith(f"{rule_id} ("), rule_id
        assert re.match(rf"{rule_id} \((FAQ|policy|criteria)", doc), rule_id


def test_rules_sit_at_the_level_the_sources_give_them() -> None:
    where = placements(criteria())
    expected = {
        ("C1", "CM5.3", 1), ("C2", "CM5.3", 1), ("C1", "CM5.1", 3), ("C2", "CM5.1", 3), ("C5", "CM5.1", 3),
        ("C1", "CM1.1", 3), ("C2", "CM1.1", 3), ("C13", "CM5.3", 1), ("C8", "CM3.2", 1), ("C7", "CM3.1", 2),
        ("P3", "CM3.1", 4), ("S3", "SM1.1", 1), ("S1", "SM1.1", 1), ("S5", "SM2.3", 1), ("S7", "SM3.1", 2),
        ("S10", "SM3.2.2", 1), ("C3", "CM5.1", 2), ("C4", "CM5.1", 2), ("C6", "CM5.1", 2), ("C9", "CM5.1", 4),
        ("P5", "CM5.3", 3), ("C10", "CM5.3", 4),
    }  # fmt: skip
    assert expected - where == set()


def test_weights_from_the_faq_are_marked_with_their_source() -> None:
    c = criteria()
    topics = {t.code: t for p in c.parts for t in p.topics}
    for code, weight in {"CM1": 10, "CM5": 15}.items():
        assert (topics[code].weight, topics[code].weight_source) == (weight, "FAQ CM / เกณฑ์ 2563")
    for code, weight in {"CM1.1": 10, "CM5.1": 5, "CM5.3": 5}.items():
        assert (c.subtopic(code).weight, c.subtopic(code).provisional) == (weight, False)
    assert topics["CM2"].provisional and topics["CM4"].provisional and c.parts[0].provisional


def test_level_texts_quote_the_faq_criteria() -> None:
    c = criteria()
    assert "ช่องทางในการรับข้อร้องเรียนที่หลากหลาย" in c.subtopic("CM5.3").levels[0].text_th
    assert "(Customer Service Charter และ Service Standard)" in c.subtopic("CM5.1").levels[2].text_th
    assert "คู่ค้า คู่ความร่วมมือ พันธมิตร" in c.subtopic("CM1.1").levels[2].text_th


def test_the_path_in_an_error_message_points_at_the_complaint_policy_item() -> None:
    item = criteria().parts[1].topics[4].subtopics[2].levels[0].items[1]
    assert (item.id, item.rule and item.rule.id) == ("CM5.3-L1-b", "C1")


def test_criteria_look_up_items_and_subtopics() -> None:
    c = criteria()
    assert c.item("CM3.2-L1-a").rule is not None and c.item("CM3.2-L1-a").rule.id == "C8"
    assert (c.item_level("CM3.1-L4-a"), c.item_subtopic("CM3.1-L4-a").code) == (4, "CM3.1")
    assert c.subtopic("SM3.2.2").name_en == "Risk in building stakeholder relationships"
