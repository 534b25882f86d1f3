"""Suggestions: BM25 over the criteria's items ranks the item a clear document supports first, names
the passage, and reuses one index per criteria and vocabulary version."""

import numpy as np
import pytest

from criteria.fact_vocabulary import load_fact_vocabulary
from criteria.loader import load_version
from evidence.reading.passages import Passage
from evidence.reading.suggest import ItemDoc, SuggestionIndex, index_for, item_docs
from evidence.reading.thai_text import tokens


@pytest.fixture(scope="module")
def index() -> SuggestionIndex:
    return index_for(load_version(2569), load_fact_vocabulary())


def _doc(*texts: str) -> tuple[Passage, ...]:
    return tuple(Passage(i, None, None, f"ย่อหน้า {i}", t) for i, t in enumerate(texts, start=1))


def test_item_docs_hold_item_level_subtopic_text_and_fact_terms() -> None:
    criteria = load_version(2569)
    docs = {d.item_id: d.text for d in item_docs(criteria, load_fact_vocabulary())}

    assert len(docs) == sum(1 for s in criteria.subtopics() for _ in s.items())
    c4 = docs["CM5.1-L2-c"]
    assert criteria.item("CM5.1-L2-c").text_th in c4 and "การสนับสนุนลูกค้า" in c4
    assert "ภาวะฉุกเฉิน" in c4 and "BCM" in c4


def test_a_clear_recovery_plan_suggests_the_recovery_item_first(index: SuggestionIndex) -> None:
    doc = _doc("แผนรับมือเมื่อบริการผิดพลาด (Service Recovery Plan)",
               "ในภาวะปกติ พนักงานแก้ไขความผิดพลาดของบริการทันที",
               "ในภาวะไม่ปกติ เช่น น้ำท่วม ใช้แผนบริหารความต่อเนื่องทางธุรกิจ (BCM) เพื่อให้บริการต่อเนื่อง")
    suggestions = index.suggest(doc, k=3)

    assert suggestions[0].item_id == "CM5.1-L2-c"
    assert suggestions[0].locator_th is not None and suggestions[0].locator_th.startswith("ย่อหน้า")
    assert suggestions[0].quote
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_a_complaint_standard_document_suggests_the_p5_item_first(index: SuggestionIndex) -> None:
    doc = _doc("มาตรฐานระยะเวลาการจัดการข้อร้องเรียน: รับเรื่องภายใน 1 ชั่วโมง แจ้งรับเรื่องภายใน 1 วัน "
               "ตอบกลับภายใน 3 วัน และแก้ไขแล้วเสร็จภายใน 15 วัน")
    assert index.suggest(doc, k=1)[0].item_id == "CM5.3-L3-a"


def test_a_document_without_text_gets_no_suggestion(index: SuggestionIndex) -> None:
    assert index.suggest(_doc("   "), k=3) == []
    assert index.suggest((), k=3) == []


def test_precomputed_scores_equal_rank_bm25_get_scores() -> None:
    docs = [ItemDoc("a", "แผนรับมือภาวะฉุกเฉิน BCM"), ItemDoc("b", "ช่องทางรับข้อร้องเรียน"),
            ItemDoc("c", "การสำรวจความพึงพอใจลูกค้า")]
    small = SuggestionIndex(docs)
    query = tokens("แผนรับมือ ข้อร้องเรียน ข้อร้องเรียน")

    assert np.allclose(small.score_tokens(query, saturate=False), small._bm25.get_scores(query))


def test_the_index_is_built_once_per_criteria_and_vocabulary_version() -> None:
    criteria, vocabulary = load_version(2569), load_fact_vocabulary()
    first = index_for(criteria, vocabulary)

    assert index_for(load_version(2569), vocabulary) is first
    assert first.key == f"{criteria.version}/{vocabulary.version}"
