"""One record family on a page: the list for the chosen division, the form, and the open record's files."""

from collections.abc import Sequence

import streamlit as st

from evidence.access import can_write
from evidence.models.users import Role
from evidence.services.records import table_of
from portal.components.attachments import attachments
from portal.components.form_values import FormSpec
from portal.components.record_form import record_form
from portal.components.records_list import records_list
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

READ_ONLY = (Role.EXECUTIVE, Role.ASSESSOR)


def family_section(ctx: WorkContext, scope: DivisionScope, spec: FormSpec, list_columns: Sequence[str]) -> None:
    gap = " " if spec.title[:1].isascii() else ""
    records_list(ctx, scope, spec.model, list_columns, key=f"{spec.key}:list", title=f"รายการ{gap}{spec.title}")
    if ctx.actor.role in READ_ONLY:
        st.caption("บทบาทนี้ดูข้อมูลได้อย่างเดียว")
        return
    record_form(ctx, scope, spec)
    loaded = st.session_state.get(f"{spec.key}::loaded")
    if loaded:
        allowed = can_write(ctx.actor, ctx.enterprise.id or 0, loaded.get("unit"))
        attachments(ctx, table_of(spec.model), loaded["id"], can_attach=allowed)
