"""Validation of records against their declared model, with Thai messages naming the field."""

import math
import re
from collections.abc import Mapping
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email
from pydantic import ValidationError
from sqlmodel import SQLModel

from evidence.errors import FieldProblem, ValidationFailed

M = TypeVar("M", bound=SQLModel)

_MESSAGES_TH = {
    "missing": "ต้องระบุ",
    "string_too_short": "ต้องไม่เว้นว่าง",
    "string_too_long": "ยาวเกินกำหนด ({max_length} ตัวอักษร)",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "float_parsing": "ต้องเป็นตัวเลข",
    "float_type": "ต้องเป็นตัวเลข",
    "bool_parsing": "ต้องเป็น ใช่/ไม่ใช่",
    "bool_type": "ต้องเป็น ใช่/ไม่ใช่",
    "date_parsing": "ต้องเป็นวันที่",
    "date_from_datetime_parsing": "ต้องเป็นวันที่",
    "date_type": "ต้องเป็นวันที่",
    "datetime_parsing": "ต้องเป็นวันเวลา",
    "datetime_from_date_parsing": "ต้องเป็นวันเวลา",
    "datetime_type": "ต้องเป็นวันเวลา",
    "enum": "ค่าไม่อยู่ในรายการที่กำหนด ({expected})",
    "greater_than": "ต้องมากกว่า {gt}",
    "greater_than_equal": "ต้องไม่น้อยกว่า {ge}",
    "less_than": "ต้องน้อยกว่า {lt}",
    "less_than_equal": "ต้องไม่เกิน {le}",
    "string_type": "ต้องเป็นข้อความ",
    "list_type": "ต้องเป็นรายการ",
}


def field_label(model: type[SQLModel], name: str) -> str:
    info = model.model_fields.get(name)
    return (info.title if info and info.title else name) or name


def pii_kind(model: type[SQLModel], name: str) -> str | None:
    info = model.model_fields.get(name)
    extra = info.json_schema_extra if info else None
    return extra.get("pii") if isinstance(extra, dict) else None  # type: ignore[return-value]


def _problem_from_error(model: type[SQLModel], error: Mapping[str, object]) -> FieldProblem:
    loc = error.get("loc") or ()
    name = str(loc[0]) if loc else ""
    kind = str(error.get("type"))
    if kind == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        if "|" in text:
            name, text = text.split("|", 1)
        return FieldProblem(name, text, field_label(model, name) if name else "")
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v
           for k, v in (error.get("ctx") or {}).items()}  # type: ignore[union-attr]
    template = _MESSAGES_TH.get(kind, "ค่าไม่ถูกต้อง")
    try:
        text = template.format(**ctx)  # type: ignore[arg-type]
    except (KeyError, IndexError):
        text = template
    return FieldProblem(name, text, field_label(model, name))


def check_contact_formats(model: type[SQLModel], data: Mapping[str, object]) -> list[FieldProblem]:
    """E-mails and phones in personal-data fields must be well formed."""
    problems = []
    for name, value in data.items():
        if not value or not isinstance(value, str):
            continue
        kind = pii_kind(model, name)
        if kind == "email":
            try:
                validate_email(value, check_deliverability=False)
            except EmailNotValidError:
                problems.append(FieldProblem(name, f"'{value}' ไม่ใช่อีเมลที่ถูกต้อง", field_label(model, name)))
        elif kind == "phone":
            digits = [c for c in value if c.isdigit()]
            allowed = set("0123456789+-() ")
            if not (9 <= len(digits) <= 15) or any(c not in allowed for c in value):
                problems.append(FieldProblem(name, f"'{value}' ไม่ใช่หมายเลขโทรศัพท์ที่ถูกต้อง", field_label(model, name)))
    return problems


INT_LIMIT = 2_147_483_647  # PostgreSQL INTEGER; SQLite refuses Python ints past 64 bits with a crash
FLOAT_LIMIT = 1e12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_safe_values(model: type[SQLModel], data: Mapping[str, object]) -> list[FieldProblem]:
    """What every entry (forms, bulk edits, imports, services) refuses whatever the model says: control
    characters in text (they break the Excel and audit exports) and numbers no column can hold."""
    problems: list[FieldProblem] = []
    for name, value in data.items():
        if name not in model.model_fields:
            continue
        label = field_label(model, name)
        if isinstance(value, str) and _CONTROL.search(value):
            problems.append(FieldProblem(name, "มีอักขระควบคุมที่อ่านไม่ได้ (เช่น ตัวอักษรพิเศษจากการคัดลอก)", label))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and abs(value) > INT_LIMIT:
            problems.append(FieldProblem(name, "ตัวเลขมากเกินไป", label))
        elif isinstance(value, float) and (math.isnan(value) or math.isinf(value) or abs(value) >= FLOAT_LIMIT):
            problems.append(FieldProblem(name, "ตัวเลขมากเกินไปหรือไม่ใช่ตัวเลข", label))
    return problems


def validated(model: type[M], data: Mapping[str, object]) -> M:
    """Build a `model` instance from `data` or raise ValidationFailed listing every problem in Thai."""
    unsafe = check_safe_values(model, data)
    try:
        instance = model.model_validate(dict(data))
    except ValidationError as exc:
        problems = [_problem_from_error(model, e) for e in exc.errors()]  # type: ignore[arg-type]
        problems += check_contact_formats(model, data)
        raise ValidationFailed(unsafe + [p for p in problems if p.field not in {u.field for u in unsafe}]) from None
    problems = unsafe + check_contact_formats(model, data)
    if problems:
        raise ValidationFailed(problems)
    return instance
