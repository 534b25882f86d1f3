"""แผนและความเสี่ยงด้านความสัมพันธ์: relationship plans (S7, S8), their activities, and risks (S10)."""

import streamlit as st

from evidence.models import RelationshipActivity, RelationshipPlan, RelationshipRisk
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

PLAN = FormSpec("relplan", RelationshipPlan, (
    FieldSpec("org_unit_id"), FieldSpec("stakeholder_id", rule="S7"), FieldSpec("title"),
    FieldSpec("objective", area=True), FieldSpec("aligned_existing_plan", rule="S8"),
), "แผนสร้างความสัมพันธ์")
ACTIVITY = FormSpec("relactivity", RelationshipActivity, (
    FieldSpec("plan_id"), FieldSpec("quarter"), FieldSpec("activity", area=True), FieldSpec("target"),
    FieldSpec("result", area=True), FieldSpec("done"),
), "กิจกรรมตามแผน")
RISK = FormSpec("relrisk", RelationshipRisk, (
    FieldSpec("org_unit_id"), FieldSpec("stakeholder_id"), FieldSpec("description", area=True),
    FieldSpec("impact", rule="S10"), FieldSpec("likelihood", rule="S10"), FieldSpec("control", area=True),
    FieldSpec("erm_reference", rule="S10"),
), "ความเสี่ยงด้านความสัมพันธ์")

ctx = page_context("แผนและความเสี่ยงด้านความสัมพันธ์",
                   "แผนและกิจกรรมสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย และความเสี่ยงตามกรอบบริหารความเสี่ยงองค์กร")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("relationships",))
plans, activities, risks = st.tabs(["แผนสร้างความสัมพันธ์", "กิจกรรม", "ความเสี่ยง"])
with plans:
    family_section(ctx, scope, PLAN, ["title", "org_unit_id", "stakeholder_id", "aligned_existing_plan"])
with activities:
    st.caption("กิจกรรมผูกกับแผน: ฝ่ายแผนบันทึกกิจกรรมของทุกแผนได้")
    family_section(ctx, scope, ACTIVITY, ["plan_id", "quarter", "activity", "target", "done"])
with risks:
    st.caption("ระดับความเสี่ยง = ผลกระทบ × โอกาสเกิด (5×5): ตั้งแต่ 10 ขึ้นไปเป็นความเสี่ยงสูง ต้องอ้างอิงแผนบริหารความเสี่ยงองค์กร")
    family_section(ctx, scope, RISK, ["description", "org_unit_id", "impact", "likelihood", "control", "erm_reference"])
