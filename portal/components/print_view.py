"""The print view of every page (issue 16): `@media print` rules for A4 with the Thai font, no sidebar
and folded content open (`portal/static/print.css`), and `?print=1`, the page laid out as it prints with
a "พิมพ์" button. Pages ask `printing()` to unfold what they would otherwise fold (popovers, expanders)."""

from functools import cache
from pathlib import Path

import streamlit as st

STATIC = Path(__file__).resolve().parent.parent / "static"
PRINT_PARAM = "print"
PRINT_ON = "1"
PRINT_SCRIPT = """
<div style="display:flex;gap:.5rem;align-items:center">
<button id="scm-print" type="button"
 style="font-family:Sarabun,sans-serif;font-size:1rem;padding:.35rem 1rem;border-radius:.5rem;
        border:1px solid #1f5aa6;background:#1f5aa6;color:#fff;cursor:pointer">พิมพ์</button>
<span style="font-family:Sarabun,sans-serif;color:#555">ขนาด A4 · กดพิมพ์หรือ Ctrl+P แล้วเลือกบันทึกเป็น PDF ได้</span>
</div>
<script>document.getElementById("scm-print").addEventListener("click", () => window.print());</script>
"""


@cache
def _css(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def printing() -> bool:
    """True in the print view (`?print=1`)."""
    return st.query_params.get(PRINT_PARAM) == PRINT_ON


def _leave() -> None:
    st.query_params.pop(PRINT_PARAM, None)


def _enter() -> None:
    st.query_params[PRINT_PARAM] = PRINT_ON


def style() -> None:
    """Thai for Streamlit's own texts and the print rules on every page; in the print view also the
    screen layout and the toolbar."""
    css = _css("thai.css") + _css("print.css") + (_css("print-mode.css") if printing() else "")
    st.html(f"<style>{css}</style>")
    if printing():
        with st.container(key="print_toolbar", horizontal=True):
            st.html(PRINT_SCRIPT, unsafe_allow_javascript=True, width="content")
            st.button("กลับสู่มุมมองปกติ", icon=":material/close:", on_click=_leave, key="print_leave")


def print_button() -> None:
    """The sidebar's way into the print view of the page being shown."""
    st.button("มุมมองสำหรับพิมพ์", icon=":material/print:", on_click=_enter, key="print_enter",
              help="จัดหน้าเป็นขนาด A4 ไม่มีแถบเมนู และแสดงเนื้อหาที่พับไว้ทั้งหมด")
