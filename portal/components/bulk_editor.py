"""An editable table of one record family (profiles, VOS, plans, channels, VOC rows, complaint cases):
a page of records at a time, saved as one transaction through the record services — all edited rows
or none.

Dates are edited as Buddhist-Era text, coded values and references as their Thai labels. A block of
cells pasted from Excel (Ctrl+V on a cell; rows are added as needed) is read by the Excel import's
rules (`evidence.services.bulk_cells`): dd/mm/พ.ศ. dates, codes or Thai labels, units and segments by
code or name; in "วางจาก Excel" mode every column takes text, so nothing pasted is dropped silently by
a drop-down and every cell that cannot be read is reported with its row and column. A stale row
(someone saved it meanwhile) is refused with both versions shown, and the edits stay on screen; an
edit of an approved record by division staff becomes a revision waiting for the planning team.
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
from evidence.services.bulk import BulkRefused, GridEdits, save_grid
from evidence.services.records import list_records
from evidence.services.revisions import PENDING_NOTICE
from evidence.validation import field_label
from portal.components.be_date import be_text
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
    if column.kind == Kind.CODES and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _allowed(column: Column, names: Mapping[int, str]) -> str:
    if column.kind == Kind.CHOICE:
        return "ค่าที่ใช้ได้: " + ", ".join(column.choices.values())
    if column.kind == Kind.REF:
        return "รหัสหรือชื่อ เช่น " + ", ".join(list(names.values())[:3])
    if column.kind == Kind.CODES:
        return "หลายรหัสคั่นด้วยจุลภาค" + (": " + ", ".join(column.choices) if column.choices else "")
    if column.kind in (Kind.DATE, Kind.DATETIME):
        return "วว/ดด/ปปปป (พ.ศ.)" + (" ชช:นน" if column.kind == Kind.DATETIME else "")
    if column.kind == Kind.BOOL:
        return "ใช่ หรือ ไม่ใช่"
    return ""


def _column_config(spec: EditorSpec, names: Mapping[str, Mapping[int, str]], paste: bool) -> dict[str, object]:
    config: dict[str, object] = {}
    for name in spec.columns:
        column = spec.column(name)
        label = field_label(spec.model, name)
        options = names.get(name, {})
        if paste:  # every column takes text: the service reads and checks each pasted cell
            config[name] = st.column_config.TextColumn(label, help=_allowed(column, options) or None,
                                                       required=column.required)
        elif column.kind == Kind.CHOICE:
            config[name] = st.column_config.SelectboxColumn(label, options=list(column.choices.values()),
                                                            required=column.required)
        elif column.kind == Kind.REF:
            config[name] = st.column_config.SelectboxColumn(label, options=list(options.values()),
                                                            required=column.required)
        elif column.kind in (Kind.DATE, Kind.DATETIME, Kind.CODES):
            config[name] = st.column_config.TextColumn(label, help=_allowed(column, options), required=column.required)
        elif column.kind == Kind.BOOL:
            config[name] = st.column_config.CheckboxColumn(label)
        elif column.kind in (Kind.INT, Kind.FLOAT):
            config[name] = st.column_config.NumberColumn(label, required=column.required,
                                                         step=1 if column.kind == Kind.INT else None)
        else:
            config[name] = st.column_config.TextColumn(label, required=column.required, max_chars=column.max_length)
    return config


def grid_edits(spec: EditorSpec, delta: Mapping[str, object], rows: Sequence[tuple[int, int]],
               scope: DivisionScope) -> GridEdits:
    """The editor's delta (edited, added, deleted rows) with the row numbers the user sees."""
    def cells(values: Mapping[str, object]) -> dict[str, object]:
        return {k: v for k, v in values.items() if k in spec.columns}

    edited = []
    for position, values in dict(delta.get("edited_rows") or {}).items():  # type: ignore[call-overload]
        record_id, version = rows[int(position)]
        edited.append((int(position) + 1, record_id, version, cells(values)))
    added = [(number, cells(values)) for number, values in
             enumerate(delta.get("added_rows") or [], start=len(rows) + 1)]  # type: ignore[arg-type]
    added = [(n, v) for n, v in added if any(x not in (None, "") for x in v.values())]  # blank rows: nothing
    deleted = [(int(p) + 1, *rows[int(p)]) for p in delta.get("deleted_rows") or []]  # type: ignore[attr-defined]
    defaults = dict(spec.defaults)
    if "org_unit_id" in spec.model.model_fields and len(scope.writable) == 1:  # a blank unit is the user's own
        defaults.setdefault("org_unit_id", next(iter(scope.writable)))
    return GridEdits(edited, added, deleted, defaults)  # type: ignore[arg-type]


def _on_save(spec: EditorSpec, ctx: WorkContext, scope: DivisionScope) -> None:
    for part in ("problems", "stale", "flash"):
        st.session_state.pop(_state(spec, part), None)
    delta = st.session_state.get(spec.key) or {}
    rows = st.session_state.get(_state(spec, "rows")) or []
    names = st.session_state.get(_state(spec, "names")) or {}
    edits = grid_edits(spec, delta, rows, scope)
    if not (edits.edited or edits.added or edits.deleted):
        st.session_state[_state(spec, "flash")] = "ไม่มีการแก้ไขที่ต้องบันทึก"
        return
    try:
        with session_scope() as session:
            result = save_grid(session, ctx.actor, spec.model, edits, enterprise_id=ctx.enterprise.id or 0,
                               year=ctx.year.year, shown=names)
    except BulkRefused as refused:
        st.session_state[_state(spec, "problems")] = refused.problems
        st.session_state[_state(spec, "stale")] = [(row, s.message, s.theirs, s.mine) for row, s in refused.stale]
        return
    except DomainError as error:
        st.session_state[_state(spec, "problems")] = [(0, error.message)]
        return
    st.session_state.pop(spec.key, None)
    flash = f"บันทึกแล้ว: เพิ่ม {result.created} แก้ไข {result.updated} ลบ {result.deleted} รายการ"
    if result.revisions:
        flash += f" · {result.revisions} รายการที่อนุมัติแล้วบันทึกเป็นฉบับแก้ไขรออนุมัติ: {PENDING_NOTICE}"
    st.session_state[_state(spec, "flash")] = flash


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
    problems = st.session_state.get(_state(spec, "problems")) or []
    if problems:
        st.error("ยังไม่ได้บันทึกแถวใดเลย: แก้ไขรายการต่อไปนี้แล้วกดบันทึกอีกครั้ง\n\n" + "\n".join(
            f"- แถว {row} {message}" if row else f"- {message}" for row, message in problems[:50])
            + (f"\n- … และอีก {len(problems) - 50} รายการ" if len(problems) > 50 else ""))
    for row, message, theirs, mine in st.session_state.get(_state(spec, "stale")) or []:
        with st.container(border=True):
            st.markdown(f"**แถว {row}**")
            stale_notice(spec.model, message, theirs, mine)
    paste = st.toggle("วางจาก Excel (ทุกคอลัมน์รับข้อความ)", key=_state(spec, "paste"),
                      help="เปิดก่อนวางข้อมูลหลายเซลล์จาก Excel: วันที่แบบ วว/ดด/ปปปป (พ.ศ.) รหัสหรือชื่อหน่วยงาน/กลุ่มลูกค้า "
                           "และคำไทยของตัวเลือก ระบบตรวจทุกเซลล์และแจ้งแถวและคอลัมน์ที่ไม่ถูกต้อง")
    if paste:
        frame = frame.astype(object).where(frame.notna(), None).map(lambda v: v if v is None else str(v))
    st.data_editor(frame, key=f"{spec.key}", num_rows="dynamic", hide_index=True, width="stretch",
                   column_config=_column_config(spec, names, paste))
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


def grid_section(ctx: WorkContext, scope: DivisionScope, spec: EditorSpec, title: str) -> None:
    """The editable table of a register, folded under its list (read-only roles do not get it)."""
    from portal.components.family import READ_ONLY

    if ctx.actor.role in READ_ONLY:
        return
    with st.expander(f"ตาราง{title} (แก้ไขหลายแถว / วางจาก Excel)"):
        bulk_editor(ctx, scope, spec)
