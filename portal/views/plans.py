"""แผนยุทธศาสตร์และตัวชี้วัด: the customer strategy cascaded to action plans and KPIs (CM 1.1, P1)."""

import streamlit as st

from evidence.models import PlanKpi, StrategyPlan
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

PLAN = FormSpec("plan", StrategyPlan, (
    FieldSpec("kind", rule="P1"), FieldSpec("title"), FieldSpec("period"), FieldSpec("parent_id"),
    FieldSpec("components_complete", rule="P1"), FieldSpec("communicated", rule="P1"),
    FieldSpec("improvement_topics", rule="C10"),
), "แผน")
KPI = FormSpec("kpi", PlanKpi, (
    FieldSpec("plan_id"), FieldSpec("name_th"), FieldSpec("target"), FieldSpec("cascade_to", rule="P1"),
    FieldSpec("org_unit_id"), FieldSpec("partner_name"), FieldSpec("actual"),
), "ตัวชี้วัดที่ถ่ายทอด")

ctx = page_context("แผนยุทธศาสตร์และตัวชี้วัด",
                   "แผนยุทธศาสตร์ด้านลูกค้าและตลาด แผนปฏิบัติการ และการถ่ายทอดตัวชี้วัดสู่หน่วยงาน บุคลากร และคู่ค้า")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("plans",))
plans, kpis = st.tabs(["แผน", "ตัวชี้วัด"])
with plans:
    family_section(ctx, scope, PLAN, ["title", "kind", "period", "parent_id", "components_complete", "communicated"])
with kpis:
    family_section(ctx, scope, KPI, ["plan_id", "name_th", "target", "cascade_to", "org_unit_id", "partner_name"])
