"""ผู้มีส่วนได้ส่วนเสียและ VOS: Stakeholder Profile (S1, S2, S3, S6), issues (S7) and VOS (S5)."""

import streamlit as st

from evidence.models import Stakeholder, StakeholderIssue, VoiceOfStakeholder
from portal.components.bulk_editor import EditorSpec, grid_section
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

PROFILE = FormSpec("stakeholder", Stakeholder, (
    FieldSpec("org_unit_id", rule="S3"),
    FieldSpec("code"),
    FieldSpec("group_name"),
    FieldSpec("subgroup_name"),
    FieldSpec("is_internal", rule="S4"),
    FieldSpec("stakeholder_status", rule="S2"),
    FieldSpec("working_model", rule="S2", area=True),
    FieldSpec("role", rule="S1", area=True),
    FieldSpec("key_issues", rule="S1", area=True),
    FieldSpec("needs_from_enterprise", area=True),
    FieldSpec("enterprise_needs", rule="S6", area=True),
    FieldSpec("relationship_level", rule="S2", area=True),
    FieldSpec("importance", rule="S7"),
    FieldSpec("interest", rule="S6"),
    FieldSpec("influence", rule="S6"),
    FieldSpec("engagement_current"),
    FieldSpec("engagement_desired"),
    FieldSpec("representative_name", rule="S1"),
    FieldSpec("representative_phone"),
    FieldSpec("representative_email"),
    FieldSpec("coordinator_name"),
    FieldSpec("coordinator_phone"),
    FieldSpec("coordinator_email"),
    FieldSpec("reviewed_on", rule="S1"),
    FieldSpec("pdpa_purpose"),
    FieldSpec("pdpa_basis"),
    FieldSpec("pdpa_retain_until"),
), "Stakeholder Profile")
ISSUE = FormSpec("issue", StakeholderIssue, (
    FieldSpec("stakeholder_id"), FieldSpec("issue", area=True), FieldSpec("importance_to_enterprise", rule="S6"),
    FieldSpec("importance_to_stakeholder"), FieldSpec("resolved", rule="S7"),
), "ประเด็นของผู้มีส่วนได้ส่วนเสีย")
VOS = FormSpec("vos", VoiceOfStakeholder, (
    FieldSpec("stakeholder_id"), FieldSpec("org_unit_id"), FieldSpec("received_on"),
    FieldSpec("polarity", rule="S5"), FieldSpec("source", rule="S5"), FieldSpec("text", area=True),
), "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)")

PROFILE_TABLE = EditorSpec("stakeholdertable", Stakeholder, (
    "code", "org_unit_id", "group_name", "stakeholder_status", "is_internal", "working_model", "role", "key_issues",
    "needs_from_enterprise", "enterprise_needs", "relationship_level", "importance", "interest", "influence",
    "representative_name", "representative_phone", "reviewed_on"))
VOS_TABLE = EditorSpec("vostable", VoiceOfStakeholder, ("stakeholder_id", "org_unit_id", "received_on", "polarity",
                                                         "source", "text"))

ctx = page_context("ผู้มีส่วนได้ส่วนเสียและ VOS", "Stakeholder Profile ของแต่ละสายงาน/ฝ่าย ประเด็นสำคัญ และเสียงของผู้มีส่วนได้ส่วนเสีย")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("stakeholders",))
profiles, issues, voices = st.tabs(["Stakeholder Profile", "ประเด็นสำคัญ", "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)"])
with profiles:
    family_section(ctx, scope, PROFILE, ["code", "group_name", "org_unit_id", "interest", "influence",
                                         "representative_name", "representative_phone", "reviewed_on"])
    grid_section(ctx, scope, PROFILE_TABLE, " Stakeholder Profile")
with issues:
    family_section(ctx, scope, ISSUE, ["stakeholder_id", "issue", "importance_to_enterprise",
                                       "importance_to_stakeholder", "resolved"])
with voices:
    family_section(ctx, scope, VOS, ["received_on", "stakeholder_id", "org_unit_id", "polarity", "source", "text"])
    grid_section(ctx, scope, VOS_TABLE, " VOS")
