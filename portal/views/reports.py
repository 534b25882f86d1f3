"""รายงาน: make the scored readiness report or the assessor's evidence pack as a job (issue 17: the worker on
PostgreSQL, a thread of the portal on SQLite), follow its progress, and download the result."""

from dataclasses import asdict
from pathlib import Path

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.jobs import JobView, enqueue
from evidence.services.org import lines_of, list_units
from evidence.settings import get_settings
from evidence.thai_dates import thai_datetime
from portal.components.job_panel import current_job, download, follow
from portal.components.page import page_context
from reports.control import ReportOptions
from reports.pdf import soffice_path
from reports.readiness import CLAIM_MODE_TH, METHOD_TH

READINESS = "รายงานผลการประเมินความพร้อม (.docx)"
PACK = "ชุดหลักฐานสำหรับผู้ประเมิน (.zip พร้อม .docx)"
JOB_KEY = "reports_job"  # the job this session started (the page finds the newest again after a reload)
KINDS = ("readiness", "evidence_pack")

ctx = page_context(
    "รายงาน",
    "เอกสาร Word แบบเอกสารราชการ (TH Sarabun New 16 pt, วันที่ พ.ศ.): รายงานที่ผู้บริหารลงนาม "
    "และชุดหลักฐานที่ผู้ประเมินตรวจ ทุกข้อความในเอกสารอ้างกลับไปยังหลักฐาน",
)
with session_scope() as session:
    lines = lines_of(list_units(session, ctx.actor, ctx.enterprise.id))  # type: ignore[arg-type]

kind = st.radio("เอกสาร", [READINESS, PACK], key="reports_kind", horizontal=True)
left, right = st.columns(2)
line_names = {u.id: f"{u.name_th} ({u.code})" for u in lines}
division_id = left.selectbox(
    "ขอบเขต", [None, *line_names], key="reports_scope",
    format_func=lambda u: "ทั้งองค์กร" if u is None else line_names[u],
)
method = right.selectbox(
    "วิธีคิดคะแนน", [None, "partial", "whole-levels"], key="reports_method",
    format_func=lambda m: f"ตามรอบประเมิน ({ctx.year.scoring_method})" if m is None else METHOD_TH[m],
)
claim_mode = left.selectbox(
    "การนับรายการที่อ้างหลักฐาน", [None, "self-assessment", "confirmed"], key="reports_claims",
    format_func=lambda m: f"ตามรอบประเมิน ({ctx.year.claim_mode})" if m is None else CLAIM_MODE_TH[m],
)
target = None
if kind == READINESS and right.toggle("กำหนดระดับเป้าหมายในแผนภูมิเอง (แทนเป้าหมายที่บันทึกไว้)",
                                      key="reports_custom_target"):
    target = right.slider("ระดับเป้าหมาย", 1.0, 5.0, 3.0, 0.5, key="reports_target")
with st.expander("รูปแบบเอกสารและ PDF"):
    o1, o2, o3 = st.columns(3)
    options = ReportOptions(
        thai_numerals=o1.toggle("ใช้เลขไทย", key="reports_thai_numerals"),
        page_numbers="thai-top" if o2.toggle("เลขหน้า \"- ๒ -\" กลางหัวกระดาษ", key="reports_thai_top") else "footer",
        justify="thai-distributed" if o3.toggle("จัดข้อความแบบกระจายไทย", key="reports_justify") else "left",
    )
    with_pdf = st.toggle("จัดทำไฟล์ PDF ด้วย (สารบัญมีเลขหน้า)", key="reports_pdf", disabled=soffice_path() is None,
                         help=None if soffice_path() else "เครื่องแม่ข่ายยังไม่ได้ติดตั้ง LibreOffice")
unmasked = False
if kind == PACK and ctx.actor.sees_contacts:
    unmasked = st.toggle("แสดงข้อมูลส่วนบุคคลโดยไม่ปิดบัง (บันทึกไว้ในบันทึกการตรวจสอบ)", key="reports_unmasked")

if st.button("จัดทำเอกสาร", type="primary", icon=":material/description:", key="reports_make"):
    params = {"enterprise_id": ctx.enterprise.id, "year": ctx.year.year, "division_id": division_id, "method": method,
              "claim_mode": claim_mode, "with_pdf": with_pdf, "options": asdict(options)}
    if kind == READINESS:
        params["target_level"] = target
    else:
        params["unmasked"] = unmasked
    try:
        job = enqueue("readiness" if kind == READINESS else "evidence_pack", ctx.actor, enterprise_id=ctx.enterprise.id,
                      year=ctx.year.year, params=params)
        st.session_state[JOB_KEY] = job.id
    except DomainError as exc:
        st.error(exc.message)


def _readiness_done(job: JobView) -> None:
    summary = job.summary
    score = "-" if summary.get("score") is None else f"{summary['score']:.2f}"
    st.success(f"รายงานพร้อมแล้ว: คะแนนด้าน SCM {score} จาก 5")
    st.caption(f"เลขที่เอกสาร {summary.get('number', '')} — จัดทำเมื่อ {thai_datetime(job.finished_at or job.created_at)}")
    name = str(summary.get("docx", ""))
    if not download(job, name, "ดาวน์โหลดรายงาน (.docx)", key="reports_download", primary=True):
        st.info("ไฟล์รายงานถูกลบจากเครื่องแม่ข่ายแล้ว หากต้องการอีกครั้งกรุณาจัดทำใหม่")
    download(job, Path(name).with_suffix(".pdf").name, "ดาวน์โหลดรายงาน (.pdf)", key="reports_download_pdf",
             icon=":material/picture_as_pdf:")


def _pack_done(job: JobView) -> None:
    summary = job.summary
    if not job.has(str(summary.get("zip", ""))):
        st.info("ไฟล์ชุดหลักฐานถูกลบแล้ว (ลบเมื่อดาวน์โหลดหรือเมื่อครบเวลาที่เก็บไว้) หากต้องการอีกครั้งกรุณาจัดทำใหม่")
        return
    st.success(f"ชุดหลักฐานพร้อมแล้ว: ไฟล์หลักฐาน {summary.get('files', 0):,} รายการ")
    if summary.get("missing"):
        st.warning(f"ไม่พบไฟล์ในที่จัดเก็บ {summary['missing']:,} ไฟล์ (ระบุไว้ในเอกสาร)")
    zip_file = job.file(str(summary["zip"]))
    if zip_file is not None and zip_file.object:  # in the object store: a pre-signed link, removed by the purge
        keep = (f"{get_settings().session_minutes} นาที" if summary.get("unmasked")
                else f"{get_settings().job_result_hours} ชั่วโมง")
        st.caption(f"เลขที่เอกสาร {summary.get('number', '')} — ลิงก์ดาวน์โหลดใช้ได้ "
                   f"{get_settings().s3_url_seconds // 60} นาที (เปิดหน้านี้ใหม่เพื่อรับลิงก์ใหม่) "
                   f"ไฟล์ถูกลบจากที่จัดเก็บเมื่อครบ {keep} หลังจัดทำ")
    else:
        st.caption(f"เลขที่เอกสาร {summary.get('number', '')} — ไฟล์ .zip จะถูกลบจากเครื่องแม่ข่ายทันทีที่ดาวน์โหลด")
    download(job, str(summary["zip"]), "ดาวน์โหลดชุดหลักฐาน (.zip)", key="reports_download_zip", primary=True,
             remove_after=True, icon=":material/folder_zip:")
    download(job, str(summary.get("docx", "")), "ดาวน์โหลดเฉพาะเอกสาร (.docx)", key="reports_download_docx")
    if summary.get("pdf"):
        download(job, str(summary["pdf"]), "ดาวน์โหลดเอกสาร (.pdf)", key="reports_download_pack_pdf",
                 icon=":material/picture_as_pdf:")


job = current_job(ctx.actor, JOB_KEY, KINDS, enterprise_id=ctx.enterprise.id, year=ctx.year.year)
if job is not None:
    follow(job, ctx.actor, label="กำลังจัดทำเอกสาร" if job.kind == "readiness" else "กำลังจัดทำชุดหลักฐาน",
           on_done=_readiness_done if job.kind == "readiness" else _pack_done)
