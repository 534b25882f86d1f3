"""เสียงของลูกค้า (VOC): records over the four aspects (C7), quarterly VOC reports (P3) and how VOC is
put to use (U1). At scale (500,000 VOC records) the page shows counts and one page of rows at a time."""

import pandas as pd
import streamlit as st

from evidence.access import Actor
from evidence.db import session_scope
from evidence.models import ImprovementAction, VocAspectRanking, VocRecord, VocReport
from evidence.models.customers import VOC_ASPECT_TH
from evidence.services.lookups import count_by
from portal.components.bulk_editor import EditorSpec, bulk_editor
from portal.components.family import READ_ONLY, family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.freshness import cache_key
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope

VOC_FIELDS = ("ref_no", "org_unit_id", "received_on", "quarter", "aspect", "lifecycle_group", "kind", "segment_id",
              "channel_id", "touch_point", "priority", "voc_status", "text")
RULES = {"aspect": "C7", "lifecycle_group": "C7", "channel_id": "C7", "quarter": "P3"}
VOC = FormSpec("voc", VocRecord, (  # the quarter is computed from the date received (never typed)
    *(FieldSpec(name, rule=RULES.get(name), area=name == "text") for name in VOC_FIELDS if name != "quarter"),
    FieldSpec("customer_name"), FieldSpec("customer_phone"), FieldSpec("customer_email"),
    FieldSpec("pdpa_purpose"), FieldSpec("pdpa_basis"), FieldSpec("pdpa_retain_until"),
), "เสียงของลูกค้า")
VOC_TABLE = EditorSpec("voctable", VocRecord, (*VOC_FIELDS, "customer_name", "customer_phone"), page_size=100)
REPORT = FormSpec("vocreport", VocReport, (
    FieldSpec("quarter", rule="P3"), FieldSpec("recipient", rule="P3"), FieldSpec("reported_to"),
    FieldSpec("reported_on"), FieldSpec("summary", area=True),
), "รายงาน VOC รายไตรมาส")
RANKING = FormSpec("vocranking", VocAspectRanking, (
    FieldSpec("segment_id"), FieldSpec("aspect", rule="C7"), FieldSpec("rank", rule="C7"), FieldSpec("share"),
    FieldSpec("basis", area=True),
), "ลำดับความสำคัญ VOC")
ACTION = FormSpec("vocaction", ImprovementAction, (
    FieldSpec("org_unit_id"), FieldSpec("title"), FieldSpec("kind"), FieldSpec("source"), FieldSpec("start_on"),
    FieldSpec("due_on"), FieldSpec("action_status"), FieldSpec("evaluated_on", rule="U1"),
    FieldSpec("lessons_learned", rule="U1", area=True), FieldSpec("change_made", rule="U1", area=True),
), "การนำ VOC/ผลสำรวจไปใช้")

ctx = page_context("เสียงของลูกค้า (VOC)", "VOC ตาม 4 มิติ ตลอดวงจรชีวิตลูกค้า และรายงานต่อผู้บริหารอย่างน้อยรายไตรมาส")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("voc",))


@st.cache_data(ttl=60, show_spinner=False)
def voc_counts(key: tuple[str, int], actor: Actor, enterprise_id: int, year: int,
               unit_ids: frozenset[int] | None) -> list[tuple[object, ...]]:
    """VOC per quarter and aspect (one grouped query; cached a minute, refreshed by this user's saves)."""
    with session_scope() as session:
        return count_by(session, actor, VocRecord, ("quarter", "aspect"), enterprise_id=enterprise_id, year=year,
                        unit_ids=unit_ids)


counts = voc_counts(cache_key(ctx), ctx.actor, ctx.enterprise.id or 0, ctx.year.year, scope.unit_ids)
if counts:
    summary = pd.DataFrame(counts, columns=["ไตรมาส", "มิติ", "จำนวน"])
    summary["มิติ"] = summary["มิติ"].map(lambda code: VOC_ASPECT_TH.get(code, code))  # type: ignore[call-overload]
    table = summary.pivot_table(index="ไตรมาส", columns="มิติ", values="จำนวน", aggfunc="sum", fill_value=0)
    st.markdown(f"**จำนวน VOC ปี {ctx.year.year} ของ{scope.label} ตามไตรมาสและมิติ (C7)**")
    st.dataframe(table, width="stretch")
table_tab, form_tab, ranking_tab, reports_tab, actions_tab = st.tabs(
    ["ตาราง VOC (แก้ไขหลายแถว)", "บันทึกทีละรายการ", "เปรียบเทียบความสำคัญ 4 ด้าน", "รายงาน VOC รายไตรมาส", "การนำไปใช้"])
with table_tab:
    if ctx.actor.role in READ_ONLY:
        st.caption("บทบาทนี้ดูข้อมูลได้อย่างเดียว")
    else:
        bulk_editor(ctx, scope, VOC_TABLE)
with form_tab:
    family_section(ctx, scope, VOC, ["ref_no", "received_on", "quarter", "aspect", "kind", "text", "customer_name"])
with ranking_tab:
    st.caption("จัดลำดับความสำคัญของ VOC ทั้ง 4 ด้าน (ผลิตภัณฑ์และบริการ การสนับสนุนลูกค้า การทำธุรกรรม "
               "การบริหารความสัมพันธ์) สำหรับลูกค้าทั้งหมดหรือรายกลุ่ม (C7, FAQ CM8)")
    family_section(ctx, scope, RANKING, ["segment_id", "aspect", "rank", "share"])
with reports_tab:
    family_section(ctx, scope, REPORT, ["quarter", "recipient", "reported_to", "reported_on", "summary"])
with actions_tab:
    family_section(ctx, scope, ACTION, ["title", "kind", "source", "action_status", "due_on"])
