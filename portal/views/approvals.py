"""การอนุมัติและการติดตาม: governing bodies and their authority (C2), approvals of documents (C1) and
minutes of meetings that monitored the customer strategy (C9)."""

import streamlit as st

from evidence.models import Approval, GoverningBody, MonitoringMinute
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

APPROVAL = FormSpec("approval", Approval, (
    FieldSpec("subject_type", rule="C1"), FieldSpec("subject_id", label="เอกสารในระบบที่อนุมัติ", rule="C1"),
    FieldSpec("document_title"), FieldSpec("body_id", rule="C2"), FieldSpec("meeting_no"), FieldSpec("meeting_date"),
    FieldSpec("resolution", area=True), FieldSpec("signer_name"), FieldSpec("signer_is_governor", rule="C1"),
    FieldSpec("signed_on"),
), "การอนุมัติ")
BODY = FormSpec("body", GoverningBody, (
    FieldSpec("code"), FieldSpec("name_th"), FieldSpec("kind", rule="C2"), FieldSpec("has_board_representative", rule="C2"),
    FieldSpec("formally_delegated", rule="C2"), FieldSpec("duties_defined", rule="C2"), FieldSpec("delegation_reference"),
), "คณะกรรมการ/ผู้อนุมัติ")
MINUTE = FormSpec("minute", MonitoringMinute, (
    FieldSpec("body_id"), FieldSpec("meeting_no"), FieldSpec("meeting_date"), FieldSpec("subjects", rule="C9"),
    FieldSpec("summary", area=True),
), "รายงานการประชุมที่ติดตามผล")

ctx = page_context("การอนุมัติและการติดตาม",
                   "การอนุมัติของคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมาย และการกำกับติดตาม")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("approvals",))
approvals, bodies, minutes = st.tabs(["การอนุมัติ", "คณะกรรมการ", "รายงานการประชุม"])
with approvals:
    st.caption("เลือกเอกสารในระบบที่อนุมัติ (นโยบาย กฎบัตร แผน) เพื่อให้การคิดคะแนนเชื่อมการอนุมัติกับเอกสารได้ (C1)")
    family_section(ctx, scope, APPROVAL, ["document_title", "subject_type", "body_id", "meeting_no", "meeting_date",
                                          "signer_is_governor"])
with bodies:
    family_section(ctx, scope, BODY, ["code", "name_th", "kind", "has_board_representative", "formally_delegated",
                                      "duties_defined"])
with minutes:
    family_section(ctx, scope, MINUTE, ["body_id", "meeting_no", "meeting_date", "subjects"])
