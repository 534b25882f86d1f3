"""เหตุละเมิดข้อมูลส่วนบุคคล: when found, who was affected, the 72-hour countdown to notify สคส.,
and when the regulator and the people affected were told."""

from datetime import datetime, time

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.models.base import utcnow
from evidence.pdpa.breaches import clock, list_breaches, record_breach, record_notification
from evidence.pdpa.catalog import personal_data_tables
from evidence.pdpa.formats import from_bangkok, thai_local, to_bangkok
from evidence.thai_dates import thai_date
from portal.components import thai_widgets
from portal.components.page import page_context

ctx = page_context("เหตุละเมิดข้อมูลส่วนบุคคล",
                   "ต้องแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (สคส.) ภายใน 72 ชั่วโมงนับแต่ทราบเหตุ "
                   "และแจ้งเจ้าของข้อมูลเมื่อมีความเสี่ยงสูง")
eid = ctx.enterprise.id or 0


def _when(label: str, key: str) -> datetime | None:
    """A Bangkok date and time typed by the user, as naive UTC (None when no date is given)."""
    now = to_bangkok(utcnow()) or datetime.now()
    left, right = st.columns(2)
    day = thai_widgets.date_input(f"{label}: วันที่", container=left, key=f"{key}_date")
    moment = right.time_input(f"{label}: เวลา", value=time(now.hour, now.minute), key=f"{key}_time")
    if day is None:
        return None
    st.caption(f"{label}: {thai_date(day)} {moment.strftime('%H:%M')} น. (เวลาประเทศไทย)")
    return from_bangkok(datetime.combine(day, moment))


try:
    with session_scope() as session:
        breaches = list_breaches(session, ctx.actor, eid)
except DomainError as exc:
    st.error(exc.message)
    st.stop()

now = utcnow()
for breach in breaches:
    state = clock(breach, now)
    if not state.notified:
        (st.error if state.remaining.total_seconds() < 0 else st.warning)(
            f"เหตุที่พบเมื่อ {thai_local(breach.discovered_at)}: {state.text} (กำหนด {thai_local(state.deadline)})")
if breaches:
    st.dataframe(pd.DataFrame([{
        "พบเหตุเมื่อ": thai_local(b.discovered_at), "รายละเอียด": b.description, "ผู้ได้รับผลกระทบ": b.affected,
        "จำนวน": b.affected_count, "กำหนดแจ้ง สคส.": thai_local(clock(b, now).deadline), "สถานะ": clock(b, now).text,
        "แจ้ง สคส. เมื่อ": thai_local(b.regulator_notified_at), "แจ้งเจ้าของข้อมูลเมื่อ": thai_local(b.subjects_notified_at),
        "บันทึกโดย": b.recorded_by,
    } for b in breaches]), hide_index=True, width="stretch")
else:
    st.info("ยังไม่มีเหตุละเมิดข้อมูลส่วนบุคคลที่บันทึกไว้")

tables = {t.name: t.label for t in personal_data_tables()}
with st.expander("บันทึกเหตุละเมิดใหม่", expanded=not breaches):
    discovered = _when("วันเวลาที่พบเหตุ", "breach_found")
    description = st.text_area("รายละเอียดเหตุ (ไม่ต้องใส่ชื่อหรือข้อมูลติดต่อของบุคคล)", key="breach_description")
    affected = st.text_area("ผู้ได้รับผลกระทบ (กลุ่มบุคคล)", key="breach_affected")
    count = st.number_input("จำนวนผู้ได้รับผลกระทบ (ถ้าทราบ)", min_value=0, value=0, step=1, key="breach_count")
    chosen = thai_widgets.multiselect("ข้อมูลที่เกี่ยวข้อง", list(tables), format_func=lambda t: tables[t], key="breach_tables")
    if st.button("บันทึกเหตุละเมิด", type="primary", key="breach_save"):
        try:
            if discovered is None:
                raise DomainError("ต้องระบุวันที่ที่พบเหตุ", field="discovered_at")
            with session_scope() as session:
                record_breach(session, ctx.actor, enterprise_id=eid, discovered_at=discovered, description=description,
                              affected=affected, affected_count=int(count) or None, tables=chosen)
        except DomainError as exc:
            st.error(exc.message)
        else:
            st.success("บันทึกเหตุละเมิดแล้ว เริ่มนับเวลา 72 ชั่วโมง")

pending = [b for b in breaches if b.regulator_notified_at is None or b.subjects_notified_at is None]
if pending:
    with st.expander("บันทึกการแจ้งเหตุ"):
        breach = st.selectbox("เหตุละเมิด", pending, key="notify_breach",
                              format_func=lambda b: f"พบเมื่อ {thai_local(b.discovered_at)} — {b.description[:60]}")
        regulator = _when("แจ้ง สคส. เมื่อ", "notify_regulator")
        subjects = _when("แจ้งเจ้าของข้อมูลเมื่อ", "notify_subjects")
        if st.button("บันทึกการแจ้ง", type="primary", key="notify_save"):
            try:
                with session_scope() as session:
                    record_notification(session, ctx.actor, breach.id or 0, regulator_at=regulator, subjects_at=subjects)
            except DomainError as exc:
                st.error(exc.message)
            else:
                st.success("บันทึกการแจ้งแล้ว")
