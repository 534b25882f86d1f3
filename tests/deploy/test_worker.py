"""The PostgreSQL job queue end to end (issue 17 item 1): a real `scm-portal worker` process runs a
report job enqueued by the reports page; the job is still shown after a page reload; a worker killed
mid-job is replaced and the job is run again to completion; `--health` says whether a worker is alive;
a worker with a data folder of its own (another host) puts its result in the object store, and the page
links to it there."""

import signal
import subprocess
import sys
import time
import urllib.request

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


def wait_dead(seconds: float = 60) -> None:
    """Until `--health` says no worker is alive (the killed one's heartbeat is older than the stalled time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if health().returncode == 1:
            return
        time.sleep(0.5)
    raise AssertionError(f"the health check still sees a live worker after {seconds} s")


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
    wait_dead()  # the killed worker's heartbeat grows older than SCM_WORKER_STALLED_SECONDS
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


def test_a_worker_on_another_host_puts_the_report_in_the_object_store_and_the_page_links_to_it(
        session, demo, s3_env, monkeypatch, tmp_path):
    monkeypatch.setenv("SCM_JOB_RUNNER", "queue")
    get_settings.cache_clear()
    executive = user(session, "executive")
    job = enqueue("readiness", executive, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569})
    worker_host = tmp_path / "worker-host"  # no volume shared with the portal
    worker = start_worker(tmp_path / "worker.log", SCM_DATA_DIR=str(worker_host))
    try:
        done = wait_for(executive, job.id, (JobState.SUCCEEDED, JobState.FAILED))
    finally:
        stop(worker)
    assert done.state == JobState.SUCCEEDED, done.error
    assert [bool(f.object) for f in done.files] == [True] and not (worker_host / "job-results" / str(job.id)).exists()
    page = open_app("executive", PAGE)
    assert [b.proto.label for b in page.get("download_button")] == []
    [link] = [e.proto for e in page.get("link_button")]
    assert link.label == "ดาวน์โหลดรายงาน (.docx)" and link.url.startswith(s3_env.endpoint)
    with urllib.request.urlopen(link.url, timeout=20) as answer:
        assert answer.read()[:2] == b"PK"
