"""Run one job, whichever runner carries it: the worker (PostgreSQL queue), a thread of the portal
process (SQLite), or the caller itself (inline: the CLI and tests).

A job kind is a handler `handler(session, actor, run) -> summary dict`, named in `KINDS` by import
path so that `evidence` never imports the packages above it at import time. The handler reads
`run.params`, reports `run.progress(share, message)`, and writes each result file through
`run.output(name, media)` (a temporary name, renamed when the block ends). Its session commits when the
handler returns and rolls back on any error: an import stores all its rows or none. On an object store
the result files are then uploaded and their local copies removed (`store.publish_results`).
"""

import importlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from sqlmodel import Session

from evidence.access import SYSTEM, Actor, actor_for
from evidence.db import session_scope
from evidence.errors import DomainError, NotFound
from evidence.failures import describe_failure
from evidence.jobs.inputs import PARAM as INPUTS
from evidence.jobs.inputs import drop_inputs
from evidence.jobs.store import ResultFile, atomic_file, job_folder, publish_results
from evidence.models.base import utcnow
from evidence.models.jobs import Job, JobState
from evidence.observability import JOB_FAILURES, JOB_SECONDS, get_logger
from evidence.services.users import find_user

KINDS: dict[str, str] = {
    "readiness": "reports.jobs:readiness_job",
    "evidence_pack": "reports.jobs:evidence_pack_job",
    "export": "evidence.jobs.builtin:export_job",
    "import": "evidence.jobs.builtin:import_job",
    "backup": "evidence.jobs.builtin:backup_job",
    "pdpa_retention": "evidence.jobs.builtin:retention_job",
    "digest": "evidence.jobs.builtin:digest_job",
}
MAX_ATTEMPTS = 3  # a fault (not a user's error) is tried again on the queue, up to this many runs
PROGRESS_EVERY = 0.3  # seconds between two progress writes

Handler = Callable[[Session, Actor, "JobRun"], dict]  # type: ignore[type-arg]


class JobError(DomainError):
    """A job that cannot run (unknown kind, a user gone): final, not tried again."""


def handler_for(kind: str) -> Handler:
    if kind not in KINDS:
        raise JobError(f"ไม่รู้จักงานประเภท {kind}", field="kind")
    module, name = KINDS[kind].split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


@dataclass
class JobRun:
    job_id: int
    kind: str
    params: dict  # type: ignore[type-arg]
    files: list[ResultFile] = field(default_factory=list)
    _last: float = 0.0

    def progress(self, share: float, message: str) -> None:
        """Write the share done and a Thai message to the job row (throttled; best effort: a busy
        database never fails the job for a progress line)."""
        now = time.monotonic()
        if share >= 1.0 or now - self._last < PROGRESS_EVERY:
            return  # "done" is written by the runner after the job's own transaction ended (SQLite: one writer)
        self._last = now
        try:
            with session_scope() as session:
                job = session.get(Job, self.job_id)
                if job is not None and job.state == JobState.RUNNING:
                    job.progress, job.message = min(max(share, 0.0), 0.99), message[:500]
                    session.add(job)
        except Exception:  # noqa: BLE001 — progress is advisory (e.g. SQLite's write lock held by the job itself)
            return

    @contextmanager
    def output(self, name: str, media: str) -> Iterator[Path]:
        """A path to write result file `name` to; it appears under its real name only when complete."""
        target = job_folder(self.job_id) / Path(name).name
        with atomic_file(target) as part:
            yield part
        self.files = [f for f in self.files if f.name != target.name]
        self.files.append(ResultFile(target.name, media, target.stat().st_size))

    def write(self, name: str, media: str, data: bytes) -> None:
        with self.output(name, media) as part:
            part.write_bytes(data)


def _actor(session: Session, username: str) -> Actor:
    if username == SYSTEM.username:
        return SYSTEM
    user = find_user(session, username)
    if user is None or not user.active:
        raise JobError(f"ไม่พบผู้ใช้ {username} ที่สั่งงานนี้ หรือบัญชีถูกปิดใช้งานแล้ว", field="username")
    return actor_for(session, user)


def _start(job_id: int) -> Job | None:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return None  # done already (a duplicate delivery) or removed
        job.state, job.attempts, job.started_at = JobState.RUNNING, job.attempts + 1, utcnow()
        job.progress, job.message, job.error = 0.0, "เริ่มทำงาน", ""
        session.add(job)
        session.flush()
        session.expunge(job)
        return job


def _finish(job_id: int, **values: Any) -> None:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        for key, value in values.items():
            setattr(job, key, value)
        session.add(job)


def execute(job_id: int, *, retry_faults: bool = False) -> str:
    """Run job `job_id` once and record the outcome; returns the state it ended in. With
    `retry_faults` (the queue) a fault that is no user's error is re-raised while attempts remain, so the
    queue runs it again; a domain error (a Thai message for the user) is final."""
    job = _start(job_id)
    if job is None:
        with session_scope() as session:
            found = session.get(Job, job_id)
            return found.state if found else "missing"
    log = get_logger("scm.job")
    started = time.perf_counter()
    run = JobRun(job_id, job.kind, dict(job.params or {}))
    with structlog.contextvars.bound_contextvars(request=f"job-{job_id}", job=job_id, kind=job.kind,
                                                 user=job.username, enterprise=job.for_enterprise_id):
        log.info("job_started", attempt=job.attempts)
        try:
            handler = handler_for(job.kind)
            with session_scope() as session:
                summary = handler(session, _actor(session, job.username), run)
            files = publish_results(job_id, run.files)  # on an object store: uploaded, nothing left on this disk
        except DomainError as exc:
            _outcome(job, started, "failed")
            drop_inputs(job_id, (job.params or {}).get(INPUTS))
            _finish(job_id, state=JobState.FAILED, error=exc.message, message="ไม่สำเร็จ", finished_at=utcnow())
            log.info("job_refused", error=exc.message)
            return JobState.FAILED
        except Exception as exc:
            _outcome(job, started, "fault")
            again = retry_faults and job.attempts < MAX_ATTEMPTS
            reference, message = describe_failure(exc)
            log.error("job_fault", reference=reference, again=again, exc_info=exc)
            if again:
                _finish(job_id, state=JobState.QUEUED, message=f"เกิดข้อขัดข้อง จะลองใหม่ (ครั้งที่ {job.attempts})")
                raise
            drop_inputs(job_id, (job.params or {}).get(INPUTS))
            _finish(job_id, state=JobState.FAILED, error=message, message="ไม่สำเร็จ", finished_at=utcnow())
            return JobState.FAILED
        _outcome(job, started, "succeeded")
        drop_inputs(job_id, (job.params or {}).get(INPUTS))
        _finish(job_id, state=JobState.SUCCEEDED, progress=1.0, message="เสร็จแล้ว", finished_at=utcnow(),
                result={"summary": summary or {}, "files": [f.__dict__ for f in files]})
        log.info("job_succeeded", duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return JobState.SUCCEEDED


def _outcome(job: Job, started: float, outcome: str) -> None:
    JOB_SECONDS.labels(job.kind, outcome).observe(time.perf_counter() - started)
    if outcome != "succeeded":
        JOB_FAILURES.labels(job.kind).inc()


_running: set[int] = set()
_running_lock = threading.Lock()


def run_in_thread(job_id: int) -> threading.Thread:
    """Run the job on a daemon thread of this process (the embedded SQLite deployment)."""

    def target() -> None:
        try:
            execute(job_id)
        finally:
            with _running_lock:
                _running.discard(job_id)

    with _running_lock:
        _running.add(job_id)
    thread = threading.Thread(target=target, name=f"scm-job-{job_id}", daemon=True)
    thread.start()
    return thread


def running_here() -> frozenset[int]:
    with _running_lock:
        return frozenset(_running)


def require_kind(kind: str) -> None:
    if kind not in KINDS:
        raise NotFound(f"ไม่รู้จักงานประเภท {kind}", field="kind")
