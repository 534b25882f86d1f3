"""An editable table of one record family (VOC rows, complaint cases): a page of records at a time,
saved as one transaction through the record services — all edited rows or none.

Dates are edited as Buddhist-Era text, coded values and references as their Thai labels; a stale
row (someone saved it meanwhile) is refused with both versions shown, and the edits stay on screen.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlmodel import SQLModel

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.excel.schema import BY_MODEL, Column, Kind
from evidence.masking import masked_row
from evidence.services.bulk import BulkRefused, RowChange, apply_changes
from evidence.services.records import list_records
from evidence.validation import field_label
from portal.components.be_date import be_text, parse_be
from portal.components.records_list import reference_names
from portal.components.scope_picker import DivisionScope
from portal.components.stale_notice import stale_notice
from portal.session import WorkContext


@dataclass(frozen=True)
class EditorSpec:
    key: str
    model: type[SQLModel]
    columns: tuple[str, ...]
    page_size: int = 100
    defaults: Mapping[str, object] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return BY_MODEL[self.model].by_field[name]


def _state(spec: EditorSpec, part: str) -> str:
    return f"{spec.key}::{part}"


def cell_value(column: Column, value: object, names: Mapping[int, str]) -> object:
    """A stored value as the table edits it."""
    value = getattr(value, "value", value)
    if value is None:
        return None
    if column.kind in (Kind.DATE, Kind.DATETIME):
        return be_text(value)  # type: ignore[arg-type]
    if column.kind == Kind.CHOICE:
        return column.choices.get(str(value), str(value))
    if column.kind == Kind.REF:
        return names.get(value, f"#{value}")  # type: ignore[call-overload]
    return value


def stored_value(column: Column, value: object, names: Mapping[int, str]) -> object:
    """An edited cell as the record services take it; ValueError (Thai) when it cannot be read."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if column.kind in (Kind.DATE, Kind.DATETIME):
        return parse_be(str(value), with_time=column.kind == Kind.DATETIME)
    if column.kind == Kind.CHOICE:
        codes = {label: code for code, label in column.choices.items()} | {c: c for c in column.choices}
        if str(value) not in codes:
            raise ValueError(f"'{value}' ไม่อยู่ในรายการที่เลือกได้")
        return codes[str(value)]
    if column.kind == Kind.REF:
        ids = {label: record_id for record_id, label in names.items()}
        if str(value) not in ids:
            raise ValueError(f"ไม่พบ '{value}'")
        return ids[str(value)]
    if column.kind == Kind.INT:
        return int(value)  # type: ignore[call-overload]
    if column.kind == Kind.TEXT:
        return str(value).strip() or None
    return value


def _column_config(spec: EditorSpec, names: Mapping[str, Mapping[int, str]]) -> dict[str, object]:
    config: dict[str, object] = {}
    for name in spec.columns:
        column = spec.column(name)
        label = field_label(spec.model, name)
        if column.kind == Kind.CHOICE:
            config[name] = st.column_config.SelectboxColumn(label, options=list(column.choices.values()),
                                                            required=column.required)
        elif column.kind == Kind.REF:
            config[name] = st.column_config.SelectboxColumn(label, options=list(names.get(name, {}).values()),
                                                            required=column.required)
        elif column.kind in (Kind.DATE, Kind.DATETIME):
            config[name] = st.column_config.TextColumn(label, help="วว/ดด/ปปปป (พ.ศ.)", required=column.required)
        elif column.kind == Kind.BOOL:
            config[name] = st.column_config.CheckboxColumn(label)
        elif column.kind in (Kind.INT, Kind.FLOAT):
            config[name] = st.column_config.NumberColumn(label, required=column.required,
                                                         step=1 if column.kind == Kind.INT else None)
        else:
            config[name] = st.column_config.TextColumn(label, required=column.required, max_chars=column.max_length)
    return config


def changes_from(spec: EditorSpec, delta: Mapping[str, object], rows: Sequence[tuple[int, int]],
                 names: Mapping[str, Mapping[int, str]], scope: DivisionScope) -> tuple[list[RowChange], list[tuple[int, str]]]:
    """The editor's delta (edited, added, deleted rows) as row changes, and cells that cannot be read."""
    changes: list[RowChange] = []
    problems: list[tuple[int, str]] = []

    def convert(row_no: int, cells: Mapping[str, object]) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, raw in cells.items():
            if name not in spec.columns:
                continue
            try:
                values[name] = stored_value(spec.column(name), raw, names.get(name, {}))
            except ValueError as error:
                problems.append((row_no, f"{field_label(spec.model, name)}: {error}"))
        return values

    for position, cells in dict(delta.get("edited_rows") or {}).items():  # type: ignore[call-overload]
        record_id, version = rows[int(position)]
        changes.append(RowChange(int(position) + 1, record_id, version, convert(int(position) + 1, cells)))
    for number, cells in enumerate(delta.get("added_rows") or [], start=len(rows) + 1):  # type: ignore[arg-type]
        values = dict(spec.defaults) | convert(number, cells)
        if "org_unit_id" in spec.model.model_fields and values.get("org_unit_id") is None and len(scope.writable) == 1:
            values["org_unit_id"] = next(iter(scope.writable))
        changes.append(RowChange(number, values=values))
    for position in delta.get("deleted_rows") or []:  # type: ignore[attr-defined]
        record_id, version = rows[int(position)]
        changes.append(RowChange(int(position) + 1, record_id, version, delete=True))
    return changes, problems


def _on_save(spec: EditorSpec, ctx: WorkContext, scope: DivisionScope) -> None:
    for part in ("problems", "stale", "flash"):
        st.session_state.pop(_state(spec, part), None)
    delta = st.session_state.get(spec.key) or {}
    rows = st.session_state.get(_state(spec, "rows")) or []
    names = st.session_state.get(_state(spec, "names")) or {}
    changes, problems = changes_from(spec, delta, rows, names, scope)
    if problems:
        st.session_state[_state(spec, "problems")] = problems
        return
    if not changes:
        st.session_state[_state(spec, "flash")] = "ไม่มีการแก้ไขที่ต้องบันทึก"
        return
    try:
        with session_scope() as session:
            result = apply_changes(session, ctx.actor, spec.model, enterprise_id=ctx.enterprise.id or 0,
                                   year=ctx.year.year, changes=changes)
    except BulkRefused as refused:
        st.session_state[_state(spec, "problems")] = refused.problems
        st.session_state[_state(spec, "stale")] = [(row, s.message, s.theirs, s.mine) for row, s in refused.stale]
        return
    except DomainError as error:
        st.session_state[_state(spec, "problems")] = [(0, error.message)]
        return
    st.session_state.pop(spec.key, None)
    st.session_state[_state(spec, "flash")] = (f"บันทึกแล้ว: เพิ่ม {result.created} แก้ไข {result.updated} "
                                               f"ลบ {result.deleted} รายการ")


def bulk_editor(ctx: WorkContext, scope: DivisionScope, spec: EditorSpec) -> None:
    """A page of records in an editable table and one save button for all edits on it."""
    page_no = int(st.session_state.get(_state(spec, "page"), 1)) - 1
    try:
        with session_scope() as session:
            page = list_records(session, ctx.actor, spec.model, enterprise_id=ctx.enterprise.id or 0,  # type: ignore[type-var]
                                year=ctx.year.year, org_unit_ids=scope.unit_ids, limit=spec.page_size,
                                offset=page_no * spec.page_size)
            names = reference_names(session, ctx, scope, spec.model, spec.columns)
    except DomainError as error:
        st.error(error.message)
        return
    if "org_unit_id" in names:
        names["org_unit_id"] = {i: n for i, n in names["org_unit_id"].items() if i in scope.writable} | {
            r.org_unit_id: scope.unit_name(r.org_unit_id) for r in page.rows}
    frame = pd.DataFrame(
        [{n: cell_value(spec.column(n), masked_row(r, ctx.actor).get(n), names.get(n, {})) for n in spec.columns}
         for r in page.rows], columns=list(spec.columns))
    st.session_state[_state(spec, "rows")] = [(r.id, r.version) for r in page.rows]  # type: ignore[attr-defined]
    st.session_state[_state(spec, "names")] = names
    flash = st.session_state.pop(_state(spec, "flash"), None)
    if flash:
        st.success(flash)
    for row, message in st.session_state.get(_state(spec, "problems")) or []:
        st.error(f"แถว {row}: {message}" if row else message)
    for row, message, theirs, mine in st.session_state.get(_state(spec, "stale")) or []:
        with st.container(border=True):
            st.markdown(f"**แถว {row}**")
            stale_notice(spec.model, message, theirs, mine)
    st.data_editor(frame, key=spec.key, num_rows="dynamic", hide_index=True, width="stretch",
                   column_config=_column_config(spec, names))
    pages = max(1, -(-page.total // spec.page_size))
    left, right = st.columns([0.6, 0.4])
    with left:
        st.button("บันทึกการแก้ไขทั้งหมดในตาราง", type="primary", key=_state(spec, "save"),
                  on_click=_on_save, args=(spec, ctx, scope), icon=":material/save:")
    with right:
        if pages > 1:
            st.number_input(f"หน้า (จาก {pages:,} หน้า, {page.total:,} รายการ)", 1, pages, step=1,
                            key=_state(spec, "page"))
        else:
            st.caption(f"ทั้งหมด {page.total:,} รายการ")
    st.caption("แก้ไขหลายแถวแล้วกดบันทึกครั้งเดียว: ระบบบันทึกทุกแถวพร้อมกัน หากมีแถวใดไม่ผ่าน จะไม่บันทึกแถวใดเลย")
