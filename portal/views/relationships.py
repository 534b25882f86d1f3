"""แผนและความเสี่ยงด้านความสัมพันธ์: relationship plans (S7, S8), their activities, and risks (S10)."""

import streamlit as st

from evidence.models import (
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    WorkingGroup,
    WorkingGroupMember,
)
from portal.components.bulk_editor import EditorSpec, grid_section
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

PLAN = FormSpec("relplan", RelationshipPlan, (
    FieldSpec("org_unit_id"), FieldSpec("stakeholder_id", rule="S7"), FieldSpec("title"),
    FieldSpec("objective", area=True), FieldSpec("plan_source", rule="S8"), FieldSpec("aligned_existing_plan", rule="S8"),
    FieldSpec("aligned_with_strategy", rule="S8"),
), "แผนสร้างความสัมพันธ์")
ACTIVITY = FormSpec("relactivity", RelationshipActivity, (
    FieldSpec("plan_id"), FieldSpec("quarter"), FieldSpec("activity", area=True), FieldSpec("target"),
    FieldSpec("result", area=True), FieldSpec("done"),
), "กิจกรรมตามแผน")
RISK = FormSpec("relrisk", RelationshipRisk, (
    FieldSpec("org_unit_id"), FieldSpec("stakeholder_id"), FieldSpec("description", area=True),
    FieldSpec("impact", rule="S10"), FieldSpec("likelihood", rule="S10"), FieldSpec("control", area=True),
    FieldSpec("erm_reference", rule="S10"), FieldSpec("mitigation_plan", rule="S10", area=True),
), "ความเสี่ยงด้านความสัมพันธ์")
GROUP = FormSpec("wgroup", WorkingGroup, (
    FieldSpec("code", rule="S9"), FieldSpec("name_th"), FieldSpec("appointment_ref"), FieldSpec("appointed_on"),
    FieldSpec("duties", area=True),
), "คณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย")
MEMBER = FormSpec("wmember", WorkingGroupMember, (
    FieldSpec("group_id"), FieldSpec("org_unit_id", rule="S9"), FieldSpec("position"), FieldSpec("role_in_group"),
    FieldSpec("member_name"), FieldSpec("pdpa_purpose"), FieldSpec("pdpa_basis"), FieldSpec("pdpa_retain_until"),
), "ผู้แทนในคณะทำงาน")

PLAN_TABLE = EditorSpec("relplantable", RelationshipPlan, (
    "org_unit_id", "stakeholder_id", "title", "objective", "plan_source", "aligned_existing_plan",
    "aligned_with_strategy"))

ctx = page_context("แผนและความเสี่ยงด้านความสัมพันธ์",
                   "แผนและกิจกรรมสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย และความเสี่ยงตามกรอบบริหารความเสี่ยงองค์กร")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("relationships",))
plans, activities, risks, team = st.tabs(["แผนสร้างความสัมพันธ์", "กิจกรรม", "ความเสี่ยง", "คณะทำงาน (S9)"])
with plans:
    st.caption("แผนเดิมของหน่วยงาน (เช่น แผนสร้างความสัมพันธ์กับลูกค้า แผนสื่อสารบุคลากร) นับเป็นแผนสร้างความสัมพันธ์ได้"
               "เมื่อสอดคล้องกับยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย และรายงานผลครั้งเดียวใช้ได้ทั้งด้าน SM และ CM (FAQ SM9)")
    family_section(ctx, scope, PLAN, ["title", "org_unit_id", "stakeholder_id", "plan_source", "aligned_with_strategy"])
    grid_section(ctx, scope, PLAN_TABLE, "แผนสร้างความสัมพันธ์")
with activities:
    st.caption("กิจกรรมผูกกับแผน: ฝ่ายแผนบันทึกกิจกรรมของทุกแผนได้")
    family_section(ctx, scope, ACTIVITY, ["plan_id", "quarter", "activity", "target", "done"])
with risks:
    st.caption("คะแนนความเสี่ยง = ผลกระทบ × โอกาสเกิด (5×5) เกณฑ์ความเสี่ยงสูงตามกรอบบริหารความเสี่ยงขององค์กร "
               "(ค่าที่ใช้แสดงในผลการประเมิน): ความเสี่ยงสูงอ้างอิงแผนบริหารความเสี่ยงองค์กร หรือมีแผนจัดการของตนเองก็ได้ (FAQ SM11)")
    family_section(ctx, scope, RISK, ["description", "org_unit_id", "impact", "likelihood", "erm_reference",
                                      "mitigation_plan"])
with team:
    st.caption("ตาม Best Practice ควรมีคณะทำงานที่มีผู้แทนทุกสายงาน (Cross-functional Team) (FAQ SM10)")
    family_section(ctx, scope, GROUP, ["code", "name_th", "appointment_ref", "appointed_on"])
    family_section(ctx, scope, MEMBER, ["group_id", "org_unit_id", "position", "role_in_group"])
