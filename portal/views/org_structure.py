"""โครงสร้างองค์กร: lines of business reporting to the top executive and their departments (S3), with
how many Stakeholder Profiles each holds this year."""

import pandas as pd
import streamlit as st
from sqlmodel import Session

from evidence.access import Actor
from evidence.db import session_scope
from evidence.labels import label_of
from evidence.models import OrgUnit, Stakeholder
from evidence.models.org import UnitKind
from evidence.services.lookups import count_by
from evidence.services.org import add_unit, list_units
from portal.components.family import READ_ONLY, family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import division_scope


def _create_unit(session: Session, actor: Actor, data: dict[str, object]) -> OrgUnit:
    """New units go through `add_unit`: unique code, a department under a line (S3)."""
    parent = session.get(OrgUnit, data["parent_id"]) if data.get("parent_id") else None
    return add_unit(session, actor, enterprise_id=int(data["enterprise_id"]), code=str(data.get("code") or ""),  # type: ignore[call-overload]
                    name_th=str(data.get("name_th") or ""), kind=UnitKind(data["kind"]),
                    parent_code=parent.code if parent else None, reports_to_top=bool(data.get("reports_to_top")))


UNIT = FormSpec("unit", OrgUnit, (
    FieldSpec("code"), FieldSpec("name_th"), FieldSpec("kind", rule="S3"), FieldSpec("parent_id", label="สังกัดสายงาน"),
    FieldSpec("reports_to_top", rule="S3"), FieldSpec("active"),
), "หน่วยงาน", create=_create_unit)

ctx = page_context("โครงสร้างองค์กร", "สายงานที่รายงานตรงต่อผู้บริหารสูงสุด และฝ่ายภายใต้สายงาน (S3)")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("org",))
with session_scope() as session:
    units = list_units(session, ctx.actor, ctx.enterprise.id or 0)
    profiles = dict(count_by(session, ctx.actor, Stakeholder, ("org_unit_id",), enterprise_id=ctx.enterprise.id or 0,
                             year=ctx.year.year))
by_id = {u.id: u for u in units}
rows = [{
    "รหัส": u.code, "หน่วยงาน": u.name_th, "ประเภท": label_of(UnitKind, u.kind),
    "สังกัด": by_id[u.parent_id].name_th if u.parent_id in by_id else "",
    "รายงานตรงต่อผู้บริหารสูงสุด": "✓" if u.reports_to_top else "", "ใช้งาน": "✓" if u.active else "✗",
    f"Stakeholder Profile ปี {ctx.year.year}": profiles.get(u.id, 0),
} for u in units if scope.unit_ids is None or u.id in scope.unit_ids]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if ctx.actor.role not in READ_ONLY and ctx.actor.is_planning:
    st.markdown("**เพิ่มหรือแก้ไขหน่วยงาน** (ฝ่ายแผน)")
    family_section(ctx, scope, UNIT, ["code", "name_th", "kind", "parent_id", "reports_to_top", "active"])
