"""A page of one record family for the chosen division: Thai headers and labels, Buddhist-Era dates,
personal data masked as the user's role requires, and the review status of each record."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlmodel import Session, SQLModel

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.excel.schema import BY_MODEL, Column, Kind
from evidence.masking import masked_row
from evidence.models import OrgUnit
from evidence.models.base import REVIEW_STATUS_TH, ReviewStatus
from evidence.services.lookups import record_options
from evidence.services.records import list_records
from evidence.thai_dates import thai_date, thai_wall_datetime
from evidence.validation import field_label
from portal.components import thai_widgets
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

PAGE_SIZE = 50


def reference_names(session: Session, ctx: WorkContext, scope: DivisionScope, model: type[SQLModel],
                    fields: Sequence[str]) -> dict[str, dict[int, str]]:
    """id → name of the records each reference column of `fields` points at."""
    names: dict[str, dict[int, str]] = {}
    columns = BY_MODEL[model].by_field
    for name in fields:
        column = columns.get(name)
        if column is None or column.kind != Kind.REF or column.ref is None or column.ref.type_field:
            continue
        target = column.ref.targets[""]
        if target is OrgUnit:
            names[name] = dict(scope.units)
        else:
            year = ctx.year.year if column.ref.per_year else None
            names[name] = record_options(session, ctx.actor, target, enterprise_id=ctx.enterprise.id or 0, year=year)
    return names


def shown_value(column: Column | None, value: object, names: Mapping[int, str] | None = None) -> object:
    """A value as a table cell: labels for codes, names for references, dates in Buddhist Era."""
    if value is None:
        return ""
    if column is None:
        return value
    if column.kind == Kind.REF and names is not None:
        return names.get(value, f"#{value}")  # type: ignore[call-overload]
    if column.kind == Kind.CHOICE:
        return column.choices.get(str(value), str(value))
    if column.kind == Kind.CODES and isinstance(value, list):
        return ", ".join(column.choices.get(v, v) for v in value)
    if isinstance(value, datetime):  # a record's own date-time is the Bangkok time typed, never shifted
        return thai_wall_datetime(value)
    if isinstance(value, date):
        return thai_date(value, short=True)
    if column.kind == Kind.BOOL:
        return "✓" if value else "–"
    return value


def table_rows(records: Sequence[SQLModel], ctx: WorkContext, columns: Sequence[str],
               names: Mapping[str, Mapping[int, str]]) -> list[dict[str, object]]:
    if not records:
        return []
    model = type(records[0])
    schema = BY_MODEL[model].by_field
    rows = []
    for record in records:
        plain = masked_row(record, ctx.actor)
        row = {field_label(model, c): shown_value(schema.get(c), plain.get(c), names.get(c)) for c in columns}
        if "status" in model.model_fields:
            row["สถานะการตรวจ"] = REVIEW_STATUS_TH[ReviewStatus(plain["status"])]
        rows.append(row)
    return rows


def records_list(ctx: WorkContext, scope: DivisionScope, model: type[SQLModel], columns: Sequence[str], *,
                 key: str, title: str = "") -> None:
    if title:
        st.markdown(f"**{title}**")
    page_no = int(st.session_state.get(f"{key}:page", 1)) - 1
    try:
        with session_scope() as session:
            page = list_records(session, ctx.actor, model, enterprise_id=ctx.enterprise.id or 0,  # type: ignore[type-var]
                                year=ctx.year.year, org_unit_ids=scope.unit_ids, limit=PAGE_SIZE,
                                offset=page_no * PAGE_SIZE)
            names = reference_names(session, ctx, scope, model, columns)
            rows = table_rows(page.rows, ctx, columns, names)
    except DomainError as error:
        st.error(error.message)
        return
    if not rows:
        st.info("ยังไม่มีข้อมูลของหน่วยงานที่เลือก")
        return
    thai_widgets.table(pd.DataFrame(rows), key=key, file_name=title or key)  # Thai export, copy as a Thai table
    pages = max(1, -(-page.total // PAGE_SIZE))
    if pages > 1:
        st.number_input(f"หน้า (จาก {pages:,} หน้า, {page.total:,} รายการ)", 1, pages, key=f"{key}:page", step=1)
    else:
        st.caption(f"ทั้งหมด {page.total:,} รายการ")
