"""Job kinds of the evidence layer: the year's workbook export, a large import, a backup, PDPA
retention and the daily e-mail digest. Each takes the job's parameters, reports progress, writes its
result files through `run.output` and returns a small summary (shown by the page)."""

from datetime import date

from sqlmodel import Session

from evidence.access import Actor
from evidence.backup import backup_enterprise
from evidence.excel.exporter import export_workbook_to
from evidence.excel.importer import ImportReport, SheetResult, import_file
from evidence.excel.rows import RowProblem
from evidence.jobs.inputs import input_path
from evidence.jobs.runner import JobError, JobRun
from evidence.models.org import Enterprise
from evidence.notify import enabled, send_digest
from evidence.pdpa.retention import run_retention

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = "upload"  # the file a user handed to an import job, kept beside its results until the job ends


def export_job(session: Session, actor: Actor, run: JobRun) -> dict:  # type: ignore[type-arg]
    """Every record of the year the user may read, as the import workbook, streamed from the database
    straight into the job's result file (constant memory: the workbook is never held as bytes)."""
    enterprise_id, year = int(run.params["enterprise_id"]), int(run.params["year"])
    enterprise = session.get(Enterprise, enterprise_id)
    name = f"scm-{enterprise.code if enterprise else enterprise_id}-{year}.xlsx"
    run.progress(0.05, f"กำลังอ่านข้อมูลปี {year}")
    with run.output(name, XLSX) as part:
        export_workbook_to(part, session, actor, enterprise_id=enterprise_id, year=year,
                                  progress=lambda share, sheet: run.progress(
                                      0.05 + 0.9 * share, f"กำลังเขียนแผ่นงาน {sheet}"))
    return {"file": name}


def import_job(session: Session, actor: Actor, run: JobRun) -> dict:  # type: ignore[type-arg]
    """Check (dry run) or store a workbook or CSV: all rows in one transaction or none."""
    try:
        data = input_path(run.job_id, run.params, UPLOAD).read_bytes()
    except FileNotFoundError as missing:
        raise JobError("ไม่พบไฟล์ที่อัปโหลดไว้สำหรับงานนี้แล้ว กรุณาอัปโหลดไฟล์ใหม่", field="file") from missing
    dry_run = bool(run.params.get("dry_run"))
    run.progress(0.1, "กำลังตรวจสอบไฟล์ทีละแถว" if dry_run else "กำลังนำเข้าข้อมูลทั้งไฟล์")
    report = import_file(session, actor, data=data, filename=str(run.params["filename"]),
                         enterprise_id=int(run.params["enterprise_id"]), year=int(run.params["year"]),
                         dry_run=dry_run, family_key=run.params.get("family_key"))
    return {"report": report_to_dict(report), "sha256": run.params.get("sha256", "")}


def report_to_dict(report: object) -> dict:  # type: ignore[type-arg]
    from dataclasses import asdict

    return asdict(report)  # type: ignore[call-overload, no-any-return]


def backup_job(session: Session, actor: Actor, run: JobRun) -> dict:  # type: ignore[type-arg]
    enterprise_id = int(run.params["enterprise_id"])
    run.progress(0.1, "กำลังสำรองข้อมูลและไฟล์หลักฐาน")
    data = backup_enterprise(session, actor, enterprise_id=enterprise_id)
    enterprise = session.get(Enterprise, enterprise_id)
    name = f"backup-{enterprise.code if enterprise else enterprise_id}.zip"
    run.write(name, "application/zip", data)
    return {"file": name, "bytes": len(data)}


def retention_job(session: Session, actor: Actor, run: JobRun) -> dict:  # type: ignore[type-arg]
    today = date.fromisoformat(run.params["today"]) if run.params.get("today") else None
    enterprise_id = run.params.get("enterprise_id")
    result = run_retention(session, actor, today=today, enterprise_id=int(enterprise_id) if enterprise_id else None,
                           apply=bool(run.params.get("apply")))
    return {"applied": result.applied, "records": len(result.items), "by_table": result.by_table(),
            "without_date": result.without_date, "today": result.today.isoformat()}


def digest_job(session: Session, _actor: Actor, run: JobRun) -> dict:  # type: ignore[type-arg]
    """The daily e-mail digest (requests due, approvals waiting: the reminders), one e-mail per user."""
    if not enabled():
        return {"sent": 0, "note": "ยังไม่ได้ตั้งค่าอีเมล (SCM_SMTP_HOST และ SCM_SMTP_SENDER) จึงไม่ได้ส่ง"}
    run.progress(0.1, "กำลังส่งอีเมลสรุปรายการประจำวัน")
    return {"sent": send_digest(session)}


def report_from_dict(data: dict) -> ImportReport:  # type: ignore[type-arg]
    """The import job's report back as the importer's value (what the page shows)."""
    return ImportReport(data["filename"], bool(data["dry_run"]), tuple(SheetResult(**s) for s in data["sheets"]),
                        tuple(RowProblem(**p) for p in data["problems"]), int(data["problem_count"]),
                        tuple(data.get("notices", ())))
