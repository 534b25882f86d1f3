"""Help beside a field a criterion judges: the level text and item of the year's criteria, and the FAQ
answer behind it, so staff know why the portal asks."""

from dataclasses import dataclass

import streamlit as st

from criteria.errors import CriteriaError
from criteria.loader import load_version
from criteria.schema import Criteria
from portal.components.faq_quotes import FAQ, FAQ_BY_RULE, RULE_TH


@dataclass(frozen=True)
class Quote:
    where: str  # "CM5.3 การจัดการข้อร้องเรียน ระดับ 1"
    level_text: str
    item_text: str


@st.cache_resource(show_spinner=False)
def year_criteria(year: int) -> Criteria | None:
    try:
        return load_version(year)
    except CriteriaError:
        return None


def criteria_quotes(rule_id: str, year: int) -> list[Quote]:
    """The criteria items checked by `rule_id`, with their sub-topic and level."""
    criteria = year_criteria(year)
    if criteria is None:
        return []
    quotes = []
    for subtopic in criteria.subtopics():
        for level in subtopic.levels:
            for item in level.items:
                if item.rule is not None and item.rule.id == rule_id:
                    quotes.append(Quote(f"{subtopic.code} {subtopic.name_th} ระดับ {level.level}", level.text_th,
                                        item.text_th))
    return quotes


def help_markdown(rule_id: str, year: int) -> str:
    """The popover's text (Thai markdown)."""
    parts = [f"**{rule_id}** {RULE_TH.get(rule_id, '')}".strip()]
    for quote in criteria_quotes(rule_id, year)[:3]:
        parts.append(f"**เกณฑ์ {quote.where}:** {quote.level_text}\n\n> {quote.item_text}")
    for ref in FAQ_BY_RULE.get(rule_id, ()):
        if ref in FAQ:
            parts.append(f"**FAQ {ref}** (สคร. 2563): “{FAQ[ref]}”")
    return "\n\n".join(parts)


def criteria_help(rule_id: str, year: int, *, key: str) -> None:
    """A small popover button that quotes the criteria and FAQ behind a field."""
    with st.popover(f"เกณฑ์ {rule_id}", icon=":material/help:", key=key):
        st.markdown(help_markdown(rule_id, year))
