"""Dates typed and shown in Buddhist Era (`st.date_input` knows only Gregorian years).

A date is typed as `วว/ดด/ปปปป` (e.g. 15/01/2569; a year above 2400 is พ.ศ.), shown back in words
beside the field, and stored as an ISO date.
"""

import re
from datetime import date, datetime

import streamlit as st

from evidence.thai_dates import BANGKOK, BE_OFFSET, ImpossibleDate, parse_be_date, thai_date, thai_datetime

DATE_HINT = "วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569"
DATETIME_HINT = "วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/01/2569 09:30"
_TIME = re.compile(r"^(.*?)\s+(\d{1,2})[:.](\d{2})(?:\s*น\.)?$")


def be_text(value: date | datetime | None) -> str:
    """`15/01/2569` (with ` 09:30` for a date-time); empty for None."""
    if value is None:
        return ""
    text = f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    return f"{text} {value.hour:02d}:{value.minute:02d}" if isinstance(value, datetime) else text


def parse_be(text: str | None, *, with_time: bool = False) -> date | datetime | None:
    """The date (or date-time) typed in Buddhist Era; None when empty; ValueError (Thai) when unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    hint = DATETIME_HINT if with_time else DATE_HINT
    hour = minute = 0
    if with_time:
        match = _TIME.match(text)
        if match:
            text, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
    try:
        day = parse_be_date(text)
        if with_time:
            return datetime(day.year, day.month, day.day, hour, minute)
        return day
    except ImpossibleDate as error:
        raise ValueError(str(error)) from None
    except (ValueError, TypeError):
        raise ValueError(f"อ่านวันที่ '{text}' ไม่ได้ กรุณากรอกแบบ {hint}") from None


def be_date_input(label: str, key: str, *, with_time: bool = False, help: str | None = None) -> str:  # noqa: A002
    """A text field for a Buddhist-Era date with the date in words shown under it."""
    text = st.text_input(label, key=key, placeholder=DATETIME_HINT if with_time else DATE_HINT, help=help)
    try:
        value = parse_be(text, with_time=with_time)
    except ValueError:
        value = None
    if value is not None:
        # what the user typed is already Bangkok time: mark it so, not as a stored UTC moment
        shown = thai_datetime(value.replace(tzinfo=BANGKOK)) if isinstance(value, datetime) else thai_date(value)
        st.caption(f"= {shown}")
    return text
