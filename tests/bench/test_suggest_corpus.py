"""The suggestion benchmark's corpus: at least 40 labelled Thai documents in two disjoint halves, every
label an item of the criteria (accuracy itself is measured by bench/bench_suggest.py, not here)."""

from bench.bench_suggest import accuracy, load_half
from criteria.fact_vocabulary import load_fact_vocabulary
from criteria.loader import load_version
from evidence.reading.suggest import SuggestionIndex, item_docs


def test_the_corpus_has_two_disjoint_labelled_halves_of_real_items() -> None:
    criteria = load_version(2569)
    tuning, heldout = load_half("tuning"), load_half("heldout")

    assert len(tuning) + len(heldout) >= 40 and len(heldout) >= 20
    assert not {d["id"] for d in tuning} & {d["id"] for d in heldout}
    assert not {d["text"] for d in tuning} & {d["text"] for d in heldout}
    for doc in tuning + heldout:
        assert doc["items"] and any("\u0e00" <= ch <= "\u0e7f" for ch in doc["text"])
        for item_id in doc["items"]:
            criteria.item(item_id)


def test_accuracy_counts_top1_and_top3_against_the_labels() -> None:
    index = SuggestionIndex(item_docs(load_version(2569), load_fact_vocabulary()))
    top1, top3, n = accuracy(index, "tuning")
    assert n == len(load_half("tuning")) and 0 <= top1 <= top3 <= 1
