"""Typed values from sheet columns, whatever Excel or a CSV file holds in them, a column at a time.

Each parser takes the raw column (pandas, object dtype) and returns the typed values (None where the
cell is empty or invalid) and the cells that hold something invalid, with a Thai message for each.
Clean columns take vectorised paths; only mixed columns fall back to a per-cell function.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from evidence.thai_dates import BE_OFFSET, NO_SUCH_DAY, ImpossibleDate, real_date

INT_LIMIT = 2_147_483_647
AMBIGUOUS = -1  # a title that names several records
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"ใช่", "มี", "true", "yes", "y", "1", "x", "✓", "/"}
_FALSE = {"ไม่ใช่", "ไม่", "ไม่มี", "false", "no", "n", "0", "-"}
_DMY = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_YMD = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_TIME = r"(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?(?:\s*น\.)?"


@dataclass(frozen=True)
class Parsed:
    values: pd.Series  # object dtype: Python values, None for empty or invalid cells
    bad: pd.Series  # bool: the cell holds something that is not a valid value
    explain: Callable[[object], str]  # raw cell value → Thai message (called for bad cells only)


def normal_key(text: object) -> str:
    """How codes, labels and titles are matched: case and runs of spaces do not matter."""
    return " ".join(str(text).split()).casefold()


def text_form(raw: pd.Series) -> pd.Series:
    """Cells as stripped text; None for empty cells. Integral numbers lose their `.0`."""
    kind = infer_dtype(raw, skipna=True)
    if kind == "empty":
        return nones(raw.index)
    out = raw.str.strip() if kind == "string" else raw.map(_cell_text, na_action="ignore")
    out = out.astype(object)
    return out.where(out.notna() & (out != ""), None)


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def nones(index: pd.Index) -> pd.Series:
    """An object column of None (`pd.Series(None, dtype=object)` holds NaN, which is not None)."""
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object)


def by_distinct(column: pd.Series, convert: Callable[[object], object]) -> pd.Series:
    """`convert` applied once per distinct non-empty value (codes, labels and dates repeat a lot)."""
    present = column.dropna()
    mapping = {value: convert(value) for value in pd.unique(present)}
    out = np.full(len(column), None, dtype=object)
    if len(present):
        out[column.notna().to_numpy()] = [mapping[v] for v in present]
    return pd.Series(out, index=column.index, dtype=object)


def _nothing(raw: pd.Series) -> pd.Series:
    return pd.Series(False, index=raw.index)


def _filled(raw: pd.Series, mask: pd.Series, items: object) -> pd.Series:
    """An object column of None with `items` (Python values, in order) placed where `mask` is True."""
    out = np.full(len(raw), None, dtype=object)
    if mask.any():
        out[mask.to_numpy()] = items
    return pd.Series(out, index=raw.index, dtype=object)


def parse_text(raw: pd.Series) -> Parsed:
    text = text_form(raw)
    bad = text.map(lambda v: bool(_CONTROL.search(v)), na_action="ignore").fillna(False).astype(bool)
    return Parsed(text.where(~bad, None), bad, lambda _v: "มีอักขระควบคุมที่อ่านไม่ได้ (เช่น ตัวอักษรพิเศษจากการคัดลอก)")


def _number_text(value: object) -> object:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    return str(value).replace(",", "").replace("%", "").strip()


def _safe_float(value: object) -> float:
    """A number as float; NaN for one no float holds (10**400) or that is not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (OverflowError, TypeError, ValueError):
        return float("nan")


def _numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers as float with NaN, cells that hold something)."""
    kind = infer_dtype(raw, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "empty"):
        return raw.map(_safe_float, na_action="ignore").astype(float), raw.notna()
    text = text_form(raw)
    given = text.notna()
    numbers = pd.to_numeric(text.map(_number_text, na_action="ignore"), errors="coerce")
    if numbers.dtype == object:  # integers past float64's exactness stay Python ints: make them floats safely
        numbers = numbers.map(_safe_float, na_action="ignore")
    return numbers.astype(float), given


def parse_int(raw: pd.Series) -> Parsed:
    numbers, given = _numbers(raw)
    finite = np.isfinite(numbers)
    integral = finite & (numbers == np.floor(numbers.where(finite, 0)))
    small = numbers.abs() <= INT_LIMIT
    ok = integral & small
    bad = given & ~ok
    values = _filled(raw, ok, [int(v) for v in numbers[ok]])

    def explain(value: object) -> str:
        text = _number_text(value)
        number = _safe_float(text) if isinstance(text, int | float) else _safe_float(pd.to_numeric(text, errors="coerce"))
        if (pd.notna(number) and abs(number) > INT_LIMIT) or (isinstance(text, int) and abs(text) > INT_LIMIT):
            return "ตัวเลขมากเกินไป"
        return f"'{value}' ต้องเป็นจำนวนเต็ม"

    return Parsed(values, bad, explain)


def parse_float(raw: pd.Series) -> Parsed:
    numbers, given = _numbers(raw)
    ok = np.isfinite(numbers) & (numbers.abs() < 1e12)
    values = _filled(raw, ok, [float(v) for v in numbers[ok]])
    return Parsed(values, given & ~ok, lambda v: f"'{v}' ต้องเป็นตัวเลข")


def _bool_value(value: object) -> object:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = normal_key(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def parse_bool(raw: pd.Series) -> Parsed:
    given = text_form(raw).notna()
    found = raw.map(_bool_value, na_action="ignore")
    ok = found.notna()
    values = _filled(raw, ok, [bool(v) for v in found[ok]])
    return Parsed(values, given & ~ok, lambda v: f"'{v}' ต้องเป็น ใช่ หรือ ไม่ใช่")


def _be(year: int) -> int:
    """A year above 2400 is a Buddhist-Era year."""
    return year - BE_OFFSET if year > 2400 else year


def _moment_value(value: object, with_time: bool) -> object:
    if isinstance(value, datetime):
        try:
            moment = value.replace(year=_be(value.year), tzinfo=None)
        except ValueError:
            return None
        return moment if with_time else moment.date()
    if isinstance(value, date):
        try:
            day = value.replace(year=_be(value.year))
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day) if with_time else day
    return None


def _parse_moments(text: pd.Series, with_time: bool) -> pd.Series:
    """dd/mm/yyyy (พ.ศ. or ค.ศ.) or yyyy-mm-dd, with an optional HH:MM[:SS]; NaT where unreadable."""
    dmy = text.str.extract(f"^{_DMY}{_TIME if with_time else ''}$")
    ymd = text.str.extract(f"^{_YMD}{_TIME if with_time else ''}$")
    day = pd.to_numeric(dmy[0], errors="coerce").fillna(pd.to_numeric(ymd[2], errors="coerce"))
    month = pd.to_numeric(dmy[1], errors="coerce").fillna(pd.to_numeric(ymd[1], errors="coerce"))
    year = pd.to_numeric(dmy[2], errors="coerce").fillna(pd.to_numeric(ymd[0], errors="coerce"))
    year = year.where(year <= 2400, year - BE_OFFSET)
    parts = {"year": year, "month": month, "day": day}
    if with_time:
        for name, col in (("hour", 3), ("minute", 4), ("second", 5)):
            parts[name] = pd.to_numeric(dmy[col], errors="coerce").fillna(
                pd.to_numeric(ymd[col], errors="coerce")).fillna(0)
    frame = pd.DataFrame(parts)
    plausible = frame["year"].between(1900, 2200) & frame.notna().all(axis=1)
    moments = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    if plausible.any():
        moments[plausible] = pd.to_datetime(frame[plausible], errors="coerce")
    return moments


def parse_moment(raw: pd.Series, *, with_time: bool) -> Parsed:
    """Dates (or date-times) from date cells or text; each distinct value is parsed once."""
    distinct = pd.Series(pd.unique(raw.dropna()), dtype=object)
    mapping = dict(zip(distinct, _moments_of(distinct, with_time=with_time), strict=True))
    values = by_distinct(raw, mapping.get)
    given = by_distinct(raw, lambda v: not (isinstance(v, str) and not v.strip())).fillna(False).astype(bool)
    shape = "วว/ดด/ปปปป ชช:นน" if with_time else "วว/ดด/ปปปป"
    what = "วันเวลา" if with_time else "วันที่"

    def explain(value: object) -> str:
        if impossible_day(value):
            return f"'{value}' {NO_SUCH_DAY}"
        return f"'{value}' ต้องเป็น{what}ในรูปแบบ {shape} (พ.ศ.)"

    return Parsed(values, given & values.isna(), explain)


def impossible_day(value: object) -> bool:
    """Text in the date shape whose day the calendar does not have (31/02/2569), not a wrong format."""
    text = str(value).strip()
    dmy = re.match(f"^{_DMY}{_TIME}$", text)
    ymd = re.match(f"^{_YMD}{_TIME}$", text)
    if dmy:
        day, month, year = (int(p) for p in dmy.groups()[:3])
    elif ymd:
        year, month, day = (int(p) for p in ymd.groups()[:3])
    else:
        return False
    try:
        real_date(year - BE_OFFSET if year > 2400 else year, month, day, text)
    except ImpossibleDate:
        return True
    except ValueError:
        return False
    return False


def _moments_of(distinct: pd.Series, *, with_time: bool) -> list[object]:
    """Each value as a date (or datetime), None where it is not one."""
    out = np.full(len(distinct), None, dtype=object)
    is_text = distinct.map(lambda v: isinstance(v, str)).astype(bool).to_numpy()
    others = ~is_text
    if others.any():
        out[others] = [_moment_value(v, with_time) for v in distinct[others]]
    if is_text.any():
        moments = _parse_moments(distinct[is_text].astype(str).str.strip().reset_index(drop=True), with_time)
        found = moments.notna().to_numpy()
        if found.any():
            converted = moments[found].dt.to_pydatetime() if with_time else moments[found].dt.date.to_numpy()
            positions = np.flatnonzero(is_text)[found]
            out[positions] = list(converted)
    return list(out)


def parse_choice(raw: pd.Series, choices: Mapping[str, str]) -> Parsed:
    """A code of a fixed list, given as its Thai label or the code itself."""
    lookup = {normal_key(code): code for code in choices} | {normal_key(label): code for code, label in choices.items()}
    text = text_form(raw)
    values = by_distinct(text, lambda v: lookup.get(normal_key(v)))
    allowed = ", ".join(choices.values())
    return Parsed(values, text.notna() & values.isna(), lambda v: f"'{v}' ไม่อยู่ในรายการที่เลือกได้ ({allowed})")


def parse_ref(raw: pd.Series, lookup: Mapping[str, int], what: str) -> Parsed:
    """Another record named by its code or title → its id (`lookup` keys are `normal_key`s)."""
    text = text_form(raw)
    found = by_distinct(text, lambda v: lookup.get(normal_key(v)))
    ok = found.notna() & (found != AMBIGUOUS)
    values = found.where(ok, None)

    def explain(value: object) -> str:
        if lookup.get(normal_key(value)) == AMBIGUOUS:
            return f"'{value}' ตรงกับ{what}มากกว่าหนึ่งรายการ จึงระบุไม่ได้"
        return f"ไม่พบ{what} '{value}'"

    return Parsed(values, text.notna() & ~ok, explain)


_SPLIT = re.compile(r"[,;\n]+")


def parse_codes(raw: pd.Series, allowed: Mapping[str, str]) -> Parsed:
    """Several codes in one cell (comma separated); `allowed` maps each `normal_key` to its code."""
    text = text_form(raw)

    def split(value: str) -> object:
        items = [p.strip() for p in _SPLIT.split(value) if p.strip()]
        codes = [allowed.get(normal_key(p)) for p in items]
        return None if None in codes else list(dict.fromkeys(codes))

    values = text.map(split, na_action="ignore").astype(object)
    values = values.where(values.notna(), None)

    def explain(value: object) -> str:
        unknown = [p.strip() for p in _SPLIT.split(str(value)) if p.strip() and normal_key(p) not in allowed]
        return f"ไม่รู้จักรหัส {', '.join(unknown)}"

    return Parsed(values, text.notna() & values.isna(), explain)
