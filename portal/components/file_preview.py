"""The files attached to a record, each previewed where it is reviewed (an image, a PDF's first page,
a document's opening text) with its download."""

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.filestore import MEDIA_TYPES_TH
from evidence.services.files import list_files
from evidence.services.previews import file_preview
from evidence.thai_dates import thai_datetime
from portal.session import WorkContext


def record_files(ctx: WorkContext, table: str, record_id: int, *, key: str) -> None:
    """Every file of the record with its preview; says so when there is none."""
    try:
        with session_scope() as session:
            entries, _ = list_files(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, record=(table, record_id))
            previews = [file_preview(session, ctx.actor, e.file.id or 0) for e in entries]
    except (DomainError, OSError) as error:
        st.error(getattr(error, "message", "อ่านไฟล์ไม่ได้"))
        return
    if not previews:
        st.caption("ไฟล์แนบ: ไม่มี")
        return
    st.markdown(f"**ไฟล์แนบ ({len(previews)} ไฟล์)**")
    for preview in previews:
        file = preview.file
        kind = MEDIA_TYPES_TH.get(file.media_type, file.media_type)
        with st.container(border=True):
            st.markdown(f":material/description: **{file.name}** · {kind} · {file.size / 1024:,.1f} KB · "
                        f"อัปโหลดโดย {file.uploaded_by} {thai_datetime(file.uploaded_at)}")
            if preview.image is not None:
                caption = "หน้าแรกของไฟล์" if preview.kind == "page" else None
                st.image(preview.image, caption=caption, width=480)
            if preview.text:
                st.text(preview.text)
            if preview.note:
                st.caption(preview.note)
            st.download_button("ดาวน์โหลด", preview.data, file_name=file.name, mime=file.media_type,
                               key=f"{key}:{file.id}:download", icon=":material/download:")
