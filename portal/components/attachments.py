"""Evidence files in a page: a table of files with a download, and an upload form that links the file
to a record and/or to the criteria items it proves."""

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.filestore import MEDIA_TYPES_TH
from evidence.services.files import (
    RECORD_TITLES,
    FileEntry,
    file_download,
    list_files,
    read_file,
    upload_file,
)
from evidence.services.readings import start_pending_reader
from evidence.settings import get_settings
from evidence.thai_dates import thai_datetime
from portal.components import thai_widgets
from portal.components.criteria_help import year_criteria
from portal.session import WorkContext


def item_options(year: int) -> dict[str, str]:
    """Criteria item id → "id text" of the year's criteria."""
    criteria = year_criteria(year)
    if criteria is None:
        return {}
    options = {}
    for subtopic in criteria.subtopics():
        for _, item in subtopic.items():
            text = item.text_th if len(item.text_th) <= 70 else item.text_th[:67] + "…"
            options[item.id] = f"{item.id} {text}"
    return options


def _links_text(entry: FileEntry) -> str:
    parts = []
    for link in entry.links:
        if link.record_table:
            parts.append(f"{RECORD_TITLES.get(link.record_table, link.record_table)} #{link.record_id}")
        if link.criteria_item_id:
            parts.append(f"เกณฑ์ {link.criteria_item_id}")
    return ", ".join(parts)


def file_table(ctx: WorkContext, entries: Sequence[FileEntry], *, key: str) -> None:
    if not entries:
        st.info("ยังไม่มีไฟล์หลักฐาน")
        return
    st.dataframe(pd.DataFrame([{
        "ชื่อไฟล์": e.file.name, "ชนิด": MEDIA_TYPES_TH.get(e.file.media_type, e.file.media_type),
        "ขนาด (KB)": round(e.file.size / 1024, 1), "เชื่อมโยงกับ": _links_text(e),
        "อัปโหลดโดย": e.file.uploaded_by, "เมื่อ": thai_datetime(e.file.uploaded_at),
    } for e in entries]), hide_index=True, width="stretch")
    names = {e.file.id: e.file.name for e in entries}
    chosen = st.selectbox("ไฟล์ที่จะดาวน์โหลด", list(names), format_func=names.get, key=f"{key}:pick")
    if chosen is not None:
        try:
            with session_scope() as session:
                file, url = file_download(session, ctx.actor, chosen)  # object store: a pre-signed URL
                data = b"" if url else read_file(session, ctx.actor, chosen)[1]
        except (DomainError, OSError) as error:
            st.error(getattr(error, "message", "อ่านไฟล์ไม่ได้"))
            return
        if url:
            st.link_button("ดาวน์โหลด", url, icon=":material/download:")
            return
        st.download_button("ดาวน์โหลด", data, file_name=file.name, mime=file.media_type, key=f"{key}:download",
                           icon=":material/download:")


def _on_upload(ctx: WorkContext, key: str, record: tuple[str, int] | None) -> None:
    st.session_state.pop(f"{key}:error", None)
    uploaded = st.session_state.get(f"{key}:file")
    items = list(st.session_state.get(f"{key}:items") or [])
    if uploaded is None:
        st.session_state[f"{key}:error"] = "กรุณาเลือกไฟล์ที่จะอัปโหลด"
        return
    try:
        with session_scope() as session:
            stored = upload_file(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year,
                                 name=uploaded.name, data=uploaded.getvalue(), record=record, item_ids=items)
            name = stored.name
    except DomainError as error:
        st.session_state[f"{key}:error"] = error.message
        return
    start_pending_reader()  # the file's text is read on a worker thread; the page goes on
    st.session_state[f"{key}:flash"] = f"อัปโหลด '{name}' แล้ว ระบบกำลังอ่านข้อความในไฟล์"
    st.session_state[f"{key}:items"] = []


def upload_form(ctx: WorkContext, *, key: str, record: tuple[str, int] | None) -> None:
    """Upload one file, linked to `record` (if any) and to the criteria items chosen."""
    limit = get_settings().max_upload_mb
    # No `type=`: Streamlit would refuse other files with an English message; the content is checked
    # on the server instead (evidence.services.files.check_upload) and refused in Thai.
    st.file_uploader(f"ไฟล์หลักฐาน (PDF, DOCX, XLSX หรือรูปภาพ ไม่เกิน {limit} MB)", key=f"{key}:file")
    items = item_options(ctx.year.year)
    thai_widgets.multiselect("รายการเกณฑ์ที่ไฟล์นี้เป็นหลักฐาน", list(items), format_func=items.get, key=f"{key}:items")
    st.button("อัปโหลดและเชื่อมโยง", key=f"{key}:upload", on_click=_on_upload, args=(ctx, key, record),
              icon=":material/upload:")
    for part, show in (("flash", st.success), ("error", st.error)):
        message = st.session_state.pop(f"{key}:{part}", None)
        if message:
            show(message)


def attachments(ctx: WorkContext, table: str, record_id: int, *, can_attach: bool) -> None:
    """The files of one record, and (for those who may edit it) an upload form."""
    key = f"att:{table}:{record_id}"
    with st.expander("ไฟล์หลักฐานของรายการนี้", icon=":material/attach_file:", key=f"{key}:open", on_change="rerun"):
        try:
            with session_scope() as session:
                entries, _ = list_files(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0,
                                        record=(table, record_id))
        except DomainError as error:
            st.error(error.message)
            return
        file_table(ctx, entries, key=key)
        if can_attach:
            upload_form(ctx, key=key, record=(table, record_id))
