"""Make a readiness report or an evidence pack for the portal page and the CLI: score through the
scoring service, gather evidence through `evidence.services.report_data`, build, and report progress.

Every document carries document control (number, evidence version: the frozen submission's manifest
hash when the caller gives one, criteria version, Bangkok time). An evidence pack is masked by default;
`unmasked=True` needs a signed-in user whose role may see personal data, and is audited as such.
A PDF (LibreOffice, with page numbers in the table of contents) is made on request.
"""

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from criteria.results import Assessment
from evidence.access import SYSTEM, Actor
from evidence.audit import record_export
from evidence.errors import PermissionDenied
from evidence.jobs.store import atomic_file
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.dashboard import topic_targets
from evidence.services.org import lines_of, list_units
from evidence.services.report_data import ReportScope, gather_evidence, report_scope
from evidence.services.rule_rows import subtopic_rule_rows
from evidence.services.scoring import evidence_version, score_enterprise
from evidence.services.submissions import version_label
from evidence.services.year_on_year import YearOnYear, compare_years, earlier_year_of
from evidence.thai_dates import bangkok_today, thai_datetime
from reports.control import DocumentControl, ReportOptions, SignOff, document_number
from reports.docx_writer import render
from reports.evidence_pack import (
    FileSource,
    build_evidence_pack_docx,
    evidence_pack_plan,
    pack_layout,
    write_evidence_zip,
)
from reports.pdf_toc import render_with_toc_pages
from reports.readiness import ReportMeta, readiness_plan
from reports.register_rows import register_workbook
from reports.registers import register_path

if TYPE_CHECKING:
    from evidence.jobs.runner import JobRun

Progress = Callable[[float, str], None]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _quiet(_share: float, _message: str) -> None:
    return None


def author(actor: Actor) -> str:
    """The name on the cover: the user's display name, or the portal itself for the system actor."""
    if actor.username == SYSTEM.username:
        return "พอร์ทัล SE-AM SCM (คำสั่ง scm-portal)"
    return actor.display_name or actor.username


def file_stem(kind: str, scope: ReportScope, year: int) -> str:
    """`readiness-DEMO-2569` or `evidence-pack-DEMO-2569-L04` (ASCII: safe in every file system)."""
    parts = [kind, scope.enterprise_code, str(year)] + ([scope.division_code] if scope.division_code else [])
    return "-".join(parts)


MAX_HEAT_LINES = 6


def document_control(session: Session, kind: str, scope: ReportScope, year: int, criteria_version: str, *,
                     manifest: str | None, sign_off: SignOff | None = None, label: str = "") -> DocumentControl:
    """Number and versions of a document; `manifest` is a frozen submission's manifest hash (issue 13)."""
    if manifest:
        version, is_manifest = manifest, True
    else:
        _, audit_id, at = evidence_version(session)
        version = f"บันทึกล่าสุดลำดับที่ {audit_id}" + (f" เมื่อ {thai_datetime(at)}" if at else "")  # type: ignore[arg-type]
        if label:
            version += f"; {label}"
        is_manifest = False
    return DocumentControl(document_number(kind, scope.enterprise_code, year, scope.division_code, version),
                           version, is_manifest, criteria_version, sign_off=sign_off or SignOff())


def line_assessments(session: Session, actor: Actor, *, enterprise_id: int, year: int, method: str | None,
                     claim_mode: str | None) -> list[tuple[str, Assessment]]:
    """Each line of business scored on its own (the heat map's columns)."""
    lines = lines_of(list_units(session, actor, enterprise_id))[:MAX_HEAT_LINES]
    return [(u.name_th, score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=u.id,
                                         method=method, claim_mode=claim_mode, reuse=True)) for u in lines]


@dataclass(frozen=True)
class ReadinessDocument:
    filename: str
    data: bytes
    score: float | None
    number: str = ""
    pdf: bytes | None = None  # LibreOffice's PDF, with page numbers in the table of contents


def make_readiness_report(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    division_id: int | None = None,
    method: str | None = None,
    claim_mode: str | None = None,
    target_level: float | None = None,
    made_on: date | None = None,
    made_by: str | None = None,
    options: ReportOptions | None = None,
    manifest: str | None = None,
    sign_off: SignOff | None = None,
    with_pdf: bool = False,
    heat_map: bool = True,
    progress: Progress = _quiet,
) -> ReadinessDocument:
    scope = report_scope(session, actor, enterprise_id=enterprise_id, division_id=division_id)
    progress(0.05, "กำลังคำนวณระดับตามเกณฑ์")
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=division_id,
                                  method=method, claim_mode=claim_mode, reuse=True)
    criteria = resolve_criteria(session, assessment.criteria_version)
    by_division: list[tuple[str, Assessment]] = []
    if heat_map and division_id is None:
        progress(0.2, "กำลังคำนวณระดับรายสายงานสำหรับแผนที่ความร้อน")
        by_division = line_assessments(session, actor, enterprise_id=enterprise_id, year=year, method=method,
                                       claim_mode=claim_mode)
    progress(0.4, "กำลังจัดทำเอกสาร Word")
    control = document_control(session, "readiness", scope, year, assessment.criteria_version, manifest=manifest,
                               sign_off=sign_off, label=version_label(session, enterprise_id, year))
    meta = ReportMeta(made_on=made_on or bangkok_today(), made_by=made_by or author(actor), target_level=target_level,
                      targets=topic_targets(session, actor, enterprise_id=enterprise_id, year=year), control=control,
                      sign_off=control.sign_off, by_division=by_division, options=options or ReportOptions(),
                      version_label=version_label(session, enterprise_id, year),
                      year_on_year=_years(session, actor, enterprise_id, year) if division_id is None else None)
    plan = readiness_plan(assessment, criteria, meta)
    stem = file_stem("readiness", scope, year)
    pdf = None
    if with_pdf:
        progress(0.6, "กำลังแปลงเป็น PDF และใส่เลขหน้าในสารบัญ")
        with tempfile.TemporaryDirectory(prefix="scm-pdf-") as tmp:
            rendered = render_with_toc_pages(plan, meta.options, Path(tmp), stem)
            data, pdf = rendered.docx, rendered.pdf.read_bytes()
    else:
        data = render(plan, options=meta.options)
    progress(1.0, "จัดทำรายงานเสร็จแล้ว")
    return ReadinessDocument(f"{stem}.docx", data, assessment.score, control.number, pdf)


def _years(session: Session, actor: Actor, enterprise_id: int, year: int) -> YearOnYear | None:
    """Last year beside this year for annex จ; None in an enterprise's first year."""
    return compare_years(session, actor, enterprise_id=enterprise_id, year=year) \
        if earlier_year_of(session, enterprise_id, year) is not None else None


@dataclass(frozen=True)
class EvidencePack:
    docx_path: Path
    zip_path: Path
    files: int  # evidence files in the zip, each stored once
    missing: int
    bytes_in_files: int
    number: str = ""
    registers: int = 0  # register workbooks (one per sub-topic whose rules read registers)
    pdf_path: Path | None = None


def write_atomically(path: Path, data: bytes) -> None:
    """`path.write_bytes(data)`, but all or nothing."""
    with atomic_file(path) as part:
        part.write_bytes(data)


def make_evidence_pack(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    target: Path,
    source: FileSource,
    division_id: int | None = None,
    method: str | None = None,
    claim_mode: str | None = None,
    made_on: date | None = None,
    made_by: str | None = None,
    unmasked: bool = False,
    options: ReportOptions | None = None,
    manifest: str | None = None,
    with_pdf: bool = False,
    progress: Progress = _quiet,
) -> EvidencePack:
    """Write the pack's .zip to `target` and its .docx beside it (same name); when `target` is a folder,
    as `evidence-pack-<enterprise>-<year>[-<line>].zip` inside it. Personal data is masked unless
    `unmasked` is asked by a signed-in user whose role may see it (audited as `export:personal`)."""
    if unmasked and (actor.username == SYSTEM.username or not actor.sees_contacts):
        raise PermissionDenied("ชุดหลักฐานแบบไม่ปิดบังข้อมูลส่วนบุคคลต้องจัดทำในนามผู้ใช้ที่มีสิทธิ์เห็นข้อมูลส่วนบุคคล "
                               "(ผู้ดูแลระบบ ฝ่ายแผน หรือเจ้าหน้าที่สายงาน)", field="unmasked")
    scope = report_scope(session, actor, enterprise_id=enterprise_id, division_id=division_id)
    progress(0.02, "กำลังคำนวณระดับตามเกณฑ์")
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=division_id,
                                  method=method, claim_mode=claim_mode, reuse=True)
    progress(0.1, "กำลังรวบรวมข้อมูล การอนุมัติ และไฟล์หลักฐานของแต่ละรายการ")
    refs = {item.id: item.evidence for sub in assessment.subtopics() for item in sub.items}
    evidence = gather_evidence(session, actor, enterprise_id=enterprise_id, refs_by_item=refs, unmasked=unmasked)
    layout = pack_layout(assessment, evidence, available=source.exists)
    progress(0.15, "กำลังเขียนข้อมูลทะเบียนรายหัวข้อย่อยเป็น Excel")
    workbooks: list[tuple[str, bytes]] = []
    register_paths: dict[str, str] = {}
    criteria = resolve_criteria(session, assessment.criteria_version)
    for sub in assessment.subtopics():
        reads = subtopic_rule_rows(session, actor, enterprise_id=enterprise_id, year=year, criteria=criteria,
                                   subtopic_code=sub.code, division_id=division_id, masked=not unmasked)
        if reads:  # exactly the rows each rule of the sub-topic read (issue 15 §2)
            register_paths[sub.code] = register_path(sub.code)
            workbooks.append((register_paths[sub.code], register_workbook(
                reads, heading=f"ข้อมูลทะเบียนที่กฎของหัวข้อย่อย {sub.code} {sub.name_th} อ่าน ปี {year}")))
    progress(0.2, "กำลังจัดทำเอกสาร Word")
    control = document_control(session, "evidence-pack", scope, year, assessment.criteria_version, manifest=manifest,
                               label=version_label(session, enterprise_id, year))
    meta = ReportMeta(made_on=made_on or bangkok_today(), made_by=made_by or author(actor), control=control,
                      options=options or ReportOptions(), unmasked=unmasked,
                      version_label=version_label(session, enterprise_id, year))
    zip_path = target / f"{file_stem('evidence-pack', scope, year)}.zip" if target.is_dir() else target
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    docx_path = zip_path.with_suffix(".docx")
    pdf_path = None
    if with_pdf:
        progress(0.25, "กำลังแปลงเป็น PDF และใส่เลขหน้าในสารบัญ")
        plan = evidence_pack_plan(assessment, evidence, layout, meta, register_paths)
        rendered = render_with_toc_pages(plan, meta.options, zip_path.parent / "pdf", zip_path.stem)
        docx = rendered.docx
        pdf_path = zip_path.with_suffix(".pdf")
        rendered.pdf.replace(pdf_path)
        workbooks.append((pdf_path.name, pdf_path.read_bytes()))
    else:
        docx = build_evidence_pack_docx(assessment, evidence, layout, meta, register_paths)

    def zipped(done: int, total: int) -> None:
        progress(0.3 + 0.7 * done / max(total, 1), f"กำลังรวมไฟล์หลักฐานลงไฟล์ .zip ({done:,}/{total:,})")

    progress(0.3, "กำลังรวมไฟล์หลักฐานลงไฟล์ .zip")
    with atomic_file(zip_path) as zip_part, atomic_file(docx_path) as docx_part:
        write_evidence_zip(zip_part, docx_name=docx_path.name, docx=docx, layout=layout, source=source,
                           extras=workbooks, progress=zipped)
        docx_part.write_bytes(docx)
    what = "ชุดหลักฐานสำหรับผู้ประเมิน" + (" (ไม่ปิดบังข้อมูลส่วนบุคคล)" if unmasked else " (ปิดบังข้อมูลส่วนบุคคล)")
    record_export(session, actor, what, enterprise_id=enterprise_id, rows=len(layout.entries), personal=unmasked)
    progress(1.0, "จัดทำชุดหลักฐานเสร็จแล้ว")
    return EvidencePack(docx_path, zip_path, len(layout.entries), len(layout.missing), layout.total_bytes,
                        control.number, len(register_paths), pdf_path)


# Job kinds (issue 17): the portal's reports page enqueues these; `evidence.jobs` runs them.
PDF_TYPE = "application/pdf"


def _options(params: dict) -> ReportOptions:  # type: ignore[type-arg]
    return ReportOptions(**params.get("options", {}))


def readiness_job(session: Session, actor: Actor, run: "JobRun") -> dict:  # type: ignore[type-arg]
    """The readiness report as a job: the .docx (and the .pdf when asked) as result files."""
    p = run.params
    document = make_readiness_report(
        session, actor, enterprise_id=int(p["enterprise_id"]), year=int(p["year"]), division_id=p.get("division_id"),
        method=p.get("method"), claim_mode=p.get("claim_mode"), target_level=p.get("target_level"),
        options=_options(p), with_pdf=bool(p.get("with_pdf")), progress=run.progress,
    )
    run.write(document.filename, DOCX_TYPE, document.data)
    if document.pdf:
        run.write(Path(document.filename).with_suffix(".pdf").name, PDF_TYPE, document.pdf)
    return {"score": document.score, "number": document.number, "docx": document.filename}


def evidence_pack_job(session: Session, actor: Actor, run: "JobRun") -> dict:  # type: ignore[type-arg]
    """The evidence pack as a job: the .zip, its .docx (and .pdf) as result files, written under
    temporary names and renamed (a killed worker leaves no half pack)."""
    from evidence.jobs.store import job_folder
    from reports.file_source import store_source

    p = run.params
    with tempfile.TemporaryDirectory(prefix="scm-pack-", dir=_parent(job_folder(run.job_id))) as tmp:
        pack = make_evidence_pack(
            session, actor, enterprise_id=int(p["enterprise_id"]), year=int(p["year"]), target=Path(tmp),
            source=store_source(), division_id=p.get("division_id"), method=p.get("method"),
            claim_mode=p.get("claim_mode"), unmasked=bool(p.get("unmasked")), options=_options(p),
            with_pdf=bool(p.get("with_pdf")), progress=run.progress,
        )
        for path, media in ((pack.zip_path, "application/zip"), (pack.docx_path, DOCX_TYPE), (pack.pdf_path, PDF_TYPE)):
            if path is not None:
                with run.output(path.name, media) as part:
                    os.replace(path, part)
    return {"files": pack.files, "missing": pack.missing, "number": pack.number, "zip": pack.zip_path.name,
            "docx": pack.docx_path.name, "pdf": pack.pdf_path.name if pack.pdf_path else "",
            "unmasked": bool(p.get("unmasked"))}


def _parent(folder: Path) -> Path:
    """The job's folder (made now): the pack is built beside its final place, so the rename is atomic."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder
