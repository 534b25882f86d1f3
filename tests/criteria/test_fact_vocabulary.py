"""The fact vocabulary file: every declared-fact code with Thai terms, items that exist in the criteria,
and errors that name the path inside the file."""

import pytest

from criteria.errors import CriteriaError
from criteria.fact_vocabulary import load_fact_vocabulary, vocabulary_from_text
from criteria.loader import load_version
from criteria.vocabulary import CHARTER_COMPONENTS, LIFE_CYCLE_STAGES

CODES = {
    "complaint_handling", "blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
    "measurable_protocols", "recovery_plan", "recovery_normal", "recovery_abnormal", "journey_map", "before",
    "during", "after", "stage_receive", "stage_acknowledge", "stage_respond", "stage_resolve", "published",
    "complaint_standards", "improvement_in_strategy",
}


def test_the_shipped_vocabulary_covers_every_declared_fact_with_thai_terms() -> None:
    vocabulary = load_fact_vocabulary()

    assert vocabulary.version == "2569.1"
    assert set(vocabulary) == CODES
    assert set(CHARTER_COMPONENTS) | set(LIFE_CYCLE_STAGES) <= set(vocabulary)
    for code, fact in vocabulary.items():
        assert fact.code == code and fact.label_th
        assert any("\u0e00" <= ch <= "\u0e7f" for term in fact.terms for ch in term), code
    assert "ISO 10002" in vocabulary["complaint_standards"].terms
    assert "BCM" in vocabulary["recovery_abnormal"].terms


def test_every_item_a_fact_backs_exists_in_the_criteria() -> None:
    criteria = load_version(2569)
    for fact in load_fact_vocabulary().values():
        for item_id in fact.items:
            criteria.item(item_id)
    assert [f.code for f in load_fact_vocabulary().for_item("CM5.1-L2-c")] == [
        "recovery_plan", "recovery_normal", "recovery_abnormal"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('version: "2569.1"\nfacts:\n  before:\n    label_th: ก่อน\n    terms: []\n',
         "facts.before.terms: ต้องมีอย่างน้อย 1 รายการ"),
        ('version: "2569.1"\nfacts:\n  before:\n    label_th: ก่อน\n    terms: ["ก่อน + "]\n',
         "facts.before.terms: คำที่ 1 ว่างหรือมีส่วนที่ว่าง ('ก่อน + ')"),
        ('version: "x"\nfacts:\n  before: {label_th: ก่อน, terms: [ก่อน]}\n', "version: รูปแบบไม่ถูกต้อง"),
        ('version: "2569.1"\nfacts:\n  before: {label_th: ก่อน, terms: [ก่อน], colour: red}\n',
         "facts.before.colour: ไม่รู้จักช่องนี้"),
    ],
)
def test_a_bad_vocabulary_is_refused_naming_the_path(text: str, problem: str) -> None:
    with pytest.raises(CriteriaError) as raised:
        vocabulary_from_text(text, source="fact_vocabulary.yaml")
    assert any(p.startswith(problem) for p in raised.value.problems), raised.value.problems
    assert "fact_vocabulary.yaml" in raised.value.message


def test_a_missing_file_is_a_thai_error(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(CriteriaError, match="เปิดไฟล์คำศัพท์"):
        load_fact_vocabulary(tmp_path / "none.yaml")
