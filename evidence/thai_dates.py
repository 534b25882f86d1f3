"""Buddhist-Era dates with Thai month names (stored as ISO dates, shown in พ.ศ.).

Moments are stored as naive UTC (`evidence.models.base.utcnow`); everything a user reads shows them in
Bangkok time, so an upload at 01:00 on 1 October (Bangkok) is dated 1 October, in the new fiscal year.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from pythainlp.util import thai_strftime

BE_OFFSET = 543
BANGKOK = ZoneInfo("Asia/Bangkok")


def bangkok(value: datetime) -> datetime:
    """A stored moment (naive = UTC) as Bangkok wall-clock time (naive, for formatting)."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(BANGKOK).replace(tzinfo=None)


def bangkok_now() -> datetime:
    return datetime.now(BANGKOK).replace(tzinfo=None)


def to_be_year(ad_year: int) -> int:
    return ad_year + BE_OFFSET


def thai_date(value: date | datetime | None, *, short: bool = False) -> str:
    """`23 พฤศจิกายน 2569` (or `23 พ.ย. 2569` with short=True); empty for None."""
    if value is None:
        return ""
    moment = bangkok(value) if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    return thai_strftime(moment, "%-d %b %Y" if short else "%-d %B %Y")


def thai_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return thai_strftime(bangkok(value), "%-d %b %Y %H:%M น.")


def parse_be_date(text: str) -> date:
    """Parse `dd/mm/yyyy` written in Buddhist Era (a year above 2400 is taken as พ.ศ.)."""
    day, month, year = (int(part) for part in text.strip().replace("-", "/").split("/"))
    if year > 2400:
        year -= BE_OFFSET
    return date(year, month, day)


def fiscal_quarter(day: date) -> int:
    """Quarter of the Thai fiscal year (Oct–Dec is quarter 1)."""
    return ((day.month - 10) % 12) // 3 + 1
