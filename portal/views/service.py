"""กฎบัตรและมาตรฐานการให้บริการ: the register's charter and standards in force with the components
C3/C4/C6 require, found in their text or not (C5 published), and service-time standards (C9)."""

import pandas as pd
import streamlit as st

from criteria.vocabulary import DECLARED_FACTS
from evidence.db import session_scope
from evidence.models import ServiceStandard
from evidence.services.documents import RegisterRow, register
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

STANDARD = FormSpec("servicestd", ServiceStandard, (
    FieldSpec("document_id"), FieldSpec("org_unit_id"), FieldSpec("service_name"), FieldSpec("service_kind", rule="C9"),
    FieldSpec("standard_minutes", rule="C9"), FieldSpec("achieved_share"),
), "มาตรฐานระยะเวลาการให้บริการ")


SERVICE_KINDS = ("service_charter", "service_standards", "charter_and_standards", "service_recovery")
SERVICE_FACTS = (("C3", ("blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                          "measurable_protocols", "journey_map")),
                 ("C4", ("recovery_normal", "recovery_abnormal")), ("C6", ("before", "during", "after")))


def checklist(rows: list[RegisterRow]) -> pd.DataFrame:
    """Each component the criteria ask of the charter and standards, per document in force: declared
    and found in the text (page), declared but not found, or not declared."""
    table = []
    for rule, codes in SERVICE_FACTS:
        for code in codes:
            line = {"เกณฑ์": rule, "องค์ประกอบ": DECLARED_FACTS[code]}
            for r in rows:
                fact = r.fact
                if code not in (r.version.declared or ()):
                    mark = "✗ ยังไม่มี"
                elif fact is not None and code in fact.support:
                    mark = f"✓ {fact.support[code].locator}"
                elif fact is not None and code in fact.unsupported:
                    mark = "⚠ ไม่พบในเอกสาร"
                else:
                    mark = "✓ (ตามที่ระบุ)"
                line[r.document.title] = mark
            table.append(line)
    published = {"เกณฑ์": "C5", "องค์ประกอบ": "เผยแพร่ (ลิงก์/QR หรือวันที่เผยแพร่)"}
    published |= {r.document.title: "✓" if (r.version.published_url or r.version.published_on) else "✗ ยังไม่มี"
                  for r in rows}
    return pd.DataFrame([*table, published])


ctx = page_context("กฎบัตรและมาตรฐานการให้บริการ", "Customer Service Charter, Service Standard และ Service Blueprint")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("service",))
charters_tab, standards_tab = st.tabs(["กฎบัตรและมาตรฐาน", "มาตรฐานระยะเวลาการให้บริการ"])
with charters_tab:
    with session_scope() as session:
        rows = [r for r in register(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
                if r.in_force and r.document.kind in SERVICE_KINDS]
    st.caption("กฎบัตรและมาตรฐานเป็นเอกสารในทะเบียนเอกสาร (ฉบับเดียวหรือสองฉบับก็ได้ FAQ CM5) "
               "เพิ่มหรือปรับปรุงได้ที่หน้า 'ทะเบียนเอกสาร'")
    if rows:
        st.markdown("**รายการตรวจองค์ประกอบตามเกณฑ์ (C3, C4, C5, C6) ของฉบับที่มีผลในปีนี้**")
        st.dataframe(checklist(rows), hide_index=True, width="stretch")  # type: ignore[arg-type]
    else:
        st.info(f"ยังไม่มีกฎบัตรหรือมาตรฐานการให้บริการที่มีผลในปี {ctx.year.year}")
with standards_tab:
    family_section(ctx, scope, STANDARD, ["service_name", "service_kind", "standard_minutes", "achieved_share",
                                          "document_id", "org_unit_id"])
