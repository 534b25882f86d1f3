"""One record through `st.form`: pick a record (or a new one), edit, save through the record services.

- Problems come back per field, in Thai, under the field; what the user typed stays on screen.
- The version read when the record was opened is the one the save expects: if someone saved in
  between, the save is refused and both versions are shown (nothing is overwritten).
- Division staff submit their drafts to the planning team; scoring counts approved records only.
"""

from collections.abc import Mapping

import streamlit as st
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from evidence.access import Actor, can_write
from evidence.db import session_scope
from evidence.errors import DomainError, StaleVersion, ValidationFailed
from evidence.excel.schema import Kind
from evidence.models.base import REVIEW_STATUS_TH, ReviewStatus
from evidence.services.lookups import record_options
from evidence.services.missing import required_marks
from evidence.services.records import (
    UNIT_FIELDS,
    create_record,
    get_record,
    list_records,
    set_review_status,
    table_of,
    update_record,
)
from evidence.services.review import record_label
from evidence.services.revisions import PENDING_NOTICE, revision_made
from evidence.validation import validated
from portal.components import thai_widgets
from portal.components.be_date import be_date_input
from portal.components.criteria_help import criteria_help
from portal.components.form_values import FormSpec, default_widget_value, form_data, widget_value
from portal.components.safe_text import md
from portal.components.scope_picker import DivisionScope
from portal.components.stale_notice import stale_notice
from portal.session import WorkContext

NEW = 0


def _state(spec: FormSpec, part: str) -> str:
    return f"{spec.key}::{part}"


def _unit_of(record: SQLModel | Mapping[str, object]) -> int | None:
    get = record.get if isinstance(record, Mapping) else lambda n: getattr(record, n, None)
    return next((get(n) for n in UNIT_FIELDS if get(n) is not None), None)  # type: ignore[misc]


def _typed_ref_value(spec: FormSpec, name: str, record: SQLModel) -> object:
    ref = spec.column(name).ref
    value = getattr(record, name)
    if ref is None or ref.type_field is None or value is None:
        return value
    kind = getattr(record, ref.type_field)
    return f"{getattr(kind, 'value', kind)}:{value}"


def load_record(spec: FormSpec, actor: Actor, record_id: int) -> None:
    """Put a record (or, for NEW, the defaults) into the widgets and remember the version read."""
    for part in ("errors", "stale", "general"):
        st.session_state.pop(_state(spec, part), None)
    if record_id == NEW:
        st.session_state[_state(spec, "loaded")] = None
        for item in spec.fields:
            st.session_state[spec.widget_key(item.name)] = default_widget_value(spec, item.name)
        return
    with session_scope() as session:
        record = get_record(session, actor, spec.model, record_id)  # type: ignore[type-var]
        for item in spec.fields:
            value = _typed_ref_value(spec, item.name, record)
            st.session_state[spec.widget_key(item.name)] = widget_value(spec.column(item.name), value)
        st.session_state[_state(spec, "loaded")] = {
            "id": record.id, "version": record.version, "unit": _unit_of(record),
            "status": str(getattr(record, "status", "") or ""), "comment": getattr(record, "review_comment", None),
            "enterprise_id": record.enterprise_id, "label": record_label(spec.model, record),
        }


def _on_pick(spec: FormSpec, actor: Actor) -> None:
    try:
        load_record(spec, actor, st.session_state[_state(spec, "pick")])
    except DomainError as error:
        st.session_state[_state(spec, "general")] = error.message


def _service_values(spec: FormSpec, values: dict[str, object]) -> dict[str, object]:
    """Split "table:id" choices of a reference whose table depends on another field."""
    out = dict(values)
    for item in spec.fields:
        ref = spec.column(item.name).ref
        raw = out.get(item.name)
        if ref is not None and ref.type_field and isinstance(raw, str) and ":" in raw:
            kind, _, record_id = raw.partition(":")
            out[ref.type_field], out[item.name] = kind, int(record_id)
    return out


def _all_problems(spec: FormSpec, values: dict[str, object], problems: dict[str, str],
                  base: dict[str, object]) -> dict[str, str]:
    """The form's own problems (unreadable dates, empty required fields) and the model's, at once."""
    data = base | {k: v for k, v in values.items() if k not in problems}
    try:
        validated(spec.model, data)
    except ValidationFailed as failure:
        shown = {item.name for item in spec.fields}
        return {p.field: p.message for p in failure.problems if p.field in shown and p.field not in problems} | problems
    return problems


def _on_save(spec: FormSpec, actor: Actor, enterprise_id: int, year: int, add_another: bool = False) -> None:
    """Save, then stay on the saved record (to attach a file or submit it), or with `add_another`
    open an empty form for the next one."""
    values, problems = form_data(spec, st.session_state)
    for part in ("errors", "stale", "general", "flash"):
        st.session_state.pop(_state(spec, part), None)
    loaded = st.session_state.get(_state(spec, "loaded"))
    values = _service_values(spec, values)
    base = dict(spec.defaults) | {"enterprise_id": enterprise_id}
    if "year" in spec.model.model_fields:
        base["year"] = year
    if problems:
        st.session_state[_state(spec, "errors")] = _all_problems(spec, values, problems, base)
        return
    try:
        with session_scope() as session:
            if loaded:
                record = update_record(session, actor, spec.model, loaded["id"],  # type: ignore[type-var]
                                       expected_version=loaded["version"], changes=values)
            elif spec.create is not None:
                record = spec.create(session, actor, base | values)
            else:
                record = create_record(session, actor, spec.model, base | values)  # type: ignore[type-var]
            saved_id, label = record.id, record_label(spec.model, record)
            revised = bool(loaded) and revision_made(session, spec.model, saved_id or 0)
    except ValidationFailed as failure:
        shown = {item.name for item in spec.fields}
        st.session_state[_state(spec, "errors")] = {p.field: p.message for p in failure.problems if p.field in shown}
        rest = [str(p) for p in failure.problems if p.field not in shown]
        if rest:
            st.session_state[_state(spec, "general")] = "ข้อมูลไม่ถูกต้อง: " + "; ".join(rest)
        return
    except StaleVersion as stale:
        st.session_state[_state(spec, "stale")] = (stale.message, stale.theirs, stale.mine)
        return
    except DomainError as error:
        st.session_state[_state(spec, "general")] = error.message
        return
    except IntegrityError:
        st.session_state[_state(spec, "general")] = "บันทึกไม่ได้: รหัสหรือเลขที่นี้มีอยู่แล้ว กรุณาใช้ค่าที่ไม่ซ้ำ"
        return
    stay = NEW if add_another else (saved_id or NEW)
    load_record(spec, actor, stay)
    st.session_state[_state(spec, "pick")] = stay
    if loaded:
        done = f"'{label}': {PENDING_NOTICE}" if revised else f"บันทึก '{label}' แล้ว"
    else:
        done = f"เพิ่ม '{label}' แล้ว"
    st.session_state[_state(spec, "flash")] = done
    st.session_state[_state(spec, "hint")] = ("ฟอร์มว่างสำหรับรายการถัดไป" if add_another else
                                             f"ฟอร์มยังเปิด '{label}' อยู่: แนบไฟล์หรือส่งตรวจรายการนี้ได้ทันที")


def _on_submit(spec: FormSpec, actor: Actor) -> None:
    loaded = st.session_state.get(_state(spec, "loaded")) or {}
    try:
        with session_scope() as session:
            set_review_status(session, actor, spec.model, loaded["id"], ReviewStatus.SUBMITTED,  # type: ignore[type-var]
                              expected_version=loaded["version"])
    except StaleVersion as stale:
        st.session_state[_state(spec, "stale")] = (stale.message, stale.theirs, stale.mine)
        return
    except DomainError as error:
        st.session_state[_state(spec, "general")] = error.message
        return
    load_record(spec, actor, loaded["id"])
    st.session_state[_state(spec, "flash")] = "ส่งให้ฝ่ายแผนตรวจแล้ว"


def _options(session: Session, ctx: WorkContext, scope: DivisionScope, spec: FormSpec) -> dict[str, dict[object, str]]:
    """Choices of every coded and reference field of the form."""
    options: dict[str, dict[object, str]] = {}
    for item in spec.fields:
        column = spec.column(item.name)
        if column.kind in (Kind.CHOICE, Kind.CODES) and column.choices:
            options[item.name] = dict(column.choices)
        elif column.kind == Kind.CODES and column.codes_of is not None:
            found = record_options(session, ctx.actor, column.codes_of, enterprise_id=ctx.enterprise.id or 0,
                                   year=ctx.year.year)
            options[item.name] = {label.split(" ")[0]: label for label in found.values()}
        elif column.kind == Kind.REF and column.ref is not None:
            options[item.name] = _ref_options(session, ctx, scope, column.ref)
    return options


def _ref_options(session: Session, ctx: WorkContext, scope: DivisionScope, ref: object) -> dict[object, str]:
    from evidence.models import OrgUnit

    targets = ref.targets  # type: ignore[attr-defined]
    if ref.type_field is None and targets[""] is OrgUnit:  # type: ignore[attr-defined]
        return dict(scope.writable)
    found: dict[object, str] = {}
    for kind, model in targets.items():
        year = ctx.year.year if ref.per_year else None  # type: ignore[attr-defined]
        for record_id, label in record_options(session, ctx.actor, model, enterprise_id=ctx.enterprise.id or 0,
                                               year=year).items():
            key: object = f"{kind}:{record_id}" if kind else record_id
            found[key] = label
    return found


def rule_help(rules: tuple[str, ...]) -> str | None:
    """The help of a field the scoring rules read on every record (None: no rule reads it)."""
    if not rules:
        return None
    return f"เกณฑ์ {', '.join(rules)} อ่านช่องนี้ในทุกรายการ: เว้นว่างแล้วคะแนนของหัวข้อย่อยที่ใช้เกณฑ์นี้จะไม่ผ่าน"


def _widget(spec: FormSpec, name: str, options: Mapping[str, Mapping[object, str]], *, disabled: bool, year: int,
            rules: tuple[str, ...] = ()) -> None:
    column = spec.column(name)
    item = next(i for i in spec.fields if i.name == name)
    info = spec.model.model_fields[name]
    label = (item.label or info.title or name) + (" *" if column.required or rules else "")
    tip = rule_help(rules)
    key = spec.widget_key(name)
    if item.rule:
        left, right = st.columns([0.8, 0.2], vertical_alignment="bottom")
    else:
        left, right = st.container(), None
    with left:
        if column.kind in (Kind.DATE, Kind.DATETIME):
            if disabled:
                st.text_input(label, key=key, disabled=True, help=tip)
            else:
                be_date_input(label, key, with_time=column.kind == Kind.DATETIME, help=tip)
        elif column.kind == Kind.TEXT:
            wide = item.area or (column.max_length or 0) > 300
            (st.text_area if wide else st.text_input)(label, key=key, disabled=disabled, max_chars=column.max_length,
                                                      help=tip)
        elif column.kind == Kind.INT:
            bounds = {m.__class__.__name__: m for m in info.metadata}
            low = getattr(bounds.get("Ge"), "ge", None)
            high = getattr(bounds.get("Le"), "le", None)
            st.number_input(label, min_value=low, max_value=high, step=1, format="%d", key=key, disabled=disabled,
                            help=tip)
        elif column.kind == Kind.FLOAT:
            st.number_input(label, step=1.0, key=key, disabled=disabled, help=tip)
        elif column.kind == Kind.BOOL:
            st.checkbox(label, key=key, disabled=disabled, help=tip)
        elif column.kind == Kind.CODES:
            choices = dict(options.get(name, {}))
            for value in st.session_state.get(key) or []:
                choices.setdefault(value, str(value))
            thai_widgets.multiselect(label, list(choices), format_func=lambda v, c=choices: c.get(v, str(v)), key=key,
                                     disabled=disabled, help=tip)
        else:
            choices = dict(options.get(name, {}))
            current = st.session_state.get(key)
            if current is not None and current not in choices:
                choices[current] = f"#{current}"
            st.selectbox(label, list(choices), format_func=lambda v, c=choices: c.get(v, str(v)), key=key,
                         placeholder="เลือก…", disabled=disabled, help=tip)
        problem = (st.session_state.get(_state(spec, "errors")) or {}).get(name)
        if problem:
            st.error(problem, icon=":material/error:")
    if right is not None and item.rule:
        with right:
            criteria_help(item.rule, year, key=f"{key}:help")


def record_form(ctx: WorkContext, scope: DivisionScope, spec: FormSpec) -> None:
    """The record picker, the form, review actions and the stale-save notice of one record family."""
    actor, enterprise_id = ctx.actor, ctx.enterprise.id or 0
    with session_scope() as session:
        page = list_records(session, actor, spec.model, enterprise_id=enterprise_id, year=ctx.year.year,  # type: ignore[type-var]
                            org_unit_ids=scope.unit_ids, limit=200)
        picks = {NEW: "— เพิ่มรายการใหม่ —"} | {r.id: record_label(spec.model, r) for r in page.rows}  # type: ignore[attr-defined]
        options = _options(session, ctx, scope, spec)
        marks = required_marks(session, enterprise_id=enterprise_id, year=ctx.year.year, table=table_of(spec.model))
    if _state(spec, "loaded") not in st.session_state:
        load_record(spec, actor, NEW)
    loaded = st.session_state.get(_state(spec, "loaded"))
    if loaded and loaded["id"] not in picks:
        picks[loaded["id"]] = str(loaded.get("label") or f"#{loaded['id']}")
    st.session_state.setdefault(_state(spec, "pick"), NEW)
    if st.session_state[_state(spec, "pick")] not in picks:
        st.session_state[_state(spec, "pick")] = NEW
    st.selectbox("เลือกรายการที่จะแก้ไข", list(picks), format_func=picks.get, key=_state(spec, "pick"),
                 on_change=_on_pick, args=(spec, actor))
    editable = can_write(actor, enterprise_id, loaded["unit"] if loaded else None) or (
        not loaded and bool(scope.writable))
    _status_line(loaded)
    for part, show in (("flash", st.success), ("hint", st.caption), ("general", st.error)):
        message = st.session_state.pop(_state(spec, part), None)
        if message:
            show(message)
    stale = st.session_state.get(_state(spec, "stale"))
    if stale:
        stale_notice(spec.model, *stale)
        st.button("โหลดฉบับล่าสุด", key=_state(spec, "reload"), on_click=_on_pick, args=(spec, actor))
    with st.form(_state(spec, "form"), border=True):
        st.markdown(f"**{spec.title}**" + ("" if loaded else " — รายการใหม่"))
        for item in spec.fields:
            _widget(spec, item.name, options, disabled=not editable, year=ctx.year.year, rules=marks.get(item.name, ()))
        save, again = st.columns(2)
        save.form_submit_button("บันทึก", type="primary", disabled=not editable, key=_state(spec, "save"),
                                on_click=_on_save, args=(spec, actor, enterprise_id, ctx.year.year))
        again.form_submit_button("บันทึกและเพิ่มรายการใหม่", disabled=not editable, key=_state(spec, "save_new"),
                                 on_click=_on_save, args=(spec, actor, enterprise_id, ctx.year.year, True))
    if not editable and not any(n in spec.model.model_fields for n in UNIT_FIELDS):
        st.caption("ข้อมูลประเภทนี้บันทึกโดยฝ่ายแผน/คณะทำงาน SCM ท่านดูได้อย่างเดียว")
    elif not editable:
        st.caption("ท่านดูข้อมูลนี้ได้ แต่แก้ไขได้เฉพาะข้อมูลของหน่วยงานตนเอง (ฝ่ายแผนแก้ไขได้ทุกหน่วยงาน)")
    if loaded and editable and not actor.is_planning and loaded["status"] in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        st.button("ส่งให้ฝ่ายแผนตรวจ", icon=":material/send:", key=_state(spec, "submit"),
                  on_click=_on_submit, args=(spec, actor))


def _status_line(loaded: Mapping[str, object] | None) -> None:
    if not loaded or not loaded.get("status"):
        return
    status = ReviewStatus(loaded["status"])
    text = f"สถานะการตรวจ: **{REVIEW_STATUS_TH[status]}**"
    if status == ReviewStatus.RETURNED and loaded.get("comment"):
        st.warning(f"{text} — ความเห็นผู้ตรวจ: {md(loaded['comment'])}")
    elif status != ReviewStatus.APPROVED:
        st.info(f"{text} (ยังไม่นับในการคิดคะแนนจนกว่าฝ่ายแผนจะอนุมัติ)")
    else:
        st.caption(text)
