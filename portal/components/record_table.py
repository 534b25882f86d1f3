"""A paginated, read-only table of one record family of the whole enterprise, with Thai headers,
masked personal data and the list filters (status, date range) of `records_list`."""

import pandas as pd
import streamlit as st
from sqlmodel import SQLModel

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.masking import labelled_rows
from evidence.services.records import list_records
from portal.components import thai_widgets
from portal.components.records_list import list_filters
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

PAGE_SIZE = 50


def record_table(ctx: WorkContext, model: type[SQLModel], columns: list[str], *, key: str, title: str = "") -> None:
    if title:
        st.subheader(title)
    filters, _ = list_filters(key, model, DivisionScope(None, "ทั้งองค์กร", {}, {}))
    offset = thai_widgets.page_offset(PAGE_SIZE, key=f"{key}_page")
    try:
        with session_scope() as session:
            page = list_records(session, ctx.actor, model, enterprise_id=ctx.enterprise.id or 0,  # type: ignore[type-var]
                                year=ctx.year.year, limit=PAGE_SIZE, offset=offset, filters=filters)
            rows = labelled_rows(page.rows, ctx.actor, columns)
    except DomainError as exc:
        st.error(exc.message)
        return
    if not rows:
        st.info("ยังไม่มีข้อมูล")
        return
    thai_widgets.table(pd.DataFrame(rows), key=key, file_name=title or key)
    thai_widgets.page_picker(page.total, PAGE_SIZE, key=f"{key}_page")
