"""What the division still owes for a page's part of the criteria, at the top of every entry page: the
failing rule items of the year's score (`evidence.services.missing`), never a separate list of checks."""

from collections.abc import Sequence

import streamlit as st

from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.missing import MissingItem, missing_items
from portal.components.freshness import cache_key
from portal.components.safe_text import md
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

APPROVED_ONLY = ("การคิดคะแนนใช้เฉพาะข้อมูลที่ฝ่ายแผนอนุมัติแล้ว: ข้อมูลที่เจ้าหน้าที่หน่วยงานบันทึกเป็นร่าง "
                 "มองเห็นได้ในหน่วยงานของตนและฝ่ายแผน จนกว่าจะส่งตรวจและได้รับอนุมัติ")


@st.cache_data(ttl=60, show_spinner=False)
def _items(key: tuple[str, int], actor: Actor, enterprise_id: int, year: int, unit_ids: frozenset[int] | None,
           topics: tuple[str, ...]) -> list[MissingItem]:
    with session_scope() as session:
        return missing_items(session, actor, enterprise_id=enterprise_id, year=year, unit_ids=unit_ids, topics=topics)


def missing_panel(ctx: WorkContext, scope: DivisionScope, topics: Sequence[str]) -> None:
    try:
        items = _items(cache_key(ctx), ctx.actor, ctx.enterprise.id or 0, ctx.year.year, scope.unit_ids, tuple(topics))
    except DomainError as error:
        st.error(error.message)
        return
    st.caption(APPROVED_ONLY)
    title = f"สิ่งที่ยังขาดสำหรับ {scope.label or 'หน่วยงานของท่าน'} ({len(items)} รายการ)"
    with st.expander(title, expanded=bool(items), icon=":material/checklist:"):
        if not items:
            st.success("ไม่พบสิ่งที่ยังขาดในส่วนนี้")
        for item in items:
            st.markdown(f"- {missing_line(item)}")


def missing_line(item: MissingItem) -> str:
    """One to-do line: the rule's badge, its Thai text and the fields to fill in (markdown, user text escaped)."""
    badge = f":orange-badge[{item.rule}] " if item.rule else ""
    fields = f" — ช่องที่ต้องกรอก: {md(', '.join(item.field_labels))}" if item.field_labels else ""
    return f"{badge}{md(item.message)}{fields}"  # messages quote record titles: user text
