"""รายงาน: make the scored readiness report or the assessor's evidence pack, with progress, and download it."""

import shutil
from pathlib import Path

import streamlit as st

from evidence.db import session_scope
from evidence.errors import DomainError
from evidence.services.org import lines_of, list_units
from evidence.settings import get_settings
from portal.components import scores
from portal.components.page import page_context
from reports.control import ReportOptions
from reports.file_source import store_source
from reports.jobs import DOCX_TYPE, fresh_pack_folder, make_evidence_pack, make_readiness_report, take_pack
from reports.pack_download import ZIP_TYPE, PackOffer, offer_pack, pack_url
from reports.pdf import soffice_path
from reports.readiness import CLAIM_MODE_TH, METHOD_TH

READINESS = "รายงานผลการประเมินความพร้อม (.docx)"
PACK = "ชุดหลักฐานสำหรับผู้ประเมิน (.zip พร้อม .docx)"
RESULT_KEY = "reports_result"

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
    format_func=lambda m: (f"ตามรอบประเมิน ({scores.METHOD_TH.get(str(ctx.year.scoring_method), '')})" if m is None
                          else METHOD_TH[m]),
)
claim_mode = left.selectbox(
    "การนับรายการที่อ้างหลักฐาน", [None, "self-assessment", "confirmed"], key="reports_claims",
    format_func=lambda m: (f"ตามรอบประเมิน ({scores.CLAIM_MODE_SHORT.get(str(ctx.year.claim_mode), '')})" if m is None
                          else CLAIM_MODE_TH[m]),
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
    previous = st.session_state.pop(RESULT_KEY, None)
    if previous and previous["kind"] == PACK:  # one pack per session on disk: drop the last one
        shutil.rmtree(Path(previous["zip"]).parent, ignore_errors=True)
    with st.status("กำลังจัดทำเอกสาร…", expanded=True) as status:
        bar = st.progress(0.0, text="เริ่มต้น")

        def progress(share: float, message: str) -> None:
            bar.progress(min(max(share, 0.0), 1.0), text=message)

        try:
            with session_scope() as session:
                if kind == READINESS:
                    document = make_readiness_report(
                        session, ctx.actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year,  # type: ignore[arg-type]
                        division_id=division_id, method=method, claim_mode=claim_mode, target_level=target,
                        options=options, with_pdf=with_pdf, progress=progress,
                    )
                    st.session_state[RESULT_KEY] = {"kind": READINESS, "name": document.filename,
                                                    "data": document.data, "score": document.score,
                                                    "pdf": document.pdf, "number": document.number}
                else:
                    pack = make_evidence_pack(
                        session, ctx.actor, enterprise_id=ctx.enterprise.id, year=ctx.year.year,  # type: ignore[arg-type]
                        target=fresh_pack_folder(), source=store_source(), division_id=division_id, method=method,
                        claim_mode=claim_mode, unmasked=unmasked, options=options, with_pdf=with_pdf,
                        progress=progress,
                    )
                    st.session_state[RESULT_KEY] = {"kind": PACK, "zip": str(pack.zip_path),
                                                    "docx": pack.docx_path.read_bytes(),
                                                    "docx_name": pack.docx_path.name, "files": pack.files,
                                                    "missing": pack.missing, "number": pack.number,
                                                    "pdf": pack.pdf_path.read_bytes() if pack.pdf_path else None,
                                                    "pdf_name": pack.pdf_path.name if pack.pdf_path else ""}
                    # on an object store the .zip is uploaded and offered by pre-signed URL (reports.pack_download)
                    st.session_state[RESULT_KEY]["offer"] = offer_pack(pack.zip_path)
            status.update(label="จัดทำเอกสารเสร็จแล้ว", state="complete", expanded=False)
        except DomainError as exc:
            status.update(label="จัดทำเอกสารไม่สำเร็จ", state="error")
            st.error(exc.message)

result = st.session_state.get(RESULT_KEY)
if result and result["kind"] == READINESS:
    score = "-" if result["score"] is None else f"{result['score']:.2f}"
    st.success(f"รายงานพร้อมแล้ว: คะแนนด้าน SCM {score} จาก 5")
    st.caption(f"เลขที่เอกสาร {result.get('number', '')}")
    st.download_button("ดาวน์โหลดรายงาน (.docx)", result["data"], file_name=result["name"], mime=DOCX_TYPE,
                       icon=":material/download:", type="primary", on_click="ignore", key="reports_download")
    if result.get("pdf"):
        st.download_button("ดาวน์โหลดรายงาน (.pdf)", result["pdf"], file_name=Path(result["name"]).with_suffix(".pdf").name,
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                           key="reports_download_pdf")
elif result and result["kind"] == PACK:
    zip_path = Path(result["zip"])
    offer: PackOffer = result.get("offer") or PackOffer(zip_path.name, path=zip_path)
    url = pack_url(offer)
    if url is None and not zip_path.exists():
        st.session_state.pop(RESULT_KEY, None)
        st.info("ไฟล์ชุดหลักฐานถูกลบจากเครื่องแม่ข่ายแล้ว (ลบทันทีเมื่อดาวน์โหลด) หากต้องการอีกครั้งกรุณาจัดทำใหม่")
    else:
        st.success(f"ชุดหลักฐานพร้อมแล้ว: ไฟล์หลักฐาน {result['files']:,} รายการ")
        if result["missing"]:
            st.warning(f"ไม่พบไฟล์ในที่จัดเก็บ {result['missing']:,} ไฟล์ (ระบุไว้ในเอกสาร)")
        if url is not None:  # straight from the object store: the archive never passes through the portal
            st.link_button("ดาวน์โหลดชุดหลักฐาน (.zip)", url, icon=":material/folder_zip:", type="primary")
            st.caption(f"ลิงก์ดาวน์โหลดใช้ได้ {get_settings().s3_url_seconds // 60} นาที (สร้างใหม่ทุกครั้งที่เปิดหน้านี้) "
                       f"ไฟล์ถูกลบจากที่จัดเก็บเมื่อพ้น {get_settings().session_minutes} นาที")
        else:
            st.caption("ไฟล์ .zip จะถูกลบจากเครื่องแม่ข่ายทันทีที่ดาวน์โหลด")
            st.download_button("ดาวน์โหลดชุดหลักฐาน (.zip)", lambda: take_pack(zip_path), file_name=zip_path.name,
                               mime=ZIP_TYPE, icon=":material/folder_zip:", type="primary",
                               on_click="ignore", key="reports_download_zip")
        st.download_button("ดาวน์โหลดเฉพาะเอกสาร (.docx)", result["docx"], file_name=result["docx_name"],
                           mime=DOCX_TYPE, icon=":material/download:", on_click="ignore",
                           key="reports_download_docx")
        if result.get("pdf"):
            st.download_button("ดาวน์โหลดเอกสาร (.pdf)", result["pdf"], file_name=result["pdf_name"],
                               mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                               key="reports_download_pack_pdf")
