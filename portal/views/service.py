"""กฎบัตรและมาตรฐานการให้บริการ: charter and standards with the components C3/C4/C6 require (C5
published), and service-time standards of core and support services (C9)."""

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.models import ServiceCharter, ServiceStandard
from evidence.services.records import list_records
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

COMPONENTS = (
    ("C3", ("has_blueprint_frontstage", "has_blueprint_backstage", "has_blueprint_support", "has_guidelines",
            "has_measurable_protocols", "from_journey_map")),
    ("C4", ("has_recovery_normal", "has_recovery_abnormal")),
    ("C6", ("covers_before", "covers_during", "covers_after")),
)
CHARTER = FormSpec("charter", ServiceCharter, (
    FieldSpec("org_unit_id"), FieldSpec("title", rule="C5"),
    *(FieldSpec(name, rule=rule) for rule, names in COMPONENTS for name in names),
    FieldSpec("published_url", rule="C5"), FieldSpec("published_on", rule="C5"),
), "กฎบัตร/มาตรฐานการให้บริการ")
STANDARD = FormSpec("servicestd", ServiceStandard, (
    FieldSpec("charter_id"), FieldSpec("org_unit_id"), FieldSpec("service_name"), FieldSpec("service_kind", rule="C9"),
    FieldSpec("standard_minutes", rule="C9"), FieldSpec("achieved_share"),
), "มาตรฐานระยะเวลาการให้บริการ")


def checklist(charters: list[ServiceCharter]) -> pd.DataFrame:
    """✓/✗ of every component the criteria ask of a service charter and standard, per charter."""
    rows = []
    for rule, names in COMPONENTS:
        for name in names:
            row = {"เกณฑ์": rule, "องค์ประกอบ": ServiceCharter.model_fields[name].title}
            row |= {c.title: "✓" if getattr(c, name) else "✗ ยังไม่มี" for c in charters}
            rows.append(row)
    published = {"เกณฑ์": "C5", "องค์ประกอบ": "เผยแพร่ (ลิงก์/QR หรือวันที่เผยแพร่)"}
    published |= {c.title: "✓" if (c.published_url or c.published_on) else "✗ ยังไม่มี" for c in charters}
    return pd.DataFrame([*rows, published])


ctx = page_context("กฎบัตรและมาตรฐานการให้บริการ", "Customer Service Charter, Service Standard และ Service Blueprint")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("service",))
charters_tab, standards_tab = st.tabs(["กฎบัตรและมาตรฐาน", "มาตรฐานระยะเวลาการให้บริการ"])
with charters_tab:
    with session_scope() as session:
        charters = list(list_records(session, ctx.actor, ServiceCharter, enterprise_id=ctx.enterprise.id or 0,
                                     year=ctx.year.year).rows)
    if charters:
        st.markdown("**รายการตรวจองค์ประกอบตามเกณฑ์ (C3, C4, C5, C6)**")
        st.dataframe(checklist(charters), hide_index=True, width="stretch")  # type: ignore[arg-type]
    family_section(ctx, scope, CHARTER, ["title", "org_unit_id", "published_url", "published_on"])
with standards_tab:
    family_section(ctx, scope, STANDARD, ["service_name", "service_kind", "standard_minutes", "achieved_share",
                                          "charter_id", "org_unit_id"])
