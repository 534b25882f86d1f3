"""Frozen results of an assessment; `None` means "not scored". Built by `criteria.scoring.assess`."""

from dataclasses import dataclass
from typing import Literal

from criteria.rules.base import Gap
from criteria.snapshot import Citation, EvidenceRef

ClaimMode = Literal["self-assessment", "confirmed"]
ItemStatus = Literal["met", "not_met", "not_claimed", "claimed", "accepted", "needs_more", "rejected"]

STATUS_TH: dict[str, str] = {
    "met": "ผ่าน",
    "not_met": "ยังไม่ผ่าน",
    "not_claimed": "ยังไม่ได้อ้างหลักฐาน",
    "claimed": "อ้างหลักฐานแล้ว รอการตรวจ",
    "accepted": "ผู้ประเมินยอมรับ",
    "needs_more": "ผู้ประเมินขอหลักฐานเพิ่ม",
    "rejected": "ผู้ประเมินไม่ยอมรับ",
}

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _ref(ref: EvidenceRef) -> dict[str, JsonValue]:
    return {
        "table": ref.table,
        "record_id": ref.record_id,
        "label": ref.label,
        "file_ids": list(ref.file_ids),
    }


def _citation(c: Citation) -> dict[str, JsonValue]:
    return {
        "kind": c.kind,
        "label": c.label,
        "table": c.table,
        "record_id": c.record_id,
        "code": c.code,
        "document": c.document,
        "version": c.version,
        "locator": c.locator,
        "quote": c.quote,
        "body": c.body,
        "meeting_no": c.meeting_no,
        "meeting_date": c.meeting_date.isoformat() if c.meeting_date else None,
        "file_id": c.file_id,
        "file_name": c.file_name,
        "sha256": c.short_hash,
        "verdict": c.verdict,
    }


@dataclass(frozen=True)
class Setting:
    """A parameter a rule used, as the criteria file states it (`provisional`: no source states it)."""

    name: str
    label_th: str
    value: str
    source: str
    provisional: bool

    @property
    def text_th(self) -> str:
        return f"{self.label_th} = {self.value}" + (" (ค่าชั่วคราว: แหล่งข้อมูลไม่ได้กำหนด)" if self.provisional else f" ({self.source})")

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {"name": self.name, "label_th": self.label_th, "value": self.value, "source": self.source,
                "provisional": self.provisional}


@dataclass(frozen=True)
class ItemResult:
    id: str
    level: int
    text_th: str
    kind: Literal["rule", "judgement"]
    rule_id: str | None
    met: bool
    status: ItemStatus
    reasons: tuple[str, ...]
    evidence: tuple[EvidenceRef, ...] = ()
    owners: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()  # the sourced (or provisional) parameters the rule used
    gaps: tuple[Gap, ...] = ()  # what a failing rule says is missing, per unit (see criteria.rules.base.Gap)

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "id": self.id,
            "level": self.level,
            "text_th": self.text_th,
            "kind": self.kind,
            "rule": self.rule_id,
            "met": self.met,
            "status": self.status,
            "status_th": STATUS_TH[self.status],
            "reasons": list(self.reasons),
            "evidence": [_ref(r) for r in self.evidence],
            "owners": list(self.owners),
            "citations": [_citation(c) for c in self.citations],
            "warnings": list(self.warnings),
            "settings": [x.to_json_dict() for x in self.settings],
        }


@dataclass(frozen=True)
class SubtopicResult:
    """`level` is the score on 0–5 by the method; `levels_met` the highest level fully met (cumulative)."""

    code: str
    name_th: str
    weight: float
    weight_provisional: bool
    level: float | None
    levels_met: int | None
    items: tuple[ItemResult, ...]
    blocking: tuple[str, ...]
    assessor_level: float | None = None
    assessor_rationale: str | None = None

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "code": self.code,
            "name_th": self.name_th,
            "weight": self.weight,
            "weight_provisional": self.weight_provisional,
            "level": _num(self.level),
            "levels_met": self.levels_met,
            "assessor_level": self.assessor_level,
            "assessor_rationale": self.assessor_rationale,
            "items": [i.to_json_dict() for i in self.items],
            "blocking": list(self.blocking),
        }


@dataclass(frozen=True)
class TopicResult:
    code: str
    name_th: str
    weight: float
    score: float | None
    subtopics: tuple[SubtopicResult, ...]

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "code": self.code,
            "name_th": self.name_th,
            "weight": self.weight,
            "score": _num(self.score),
            "subtopics": [s.to_json_dict() for s in self.subtopics],
        }


@dataclass(frozen=True)
class PartResult:
    code: str
    name_th: str
    weight: float
    score: float | None
    topics: tuple[TopicResult, ...]

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "code": self.code,
            "name_th": self.name_th,
            "weight": self.weight,
            "score": _num(self.score),
            "topics": [t.to_json_dict() for t in self.topics],
        }


@dataclass(frozen=True)
class NextAction:
    """Meeting `items` lifts `subtopic_code` from `from_level` to `to_level`; `gain` = weight × level gain,
    `score_gain` = what it adds to the enterprise score (0–5 scale)."""

    subtopic_code: str
    subtopic_name: str
    from_level: float
    to_level: float
    items: tuple[str, ...]
    gain: float
    score_gain: float
    owners: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "subtopic": self.subtopic_code,
            "name_th": self.subtopic_name,
            "from_level": _num(self.from_level),
            "to_level": _num(self.to_level),
            "items": list(self.items),
            "gain": _num(self.gain),
            "score_gain": _num(self.score_gain),
            "owners": list(self.owners),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Assessment:
    """The score of one scope (the enterprise, or one line) in one year under one criteria version."""

    enterprise_id: int
    enterprise: str
    year: int
    division_id: int | None
    scope_name: str
    criteria_version: str
    method: str
    claim_mode: ClaimMode
    score: float | None
    parts: tuple[PartResult, ...]
    next_actions: tuple[NextAction, ...]
    fact_mode: str = "declared"  # declared facts without a supporting passage count ("declared") or not ("strict")

    def subtopics(self) -> tuple[SubtopicResult, ...]:
        return tuple(s for p in self.parts for t in p.topics for s in t.subtopics)

    def subtopic(self, code: str) -> SubtopicResult:
        for subtopic in self.subtopics():
            if subtopic.code == code:
                return subtopic
        raise KeyError(f"ไม่พบหัวข้อย่อย '{code}' ในผลการประเมิน")

    def item(self, item_id: str) -> ItemResult:
        for subtopic in self.subtopics():
            for item in subtopic.items:
                if item.id == item_id:
                    return item
        raise KeyError(f"ไม่พบรายการ '{item_id}' ในผลการประเมิน")

    def part(self, code: str) -> PartResult:
        for part in self.parts:
            if part.code == code:
                return part
        raise KeyError(f"ไม่พบส่วน '{code}' ในผลการประเมิน")

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "enterprise": self.enterprise,
            "enterprise_id": self.enterprise_id,
            "scope": {"division_id": self.division_id, "name": self.scope_name},
            "year": self.year,
            "criteria_version": self.criteria_version,
            "method": self.method,
            "claim_mode": self.claim_mode,
            "fact_mode": self.fact_mode,
            "score": _num(self.score),
            "parts": [p.to_json_dict() for p in self.parts],
            "next_actions": [a.to_json_dict() for a in self.next_actions],
        }
