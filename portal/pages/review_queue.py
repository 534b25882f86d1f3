"""ตรวจและอนุมัติข้อมูล: drafts submitted by divisions."""

import streamlit as st

from portal.components.page import page_context

ctx = page_context("ตรวจและอนุมัติข้อมูล")
st.info("ไม่มีข้อมูลที่รอการตรวจ")
