"""กลุ่มลูกค้าและช่องทางรับฟัง: Customer Segment Profile (P2) and the listening-channel register (C11)."""

import streamlit as st

from evidence.models import CustomerSegment, ListeningChannel
from portal.components.bulk_editor import EditorSpec, grid_section
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

SEGMENT = FormSpec("segment", CustomerSegment, (
    FieldSpec("org_unit_id"), FieldSpec("code"), FieldSpec("name_th"), FieldSpec("variables", rule="P2"),
    FieldSpec("is_target", rule="P2"), FieldSpec("customer_count"), FieldSpec("needs", area=True),
    FieldSpec("expectations", area=True), FieldSpec("risks", rule="P2", area=True), FieldSpec("loyalty_level"),
), "กลุ่มลูกค้า (Customer Segment Profile)")
CHANNEL = FormSpec("listening", ListeningChannel, (
    FieldSpec("owner_unit_id"), FieldSpec("code"), FieldSpec("name_th"), FieldSpec("kind"),
    FieldSpec("is_digital", rule="C11"), FieldSpec("frequency"), FieldSpec("segment_codes", rule="C11"),
    FieldSpec("lifecycle_groups", rule="C11"),
), "ช่องทางการรับฟังเสียงของลูกค้า")

CHANNEL_TABLE = EditorSpec("listeningtable", ListeningChannel, (
    "code", "name_th", "kind", "owner_unit_id", "is_digital", "frequency", "segment_codes", "lifecycle_groups"))

ctx = page_context("กลุ่มลูกค้าและช่องทางรับฟัง", "การจำแนกกลุ่มลูกค้า และทะเบียนช่องทางรับฟังตลอดวงจรชีวิตลูกค้า")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("segments",))
segments, channels = st.tabs(["กลุ่มลูกค้า", "ช่องทางรับฟัง"])
with segments:
    family_section(ctx, scope, SEGMENT, ["code", "name_th", "variables", "is_target", "customer_count", "org_unit_id"])
with channels:
    family_section(ctx, scope, CHANNEL, ["code", "name_th", "kind", "is_digital", "segment_codes", "lifecycle_groups"])
    grid_section(ctx, scope, CHANNEL_TABLE, "ช่องทางรับฟัง")
