"""The PostgreSQL job queue end to end (issue 17 item 1): a real `scm-portal worker` process runs a
report job enqueued by the reports page; the job is still shown after a page reload; a worker killed
mid-job is replaced and the job is run again to completion; `--health` says whether a worker is alive."""

import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.jobs import enqueue, status
from evidence.models.jobs import Job, JobState
from evidence.services.users import find_user
from evidence.settings import get_settings
from tests.conftest import PG_URL
from tests.deploy.support import ROOT, portal_env, start_worker, stop
from tests.portal.conftest import open_app

pytestmark = pytest.mark.skipif(not PG_URL, reason="the job queue needs PostgreSQL: set SCM_TEST_DATABASE_URL")

PAGE = "views/reports.py"


def user(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def wait_for(actor: Actor, job_id: int, states: tuple[str, ...], seconds: float = 90):  # noqa: ANN201
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = status(actor, job_id)
        if job is not None and job.state in states:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not in {states} after {seconds} s: {status(actor, job_id)}")


def health() -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run([sys.executable, "-m", "portal.cli", "worker", "--health"],
                          env=portal_env(SCM_WORKER_STALLED_SECONDS="3"), cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_page_enqueues_a_report_the_worker_makes_and_a_reload_still_shows(session, demo, monkeypatch, tmp_path):
    monkeypatch.setenv("SCM_JOB_RUNNER", "queue")
    get_settings.cache_clear()
    at = open_app("executive", PAGE)
    at.button(key="reports_make").click().run()
    assert not at.exception, at.exception
    job_id = at.session_state["reports_job"]
    assert any(c.value.startswith(f"งานหมายเลข {job_id} ") for c in at.caption)  # queued: no worker yet
    reloaded = open_app("executive", PAGE)
    assert reloaded.session_state["reports_job"] == job_id
    assert any(c.value.startswith(f"งานหมายเลข {job_id} ") for c in reloaded.caption)
    worker = start_worker(tmp_path / "worker.log")
    try:
        done = wait_for(user(session, "executive"), job_id, (JobState.SUCCEEDED, JobState.FAILED))
        assert done.state == JobState.SUCCEEDED, done.error
        assert done.path("readiness-DEMO-2569.docx").read_bytes()[:2] == b"PK"
        assert health().returncode == 0
        after = open_app("executive", PAGE)
        assert [s.value for s in after.success][0].startswith("รายงานพร้อมแล้ว")
        assert [b.proto.label for b in after.get("download_button")] == ["ดาวน์โหลดรายงาน (.docx)"]
    finally:
        stop(worker)
    assert '"event": "job_succeeded"' in (tmp_path / "worker.log").read_text()


def test_a_job_of_a_worker_killed_mid_job_is_run_again_by_the_next_worker(session, demo, tmp_path):
    planner = user(session, "planner")
    worker = start_worker(tmp_path / "first.log")
    try:
        job = enqueue("readiness", planner, enterprise_id=demo, year=2569, runner="queue",
                      params={"enterprise_id": demo, "year": 2569})
        wait_for(planner, job.id, (JobState.RUNNING,))
    finally:
        stop(worker, signal.SIGKILL)
    killed = status(planner, job.id)
    assert (killed.state, killed.attempts, killed.files) == (JobState.RUNNING, 1, ())
    time.sleep(3.5)  # the killed worker's heartbeat grows older than SCM_WORKER_STALLED_SECONDS
    assert health().returncode == 1
    second = start_worker(tmp_path / "second.log")
    try:
        done = wait_for(planner, job.id, (JobState.SUCCEEDED, JobState.FAILED))
    finally:
        stop(second)
    assert (done.state, done.attempts) == (JobState.SUCCEEDED, 2)
    assert [f.name for f in done.files] == ["readiness-DEMO-2569.docx"]
    assert not [p for p in done.path("readiness-DEMO-2569.docx").parent.iterdir() if p.name.startswith(".")]
    session.expire_all()
    assert session.get(Job, job.id).queue_job_id is not None
