"""Buddhist-Era dates with Thai month names (stored as ISO dates, shown in พ.ศ.): the one place for
time zones.

Moments the system stamps (created, updated, uploaded, submitted, reviewed, commented) are stored as
naive UTC (`evidence.models.base.utcnow`); everything a user reads shows them in Bangkok time
(`thai_datetime`), so an upload at 01:30 on 1 October (Bangkok) is dated 1 October, in the new fiscal
year. Times a person types about an event (a complaint received at 09:30) are Bangkok wall-clock
times as typed, stored and shown unchanged (`thai_wall_datetime`). "Today" for business rules (the
current year, what is due) is `bangkok_today()`.
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


def bangkok_today() -> date:
    """Today in Bangkok: the "today" of every business rule (which year is current, what is due)."""
    return bangkok_now().date()


def bangkok_date(value: datetime) -> date:
    """The Bangkok calendar day of a stored moment (an upload at 18:30 UTC on 30 Sep is 1 Oct)."""
    return bangkok(value).date()


def from_bangkok(value: datetime) -> datetime:
    """A naive Bangkok wall-clock time (what a person types) as the naive UTC moment the database keeps."""
    return value.replace(tzinfo=BANGKOK).astimezone(UTC).replace(tzinfo=None)


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


NO_SUCH_DAY = "ไม่มีวันที่นี้ในปฏิทิน"


class ImpossibleDate(ValueError):
    """Day, month and year were read but the calendar has no such day (31/02/2569)."""

    def __init__(self, text: str) -> None:
        super().__init__(f"'{text}' {NO_SUCH_DAY}")


def thai_wall_datetime(value: datetime | None) -> str:
    """A typed Bangkok wall-clock time (a record's own date-time field), shown without shifting it."""
    if value is None:
        return ""
    return thai_strftime(value.replace(tzinfo=None), "%-d %b %Y %H:%M น.")


def parse_be_date(text: str) -> date:
    """Parse `dd/mm/yyyy` written in Buddhist Era (a year above 2400 is taken as พ.ศ.).

    ValueError when the text is not three numbers; ImpossibleDate (a ValueError) when it is, but the
    calendar has no such day (31/02/2569), so the user is told the day, not the format, is wrong."""
    day, month, year = (int(part) for part in text.strip().replace("-", "/").split("/"))
    if year > 2400:
        year -= BE_OFFSET
    return real_date(year, month, day, text.strip())


def real_date(year: int, month: int, day: int, text: str) -> date:
    """`date(year, month, day)`, or ImpossibleDate naming `text` when the calendar has no such day."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999):
        raise ValueError(text)
    try:
        return date(year, month, day)
    except ValueError:
        raise ImpossibleDate(text) from None


def fiscal_quarter(day: date) -> int:
    """Quarter of the Thai fiscal year (Oct–Dec is quarter 1)."""
    return ((day.month - 10) % 12) // 3 + 1


def fiscal_year(day: date) -> int:
    """The Thai fiscal year (พ.ศ.) a day belongs to: 1 Oct 2025 starts fiscal year 2569."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def year_quarter(day: date, first_day: date) -> int:
    """Quarter (1–4) of an assessment year starting on `first_day` (fiscal or calendar) that `day` is in."""
    months = (day.year - first_day.year) * 12 + day.month - first_day.month
    return months // 3 + 1


def quarter_mismatch(typed: object, day: date, quarter: int, year: int) -> str:
    """What a typed quarter that disagrees with the row's date is told (forms never ask for it)."""
    return (f"ไตรมาส {typed} ไม่ตรงกับวันที่ได้รับ {thai_date(day, short=True)} (ไตรมาส {quarter} ของปี {year}): "
            "เว้นว่างไว้ได้ ระบบคำนวณจากวันที่")


def range_text(first: date, last: date) -> str:
    """`ต้องอยู่ระหว่าง 1 ต.ค. 2568 ถึง 30 ก.ย. 2569`: what a date refused as outside the year says."""
    return f"ต้องอยู่ระหว่าง {thai_date(first, short=True)} ถึง {thai_date(last, short=True)}"
