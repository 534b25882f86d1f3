"""โครงการพัฒนาและนวัตกรรม: product and service development and innovation projects (P4, criteria CM4)."""

import streamlit as st

from evidence.models import DevelopmentProject
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

PROJECT = FormSpec("devproject", DevelopmentProject, (
    FieldSpec("org_unit_id"), FieldSpec("code"), FieldSpec("title"), FieldSpec("kind", rule="P4"),
    FieldSpec("project_status"), FieldSpec("voc_basis", rule="P4", area=True),
    FieldSpec("risk_applied", rule="P4", area=True), FieldSpec("km_applied", rule="P4", area=True),
    FieldSpec("target", rule="P4"), FieldSpec("innovation_basis", rule="P4", area=True),
    FieldSpec("outcome_measure", rule="P4"), FieldSpec("efficiency_result", rule="P4", area=True),
    FieldSpec("customer_value_result", rule="P4", area=True), FieldSpec("business_result", rule="P4", area=True),
    FieldSpec("evaluated_on", rule="P4"), FieldSpec("lessons_learned", rule="P4", area=True),
), "โครงการพัฒนาและนวัตกรรม")

ctx = page_context("โครงการพัฒนาและนวัตกรรม",
                   "โครงการพัฒนาผลิตภัณฑ์/บริการและนวัตกรรมที่ตอบสนอง VOC ประยุกต์ใช้การบริหารความเสี่ยงและ KM "
                   "และวัดผลด้านประสิทธิภาพโครงการ คุณค่าที่ลูกค้าได้รับ และผลลัพธ์ทางธุรกิจ")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("projects",))
st.caption("นวัตกรรมต้องระบุให้ชัดว่าเหตุใดเข้าข่ายนวัตกรรม และมีตัววัดระดับผลลัพธ์ที่ชัดเจน (FAQ CM2)")
family_section(ctx, scope, PROJECT, ["code", "title", "kind", "project_status", "org_unit_id", "evaluated_on"])
