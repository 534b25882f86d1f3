"""ทะเบียนเอกสาร: the document register across years (issue 11): documents, their versions in force,
approvals, files with how their text was read, and each declared fact found (page) or not found."""

import streamlit as st
from sqlmodel import Session

from evidence.access import Actor
from evidence.db import session_scope
from evidence.models import Document, DocumentVersion
from evidence.models.documents import ReadingState
from evidence.services.documents import add_version, register
from evidence.services.readings import start_pending_reader
from evidence.services.suggestions import confirm_suggestion, suggest_for_file
from portal.components.family import family_section
from portal.components.form_values import FieldSpec, FormSpec
from portal.components.page import page_context
from portal.components.register_table import register_table
from portal.components.safe_text import md
from portal.components.scope_picker import division_scope

DOCUMENT = FormSpec("document", Document, (
    FieldSpec("code"), FieldSpec("kind", rule="C1"), FieldSpec("title"), FieldSpec("org_unit_id"),
    FieldSpec("review_every_months"),
), "เอกสารในทะเบียน")
VERSION_FIELDS = (
    FieldSpec("document_id"), FieldSpec("label"), FieldSpec("code"), FieldSpec("effective_on"),
    FieldSpec("review_due_on"), FieldSpec("last_reviewed_on"), FieldSpec("declared", rule="C3"),
    FieldSpec("declared_approved", rule="C1"), FieldSpec("published_url", rule="C5"), FieldSpec("published_on", rule="C5"),
    FieldSpec("note", area=True),
)


def version_spec(year: int) -> FormSpec:
    """A new version follows the latest one of its document (marked superseded) and is recorded in `year`."""

    def create(session: Session, actor: Actor, data: dict[str, object]) -> DocumentVersion:
        return add_version(session, actor, document_id=int(str(data["document_id"])), year=year, data=data)

    return FormSpec("docversion", DocumentVersion, VERSION_FIELDS, "ฉบับเอกสาร",
                    defaults={"year_recorded": year, "code": "-"}, create=create)


ctx = page_context("ทะเบียนเอกสาร", "นโยบาย กฎบัตร มาตรฐาน แผน และรายงานการประชุม ใช้ต่อเนื่องทุกปีตามฉบับที่มีผล")
scope = division_scope(ctx)
start_pending_reader()
with session_scope() as session:
    rows = register(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
overview, documents, versions = st.tabs(["ทะเบียนปีนี้", "เอกสาร", "ฉบับเอกสารและไฟล์"])
with overview:
    st.caption(f"ฉบับที่มีผลในปี {ctx.year.year} คือฉบับล่าสุดที่อนุมัติแล้วและมีผลบังคับใช้ไม่เกินวันสุดท้ายของปี "
               "การอนุมัติในปีก่อนหน้ายังนับได้ ไม่ต้องบันทึกซ้ำ")
    if rows:
        st.table(register_table(rows).set_index("เอกสาร"))
    else:
        st.info("ยังไม่มีเอกสารในทะเบียน เพิ่มเอกสารได้ที่แท็บ 'เอกสาร'")
    if any(s == ReadingState.PENDING for r in rows for s in r.file_states):
        st.caption("ระบบกำลังอ่านข้อความในไฟล์ที่เพิ่งอัปโหลด โหลดหน้านี้ใหม่เพื่อดูผล")
with documents:
    family_section(ctx, scope, DOCUMENT, ["code", "title", "kind", "org_unit_id", "review_every_months"])
with versions:
    st.caption("เว้นรหัสฉบับเป็น '-' ได้ ระบบตั้งให้เป็น รหัสเอกสาร/ฉบับที่")
    family_section(ctx, scope, version_spec(ctx.year.year), ["code", "document_id", "label", "effective_on", "review_due_on", "declared"])

suggest_tab = st.expander("แนะนำรายการเกณฑ์จากเนื้อหาไฟล์", expanded=False)
with suggest_tab:
    readable = {f.id: f"{r.document.code} ฉบับ {r.version.label} · {f.name}" for r in rows
                for f, s in zip(r.files, r.file_states, strict=True) if s in (ReadingState.READ, ReadingState.OCR)}
    if not readable:
        st.caption("ยังไม่มีไฟล์ที่อ่านข้อความได้")
    else:
        file_id = st.selectbox("ไฟล์", list(readable), format_func=readable.get, key="suggest:file")
        with session_scope() as session:
            found = suggest_for_file(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                                     file_id=int(file_id or 0))
        for n, s in enumerate(found):
            how = "อ้างหลักฐานได้" if s.judged else "ตรวจด้วยกฎจากข้อมูลในระบบ"
            st.markdown(f"**{n + 1}. {md(s.text_th)}** · หัวข้อย่อย {s.subtopic} · {how}")
            if s.locator_th:
                st.caption(f"{md(s.locator_th)}: {md(s.quote)}")
            if s.judged and ctx.actor.is_planning and st.button("ยืนยันและอ้างเป็นหลักฐาน", key=f"suggest:ok:{s.item_id}"):
                with session_scope() as session:
                    confirm_suggestion(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                                       file_id=int(file_id or 0), suggestion=s)
                st.success(f"อ้างไฟล์นี้เป็นหลักฐานของรายการ '{s.text_th}' แล้ว")
