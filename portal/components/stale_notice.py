"""A refused stale save: what the other person saved beside what this user typed; nothing overwritten."""

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from sqlmodel import SQLModel

from evidence.validation import field_label

_SKIP = {"id", "version", "enterprise_id", "created_at", "created_by", "updated_at", "updated_by"}


def differences(model: type[SQLModel], theirs: Mapping[str, object], mine: Mapping[str, object]) -> pd.DataFrame:
    """One row per field the two versions disagree on, with Thai field names."""
    rows = []
    for name, value in mine.items():
        if name in _SKIP:
            continue
        stored = theirs.get(name)
        if str(stored if stored is not None else "") != str(value if value is not None else ""):
            rows.append({"ข้อมูล": field_label(model, name), "ฉบับที่บันทึกไว้แล้ว (ของผู้อื่น)": _shown(stored),
                         "ฉบับของท่าน (ยังไม่บันทึก)": _shown(value)})
    return pd.DataFrame(rows, columns=["ข้อมูล", "ฉบับที่บันทึกไว้แล้ว (ของผู้อื่น)", "ฉบับของท่าน (ยังไม่บันทึก)"])


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def stale_notice(model: type[SQLModel], message: str, theirs: Mapping[str, object], mine: Mapping[str, object]) -> None:
    st.error(message, icon=":material/sync_problem:")
    table = differences(model, theirs, mine)
    if not table.empty:
        st.dataframe(table, hide_index=True, width="stretch")
    st.caption("ข้อมูลของท่านยังอยู่ในแบบฟอร์ม: โหลดฉบับล่าสุดแล้วแก้ไขซ้ำ หรือคัดลอกข้อความของท่านไว้ก่อน")
