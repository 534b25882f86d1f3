"""The one job interface (issue 17 item 1) on the embedded backend: jobs run inline or on a thread of
the portal process, record their state and progress in the `job` table and leave their result files
whole (temporary name, then rename); only the user who asked sees a job."""

import io
import time
import zipfile
from datetime import timedelta

import docx
import pytest
from sqlalchemy import inspect
from sqlmodel import Session, select

from evidence import db
from evidence.access import Actor, actor_for
from evidence.jobs import enqueue, resume_interrupted, runner_name, status
from evidence.jobs.runner import JobRun
from evidence.jobs.store import job_folder, purge_expired
from evidence.models.base import utcnow
from evidence.models.jobs import Job, JobState
from evidence.services.users import find_user
from tests.conftest import PG_URL


def user(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def wait_done(actor: Actor, job_id: int, seconds: float = 60):  # noqa: ANN201
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = status(actor, job_id)
        if job is not None and job.done:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end within {seconds} s: {status(actor, job_id)}")


def test_a_readiness_job_stores_the_word_report_as_its_result_file(session, demo):
    planner = user(session, "planner")
    job = enqueue("readiness", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="inline")
    assert (job.state, job.attempts, job.progress, job.message) == (JobState.SUCCEEDED, 1, 1.0, "เสร็จแล้ว")
    assert [f.name for f in job.files] == ["readiness-DEMO-2569.docx"]
    text = "\n".join(p.text for p in docx.Document(str(job.path("readiness-DEMO-2569.docx"))).paragraphs)
    assert job.summary["number"] in text and job.summary["number"].startswith("SCM-DEMO-2569-RR-")
    assert 0 < job.summary["score"] <= 5
    assert not [p for p in job_folder(job.id).iterdir() if p.name.startswith(".")]  # no temporary file left


def test_on_sqlite_the_default_runner_is_a_thread_of_the_portal_and_the_page_can_follow_it(session, demo, monkeypatch):
    monkeypatch.setenv("SCM_JOB_RUNNER", "auto")
    db.get_settings.cache_clear()
    expected = "queue" if PG_URL else "thread"
    assert runner_name() == expected
    planner = user(session, "planner")
    job = enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="thread")
    assert job.state in (JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED)
    done = wait_done(planner, job.id)
    assert done.state == JobState.SUCCEEDED and done.summary == {"file": "scm-DEMO-2569.xlsx"}
    with zipfile.ZipFile(done.path("scm-DEMO-2569.xlsx")) as book:
        assert "xl/workbook.xml" in book.namelist()


def test_only_the_user_who_asked_sees_a_job_and_its_files(session, demo):
    planner, executive = user(session, "planner"), user(session, "executive")
    job = enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="inline")
    assert status(planner, job.id) is not None
    assert status(executive, job.id) is None


def test_a_refused_job_ends_failed_with_the_thai_message_and_no_result(session, demo):
    planner = user(session, "planner")
    job = enqueue("import", planner, enterprise_id=demo, year=2569, inputs={"upload": b"just some text"},
                  params={"filename": "notes.xlsx", "enterprise_id": demo, "year": 2569, "dry_run": True},
                  runner="inline")
    assert job.state == JobState.FAILED and job.files == ()
    assert job.error == "ไฟล์ 'notes.xlsx' ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่นำเข้าได้"


def test_a_backup_job_writes_the_enterprise_zip_for_an_administrator(session, demo):
    admin = user(session, "admin")
    job = enqueue("backup", admin, enterprise_id=demo, params={"enterprise_id": demo}, runner="inline")
    assert job.state == JobState.SUCCEEDED, job.error
    with zipfile.ZipFile(io.BytesIO(job.path("backup-DEMO.zip").read_bytes())) as archive:
        assert "manifest.json" in archive.namelist()
        assert "tables/job.jsonl" not in archive.namelist()  # jobs are the portal's working state, not its data


def test_a_retention_job_lists_personal_data_past_its_date_without_removing_it(session, demo):
    admin = user(session, "admin")
    job = enqueue("pdpa_retention", admin, params={"today": "2600-01-01"}, runner="inline")
    assert job.state == JobState.SUCCEEDED and job.summary["applied"] is False
    assert job.summary["records"] == sum(job.summary["by_table"].values()) > 0


def test_a_result_file_appears_only_whole_under_its_name(engine, tmp_path):
    run = JobRun(job_id=999_001, kind="export", params={})
    with pytest.raises(RuntimeError), run.output("half.xlsx", "x") as part:
        part.write_bytes(b"PK half")
        raise RuntimeError("killed mid-write")
    assert not (job_folder(999_001) / "half.xlsx").exists() and run.files == []
    run.write("whole.xlsx", "x", b"PK whole")
    assert (job_folder(999_001) / "whole.xlsx").read_bytes() == b"PK whole"
    assert [(f.name, f.size) for f in run.files] == [("whole.xlsx", 8)]


def test_a_thread_job_left_running_by_a_stopped_portal_is_started_again(session, demo):
    planner = user(session, "planner")
    orphan = Job(kind="export", username="planner", for_enterprise_id=demo, year=2569, runner="thread",
                 state=JobState.RUNNING, attempts=1, params={"enterprise_id": demo, "year": 2569})
    session.add(orphan)
    session.commit()
    assert resume_interrupted() == [orphan.id]
    done = wait_done(planner, orphan.id or 0)
    assert (done.state, done.attempts) == (JobState.SUCCEEDED, 2)


def test_result_files_are_removed_after_the_hours_kept(session, demo):
    planner = user(session, "planner")
    job = enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="inline")
    assert purge_expired(session, now=utcnow() + timedelta(hours=23)) == 0
    assert purge_expired(session, now=utcnow() + timedelta(hours=25)) == 1
    session.commit()
    gone = status(planner, job.id)
    assert gone.path("scm-DEMO-2569.xlsx") is None and not job_folder(job.id).exists()


def test_migration_0004_makes_the_job_table_and_the_queue_only_on_postgresql(engine):
    tables = set(inspect(engine).get_table_names())
    assert "job" in tables
    assert ("procrastinate_jobs" in tables) is bool(PG_URL)


def test_migration_0004_goes_down_and_up_again_on_sqlite(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    db.upgrade(engine)
    db.upgrade(engine)  # idempotent
    from alembic import command

    command.downgrade(db.alembic_config(engine), "0004_evidence_summary")
    assert "job" not in inspect(engine).get_table_names()
    db.upgrade(engine)
    with Session(engine) as s:
        assert s.exec(select(Job)).all() == []


def test_an_unmasked_pack_is_removed_once_the_session_time_has_passed(session, demo):
    planner = user(session, "planner")
    job = enqueue("evidence_pack", planner, enterprise_id=demo, year=2569, runner="inline",
                  params={"enterprise_id": demo, "year": 2569, "unmasked": True})
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.path("evidence-pack-DEMO-2569.zip") is not None
    assert purge_expired(session, now=utcnow() + timedelta(minutes=59)) == 0
    assert purge_expired(session, now=utcnow() + timedelta(minutes=61)) == 1
    session.commit()
    assert status(planner, job.id).path("evidence-pack-DEMO-2569.zip") is None
