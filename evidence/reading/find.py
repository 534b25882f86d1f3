"""Find the passage and sentence of a document that supports a declared fact (issue 11 §3).

Behaviour, so a reviewer can predict a verdict:
- Both the document and every term go through `thai_text.normalize` (Thai digits, zero-width characters,
  case, spacing). A Thai term then matches wherever its letters occur with the spaces removed, so the way
  a PDF or a person happened to break Thai words ("แผน รับมือ" / "แผนรับมือ") does not matter. A Latin
  term ("BCM", "Service Blueprint") must stand as whole words; spaces and hyphens between its words may
  vary ("front-stage" = "front stage").
- A term "A + B" matches when every part occurs in one sentence, in any order.
- A match is ignored when the sentence negates it just before: a strong negation ("ไม่ครอบคลุม",
  "ไม่รวม", "ยกเว้น", "ไม่มี", "ยังไม่มี", "ยังไม่ได้", "ไม่ได้กำหนด", "not", "no", "without", "excluding")
  within the 24 letters before the term, or a bare "ไม่" right before it. Other negations elsewhere in
  the sentence are not seen (kept simple on purpose).
- Each sentence scores the sum of its distinct matched terms' weights (longer terms weigh more, a term
  of several parts more again); the best sentence of the whole document wins, the earlier one on a tie.
  The quote is that sentence trimmed to about 200 characters around the first match.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from evidence.reading.passages import Passage
from evidence.reading.thai_text import normalize, sentences, trim

QUOTE_CHARS = 200
_STRONG_NEGATIONS = ("ไม่ครอบคลุม", "ไม่รวม", "ยกเว้น", "ไม่มี", "ยังไม่มี", "ยังไม่ได้", "ไม่ได้กำหนด", "ไม่เกี่ยวข้อง")
_LATIN_NEGATION = re.compile(r"(?:\bnot|\bno|\bwithout|\bexcluding|\bexcept)\W+(?:\w+\W+){0,2}$")
_LATIN_TERM = re.compile(r"^[a-z0-9][a-z0-9 .\-/]*$")
_NEG_WINDOW = 24


@dataclass(frozen=True)
class Support:
    """Where a document supports a fact: the passage, its sentence, a quote of at most ~200 characters,
    the passage's locator ("หน้า 3"), the terms matched in that sentence and the sentence's score."""

    passage: Passage
    sentence: str
    quote: str
    locator_th: str
    matched_terms: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class _Sentence:
    passage: Passage
    text: str  # as in the document (spacing collapsed)
    norm: str
    compact: str  # normalised, spaces removed
    positions: tuple[int, ...]  # compact index -> normalised index


@dataclass(frozen=True)
class _Part:
    latin: re.Pattern[str] | None
    compact: str


@dataclass(frozen=True)
class _Term:
    source: str
    parts: tuple[_Part, ...]
    weight: float


def find_support(passages: Iterable[Passage], terms: Sequence[str]) -> Support | None:
    """The best supporting sentence for a fact whose vocabulary is `terms`, or None when none matches."""
    compiled = [t for t in (_compile(term) for term in terms) if t is not None]
    if not compiled:
        return None
    best: tuple[float, _Sentence, list[tuple[_Term, int]]] | None = None
    for sentence in _prepare(tuple(passages)):
        hits = [(term, at) for term in compiled if (at := _match(term, sentence)) is not None]
        if not hits:
            continue
        score = round(sum(term.weight for term, _ in hits), 3)
        if best is None or score > best[0]:
            best = (score, sentence, hits)
    if best is None:
        return None
    score, sentence, hits = best
    first = min(at for _, at in hits)
    around = round(first * len(sentence.text) / max(len(sentence.norm), 1))
    return Support(
        passage=sentence.passage,
        sentence=sentence.text,
        quote=trim(sentence.text, around=around, limit=QUOTE_CHARS),
        locator_th=sentence.passage.locator_th,
        matched_terms=tuple(term.source for term, _ in hits),
        score=score,
    )


def find_all(passages: Iterable[Passage], vocabulary: Mapping[str, Sequence[str]]) -> dict[str, Support | None]:
    """`find_support` for every fact code → terms in `vocabulary`."""
    passages = tuple(passages)
    return {code: find_support(passages, terms) for code, terms in vocabulary.items()}


@lru_cache(maxsize=16)
def _prepare(passages: tuple[Passage, ...]) -> tuple[_Sentence, ...]:
    found = []
    for passage in passages:
        for text in sentences(passage.text):
            norm = normalize(text)
            positions = tuple(i for i, ch in enumerate(norm) if ch != " ")
            found.append(_Sentence(passage, text, norm, norm.replace(" ", ""), positions))
    return tuple(found)


@lru_cache(maxsize=4096)
def _compile(term: str) -> _Term | None:
    parts = []
    for raw in term.split("+"):
        norm = normalize(raw)
        if not norm:
            continue
        if _LATIN_TERM.match(norm):
            words = re.split(r"[\s\-]+", norm)
            pattern = r"(?<![a-z0-9])" + r"[\s\-]*".join(re.escape(w) for w in words if w) + r"(?![a-z0-9])"
            parts.append(_Part(re.compile(pattern), norm.replace(" ", "")))
        else:
            parts.append(_Part(None, norm.replace(" ", "")))
    if not parts:
        return None
    length = sum(len(p.compact) for p in parts)
    weight = min(length, 24) / 8 + 0.5 * (len(parts) - 1)
    return _Term(term, tuple(parts), weight)


def _match(term: _Term, sentence: _Sentence) -> int | None:
    """The normalised index of the term's first part in `sentence`, or None (absent or negated)."""
    first: int | None = None
    for part in term.parts:
        at = _find_part(part, sentence)
        if at is None:
            return None
        first = at if first is None else min(first, at)
    return first


def _find_part(part: _Part, sentence: _Sentence) -> int | None:
    if part.latin is not None:
        for match in part.latin.finditer(sentence.norm):
            if not _LATIN_NEGATION.search(sentence.norm[: match.start()]) and not _thai_negated(
                sentence, _compact_index(sentence, match.start())
            ):
                return match.start()
        return None
    start = sentence.compact.find(part.compact)
    while start != -1:
        if not _thai_negated(sentence, start):
            return sentence.positions[start]
        start = sentence.compact.find(part.compact, start + 1)
    return None


def _compact_index(sentence: _Sentence, norm_index: int) -> int:
    return sum(1 for i in sentence.positions if i < norm_index)


def _thai_negated(sentence: _Sentence, compact_start: int) -> bool:
    before = sentence.compact[max(0, compact_start - _NEG_WINDOW) : compact_start]
    return before.endswith("ไม่") or any(neg in before for neg in _STRONG_NEGATIONS)
