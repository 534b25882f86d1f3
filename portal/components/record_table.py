"""A paginated, read-only table of one record family of the whole enterprise, with Thai headers,
masked personal data and the list filters (status, date range) of `records_list`."""

import pandas as pd
import streamlit as st
from sqlmodel import SQLModel

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.masking import labelled_rows
from evidence.services.records import list_records
from portal.components.records_list import list_filters
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

PAGE_SIZE = 50


def record_table(ctx: WorkContext, model: type[SQLModel], columns: list[str], *, key: str, title: str = "") -> None:
    if title:
        st.subheader(title)
    filters, _ = list_filters(key, model, DivisionScope(None, "ทั้งองค์กร", {}, {}))
    page_no = int(st.session_state.get(f"{key}:page", 1)) - 1
    try:
        with session_scope() as session:
            page = list_records(session, ctx.actor, model, enterprise_id=ctx.enterprise.id or 0,  # type: ignore[type-var]
                                year=ctx.year.year, limit=PAGE_SIZE, offset=page_no * PAGE_SIZE, filters=filters)
            rows = labelled_rows(page.rows, ctx.actor, columns)
    except DomainError as exc:
        st.error(exc.message)
        return
    if not rows:
        st.info("ยังไม่มีข้อมูล")
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    pages = max(1, -(-page.total // PAGE_SIZE))
    if pages > 1:
        st.number_input(f"หน้า (จาก {pages:,} หน้า, {page.total:,} รายการ)", 1, pages, key=f"{key}:page", step=1)
    else:
        st.caption(f"ทั้งหมด {page.total:,} รายการ")
