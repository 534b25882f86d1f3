"""How a record's values sit in form widgets and come back out (pure functions, no Streamlit).

Widgets hold: text for text and Buddhist-Era dates, codes for coded values, ids for references,
lists of codes for multi-choice fields. The kinds come from the declared schema of the record family
(`evidence.excel.schema`), so forms and workbooks read a field the same way.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from sqlmodel import Session, SQLModel

from evidence.access import Actor
from evidence.excel.schema import BY_MODEL, Column, Kind
from portal.components.be_date import be_text, parse_be


@dataclass(frozen=True)
class FieldSpec:
    """A field shown in a form: the model field, the rule a help popover quotes, a wide text box."""

    name: str
    rule: str | None = None
    area: bool = False
    label: str | None = None


@dataclass(frozen=True)
class FormSpec:
    key: str
    model: type[SQLModel]
    fields: tuple[FieldSpec, ...]
    title: str
    defaults: Mapping[str, object] = field(default_factory=dict)
    create: Callable[[Session, Actor, dict[str, object]], SQLModel] | None = None  # instead of create_record

    def column(self, name: str) -> Column:
        return BY_MODEL[self.model].by_field[name]

    def widget_key(self, name: str) -> str:
        return f"{self.key}:{name}"


def widget_value(column: Column, value: object) -> object:
    """A stored value as its widget holds it."""
    if isinstance(value, Enum):
        value = value.value
    if column.kind in (Kind.DATE, Kind.DATETIME):
        return be_text(value)  # type: ignore[arg-type]
    if column.kind == Kind.TEXT:
        return "" if value is None else str(value)
    if column.kind == Kind.CODES:
        return list(value or [])  # type: ignore[call-overload]
    if column.kind == Kind.BOOL:
        return bool(value)
    return value


def default_widget_value(spec: FormSpec, name: str) -> object:
    column = spec.column(name)
    if name in spec.defaults:
        return widget_value(column, spec.defaults[name])
    info = spec.model.model_fields[name]
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    return widget_value(column, default)


def form_data(spec: FormSpec, widgets: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """(values for the service, Thai problems by field) from the widgets' current values."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for item in spec.fields:
        column = spec.column(item.name)
        raw = widgets.get(spec.widget_key(item.name))
        if column.kind in (Kind.DATE, Kind.DATETIME):
            try:
                values[item.name] = parse_be(str(raw or ""), with_time=column.kind == Kind.DATETIME)
            except ValueError as error:
                problems[item.name] = str(error)
        elif column.kind == Kind.TEXT:
            text = str(raw or "").strip()
            values[item.name] = text or None
        elif column.kind == Kind.CODES:
            values[item.name] = list(raw or [])  # type: ignore[call-overload]
        elif column.kind == Kind.BOOL:
            values[item.name] = bool(raw)
        else:
            values[item.name] = raw
        if column.required and item.name not in problems and values.get(item.name) in (None, "", []):
            problems[item.name] = "ต้องระบุ"
    return values, problems
