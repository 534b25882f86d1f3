"""What blocks each sub-topic's next level, as one table for the executive (issue 16 item 7).

Read from the scoring engine's own gap analysis (`Assessment.next_actions`, `SubtopicResult.blocking`):
one row per blocking item with its Thai text, what is still missing, the line that owns the evidence
and what the SCM score gains when the sub-topic's blocking items are all met. No scoring here.
"""

from dataclasses import dataclass

from criteria.results import STATUS_TH, Assessment

SCM_TEAM = "ฝ่ายแผน/คณะทำงาน SCM"  # an item no line owns (judgement items, enterprise-wide documents)


@dataclass(frozen=True)
class BlockerRow:
    subtopic_code: str
    subtopic_name: str
    level: float
    next_level: float
    item_id: str
    item_text: str
    status: str  # Thai
    missing: str  # Thai: the first reasons the rule or the reviewer gave
    owners: tuple[str, ...]
    score_gain: float  # SCM points (0–5) the sub-topic's step adds once all its blocking items are met
    items_in_step: int  # blocking items of that step (the gain needs all of them)

    @property
    def owner_text(self) -> str:
        return ", ".join(self.owners) or SCM_TEAM


@dataclass(frozen=True)
class BlockerSummary:
    items: int
    subtopics: int
    subtopics_total: int
    at_top: int  # sub-topics already at level 5
    score: float | None
    reachable: float | None  # the score once every blocking item is met (one step per sub-topic)

    @property
    def headline(self) -> str:
        """A sentence an executive reads at a glance."""
        if not self.items:
            return "ไม่มีรายการที่ขวางระดับถัดไป"
        text = f"ต้องทำอีก {self.items:,} รายการ ใน {self.subtopics:,} หัวข้อย่อย"
        if self.score is not None and self.reachable is not None:
            text += f" · ทำครบแล้วคะแนน SCM จะเป็น {self.reachable:.2f} (+{self.reachable - self.score:.2f})"
        return text


def blocker_rows(result: Assessment, *, owner: str | None = None) -> list[BlockerRow]:
    """Every blocking item, sub-topics with the largest score gain first; `owner` keeps one line's rows."""
    rows: list[BlockerRow] = []
    for action in result.next_actions:
        sub = result.subtopic(action.subtopic_code)
        step = [i for i in sub.items if i.id in action.items]
        unowned = not any(i.owners for i in step)  # the scope's own name stands in (a division's score)
        for item in step:
            owners = tuple(item.owners) or (tuple(action.owners) if unowned else ())
            if owner is not None and owner not in owners:
                continue
            reasons = [*item.reasons, *item.warnings]
            rows.append(BlockerRow(
                sub.code, sub.name_th, action.from_level, action.to_level, item.id, item.text_th,
                STATUS_TH.get(item.status, item.status), " · ".join(reasons[:3]), owners, action.score_gain,
                len(action.items),
            ))
    return rows


def blocker_summary(result: Assessment) -> BlockerSummary:
    subs = result.subtopics()
    gain = sum(a.score_gain for a in result.next_actions)
    return BlockerSummary(
        items=sum(len(a.items) for a in result.next_actions),
        subtopics=len(result.next_actions),
        subtopics_total=len(subs),
        at_top=sum(1 for s in subs if s.levels_met == 5),
        score=result.score,
        reachable=None if result.score is None else min(5.0, result.score + gain),
    )


def owners_of(result: Assessment) -> list[str]:
    """The lines and departments that own at least one blocking item, for a filter."""
    return sorted({o for row in blocker_rows(result) for o in row.owners})
