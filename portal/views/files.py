"""ไฟล์หลักฐาน: upload evidence files (checked by content and size), link them to records and to the
criteria items they prove, and download them."""

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.files import RECORD_MODELS, RECORD_TITLES, link_file, list_files
from evidence.services.lookups import record_options
from portal.components.attachments import file_table, item_options, upload_form
from portal.components.family import READ_ONLY
from portal.components.missing_panel import missing_panel
from portal.components.page import page_context
from portal.components.scope_picker import DivisionScope, division_scope
from portal.session import WorkContext

PAGE_SIZE = 50


def _record_picker(ctx: WorkContext, scope: DivisionScope, key: str) -> tuple[str, int] | None:
    """Choose a record family, then one of its records (none: the file proves criteria items only)."""
    tables = [""] + list(RECORD_TITLES)
    table = st.selectbox("เชื่อมโยงกับข้อมูลประเภท", tables, key=f"{key}:table",
                         format_func=lambda t: RECORD_TITLES.get(t, "— ไม่เชื่อมโยงกับข้อมูล (เฉพาะรายการเกณฑ์) —"))
    if not table:
        return None
    with session_scope() as session:
        options = record_options(session, ctx.actor, RECORD_MODELS[table], enterprise_id=ctx.enterprise.id or 0,
                                 year=ctx.year.year, unit_ids=scope.unit_ids)
    record_id = st.selectbox("รายการ", list(options), format_func=options.get, key=f"{key}:record",
                             placeholder="เลือกรายการ…")
    return (table, record_id) if record_id is not None else None


def _on_link(ctx: WorkContext, file_id: int | None, record: tuple[str, int] | None) -> None:
    item = st.session_state.get("files:link:item")
    st.session_state.pop("files:link:error", None)
    if file_id is None:
        st.session_state["files:link:error"] = "กรุณาเลือกไฟล์"
        return
    try:
        with session_scope() as session:
            link_file(session, ctx.actor, file_id, year=ctx.year.year, record=record, item_id=item)
    except DomainError as error:
        st.session_state["files:link:error"] = error.message
        return
    st.session_state["files:link:flash"] = "เชื่อมโยงไฟล์แล้ว"


ctx = page_context("ไฟล์หลักฐาน", "PDF, DOCX, XLSX และรูปภาพ เก็บครั้งเดียวต่อเนื้อหาไฟล์ และเชื่อมโยงกับข้อมูลหรือรายการเกณฑ์")
scope = division_scope(ctx)
missing_panel(ctx, scope, ("files",))
page_no = int(st.session_state.get("files:page", 1)) - 1
with session_scope() as session:
    entries, total = list_files(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, limit=PAGE_SIZE,
                                offset=page_no * PAGE_SIZE)
listing, upload, linking = st.tabs(["ไฟล์ทั้งหมด", "อัปโหลดไฟล์", "เชื่อมโยงไฟล์ที่มีอยู่"])
with listing:
    file_table(ctx, entries, key="files:list")
    if total > PAGE_SIZE:
        st.number_input(f"หน้า (จาก {-(-total // PAGE_SIZE)} หน้า, {total:,} ไฟล์)", 1, -(-total // PAGE_SIZE),
                        key="files:page", step=1)
with upload:
    if ctx.actor.role in READ_ONLY:
        st.caption("บทบาทนี้ดูและดาวน์โหลดไฟล์ได้อย่างเดียว")
    else:
        st.caption("เจ้าหน้าที่หน่วยงานแนบไฟล์กับข้อมูลของหน่วยงานตนเอง; ไฟล์ที่เป็นหลักฐานของรายการเกณฑ์โดยตรงเป็นของฝ่ายแผน")
        target = _record_picker(ctx, scope, "files:upload")
        upload_form(ctx, key="files:upload", record=target)
with linking:
    if ctx.actor.role not in READ_ONLY:
        names = {e.file.id: e.file.name for e in entries}
        file_id = st.selectbox("ไฟล์", list(names), format_func=names.get, key="files:link:file", placeholder="เลือกไฟล์…")
        target = _record_picker(ctx, scope, "files:link")
        items = item_options(ctx.year.year)
        st.selectbox("รายการเกณฑ์", [None, *items], format_func=lambda i: items.get(i, "— ไม่ระบุ —"),
                     key="files:link:item")
        st.button("เชื่อมโยง", key="files:link:go", on_click=_on_link, args=(ctx, file_id, target))
        for part, show in (("flash", st.success), ("error", st.error)):
            message = st.session_state.pop(f"files:link:{part}", None)
            if message:
                show(message)
