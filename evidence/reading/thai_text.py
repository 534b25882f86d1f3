"""Thai text for matching: normalise, tokenise (pythainlp newmm), split into sentences.

`normalize` is what both sides of every comparison go through: NFC, pythainlp's `normalize` (vowel and
tone-mark order, doubled marks), the PDF artefact "ํา" → "ำ", zero-width characters and soft hyphens
removed, Thai digits → Arabic, Latin lower-cased, every run of whitespace → one space.
"""

import re
import string
import unicodedata
from functools import lru_cache

from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize as _thai_normalize

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"\s+")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Words kept although pythainlp lists them as stop words: they carry meaning for the criteria
# (customer life cycle C6: before / during / after).
_KEEP = frozenset({"ก่อน", "หลัง", "ระหว่าง", "ภายใน"})
_EDGE_PUNCTUATION = string.punctuation + "“”‘’…•–—·"
_EN_STOP = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with"]
)


def normalize(text: str) -> str:
    """The comparable form of `text` (see the module docstring); idempotent."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e40\u0e40", "\u0e41")
    text = text.translate(_THAI_DIGITS)
    if _THAI.search(text):
        text = _thai_normalize(text)
    return _SPACES.sub(" ", text).strip().lower()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(thai_stopwords()) - _KEEP | _EN_STOP


def words(text: str) -> list[str]:
    """Every word of the normalised text (newmm), whitespace dropped, nothing else removed."""
    return [w for w in word_tokenize(normalize(text), engine="newmm", keep_whitespace=False) if w.strip()]


def tokens(text: str) -> list[str]:
    """Content words for ranking: `words` without stop words, punctuation and lone symbols."""
    stop = _stop_words()
    found = (w.strip(_EDGE_PUNCTUATION) for w in words(text))
    return [w for w in found if w and w not in stop and any(ch.isalnum() for ch in w) and not _lone_mark(w)]


def _lone_mark(word: str) -> bool:
    return len(word) == 1 and unicodedata.category(word) in ("Mn", "Lm")


_CONTINUES = "และ|หรือ|โดย|ซึ่ง|เพื่อ|รวมถึง|ตลอดจน|แต่|ทั้ง|ที่|ของ|ให้|จาก|กับ|ใน|ด้วย|เป็น|ตาม|ว่า"
_BREAK = re.compile(
    r"\n[ \t]*\n\s*"  # a blank line
    r"|(?<=[.!?;])\s+(?=\S)"  # after sentence punctuation
    rf"|(?<=[\u0e01-\u0e4f\)0-9:])\s+(?!{_CONTINUES})(?=[\u0e01-\u0e4f\(])"  # a space or line break in Thai
)


def sentences(text: str, *, min_chars: int = 80, max_chars: int = 400) -> list[str]:
    """Thai-aware sentence split of raw (not normalised) text.

    Thai marks a sentence end with a space, but also uses spaces inside a sentence, and a PDF page breaks
    lines anywhere; so the text is cut at blank lines, after ". ! ? ;", and at a space or line break
    before a Thai letter unless the next word continues the sentence (และ หรือ โดย ซึ่ง เพื่อ …); a line
    break between Latin words is a space. Then fragments shorter than
    `min_chars` are joined to the next one (a heading number, "ข้อ 3" …) while the result stays under
    `max_chars`. Whitespace inside a sentence is collapsed to one space.
    """
    pieces = [_SPACES.sub(" ", p).strip() for p in _BREAK.split(text)]
    pieces = [p for p in pieces if p]
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) < min_chars and len(merged[-1]) + len(piece) < max_chars:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    if len(merged) > 1 and len(merged[-1]) < min_chars and len(merged[-2]) + len(merged[-1]) < max_chars:
        merged[-2:] = [f"{merged[-2]} {merged[-1]}"]
    return merged


def trim(text: str, *, around: int | None = None, limit: int = 200) -> str:
    """`text` cut to at most `limit` characters (plus "…" marks), centred on index `around` if given."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    centre = len(text) // 2 if around is None else max(0, min(around, len(text)))
    start = max(0, min(centre - limit // 2, len(text) - limit))
    end = start + limit
    # do not cut a Thai cluster in half: move to the nearest space when there is one close by
    left = text.rfind(" ", start - 20 if start > 20 else 0, start + 1)
    if start > 0 and left != -1:
        start = left + 1
    right = text.find(" ", max(end - 20, start), min(end + 1, len(text)))
    if end < len(text) and right != -1:
        end = right
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")
