"""Writes from the assessment pages, and the comment thread of a criteria item (assessor ↔ planning team)."""

from collections.abc import Callable, Sequence

import streamlit as st
from sqlmodel import Session

from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.assessment import ItemComment
from evidence.models.users import ROLE_TH, Role
from evidence.services.assessment import add_comment, threads
from evidence.thai_dates import thai_datetime
from portal.components.safe_text import md

FLASH = "assessment_flash"
OPEN_ITEMS = "assessment_open_items"  # the items a write was made on: drawn open after the rerun


def keep_open(item_id: str) -> None:
    st.session_state.setdefault(OPEN_ITEMS, set()).add(item_id)


def is_open(item_id: str) -> bool:
    """Whether the item's expander starts open: its label (status, number of comments) changes after a
    write, which makes it a new element; without this it would collapse after every save (issue 16)."""
    return item_id in st.session_state.get(OPEN_ITEMS, set())


def run_write(action: Callable[[Session], object], done: str, *, item_id: str | None = None) -> None:
    """One write in its own transaction. On success the page reruns (the data version moved, so every
    cache reloads) and shows `done`, with the item written on still open; on a refusal the Thai message
    is shown and nothing is stored."""
    if item_id is not None:
        keep_open(item_id)
    try:
        with session_scope() as session:
            action(session)
    except DomainError as exc:
        st.error(exc.message)
        return
    st.session_state[FLASH] = done
    st.rerun()


def show_flash() -> None:
    if message := st.session_state.pop(FLASH, None):
        st.success(message)


def comment_thread(actor: Actor, enterprise_id: int, year: int, item_id: str, comments: Sequence[ItemComment]) -> None:
    """The item's comments oldest first, replies under what they answer; assessors comment, the planning
    team replies (the services refuse anyone else)."""
    may_comment = actor.role in (Role.ASSESSOR, Role.PLANNING, Role.ADMIN)
    mine = [c for c in comments if c.item_id == item_id]
    st.markdown(f"**ความเห็น ({len(mine)})**")
    for root, replies in threads(mine):
        for comment in (root, *replies):
            arrow = "" if comment is root else "↳ "
            role = ROLE_TH.get(Role(comment.author_role), comment.author_role)
            st.markdown(f"{arrow}**{md(comment.author)}** ({role}) · {thai_datetime(comment.at)}")
            st.text(comment.text)
        if may_comment:
            with st.form(f"reply_{root.id}", clear_on_submit=True):
                text = st.text_input("ตอบกลับความเห็นนี้", key=f"reply_text_{root.id}")
                if st.form_submit_button("ส่งคำตอบ"):
                    run_write(_comment(actor, enterprise_id, year, item_id, text, root.id), "ส่งคำตอบแล้ว",
                              item_id=item_id)
    if actor.role == Role.ASSESSOR:
        with st.form(f"comment_{item_id}", clear_on_submit=True):
            text = st.text_area("เพิ่มความเห็น", key=f"comment_text_{item_id}")
            if st.form_submit_button("ส่งความเห็น"):
                run_write(_comment(actor, enterprise_id, year, item_id, text, None), "ส่งความเห็นแล้ว",
                          item_id=item_id)


def _comment(
    actor: Actor, enterprise_id: int, year: int, item_id: str, text: str, reply_to: int | None
) -> Callable[[Session], object]:
    return lambda s: add_comment(s, actor, enterprise_id=enterprise_id, year=year, item_id=item_id, text=text,
                                 reply_to=reply_to)
