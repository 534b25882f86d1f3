"""An item's citations and warnings as a person reads them (issue 11 §5, §6): document and version,
approval body, meeting and date, file name and short SHA-256, and the page or paragraph with a quote."""

import streamlit as st

from criteria.results import ItemResult
from criteria.snapshot import Citation
from evidence.thai_dates import thai_date
from portal.components.safe_text import md

KIND_TH = {"document": "เอกสาร", "approval": "การอนุมัติ", "record": "ข้อมูล", "file": "ไฟล์", "passage": "ข้อความในเอกสาร"}


def citation_text(c: Citation) -> str:
    """One line of plain Thai (escaped by the caller) for a citation."""
    parts = [f"{KIND_TH.get(c.kind, c.kind)}: {c.label}"]
    if c.kind == "approval" and c.meeting_date and "วันที่" not in c.label:
        parts.append(thai_date(c.meeting_date))
    if c.file_name and c.kind != "file":
        parts.append(c.file_name)
    if c.short_hash:
        parts.append(f"SHA-256 {c.short_hash}")
    if c.verdict:
        parts.append("ผ่าน" if c.verdict == "pass" else "ไม่ผ่าน")
    line = " · ".join(parts)
    return f"{line} — “{c.quote}”" if c.quote else line


def show_citations(item: ItemResult, *, limit: int = 12) -> None:
    """Citations then warnings under an item; "ไม่พบในเอกสาร" warnings stand out."""
    for citation in item.citations[:limit]:
        st.caption(f"↳ {md(citation_text(citation))}")
    if len(item.citations) > limit:
        st.caption(f"↳ และหลักฐานอื่นอีก {len(item.citations) - limit} รายการ")
    for warning in item.warnings:
        st.warning(md(warning), icon=":material/warning:")
