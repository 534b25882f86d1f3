"""The scoring engine: criteria + evidence snapshot → a frozen `Assessment`. Pure: no session, no UI.

- A rule item is met when its rule is; a judgement item by its claim: with `claim_mode`
  "self-assessment" a claim awaiting review counts, with "confirmed" only an accepted one does.
- Levels are cumulative: a level counts only when all its items and every lower level are met.
- A sub-topic scores on 0–5 by the method: "whole-levels" (highest level fully met) or "partial"
  (that plus the fraction of the next level's items met).
- Topics, parts and the enabler are weighted means of their children (0–5).
- Next actions: per sub-topic, the items blocking the next level, ranked by weight × level gain.
"""

from collections.abc import Collection, Iterable, Sequence

from criteria.citations import cite, claim_warnings
from criteria.results import (
    STATUS_TH,
    Assessment,
    ClaimMode,
    ItemResult,
    NextAction,
    PartResult,
    Setting,
    SubtopicResult,
    TopicResult,
)
from criteria.rules.registry import RULE_PARAMS, RULES
from criteria.schema import Criteria, Item, RuleRef, Subtopic
from criteria.snapshot import EvidenceSnapshot

__all__ = [
    "Assessment",
    "ItemResult",
    "NextAction",
    "PartResult",
    "SubtopicResult",
    "TopicResult",
    "assess",
    "evaluate_item",
    "levels_met",
    "subtopic_level",
]

CLAIM_MODES: tuple[ClaimMode, ...] = ("self-assessment", "confirmed")
MAX_LEVEL = 5


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and 0 < value < 1:
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def settings_of(rule: RuleRef) -> tuple[Setting, ...]:
    """The parameters the criteria file gives a source for, as shown beside the verdict."""
    specs = RULE_PARAMS.get(rule.id, {})
    return tuple(
        Setting(name, (specs[name].label_th if name in specs else "") or name, _value_text(rule.params[name]),
                source, rule.provisional(name))
        for name, source in rule.sources.items()
        if name in rule.params
    )


def evaluate_item(item: Item, level: int, snapshot: EvidenceSnapshot, claim_mode: ClaimMode) -> ItemResult:
    """One item: by its rule, or (judgement) by the claim recorded for it in the snapshot."""
    if item.rule is not None:
        outcome = RULES[item.rule.id](snapshot, item.rule.params)
        status = "met" if outcome.met else "not_met"
        return ItemResult(
            item.id, level, item.text_th, "rule", item.rule.id, outcome.met, status,
            outcome.reasons, outcome.evidence, outcome.units,
            cite(outcome.citations, outcome.evidence, snapshot), outcome.warnings, settings_of(item.rule),
            outcome.gaps,
        )  # fmt: skip
    claim = snapshot.claims.get(item.id)
    if claim is None:
        return ItemResult(
            item.id, level, item.text_th, "judgement", None, False, "not_claimed", (STATUS_TH["not_claimed"],)
        )
    met = claim.state == "accepted" or (claim.state == "claimed" and claim_mode == "self-assessment")
    reasons = [STATUS_TH[claim.state]]
    if claim.state == "claimed" and not met:
        reasons.append("โหมดยืนยันผล: นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว")
    return ItemResult(
        item.id, level, item.text_th, "judgement", None, met, claim.state,
        tuple(reasons), claim.evidence, claim.unit_names,
        cite((), claim.evidence, snapshot), claim_warnings(item.id, claim.evidence, snapshot),
    )  # fmt: skip


def levels_met(items: Sequence[ItemResult]) -> int:
    """The highest level whose items, and the items of every level below, are all met."""
    reached = 0
    for level in range(1, MAX_LEVEL + 1):
        at_level = [i for i in items if i.level == level]
        if not at_level or not all(i.met for i in at_level):
            break
        reached = level
    return reached


def subtopic_level(items: Sequence[ItemResult], method: str) -> float:
    """The sub-topic's level on 0–5: whole levels met, plus (partial) the share of the next level met."""
    reached = levels_met(items)
    if reached == MAX_LEVEL or method == "whole-levels":
        return float(reached)
    following = [i for i in items if i.level == reached + 1]
    return reached + (sum(i.met for i in following) / len(following) if following else 0.0)


def _weighted(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Weighted mean of the scored children; None when none is scored."""
    scored = [(w, s) for w, s in pairs if s is not None]
    if not scored:
        return None
    total = sum(w for w, _ in scored)
    if total == 0:
        return sum(s for _, s in scored) / len(scored)
    return sum(w * s for w, s in scored) / total


def _subtopic(
    subtopic: Subtopic, snapshot: EvidenceSnapshot, method: str, claim_mode: ClaimMode, scored: bool
) -> SubtopicResult:
    note = snapshot.assessor_levels.get(subtopic.code)
    assessor = (note.level, note.rationale) if note is not None else (None, None)
    if not scored:
        return SubtopicResult(
            subtopic.code,
            subtopic.name_th,
            subtopic.weight,
            subtopic.provisional,
            None,
            None,
            (),
            (),
            *assessor,
        )
    items = tuple(evaluate_item(item, level, snapshot, claim_mode) for level, item in subtopic.items())
    reached = levels_met(items)
    blocking = tuple(i.id for i in items if i.level == reached + 1 and not i.met)
    return SubtopicResult(
        subtopic.code, subtopic.name_th, subtopic.weight, subtopic.provisional,
        subtopic_level(items, method), reached, items, blocking, *assessor,
    )  # fmt: skip


def assess(
    criteria: Criteria,
    snapshot: EvidenceSnapshot,
    *,
    method: str | None = None,
    claim_mode: ClaimMode = "self-assessment",
    skip: Collection[str] = (),
) -> Assessment:
    """Score one scope. `method` defaults to the criteria's; `skip` lists sub-topic codes not scored
    (their weight drops out of the roll-up)."""
    method = method or criteria.scoring.default
    if method not in criteria.scoring.methods:
        raise ValueError(
            f"วิธีคิดคะแนน '{method}' ไม่มีในเกณฑ์ฉบับ {criteria.version} ({', '.join(criteria.scoring.methods)})"
        )
    if claim_mode not in CLAIM_MODES:
        raise ValueError(f"โหมดการนับรายการที่อ้างหลักฐาน '{claim_mode}' ไม่ถูกต้อง ({', '.join(CLAIM_MODES)})")
    parts = []
    for part in criteria.parts:
        topics = []
        for topic in part.topics:
            subtopics = tuple(
                _subtopic(s, snapshot, method, claim_mode, s.code not in skip) for s in topic.subtopics
            )
            score = _weighted((s.weight, s.level) for s in subtopics)
            topics.append(TopicResult(topic.code, topic.name_th, topic.weight, score, subtopics))
        score = _weighted((t.weight, t.score) for t in topics)
        parts.append(PartResult(part.code, part.name_th, part.weight, score, tuple(topics)))
    results = tuple(parts)
    return Assessment(
        enterprise_id=snapshot.enterprise_id,
        enterprise=snapshot.enterprise_name,
        year=snapshot.year,
        division_id=snapshot.division_id,
        scope_name=snapshot.scope_name,
        criteria_version=criteria.version,
        method=method,
        claim_mode=claim_mode,
        score=_weighted((p.weight, p.score) for p in results),
        parts=results,
        next_actions=next_actions(results, method, snapshot),
        fact_mode=snapshot.fact_mode,
    )


def next_actions(
    parts: Sequence[PartResult], method: str, snapshot: EvidenceSnapshot
) -> tuple[NextAction, ...]:
    """Per sub-topic, what meeting its blocking items would add, largest gain first."""
    subtopics = [s for p in parts for t in p.topics for s in t.subtopics if s.level is not None]
    total_weight = sum(s.weight for s in subtopics) or 1.0
    actions = []
    for sub in subtopics:
        if not sub.blocking or sub.level is None:
            continue
        lifted = [_as_met(i) if i.id in sub.blocking else i for i in sub.items]
        to_level = subtopic_level(lifted, method)
        blocking = [i for i in sub.items if i.id in sub.blocking]
        owners = tuple(dict.fromkeys(o for i in blocking for o in i.owners))
        if not owners and snapshot.division_id is not None:
            owners = (snapshot.scope_name,)
        gain = sub.weight * (to_level - sub.level)
        actions.append(
            NextAction(
                sub.code,
                sub.name_th,
                sub.level,
                to_level,
                sub.blocking,
                gain,
                gain / total_weight,
                owners,
                tuple(r for i in blocking for r in (*i.reasons, *i.warnings)),
            )  # fmt: skip
        )
    return tuple(sorted(actions, key=lambda a: (-a.gain, len(a.items), a.subtopic_code)))


def _as_met(item: ItemResult) -> ItemResult:
    return ItemResult(
        item.id,
        item.level,
        item.text_th,
        item.kind,
        item.rule_id,
        True,
        "met",
        (),
        item.evidence,
        item.owners,
        item.citations,
        item.warnings,
        item.settings,
    )
