"""Streamlit widgets with Thai defaults, for every page (issue 16 item 6).

Streamlit's own texts are English: an empty select box says "Choose an option", a multiselect "Choose
options", "Select all" and "No options to select", a date picker "YYYY/MM/DD", a table's toolbar
"Download as CSV". Pages call these wrappers instead, so a user never meets them:

- `selectbox` / `multiselect`: a Thai placeholder (also when there is nothing to choose), no "Select all".
- `date_input`: typed and shown as DD/MM/YYYY, with the chosen date in words in พ.ศ. under the field.
- `table`: a table whose export is a Thai download button and a "copy as a Thai table" block
  (tab-separated, Thai headers, Buddhist-Era dates) to paste into a memo or Excel; the built-in English
  toolbar export is switched off in `portal/.streamlit/config.toml` (`client.disableDataExport`).
- `page_picker`: a page counter that starts at 1.
"""

import hashlib
import pickle
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from evidence.thai_dates import BE_OFFSET, thai_date, thai_datetime
from portal.components.print_view import printing

CHOOSE_ONE = "เลือกรายการ"
CHOOSE_MANY = "เลือกได้หลายรายการ"
NOTHING_TO_CHOOSE = "ไม่มีตัวเลือก"
DATE_FORMAT = "DD/MM/YYYY"
EMPTY = "–"
KEPT_ROWS = 5_000  # tables up to this size keep their CSV/TSV copies between reruns (`_copies`)


def _placeholder(options: Sequence[Any], default: str) -> str:
    return default if len(options) else NOTHING_TO_CHOOSE


def selectbox(label: str, options: Sequence[Any], *, container: Any = None, placeholder: str | None = None,
              **kwargs: Any) -> Any:
    """`st.selectbox` with a Thai placeholder (shown when `index=None` or there is nothing to choose)."""
    target = container or st
    return target.selectbox(label, options, placeholder=placeholder or _placeholder(options, CHOOSE_ONE), **kwargs)


def multiselect(label: str, options: Sequence[Any], *, container: Any = None, placeholder: str | None = None,
                **kwargs: Any) -> list[Any]:
    """`st.multiselect` with a Thai placeholder and without the English "Select all" action."""
    target = container or st
    kwargs.setdefault("select_all", False)
    return target.multiselect(label, options, placeholder=placeholder or _placeholder(options, CHOOSE_MANY), **kwargs)


def date_input(label: str, *, container: Any = None, value: Any = None, **kwargs: Any) -> Any:
    """`st.date_input` typed as DD/MM/YYYY; the chosen date is repeated in words in Buddhist Era."""
    target = container or st
    kwargs.setdefault("format", DATE_FORMAT)
    chosen = target.date_input(label, value=value, **kwargs)
    if isinstance(chosen, date):
        target.caption(f"= {thai_date(chosen)}")
    elif isinstance(chosen, tuple) and chosen:
        target.caption("= " + " ถึง ".join(thai_date(d) for d in chosen))
    return chosen


def be_cell(value: object) -> object:
    """A cell as a Thai reader expects it: dates and moments in พ.ศ. (moments in Bangkok time)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return thai_datetime(value)
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    return value


def thai_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with dates in พ.ศ., booleans in Thai and empty cells blank (for export and print)."""
    out = frame.copy()
    for column in out.columns:
        out[column] = [be_cell(v) for v in out[column].tolist()]
    return out


def tsv_text(frame: pd.DataFrame, *, shown: pd.DataFrame | None = None) -> str:
    """Tab-separated text with the Thai headers: pastes as a table into Word, Excel or LINE (`shown`:
    `thai_frame(frame)` when the caller has it already)."""
    shown = thai_frame(frame) if shown is None else shown

    def cell(value: object) -> str:
        return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")

    lines = ["\t".join(cell(c) for c in shown.columns)]
    lines += ["\t".join(cell(v) for v in row) for row in shown.itertuples(index=False, name=None)]
    return "\n".join(lines)


def csv_bytes(frame: pd.DataFrame, *, shown: pd.DataFrame | None = None) -> bytes:
    """CSV with a BOM so that Excel opens Thai text correctly; dates in พ.ศ."""
    return (thai_frame(frame) if shown is None else shown).to_csv(index=False).encode("utf-8-sig")


def _copies(frame: pd.DataFrame) -> tuple[bytes, str]:
    """The CSV and the tab-separated copy of a table, made once per content in the process. The key is
    a SHA-256 of the pickled frame (every cell with its type, the headers, the order), so a session
    only ever gets the copies of the very table it shows, and a changed record gives a new key. A warm
    rerun then skips the Thai conversion (bench/RESULTS.md, "Warm dashboards on two replicas")."""
    if len(frame) > KEPT_ROWS:  # a big table's copies are not worth a cache entry: made for this run
        return _made(frame)
    try:
        key = hashlib.sha256(pickle.dumps(frame, protocol=5)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):
        return _made(frame)  # a cell that does not pickle: made for this run only
    return _kept_copies(key, frame)


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _kept_copies(key: str, _frame: pd.DataFrame) -> tuple[bytes, str]:
    return _made(_frame)


def _made(frame: pd.DataFrame) -> tuple[bytes, str]:
    shown = thai_frame(frame)
    return csv_bytes(frame, shown=shown), tsv_text(frame, shown=shown)


def table(frame: pd.DataFrame | Sequence[dict[str, Any]], *, key: str, file_name: str = "ตาราง",
          export: bool = True, keep_copies: bool = False, **kwargs: Any) -> None:
    """A read-only table; below it a Thai CSV download and "คัดลอกเป็นตารางภาษาไทย" (tab-separated).

    `keep_copies=True` keeps the two copies in the process between reruns (`_copies`): only for tables
    that hold no personal data (the dashboard's), since a kept copy would outlive a PDPA erasure for
    up to the cache's hour; record lists, which may show a complainant or a representative, make theirs
    per run."""
    data = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(list(frame))
    if printing():  # printed whole on A4, not as a scrolling grid
        st.table(thai_frame(data), hide_index=True)
        return
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    st.dataframe(data, **kwargs)
    if not export or data.empty:
        return
    csv, tsv = _copies(data) if keep_copies else _made(data)
    left, right = st.columns([1, 3])
    left.download_button("ดาวน์โหลดเป็นไฟล์ CSV", csv, file_name=f"{file_name}.csv", mime="text/csv",
                         key=f"{key}_csv", icon=":material/download:")
    with right.expander("คัดลอกเป็นตารางภาษาไทย", icon=":material/content_copy:"):
        st.caption("กดปุ่มคัดลอกที่มุมขวาของกรอบ แล้ววางในบันทึกข้อความ Word หรือ Excel ได้เป็นตาราง")
        st.code(tsv, language=None)


def page_offset(page_size: int, *, key: str) -> int:
    """The first row of the page chosen in `page_picker(key=key)` (read before the query)."""
    return max(0, int(st.session_state.get(key, 1) or 1) - 1) * page_size


def page_picker(total: int, page_size: int, *, key: str, unit: str = "รายการ") -> int:
    """A page counter from 1 (drawn under the table); returns the offset of the chosen page."""
    pages = max(1, -(-total // page_size))
    if pages <= 1:
        st.caption(f"ทั้งหมด {total:,} {unit}")
        return 0
    page = st.number_input(f"หน้า (จาก {pages:,} หน้า, {total:,} {unit})", 1, pages, key=key, step=1)
    return (int(page) - 1) * page_size


def label_of(mapping: dict[Any, str], fallback: Callable[[Any], str] = str) -> Callable[[Any], str]:
    """A `format_func` that reads Thai labels from `mapping` (EMPTY for None)."""
    return lambda v: EMPTY if v is None else mapping.get(v, fallback(v))
