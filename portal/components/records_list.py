"""A page of one record family for the chosen division: Thai headers and labels, Buddhist-Era dates,
personal data masked as the user's role requires, and the review status of each record; filtered by
review status (ร่าง / ส่งตรวจแล้ว / ส่งกลับแก้ไข / อนุมัติแล้ว), a date range on the family's own date
and a unit, in SQL through `list_records` (the count and the pages follow the filter)."""

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
from evidence.services.record_filter import RecordFilter, date_field
from evidence.services.records import UNIT_FIELDS, list_records
from evidence.thai_dates import thai_date, thai_wall_datetime
from evidence.validation import field_label
from portal.components import thai_widgets
from portal.components.be_date import parse_be
from portal.components.scope_picker import DivisionScope
from portal.session import WorkContext

PAGE_SIZE = 50
ALL_UNITS = "ทุกหน่วยงานที่เลือก"


def _reset_page(key: str) -> None:
    st.session_state[f"{key}:page"] = 1


def list_filters(key: str, model: type[SQLModel], scope: DivisionScope) -> tuple[RecordFilter, frozenset[int] | None]:
    """The filter row of a list: status, a date range (Buddhist Era) and a unit; the unit ids to list."""
    has_status = "status" in model.model_fields
    has_unit = any(n in model.model_fields for n in UNIT_FIELDS)
    cells = st.columns([0.34, 0.22, 0.22, 0.22] if has_status else [0.34, 0.33, 0.33])
    statuses: list[ReviewStatus] = []
    if has_status:
        with cells[0]:
            statuses = st.multiselect("สถานะ", list(ReviewStatus), format_func=lambda s: REVIEW_STATUS_TH[s],
                                      key=f"{key}:f:status", placeholder="ทุกสถานะ",
                                      on_change=_reset_page, args=(key,))
    rest = cells[1:] if has_status else cells
    label = field_label(model, date_field(model))
    days: list[date | None] = []
    for cell, part, name in ((rest[0], "from", "ตั้งแต่"), (rest[1], "to", "ถึง")):
        with cell:
            typed = st.text_input(f"{label} {name}", key=f"{key}:f:{part}", placeholder="วว/ดด/ปปปป (พ.ศ.)",
                                  on_change=_reset_page, args=(key,))
            try:
                days.append(parse_be(typed))  # type: ignore[arg-type]
            except ValueError as error:
                st.error(str(error))
                days.append(None)
    unit_ids = scope.unit_ids
    units = {u: n for u, n in scope.units.items() if scope.unit_ids is None or u in scope.unit_ids}
    if has_unit and len(units) > 1:
        with rest[2]:
            names = {ALL_UNITS: None} | {name: unit for unit, name in units.items()}
            chosen = st.selectbox("หน่วยงาน", list(names), key=f"{key}:f:unit", on_change=_reset_page, args=(key,))
            if names[chosen] is not None:
                unit_ids = frozenset({names[chosen]})  # type: ignore[arg-type]
    return RecordFilter(tuple(statuses), days[0], days[1]), unit_ids


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
    filters, unit_ids = list_filters(key, model, scope)
    page_no = int(st.session_state.get(f"{key}:page", 1)) - 1
    try:
        with session_scope() as session:
            page = list_records(session, ctx.actor, model, enterprise_id=ctx.enterprise.id or 0,  # type: ignore[type-var]
                                year=ctx.year.year, org_unit_ids=unit_ids, limit=PAGE_SIZE,
                                offset=page_no * PAGE_SIZE, filters=filters)
            names = reference_names(session, ctx, scope, model, columns)
            rows = table_rows(page.rows, ctx, columns, names)
    except DomainError as error:
        st.error(error.message)
        return
    if not rows:
        st.info("ไม่พบข้อมูลตามตัวกรองที่เลือก" if filters != RecordFilter() or unit_ids != scope.unit_ids
                else "ยังไม่มีข้อมูลของหน่วยงานที่เลือก")
        return
    thai_widgets.table(pd.DataFrame(rows), key=key, file_name=title or key)  # Thai export, copy as a Thai table
    pages = max(1, -(-page.total // PAGE_SIZE))
    if pages > 1:
        st.number_input(f"หน้า (จาก {pages:,} หน้า, {page.total:,} รายการ)", 1, pages, key=f"{key}:page", step=1)
    else:
        st.caption(f"ทั้งหมด {page.total:,} รายการ")
