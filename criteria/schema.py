"""The shape of a criteria file (pydantic v2, frozen): enabler → parts → topics → sub-topics → levels → items.

Structure only; the checks that span the tree (weights adding up, levels 1–5, unique ids, known rules)
live in `criteria.validation`, and `criteria.loader` runs both before anything uses a file.
"""

from collections.abc import Iterator
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from criteria.rules.base import ParamValue

ScoringMethod = Literal["whole-levels", "partial"]
PROVISIONAL = "provisional"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleRef(_Frozen):
    """An item checked by a rule of `criteria.rules.registry.RULES`, with its parameters.

    A parameter the sources do not state is written `name: {value: 12, source: provisional}`; it is
    kept as `params[name] = 12` and `sources[name] = "provisional"`, and shown beside the verdict.
    """

    id: str = Field(min_length=1)
    params: dict[str, ParamValue] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _split_sourced_params(cls, value: object) -> object:
        if not isinstance(value, dict) or not isinstance(value.get("params"), dict):
            return value
        params, sources = {}, dict(value.get("sources") or {})
        for name, param in value["params"].items():
            if isinstance(param, dict) and "value" in param:
                params[name] = param["value"]
                if param.get("source"):
                    sources[name] = str(param["source"])
            else:
                params[name] = param
        return {**value, "params": params, "sources": sources}

    def provisional(self, name: str) -> bool:
        return self.sources.get(name, "").strip().lower().startswith(PROVISIONAL)

    @field_validator("params", mode="before")
    @classmethod
    def _scalars_or_lists_of_codes(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        for name, param in value.items():
            if isinstance(param, list) and all(isinstance(p, str) for p in param):
                continue
            if not isinstance(param, bool | int | float | str):
                raise ValueError(f"พารามิเตอร์ '{name}' ต้องเป็นตัวเลข ข้อความ true/false หรือรายการข้อความ")
        return {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}


class Item(_Frozen):
    """One requirement of a level: checked by a rule, or judged by the assessor from a claim."""

    id: str = Field(min_length=1)
    text_th: str = Field(min_length=1)
    basis: str = Field(min_length=1)
    rule: RuleRef | None = None
    judgement: Literal["assessor"] | None = None
    faq: tuple[str, ...] = ()  # FAQ numbers (SM1…, CM17) whose answer an assessor applies to this item

    @field_validator("faq")
    @classmethod
    def _faq_numbers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from criteria.faq import FAQ

        unknown = [ref for ref in value if ref not in FAQ]
        if unknown:
            raise ValueError(f"ไม่พบคำถามที่พบบ่อยหมายเลข {', '.join(unknown)}")
        return value

    @property
    def kind(self) -> Literal["rule", "judgement"]:
        return "rule" if self.rule is not None else "judgement"


TextSource = Literal["faq", "synthesised"]
TEXT_SOURCE_TH: dict[str, str] = {
    "faq": "ข้อความทางการ อ้างจากคำถามที่พบบ่อย/เกณฑ์ของ สคร.",
    "synthesised": "ข้อความที่พอร์ทัลสังเคราะห์จากรูปแบบระดับร่วมของ SE-AM",
}


class Level(_Frozen):
    """`text_source`: `faq` where the level text quotes the official FAQ or criteria excerpt, otherwise
    `synthesised` (written by the portal from the level pattern most SE-AM sub-topics share)."""

    level: int
    text_th: str = Field(min_length=1)
    text_source: TextSource = "synthesised"
    items: tuple[Item, ...] = Field(min_length=1)


class Weighted(_Frozen):
    code: str = Field(min_length=1)
    name_th: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    weight: float = Field(ge=0)
    weight_source: str = Field(min_length=1)
    note_th: str | None = None

    @property
    def provisional(self) -> bool:
        """True when the sources do not state this weight (an administrator may correct it)."""
        return self.weight_source.strip().lower().startswith(PROVISIONAL)


class Subtopic(Weighted):
    levels: tuple[Level, ...] = Field(min_length=1)

    def items(self) -> Iterator[tuple[int, Item]]:
        for level in self.levels:
            for item in level.items:
                yield level.level, item


class Topic(Weighted):
    subtopics: tuple[Subtopic, ...] = Field(min_length=1)


class Part(Weighted):
    topics: tuple[Topic, ...] = Field(min_length=1)


class Enabler(_Frozen):
    code: str = Field(min_length=1)
    name_th: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class Scoring(_Frozen):
    """The scoring methods this version allows, the default one, and the level scale."""

    methods: tuple[ScoringMethod, ...] = Field(min_length=1)
    default: ScoringMethod
    scale: int = 5


class Criteria(_Frozen):
    """One published version of the criteria; never edited in place: `loader.new_version` makes an
    edited copy (not `model_copy`, which would keep this version's item index)."""

    version: str = Field(pattern=r"^\d{4}\.\d+$")
    year: int = Field(ge=2500, le=2700)
    title_th: str = Field(min_length=1)
    based_on: str | None = None
    change_note_th: str | None = None
    enabler: Enabler
    scoring: Scoring
    parts: tuple[Part, ...] = Field(min_length=1)

    _subtopics: dict[str, Subtopic] = PrivateAttr(default_factory=dict)
    _items: dict[str, tuple[Subtopic, int, Item]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        for subtopic in self.subtopics():
            self._subtopics.setdefault(subtopic.code, subtopic)
            for level, item in subtopic.items():
                self._items.setdefault(item.id, (subtopic, level, item))

    def walk(self) -> Iterator[tuple[Part, Topic, Subtopic]]:
        for part in self.parts:
            for topic in part.topics:
                for subtopic in topic.subtopics:
                    yield part, topic, subtopic

    def subtopics(self) -> Iterator[Subtopic]:
        for _, _, subtopic in self.walk():
            yield subtopic

    def subtopic(self, code: str) -> Subtopic:
        try:
            return self._subtopics[code]
        except KeyError:
            raise KeyError(f"ไม่พบหัวข้อย่อย '{code}' ในเกณฑ์ฉบับ {self.version}") from None

    def item(self, item_id: str) -> Item:
        return self._locate(item_id)[2]

    def item_level(self, item_id: str) -> int:
        return self._locate(item_id)[1]

    def item_subtopic(self, item_id: str) -> Subtopic:
        return self._locate(item_id)[0]

    def _locate(self, item_id: str) -> tuple[Subtopic, int, Item]:
        try:
            return self._items[item_id]
        except KeyError:
            raise KeyError(f"ไม่พบรายการ '{item_id}' ในเกณฑ์ฉบับ {self.version}") from None

    def rule_ids(self) -> set[str]:
        return {item.rule.id for s in self.subtopics() for _, item in s.items() if item.rule is not None}

    def to_data(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)

    def to_yaml(self) -> str:
        """The file text of this version (loads back to an equal object)."""
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(self.to_data(), Dumper=dumper, allow_unicode=True, sort_keys=False, width=110)
