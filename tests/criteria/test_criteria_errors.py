"""A malformed criteria file is refused whole, each problem naming its path inside the file (Thai)."""

import copy

import pytest
import yaml

from criteria.errors import CriteriaError
from criteria.loader import VERSIONS_DIR, criteria_from_text, load_criteria

SHIPPED = yaml.load((VERSIONS_DIR / "scm-2569.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
CM5_3 = "parts[1].topics[4].subtopics[2]"


def shipped() -> dict:  # type: ignore[type-arg]
    return copy.deepcopy(SHIPPED)


def cm5(data: dict) -> dict:  # type: ignore[type-arg]
    return data["parts"][1]["topics"][4]


def problems_of(data: object) -> list[str]:
    with pytest.raises(CriteriaError) as refused:
        criteria_from_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))
    return refused.value.problems


def test_unknown_rule_id_is_refused_with_its_path() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][0]["items"][1]["rule"]["id"] = "C99"
    assert problems_of(data) == [f"{CM5_3}.levels[0].items[1].rule.id: ไม่รู้จักกฎ 'C99'"]


def test_subtopic_weights_that_do_not_add_up_to_the_topic_are_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["weight"] = 4
    assert problems_of(data) == [
        "parts[1].topics[4].subtopics: น้ำหนักหัวข้อย่อยรวมกันได้ 14 (CM5.1 5 + CM5.2 5 + CM5.3 4) "
        "ไม่เท่ากับน้ำหนักของหัวข้อ CM5 (15)"
    ]


def test_topic_weights_that_do_not_add_up_to_the_part_are_refused() -> None:
    data = shipped()
    cm5(data)["weight"] = 20
    for subtopic in cm5(data)["subtopics"]:
        subtopic["weight"] = 20 / 3
    assert problems_of(data) == [
        "parts[1].topics: น้ำหนักหัวข้อรวมกันได้ 55 (CM1 10 + CM2 5 + CM3 10 + CM4 10 + CM5 20) "
        "ไม่เท่ากับน้ำหนักของส่วน CM (50)"
    ]


def test_part_weights_that_do_not_add_up_to_100_are_refused() -> None:
    data = shipped()
    data["parts"][0]["weight"] = 40
    problems = problems_of(data)
    assert problems[0] == "parts: น้ำหนักของทุกส่วนรวมกันได้ 90 (SM 40 + CM 50) ไม่เท่ากับน้ำหนักของด้าน SCM (100)"
    assert problems[1].startswith("parts[0].topics: น้ำหนักหัวข้อรวมกันได้ 50")


def test_subtopic_missing_a_level_is_refused() -> None:
    data = shipped()
    del cm5(data)["subtopics"][2]["levels"][2]
    assert problems_of(data) == [
        f"{CM5_3}.levels: หัวข้อย่อย CM5.3 ต้องมีระดับ 1–5 ครบ ระดับละหนึ่งครั้ง (พบ 1, 2, 4, 5; ขาดระดับ 3)"
    ]


def test_subtopic_with_a_level_twice_is_refused() -> None:
    data = shipped()
    levels = cm5(data)["subtopics"][2]["levels"]
    levels[2]["level"] = 2
    for item in levels[2]["items"]:
        item["id"] = item["id"].replace("-L3-", "-L2-x")
    assert problems_of(data) == [
        f"{CM5_3}.levels: หัวข้อย่อย CM5.3 ต้องมีระดับ 1–5 ครบ ระดับละหนึ่งครั้ง (พบ 1, 2, 2, 4, 5; ขาดระดับ 3; ระดับเกินหรือซ้ำ 2)"
    ]


def test_duplicate_item_id_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][0]["items"][2]["id"] = "CM5.3-L1-b"
    assert problems_of(data) == [
        f"{CM5_3}.levels[0].items[2].id: รหัสรายการ 'CM5.3-L1-b' ซ้ำกับที่ {CM5_3}.levels[0].items[1].id"
    ]


def test_duplicate_subtopic_code_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][1]["code"] = "CM5.1"
    problems = problems_of(data)
    assert (
        "parts[1].topics[4].subtopics[1].code: รหัส 'CM5.1' ซ้ำกับที่ parts[1].topics[4].subtopics[0].code"
        in problems
    )


def test_item_with_both_rule_and_judgement_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][0]["items"][0]["judgement"] = "assessor"
    assert problems_of(data) == [
        f"{CM5_3}.levels[0].items[0]: รายการ CM5.3-L1-a มีทั้ง rule และ judgement ต้องมีอย่างใดอย่างหนึ่ง "
        "(rule: {id: …} หรือ judgement: assessor)"
    ]


def test_item_with_neither_rule_nor_judgement_is_refused() -> None:
    data = shipped()
    del cm5(data)["subtopics"][2]["levels"][1]["items"][0]["judgement"]
    assert problems_of(data) == [
        f"{CM5_3}.levels[1].items[0]: รายการ CM5.3-L2-a ไม่มีทั้ง rule และ judgement ต้องมีอย่างใดอย่างหนึ่ง "
        "(rule: {id: …} หรือ judgement: assessor)"
    ]


def test_item_id_of_another_level_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][1]["items"][0]["id"] = "CM5.3-L1-z"
    assert problems_of(data) == [f"{CM5_3}.levels[1].items[0].id: รหัส 'CM5.3-L1-z' ต้องขึ้นต้นด้วย 'CM5.3-L2-'"]


def test_unknown_rule_parameter_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][2]["items"][0]["rule"]["params"]["min_shares"] = 0.9
    assert problems_of(data) == [
        f"{CM5_3}.levels[2].items[0].rule.params.min_shares: กฎ P5 ไม่มีพารามิเตอร์ 'min_shares' "
        "(พารามิเตอร์ที่มี: stages, min_share)"
    ]


def test_rule_parameter_of_the_wrong_type_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][2]["items"][0]["rule"]["params"]["min_share"] = "80%"
    assert problems_of(data) == [f"{CM5_3}.levels[2].items[0].rule.params.min_share: ต้องเป็นตัวเลข"]


def test_rule_parameter_with_an_unknown_code_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][2]["items"][0]["rule"]["params"]["stages"] = ["receive", "close"]
    assert problems_of(data) == [
        f"{CM5_3}.levels[2].items[0].rule.params.stages: ไม่รู้จักค่า 'close' "
        "(ค่าที่ใช้ได้: receive, acknowledge, respond, resolve)"
    ]


def test_rule_parameter_that_is_a_mapping_is_refused() -> None:
    data = shipped()
    cm5(data)["subtopics"][2]["levels"][2]["items"][0]["rule"]["params"]["stages"] = {"receive": 1}
    assert problems_of(data) == [
        f"{CM5_3}.levels[2].items[0].rule.params: พารามิเตอร์ 'stages' ต้องเป็นตัวเลข ข้อความ true/false หรือรายการข้อความ"
    ]


def test_missing_and_unknown_fields_are_refused_by_path() -> None:
    data = shipped()
    del data["parts"][0]["name_en"]
    data["parts"][0]["colour"] = "blue"
    data["parts"][1]["weight"] = "fifty"
    assert problems_of(data) == [
        "parts[0].name_en: ขาดข้อมูลที่ต้องมี",
        "parts[0].colour: ไม่รู้จักช่องนี้",
        "parts[1].weight: ต้องเป็นตัวเลข",
    ]


def test_scoring_method_outside_the_known_ones_is_refused() -> None:
    data = shipped()
    data["scoring"]["default"] = "average"
    assert problems_of(data) == ["scoring.default: ต้องเป็นค่าใดค่าหนึ่งใน 'whole-levels' or 'partial'"]


def test_default_method_not_offered_by_the_version_is_refused() -> None:
    data = shipped()
    data["scoring"]["methods"] = ["whole-levels"]
    assert problems_of(data) == ["scoring.default: วิธี 'partial' ไม่อยู่ใน scoring.methods"]


def test_version_of_another_year_is_refused() -> None:
    data = shipped()
    data["version"] = "2570.1"
    assert problems_of(data) == ["version: ฉบับ '2570.1' ไม่ตรงกับปี 2569"]


def test_yaml_syntax_error_is_refused_with_its_line() -> None:
    with pytest.raises(CriteriaError) as refused:
        criteria_from_text('version: "2569.1"\nyear: [2569\ntitle_th: x\n')
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith("บรรทัด 3 คอลัมน์ 9: รูปแบบ YAML ไม่ถูกต้อง")


def test_key_given_twice_in_one_mapping_is_refused() -> None:
    with pytest.raises(CriteriaError) as refused:
        criteria_from_text('version: "2569.1"\nyear: 2569\nyear: 2570\n')
    assert refused.value.problems == ["บรรทัด 3 คอลัมน์ 1: รูปแบบ YAML ไม่ถูกต้อง (คีย์ 'year' ซ้ำในชุดข้อมูลเดียวกัน)"]


def test_file_that_is_not_a_mapping_is_refused() -> None:
    assert problems_of(["a", "b"]) == ["(ทั้งไฟล์): ต้องเป็นชุดข้อมูล YAML แบบ key: value"]


def test_missing_file_is_refused_in_thai(tmp_path: object) -> None:
    with pytest.raises(CriteriaError) as refused:
        load_criteria("/nonexistent/scm-2569.yaml")
    assert refused.value.problems[0].startswith("(ไฟล์): เปิดไฟล์เกณฑ์ '/nonexistent/scm-2569.yaml' ไม่ได้")


def test_criteria_error_is_a_value_error_with_every_problem_in_its_message() -> None:
    data = shipped()
    data["version"] = "2570.1"
    data["scoring"]["methods"] = ["whole-levels"]
    with pytest.raises(ValueError, match="ไม่ตรงกับปี 2569; scoring.default") as refused:
        criteria_from_text(yaml.safe_dump(data, allow_unicode=True))
    assert isinstance(refused.value, CriteriaError)
    assert refused.value.field == "version"
