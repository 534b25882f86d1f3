"""บัญชีข้อมูลส่วนบุคคล (PDPA data inventory) and the retention job (dry run, then apply)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.pdpa.inventory import build_inventory, inventory_xlsx
from evidence.pdpa.retention import run_retention
from evidence.thai_dates import thai_date
from portal.components.page import page_context

ctx = page_context("บัญชีข้อมูลส่วนบุคคล (PDPA)",
                   "สร้างจากการประกาศช่องข้อมูลส่วนบุคคลในแบบจำลองข้อมูล: ข้อมูลใด อยู่ที่ใด วัตถุประสงค์ "
                   "ฐานทางกฎหมาย ระยะเวลาเก็บรักษา และผู้ที่เห็นข้อมูล")
eid = ctx.enterprise.id or 0

try:
    with session_scope() as session:
        entries = build_inventory(session, ctx.actor, enterprise_id=eid)
        due = run_retention(session, ctx.actor, enterprise_id=eid)
except DomainError as exc:
    st.error(exc.message)
    st.stop()

st.dataframe(pd.DataFrame([e.as_row() for e in entries]), hide_index=True, width="stretch")
if st.button("เตรียมไฟล์ Excel ของบัญชีข้อมูลส่วนบุคคล", key="inventory_export"):
    with session_scope() as session:
        st.session_state["inventory_file"] = inventory_xlsx(session, ctx.actor, enterprise_id=eid)
if st.session_state.get("inventory_file"):
    st.download_button("ดาวน์โหลดบัญชีข้อมูลส่วนบุคคล (.xlsx)", st.session_state["inventory_file"],
                       file_name=f"pdpa-inventory-{ctx.enterprise.code}.xlsx", key="inventory_download",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("ข้อมูลที่พ้นระยะเวลาเก็บรักษา")
st.caption(f"ตรวจ ณ วันที่ {thai_date(due.today)}: ลบเฉพาะช่องข้อมูลส่วนบุคคล ตัวรายการหลักฐานยังอยู่")
if due.without_date:
    st.warning("มีข้อมูลส่วนบุคคลที่ยังไม่ได้กำหนดวันสิ้นสุดการเก็บรักษา: "
               + ", ".join(f"{label} {n:,} รายการ" for label, n in due.without_date.items()))
if not due.items:
    st.success("ไม่มีข้อมูลส่วนบุคคลที่พ้นระยะเวลาเก็บรักษา")
else:
    st.dataframe(pd.DataFrame([{"ตาราง": i.table_label, "รหัสข้อมูล": i.record_id,
                                "เก็บรักษาถึง": thai_date(i.retain_until), "ช่องที่จะลบ": ", ".join(i.columns)}
                               for i in due.items]), hide_index=True, width="stretch")
    confirm = st.checkbox(f"ยืนยันลบข้อมูลส่วนบุคคล {len(due.items):,} รายการข้างต้น", key="retention_confirm")
    if st.button("ลบข้อมูลที่พ้นระยะเวลาเก็บรักษา", type="primary", disabled=not confirm, key="retention_apply"):
        try:
            with session_scope() as session:
                done = run_retention(session, ctx.actor, enterprise_id=eid, apply=True)
        except DomainError as exc:
            st.error(exc.message)
        else:
            st.success(f"ลบข้อมูลส่วนบุคคลแล้ว {len(done.items):,} รายการ")
