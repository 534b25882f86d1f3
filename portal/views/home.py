"""หน้าหลัก: the signed-in person's own to-do list (issue 16 item 11) — what was returned to them, the
requests due, what their division (or, for the planning team, the enterprise) still owes for the
criteria with a link to the page where it is entered, and where to go next for their role."""

from collections import defaultdict

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.users import Role
from evidence.services.missing import MissingItem, missing_items
from evidence.services.summary import family_counts
from portal.components.inbox import inbox
from portal.components.page import page_context
from portal.components.safe_text import md
from portal.registry import PAGES
from portal.session import menu_for

# The page each part of the to-do list is entered on (`evidence.services.missing.TOPICS`).
TOPIC_PAGE = {
    "org": "views/org_structure.py", "stakeholders": "views/stakeholders.py",
    "relationships": "views/relationships.py", "segments": "views/segments.py", "voc": "views/voc.py",
    "service": "views/service.py", "complaints": "views/complaints.py", "approvals": "views/approvals.py",
    "surveys": "views/surveys.py", "plans": "views/plans.py", "projects": "views/projects.py",
    "files": "views/files.py",
}
TITLE = {p.path: p.title for p in PAGES}
SHOWN_PER_TOPIC = 8
NEXT_STEP = {  # where each role goes from here
    Role.EXECUTIVE: ("views/dashboard.py", "ดูสิ่งที่ขวางระดับถัดไปและหน่วยงานเจ้าของ"),
    Role.ASSESSOR: ("views/assessor_workspace.py", "ตรวจหลักฐานรายเกณฑ์และให้ความเห็น"),
    Role.PLANNING: ("views/review_queue.py", "ตรวจและอนุมัติข้อมูลที่หน่วยงานส่งมา"),
    Role.ADMIN: ("views/users.py", "จัดการผู้ใช้และสิทธิ์"),
}

ctx = page_context("หน้าหลัก", "การมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (Stakeholder & Customer Management, SE-AM)")
actor = ctx.actor
st.markdown(f"### {md(ctx.enterprise.name_th)}  \nรอบการประเมิน พ.ศ. {ctx.year.year} · เกณฑ์ฉบับ {ctx.year.criteria_version}")
allowed = {p.path for p in menu_for(actor.role)}
if actor.role in NEXT_STEP and NEXT_STEP[actor.role][0] in allowed:
    path, why = NEXT_STEP[actor.role]
    st.page_link(path, label=f"{TITLE[path]}: {why}", icon=":material/arrow_forward:")

inbox(ctx)

gaps: list[MissingItem] = []
if actor.role in (Role.DIVISION, Role.PLANNING, Role.ADMIN):
    try:
        with session_scope() as session:  # division staff always get their own units (the service says so)
            gaps = missing_items(session, actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
    except DomainError as exc:
        st.error(exc.message)
    whose = "หน่วยงานของท่าน" if actor.role == Role.DIVISION else "ทั้งองค์กร"
    st.subheader(f"สิ่งที่{whose}ยังขาดตามเกณฑ์ ({len(gaps):,} รายการ)")
    st.caption("ตรวจจากกฎเดียวกับที่ใช้คิดคะแนน นับเฉพาะข้อมูลที่ฝ่ายแผนอนุมัติแล้ว กดชื่อหน้าเพื่อไปบันทึก")
    if not gaps:
        st.success("ไม่พบสิ่งที่ยังขาด")
    by_topic: dict[str, list[MissingItem]] = defaultdict(list)
    for gap in gaps:
        by_topic[gap.topic].append(gap)
    for topic, items in by_topic.items():
        path = TOPIC_PAGE.get(topic)
        with st.container(border=True):
            if path in allowed:
                st.page_link(path, label=f"{TITLE[path]} ({len(items):,})", icon=":material/edit_note:")
            else:
                st.markdown(f"**{md(TITLE.get(path or '', topic))}** ({len(items):,})")
            for gap in items[:SHOWN_PER_TOPIC]:
                badge = f":orange-badge[{gap.rule}] " if gap.rule else ""
                st.markdown(f"- {badge}{md(gap.message)}")
            if len(items) > SHOWN_PER_TOPIC:
                st.caption(f"และอีก {len(items) - SHOWN_PER_TOPIC:,} รายการ (ดูทั้งหมดที่หน้า {TITLE.get(path or '', '')})")

if actor.role in (Role.PLANNING, Role.ADMIN, Role.EXECUTIVE):
    with st.expander("จำนวนข้อมูลทั้งองค์กร", icon=":material/database:"):
        with session_scope() as session:
            counts = family_counts(session, actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year)
        cols = st.columns(4)
        for i, (label, value) in enumerate(counts.items()):
            cols[i % 4].metric(label, f"{value:,}")
