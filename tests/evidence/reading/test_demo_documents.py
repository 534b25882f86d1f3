"""The demo's evidence files read back with the right pages, and every declared fact is found in its
document except the deliberately missing one (recovery_abnormal in the service standards, C4)."""

from functools import cache

import pytest

from criteria.fact_vocabulary import load_fact_vocabulary
from evidence.demo_documents import DEMO_DOCUMENTS, demo_document
from evidence.reading.extract import extract
from evidence.reading.find import find_support
from evidence.reading.passages import Extraction


@cache
def _read(key: str) -> Extraction:
    doc = demo_document(key)
    return extract(doc.data, doc.media_type, doc.file_name)


@pytest.mark.parametrize("doc", DEMO_DOCUMENTS, ids=[d.key for d in DEMO_DOCUMENTS])
def test_each_demo_document_reads_back_with_its_pages(doc) -> None:  # noqa: ANN001
    result = _read(doc.key)

    assert (result.state, result.pages) == ("read", doc.pages)
    assert len(result.text) > 300 and ("2567" in result.text or "2569" in result.text)
    if doc.pages:
        assert [p.page for p in result.passages] == list(range(1, doc.pages + 1))
    else:
        assert any(p.section for p in result.passages)  # DOCX headings give sections


@pytest.mark.parametrize("doc", DEMO_DOCUMENTS, ids=[d.key for d in DEMO_DOCUMENTS])
def test_declared_facts_are_found_except_the_deliberately_missing_one(doc) -> None:  # noqa: ANN001
    vocabulary = load_fact_vocabulary()
    passages = _read(doc.key).passages

    found = {code: find_support(passages, vocabulary[code].terms) for code in doc.declared_facts}
    assert {code for code, support in found.items() if support is None} == set(doc.missing_facts)


def test_service_standards_cite_the_page_of_each_component() -> None:
    doc = demo_document("service_standards")
    passages = _read(doc.key).passages
    vocabulary = load_fact_vocabulary()
    pages = {code: find_support(passages, vocabulary[code].terms).passage.page  # type: ignore[union-attr]
             for code in ("blueprint_frontstage", "guidelines", "measurable_protocols", "recovery_normal")}

    assert pages == {"blueprint_frontstage": 1, "guidelines": 2, "measurable_protocols": 3, "recovery_normal": 4}
    assert doc.missing_facts == ("recovery_abnormal",)


def test_complaint_policy_names_its_board_meeting_of_2567() -> None:
    doc = demo_document("complaint_policy")
    text = _read(doc.key).text
    assert "การประชุมครั้งที่ 4/2567" in text and "25 เมษายน 2567" in text


def test_demo_documents_are_byte_for_byte_stable() -> None:
    for doc in DEMO_DOCUMENTS:
        assert doc.build() == doc.build(), doc.key
