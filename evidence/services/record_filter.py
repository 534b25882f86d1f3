"""Filters of a record list: review status and a date range on the family's own date (the unit is
the list's `org_unit_ids`).

`list_records(..., filters=RecordFilter(...))` applies them in SQL, so a filtered list is paginated
and counted like an unfiltered one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import SQLModel, col

from evidence.models.base import ReviewStatus

# The date a list is filtered on: the family's own date (received, met, reported…), else the last edit.
DATE_FIELDS = ("received_on", "received_at", "meeting_date", "reported_on", "completed_on", "reviewed_on",
               "effective_on", "appointed_on", "start_on", "due_on", "updated_at")


@dataclass(frozen=True)
class RecordFilter:
    statuses: Sequence[ReviewStatus] = ()
    date_from: date | None = None
    date_to: date | None = None


def date_field(model: type[SQLModel]) -> str:
    return next(n for n in DATE_FIELDS if n in model.model_fields)


def conditions(model: type[SQLModel], filters: RecordFilter) -> list[ColumnElement[bool]]:
    """The SQL conditions of `filters` on `model` (those that do not apply to it are left out)."""
    out: list[ColumnElement[bool]] = []
    if filters.statuses and "status" in model.model_fields:
        out.append(col(model.status).in_([s.value for s in filters.statuses]))  # type: ignore[attr-defined]
    name = date_field(model)
    column = getattr(model, name)
    is_moment = name.endswith("_at")
    if filters.date_from is not None:
        start = datetime.combine(filters.date_from, time()) if is_moment else filters.date_from
        out.append(column >= start)
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time()) if is_moment else filters.date_to
        out.append(column < end if is_moment else column <= end)
    return out
