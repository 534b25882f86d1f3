"""Suggest the criteria items a document most likely supports (issue 11 §4).

The index is over the criteria's items (about a hundred), built once per criteria version and vocabulary
version and reused: a document's suggestion scores its own passages against it and never looks at any
other document, however many are stored. Ranking is Okapi BM25 (rank-bm25's `BM25Okapi`, its idf and
k1/b) over pythainlp newmm tokens; each item's text is its own text, its level's text, its sub-topic's
and topic's names and the vocabulary terms of the facts it reads (`item_docs`).

A document is scored as one query made of its distinct tokens (each weighted 1 + ln(count), so a word
repeated on every page does not drown the rest), plus the best single passage window, so a topic that a
long document treats in one place still ranks. The suggestion names that passage and quotes its best
sentence.
"""

import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from criteria.fact_vocabulary import FactVocabulary, load_fact_vocabulary
from criteria.schema import Criteria
from evidence.reading.passages import Passage
from evidence.reading.thai_text import sentences, tokens, trim

WINDOW_TOKENS = 120  # consecutive passages are grouped into windows of about this many tokens
PASSAGE_WEIGHT = 1.0  # weight of the best window beside the whole-document score


@dataclass(frozen=True)
class ItemDoc:
    item_id: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    item_id: str
    score: float
    passage_seq: int | None
    locator_th: str | None
    quote: str | None


def item_docs(criteria: Criteria, vocabulary: FactVocabulary | None = None) -> list[ItemDoc]:
    """One text per item of `criteria`: item, level, sub-topic and topic text, and its facts' terms."""
    docs = []
    for _, topic, subtopic in criteria.walk():
        for level in subtopic.levels:
            for item in level.items:
                terms = [] if vocabulary is None else [t for f in vocabulary.for_item(item.id) for t in f.terms]
                parts = [item.text_th, level.text_th, subtopic.name_th, topic.name_th, *terms]
                docs.append(ItemDoc(item.id, "\n".join(p.replace("+", " ") for p in parts)))
    return docs


class SuggestionIndex:
    """BM25 over item texts; `key` names what it was built from (criteria and vocabulary versions)."""

    def __init__(self, docs: Sequence[ItemDoc], *, key: str = "") -> None:
        if not docs:
            raise ValueError("ต้องมีรายการเกณฑ์อย่างน้อยหนึ่งรายการ")
        self.key = key
        self.item_ids = tuple(d.item_id for d in docs)
        corpus = [tokens(d.text) or ["_"] for d in docs]
        self._bm25 = BM25Okapi(corpus)
        self._weights = self._term_weights()

    def _term_weights(self) -> dict[str, np.ndarray]:
        """token → the BM25 term score of that token in every item (what `get_scores` sums per token)."""
        bm = self._bm25
        lengths = np.array(bm.doc_len, dtype=float)
        norm = bm.k1 * (1 - bm.b + bm.b * lengths / bm.avgdl)
        weights = {}
        for token, idf in bm.idf.items():
            freq = np.array([doc.get(token, 0) for doc in bm.doc_freqs], dtype=float)
            weights[token] = idf * freq * (bm.k1 + 1) / (freq + norm)
        return weights

    def score_tokens(self, query: Iterable[str], *, saturate: bool = True) -> np.ndarray:
        """BM25 score of every item for `query`; `saturate=False` gives rank-bm25's `get_scores`."""
        total = np.zeros(len(self.item_ids))
        counts = Counter(query)
        for token, count in counts.items():
            weight = self._weights.get(token)
            if weight is not None:
                total += weight * ((1 + math.log(count)) if saturate else count)
        return total

    def suggest(self, document: "Sequence[Passage] | QueryDocument", *, k: int = 3) -> list[Suggestion]:
        """The `k` items one document most likely supports, best first; [] for no text. `document` is its
        passages, or a `QueryDocument` prepared once (on upload) so a later query does not tokenise again."""
        windows = (document if isinstance(document, QueryDocument) else prepare_query(document)).windows
        if not windows:
            return []
        whole = self.score_tokens(t for _, toks in windows for t in toks)
        per_window = np.vstack([self.score_tokens(toks) for _, toks in windows])
        best_window = per_window.max(axis=0)
        total = whole + PASSAGE_WEIGHT * best_window
        ranked = [i for i in np.argsort(-total, kind="stable") if total[i] > 0][:k]
        out = []
        for index in ranked:
            group, _ = windows[int(per_window[:, index].argmax())]
            passage, quote = self._best_sentence(group, index)
            out.append(Suggestion(self.item_ids[index], round(float(total[index]), 4),
                                  passage.seq, passage.locator_th, quote))
        return out

    def _best_sentence(self, group: Sequence[Passage], item_index: int) -> tuple[Passage, str]:
        best: tuple[float, Passage, str] | None = None
        for passage in group:
            for sentence in sentences(passage.text) or [passage.text]:
                score = float(self.score_tokens(tokens(sentence))[item_index])
                if best is None or score > best[0]:
                    best = (score, passage, sentence)
        assert best is not None
        return best[1], trim(best[2], limit=200)


@dataclass(frozen=True)
class QueryDocument:
    """A document's passages grouped into windows with their tokens (`prepare_query`)."""

    windows: tuple[tuple[tuple[Passage, ...], list[str]], ...]


def prepare_query(passages: Sequence[Passage]) -> QueryDocument:
    """Tokenise a document once for any number of suggestion queries."""
    return QueryDocument(tuple(_windows(passages)))


def _windows(passages: Sequence[Passage]) -> list[tuple[tuple[Passage, ...], list[str]]]:
    """Consecutive passages grouped until about `WINDOW_TOKENS` tokens (a long page is its own window)."""
    windows: list[tuple[tuple[Passage, ...], list[str]]] = []
    group: list[Passage] = []
    toks: list[str] = []
    for passage in passages:
        passage_tokens = tokens(passage.text)
        if not passage_tokens:
            continue
        if group and len(toks) + len(passage_tokens) > WINDOW_TOKENS:
            windows.append((tuple(group), toks))
            group, toks = [], []
        group.append(passage)
        toks = toks + passage_tokens
    if group:
        windows.append((tuple(group), toks))
    return windows


def index_for(criteria: Criteria, vocabulary: FactVocabulary | None = None) -> SuggestionIndex:
    """The index of `criteria` with `vocabulary` (the shipped one by default), built once and reused."""
    vocabulary = vocabulary if vocabulary is not None else load_fact_vocabulary()
    key = f"{criteria.version}/{vocabulary.version}"  # published versions are never edited in place
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = _INDEXES[key] = SuggestionIndex(item_docs(criteria, vocabulary), key=key)
    return index


_INDEXES: dict[str, SuggestionIndex] = {}
_LOCK = threading.Lock()
