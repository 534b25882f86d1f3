"""The vocabulary of declared facts (issue 11 §3): Thai terms and synonyms per fact code, from
`criteria/fact_vocabulary.yaml`. Validated whole before use; an error names the path inside the file."""

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from criteria.errors import CriteriaError
from criteria.loader import _pydantic_problems

VOCABULARY_FILE = Path(__file__).parent / "fact_vocabulary.yaml"
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FactTerms(BaseModel):
    """One declared fact: its code, the Thai label a user reads, the terms that support it and the
    criteria items it backs. A term "A + B" needs both parts in one sentence (see evidence.reading.find)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1)
    label_th: str = Field(min_length=1)
    terms: tuple[str, ...] = Field(min_length=1)
    items: tuple[str, ...] = ()

    @field_validator("terms")
    @classmethod
    def _no_blank_terms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, term in enumerate(value):
            if not str(term).strip() or any(not part.strip() for part in str(term).split("+")):
                raise ValueError(f"คำที่ {index + 1} ว่างหรือมีส่วนที่ว่าง ('{term}')")
        return tuple(str(t).strip() for t in value)


class _FactEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label_th: str = Field(min_length=1)
    terms: tuple[str, ...] = Field(min_length=1)
    items: tuple[str, ...] = ()


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(pattern=r"^\d{4}\.\d+$")
    facts: dict[str, _FactEntry] = Field(min_length=1)


class FactVocabulary(Mapping[str, FactTerms]):
    """Read-only mapping fact code → `FactTerms`, with the file's `version`."""

    def __init__(self, version: str, facts: Mapping[str, FactTerms]) -> None:
        self.version = version
        self._facts = MappingProxyType(dict(facts))

    def __getitem__(self, code: str) -> FactTerms:
        try:
            return self._facts[code]
        except KeyError:
            raise KeyError(f"ไม่พบคำศัพท์ของข้อเท็จจริง '{code}' ในคำศัพท์ฉบับ {self.version}") from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    def for_item(self, item_id: str) -> tuple[FactTerms, ...]:
        """The facts whose vocabulary backs `item_id`."""
        return tuple(f for f in self._facts.values() if item_id in f.items)


def vocabulary_from_text(text: str, *, source: str = "") -> FactVocabulary:
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError as error:
        raise CriteriaError([f"(ไฟล์): รูปแบบ YAML ไม่ถูกต้อง ({error})"], source=source) from None
    if not isinstance(data, dict):
        raise CriteriaError(["(ทั้งไฟล์): ต้องเป็นชุดข้อมูล YAML แบบ key: value"], source=source)
    try:
        parsed = _VocabularyFile.model_validate(data)
    except ValidationError as error:
        raise CriteriaError(_pydantic_problems(error.errors()), source=source) from None
    problems: list[str] = []
    facts: dict[str, FactTerms] = {}
    for code, entry in parsed.facts.items():
        try:
            facts[code] = FactTerms(code=code, label_th=entry.label_th, terms=entry.terms, items=entry.items)
        except ValidationError as error:
            problems += [f"facts.{code}.{p}" for p in _pydantic_problems(error.errors())]
    if problems:
        raise CriteriaError(problems, source=source)
    return FactVocabulary(parsed.version, facts)


def load_fact_vocabulary(path: Path | str = VOCABULARY_FILE) -> FactVocabulary:
    """Load and validate the fact vocabulary (the shipped file unless `path` is given)."""
    path = Path(path)
    if path == VOCABULARY_FILE:
        return _shipped()
    return _load(path)


@lru_cache(maxsize=1)
def _shipped() -> FactVocabulary:
    return _load(VOCABULARY_FILE)


def _load(path: Path) -> FactVocabulary:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CriteriaError([f"(ไฟล์): เปิดไฟล์คำศัพท์ '{path}' ไม่ได้ ({error.strerror})"], source=str(path)) from None
    return vocabulary_from_text(text, source=path.name)
