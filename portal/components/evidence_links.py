"""The records and files an item rests on, with a download button for each evidence file."""

from collections.abc import Callable, Sequence

import streamlit as st

from criteria.snapshot import EvidenceRef
from evidence.access import Actor
from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.claims import evidence_files
from evidence.services.files import file_download, read_file
from evidence.thai_dates import thai_datetime
from portal.components.safe_text import md


def evidence_list(actor: Actor, enterprise_id: int, refs: Sequence[EvidenceRef], *, key: str) -> None:
    """List the evidence records; every linked file gets its name, size, upload date and a download."""
    if not refs:
        st.caption("ไม่มีข้อมูลหลักฐานที่เชื่อมโยง")
        return
    st.markdown("**หลักฐาน**")
    for ref in refs:
        if ref.table != "evidencefile":
            st.markdown(f"- {md(ref.label)}")
    file_ids = sorted({f for ref in refs for f in ref.file_ids})
    if not file_ids:
        return
    try:
        with session_scope() as session:
            files = evidence_files(session, actor, enterprise_id=enterprise_id, file_ids=file_ids)
            urls = {f.id: file_download(session, actor, int(f.id or 0))[1] for f in files}  # S3: pre-signed
    except DomainError as exc:
        st.error(exc.message)
        return
    for stored in files:
        left, right = st.columns([4, 1])
        left.markdown(f":material/description: {md(stored.name)} · {stored.size / 1024:,.1f} KB · อัปโหลด {thai_datetime(stored.uploaded_at)} "
                      f"โดย {md(stored.uploaded_by)} · SHA-256 `{stored.sha256[:12]}…`")
        if urls.get(stored.id):
            right.link_button("ดาวน์โหลด", urls[stored.id] or "")
            continue
        right.download_button("ดาวน์โหลด", _content(actor, int(stored.id or 0)), file_name=stored.name,
                              mime=stored.media_type, key=f"{key}_dl_{stored.id}")


def _content(actor: Actor, file_id: int) -> Callable[[], bytes]:
    """The file's bytes, read only when the user clicks the download (the service checks the reader)."""

    def read() -> bytes:
        with session_scope() as session:
            return read_file(session, actor, file_id)[1]

    return read
