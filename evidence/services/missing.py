"""What each division (and the enterprise) still owes for the criteria: a to-do list per page.

The list is the scoring itself: every rule item that fails in the year's assessment (the cached one,
`evidence.services.scoring.score_enterprise(reuse=True)`, built from SQL aggregates, so a year of
500,000 VOC rows costs no more here than on the dashboard) gives its gaps (`criteria.rules.base.Gap`:
the Thai text, the unit that owes it, the record fields left empty). The page each gap belongs to and
the fields a rule reads are declared beside the rule (`criteria.rules.registry.RULE_READS`). So the
panel, the required marks on forms (`required_marks`) and the division data requests can never
disagree with the score. Drafts and returned records are reminded too, since scoring counts approved
records only.

Division staff see the gaps of their own units; the planning team sees any division, or the whole
enterprise with the gaps that belong to the enterprise as a whole.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace

from sqlmodel import Session, SQLModel, select

from criteria.results import Assessment
from criteria.rules.registry import RULE_READS, required_fields
from evidence.access import Actor, require_read
from evidence.models.org import OrgUnit
from evidence.models.users import Role
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.org import find_year
from evidence.validation import field_label

TOPICS = ("org", "stakeholders", "relationships", "segments", "voc", "service", "complaints", "approvals",
          "surveys", "plans", "projects", "files")


@dataclass(frozen=True)
class MissingItem:
    topic: str  # the page it belongs to (one of TOPICS)
    message: str  # Thai, names the line or department
    rule: str | None = None  # the criteria rule that asks for it (S1, C7, …); None for a draft reminder
    unit: str | None = None  # the line or department; None for the enterprise as a whole
    count: int = 1
    items: tuple[str, ...] = ()  # the criteria items (SM2.1-L2-b, …) whose rule reports it
    fields: tuple[str, ...] = ()  # the record fields left empty, where the rule says
    field_labels: tuple[str, ...] = ()  # their Thai labels


@dataclass
class Scope:
    """The enterprise, year and units a to-do list is about (draft reminders count in it)."""

    session: Session
    enterprise_id: int
    year: int
    unit_ids: frozenset[int] | None  # None: the whole enterprise

    @property
    def whole_enterprise(self) -> bool:
        return self.unit_ids is None


def _model(table: str | None) -> type[SQLModel] | None:
    from evidence.services.files import RECORD_MODELS

    return RECORD_MODELS.get(table) if table else None


def rule_gaps(assessment: Assessment, units: Collection[OrgUnit], unit_ids: frozenset[int] | None,
              topics: Collection[str]) -> list[MissingItem]:
    """The gaps of the assessment's failing rule items on `topics`, for the units in `unit_ids` (None:
    the whole enterprise, with its enterprise-wide gaps); one entry per (page, text, unit), naming every item."""
    by_name = {u.name_th: u.id for u in units}
    found: dict[tuple[str, str, str | None], MissingItem] = {}
    for subtopic in assessment.subtopics():
        for item in subtopic.items:
            if item.kind != "rule" or item.met or item.rule_id is None:
                continue
            reads = RULE_READS[item.rule_id]
            model = _model(reads.table)
            for gap in item.gaps:
                unit_id = by_name.get(gap.unit) if gap.unit else None
                if unit_ids is not None and unit_id not in unit_ids:
                    continue
                labels = tuple(field_label(model, f) for f in gap.fields) if model is not None else gap.fields
                for topic in (t for t in reads.topics if t in topics):
                    key = (topic, gap.message, gap.unit)
                    if key in found:
                        seen = found[key]
                        if item.id not in seen.items:
                            found[key] = replace(seen, items=(*seen.items, item.id))
                        continue
                    found[key] = MissingItem(topic, gap.message, item.rule_id, gap.unit, gap.count, (item.id,),
                                             gap.fields, labels)
    return list(found.values())


def missing_items(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    unit_ids: frozenset[int] | None = None,
    topics: Collection[str] = TOPICS,
) -> list[MissingItem]:
    """The to-do list of `topics` for the units in `unit_ids` (None: the whole enterprise).

    Division staff always get their own units' list, whatever `unit_ids` asks for."""
    from evidence.services.review import REVIEWED_BY_TOPIC, drafts_of
    from evidence.services.scoring import score_enterprise

    require_read(actor, enterprise_id, session=session)
    if find_year(session, enterprise_id, year) is None:
        return []
    if actor.role == Role.DIVISION:
        unit_ids = actor.org_unit_ids if unit_ids is None else unit_ids & actor.org_unit_ids
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, reuse=True)
    units = list(session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == enterprise_id)).all())
    items = rule_gaps(assessment, units, unit_ids, topics)
    scope = Scope(session, enterprise_id, year, unit_ids)
    seen = {(i.topic, i.message) for i in items}
    for topic in topics:
        for reminder in drafts_of(scope, topic, REVIEWED_BY_TOPIC.get(topic, ())):
            if (topic, reminder.message) not in seen:
                seen.add((topic, reminder.message))
                items.append(reminder)
    return items


def required_marks(session: Session, *, enterprise_id: int, year: int, table: str) -> dict[str, tuple[str, ...]]:
    """Fields of `table` the year's scoring rules need on every record → the rules' ids (the forms mark
    them required); empty when the year is not open."""
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        return {}
    return required_fields(resolve_criteria(session, cycle.criteria_version), table)

