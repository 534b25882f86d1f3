"""การจัดการข้อร้องเรียน: policy and procedure (C1, C10), channels (C13), stage time standards and the
complaint cases measured against them (P5, ISO 10002)."""

import streamlit as st

from evidence.db import session_scope
from evidence.models import ComplaintCase, ComplaintChannel, ComplaintStandard
from evidence.services.documents import register
from portal.components.bulk_editor import EditorSpec, bulk_editor
from portal.components.family import READ_ONLY, family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.register_table import register_table
from portal.components.scope_picker import division_scope

COMPLAINT_KINDS = ("complaint_policy", "complaint_procedure", "policy_and_procedure", "complaint_standards",
                   "good_governance", "customer_market_policy")
CHANNEL = FormSpec("cchannel", ComplaintChannel, (
    FieldSpec("code"), FieldSpec("name_th"), FieldSpec("is_digital"),
), "ช่องทางรับข้อร้องเรียน")
STANDARD = FormSpec("cstandard", ComplaintStandard, (
    FieldSpec("stage", rule="P5"), FieldSpec("max_hours", rule="P5"),
), "มาตรฐานเวลาแต่ละขั้นตอน")
CASE_FIELDS = ("case_no", "org_unit_id", "channel_id", "segment_id", "subject", "received_at", "acknowledged_at",
               "responded_at", "resolved_at", "complainant_name", "complainant_phone", "complainant_email")
CASE = FormSpec("ccase", ComplaintCase, (
    *(FieldSpec(name, rule="P5" if name.endswith("_at") else None) for name in CASE_FIELDS),
    FieldSpec("pdpa_purpose"), FieldSpec("pdpa_basis"), FieldSpec("pdpa_retain_until"),
), "เรื่องร้องเรียน")
CASES = EditorSpec("ccases", ComplaintCase, CASE_FIELDS[:-1], page_size=100)

ctx = page_context("การจัดการข้อร้องเรียน", "นโยบาย ขั้นตอน ช่องทาง มาตรฐานเวลา และเรื่องร้องเรียน (ISO 10002)")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("complaints",))
cases, one_case, policies, channels, standards = st.tabs(
    ["ตารางเรื่องร้องเรียน", "บันทึกทีละเรื่อง", "นโยบายและขั้นตอน", "ช่องทาง", "มาตรฐานเวลา"])
with cases:
    if ctx.actor.role in READ_ONLY:
        st.caption("บทบาทนี้ดูข้อมูลได้อย่างเดียว")
    else:
        st.caption("วันเวลากรอกเป็น วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/01/2569 09:30; เวลาแจ้งรับเรื่อง ตอบกลับ "
                   "และแก้ไขแล้วเสร็จ ใช้วัดตามมาตรฐานเวลา (P5)")
        bulk_editor(ctx, scope, CASES)
with one_case:
    family_section(ctx, scope, CASE, ["case_no", "subject", "org_unit_id", "received_at", "acknowledged_at",
                                      "resolved_at", "complainant_name", "complainant_phone"])
with policies:
    st.caption("นโยบาย ระเบียบวิธีปฏิบัติ และมาตรฐานการจัดการข้อร้องเรียนเป็นเอกสารในทะเบียนเอกสาร ใช้ต่อเนื่องทุกปี "
               "(FAQ CM1: คณะกรรมการอนุมัติอย่างน้อยนโยบาย แนวทาง และมาตรฐาน)")
    with session_scope() as session:
        rows = [r for r in register(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
                if r.in_force and r.document.kind in COMPLAINT_KINDS]
    if rows:
        st.table(register_table(rows).set_index("เอกสาร"))
    else:
        st.info(f"ยังไม่มีนโยบายหรือขั้นตอนการจัดการข้อร้องเรียนที่มีผลในปี {ctx.year.year} เพิ่มได้ที่หน้า 'ทะเบียนเอกสาร'")
with channels:
    family_section(ctx, scope, CHANNEL, ["code", "name_th", "is_digital"])
with standards:
    family_section(ctx, scope, STANDARD, ["stage", "max_hours"])
