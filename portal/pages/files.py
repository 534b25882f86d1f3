"""ไฟล์หลักฐาน."""

import streamlit as st

from portal.components.page import page_context

ctx = page_context("ไฟล์หลักฐาน")
st.info("ยังไม่มีไฟล์หลักฐานที่อัปโหลด")
