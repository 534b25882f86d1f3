"""นำเข้า/ส่งออก Excel: the template, the export of a year, and the import with a preview of every
problem (sheet, row, column, Thai message) before anything is stored — all rows or none."""

import hashlib

import pandas as pd
import streamlit as st

from evidence.db import session_scope
from evidence.excel.exporter import template_workbook
from evidence.excel.importer import ImportReport
from evidence.excel.schema import FAMILIES
from evidence.jobs import JobView, enqueue
from evidence.jobs.builtin import UPLOAD, report_from_dict
from evidence.settings import get_settings
from portal.components.job_panel import current_job, download, follow
from portal.components.missing_panel import APPROVED_ONLY
from portal.components.page import page_context
from portal.session import WorkContext

KEY = "excel"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_JOB, IMPORT_JOB = f"{KEY}:export_job", f"{KEY}:import_job"


def _upload() -> tuple[str, bytes] | None:
    uploaded = st.session_state.get(f"{KEY}:file")
    return (uploaded.name, uploaded.getvalue()) if uploaded is not None else None


def _run(ctx: WorkContext, *, dry_run: bool) -> None:
    st.session_state.pop(f"{KEY}:error", None)
    upload = _upload()
    if upload is None:
        st.session_state[f"{KEY}:error"] = "กรุณาเลือกไฟล์ Excel (.xlsx) หรือ CSV ก่อน"
        return
    name, data = upload
    digest = hashlib.sha256(data).hexdigest()
    checked = st.session_state.get(f"{KEY}:report")
    if not dry_run and not (checked and checked[0] == digest and checked[1].ok):
        st.session_state[f"{KEY}:error"] = "กรุณาตรวจสอบไฟล์นี้ก่อนนำเข้า"
        return
    st.session_state.pop(f"{KEY}:report", None)
    # a job (issue 17): the worker on PostgreSQL, a thread of the portal on SQLite; all rows or none either way
    job = enqueue("import", ctx.actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year, inputs={UPLOAD: data},
                  params={"filename": name, "enterprise_id": ctx.enterprise.id, "year": ctx.year.year,
                          "dry_run": dry_run, "family_key": st.session_state.get(f"{KEY}:family"), "sha256": digest})
    st.session_state[IMPORT_JOB] = job.id


def _on_export(ctx: WorkContext) -> None:
    job = enqueue("export", ctx.actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year,
                  params={"enterprise_id": ctx.enterprise.id, "year": ctx.year.year})
    st.session_state[EXPORT_JOB] = job.id


def _import_done(job: JobView) -> None:
    """The finished check or import: its report becomes the page's (the import button needs a clean check)."""
    st.session_state[f"{KEY}:report"] = (job.summary.get("sha256", ""), report_from_dict(job.summary["report"]))


def show_report(report: ImportReport) -> None:
    (st.success if report.stored else st.info if report.ok else st.error)(report.summary())
    for notice in report.notices:
        st.caption(notice)
    st.dataframe(pd.DataFrame([{"แผ่นงาน": s.sheet, "แถว": s.rows, "เพิ่ม": s.created, "ปรับปรุง": s.updated,
                                "ไม่เปลี่ยนแปลง": s.unchanged, "ฉบับแก้ไขรออนุมัติ": s.revisions}
                               for s in report.sheets]), hide_index=True, width="stretch")
    if report.problems:
        st.markdown(f"**ปัญหาที่พบ ({report.problem_count:,} รายการ)** — แก้ไขในไฟล์แล้วตรวจสอบใหม่ ยังไม่มีข้อมูลใดถูกบันทึก")
        st.dataframe(pd.DataFrame([{"แผ่นงาน": p.sheet, "แถว": p.row or "", "คอลัมน์": p.column, "ปัญหา": p.message}
                                   for p in report.problems]), hide_index=True, width="stretch")
        if report.problem_count > len(report.problems):
            st.caption(f"แสดง {len(report.problems):,} รายการแรก")


ctx = page_context("นำเข้า/ส่งออก Excel", "ทำงานกับแบบฟอร์ม Excel ได้ตามเดิม แล้วนำเข้าพอร์ทัลทีเดียวทั้งไฟล์")
st.caption(APPROVED_ONLY)
template, export, load = st.tabs(["แบบฟอร์ม", "ส่งออก", "นำเข้า"])
with template:
    st.markdown("แบบฟอร์มหนึ่งไฟล์ มีแผ่นงานละหนึ่งประเภทข้อมูล หัวคอลัมน์ภาษาไทย รายการให้เลือกสำหรับค่าที่เป็นรหัส "
                "และแผ่นงานคำแนะนำ")
    with session_scope() as session:
        blank = template_workbook(session, ctx.actor, enterprise_id=ctx.enterprise.id or 0, year=ctx.year.year)
    st.download_button("ดาวน์โหลดแบบฟอร์ม", blank, file_name=f"scm-template-{ctx.enterprise.code}-{ctx.year.year}.xlsx",
                       mime=XLSX, key=f"{KEY}:template", icon=":material/download:")
with export:
    st.markdown(f"ข้อมูลทุกประเภทของปี {ctx.year.year} ที่ท่านมีสิทธิ์เห็น (ข้อมูลส่วนบุคคลปิดบังตามบทบาท) "
                "นำเข้ากลับได้โดยไม่เกิดข้อมูลซ้ำ")
    st.button("เตรียมไฟล์ส่งออก", key=f"{KEY}:prepare", on_click=_on_export, args=(ctx,), icon=":material/table_view:")
    exported = current_job(ctx.actor, EXPORT_JOB, ("export",), enterprise_id=ctx.enterprise.id, year=ctx.year.year)
    if exported is not None:
        follow(exported, ctx.actor, label="กำลังเตรียมไฟล์ส่งออก", on_done=lambda job: download(
            job, str(job.summary.get("file", "")), "ดาวน์โหลดไฟล์ส่งออก", key=f"{KEY}:download") or st.info(
            "ไฟล์ส่งออกถูกลบจากเครื่องแม่ข่ายแล้ว กรุณาเตรียมใหม่"))
with load:
    limit = get_settings().max_upload_mb
    st.file_uploader(f"ไฟล์ Excel (.xlsx) หรือ CSV ของข้อมูลประเภทเดียว (ไม่เกิน {limit} MB)",
                     key=f"{KEY}:file")  # no `type=`: other files are refused in Thai by the reader
    families = {f.key: f.sheet for f in FAMILIES}
    st.selectbox("ประเภทข้อมูลของไฟล์ CSV (ระบบระบุเองจากหัวคอลัมน์ได้)", [None, *families], key=f"{KEY}:family",
                 format_func=lambda k: families.get(k, "— ระบุอัตโนมัติ —"))
    imported = current_job(ctx.actor, IMPORT_JOB, ("import",), enterprise_id=ctx.enterprise.id, year=ctx.year.year)
    if imported is not None and imported.done:
        follow(imported, ctx.actor, label="", on_done=_import_done)  # a failure shows its Thai error here
    check, store = st.columns(2)
    check.button("ตรวจสอบไฟล์ (ยังไม่บันทึก)", key=f"{KEY}:check", on_click=_run, args=(ctx,),
                 kwargs={"dry_run": True}, icon=":material/rule:")
    result = st.session_state.get(f"{KEY}:report")
    ready = bool(result and result[1].ok and result[1].dry_run)
    store.button("ยืนยันนำเข้าทั้งไฟล์", type="primary", key=f"{KEY}:import", on_click=_run, args=(ctx,),
                 kwargs={"dry_run": False}, disabled=not ready, icon=":material/upload_file:")
    error = st.session_state.get(f"{KEY}:error")
    if error:
        st.error(error)
    if imported is not None and not imported.done:
        follow(imported, ctx.actor, label="กำลังตรวจสอบไฟล์" if imported.params.get("dry_run") else "กำลังนำเข้าข้อมูล",
               on_done=_import_done)
    elif result:
        show_report(result[1])
