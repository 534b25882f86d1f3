"""The job rows and their result files: what every runner and every page reads and writes.

Result files live under `SCM_DATA_DIR/job-results/<job id>/` (a volume the replicas and the worker
share), each written to a temporary name and renamed, so a killed job never leaves a half file under
its real name. They are removed `SCM_JOB_RESULT_HOURS` after the job ended (`purge_expired`).
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from evidence.access import Actor
from evidence.models.base import utcnow
from evidence.models.jobs import JOB_STATE_TH, Job, JobState
from evidence.settings import get_settings

RESULTS = "job-results"


def results_root() -> Path:
    return get_settings().data_dir / RESULTS


def job_folder(job_id: int) -> Path:
    return results_root() / str(int(job_id))


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary name beside `path`, renamed to `path` when the block ends; removed on any failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part-{os.getpid()}")
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)


@dataclass(frozen=True)
class ResultFile:
    name: str
    media: str
    size: int


@dataclass(frozen=True)
class JobView:
    """What a page shows of a job (a plain value: safe to keep in `st.session_state`)."""

    id: int
    kind: str
    username: str
    enterprise_id: int | None
    year: int | None
    state: str
    progress: float
    message: str
    attempts: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    summary: dict = field(default_factory=dict)  # type: ignore[type-arg]
    files: tuple[ResultFile, ...] = ()
    params: dict = field(default_factory=dict)  # type: ignore[type-arg]

    @property
    def done(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)

    @property
    def state_th(self) -> str:
        return JOB_STATE_TH[JobState(self.state)]

    def path(self, name: str) -> Path | None:
        """The result file `name` on disk, or None when it was never made or is already removed."""
        if name not in {f.name for f in self.files}:
            return None
        path = job_folder(self.id) / name
        return path if path.is_file() else None


def view(job: Job) -> JobView:
    result = job.result or {}
    files = tuple(ResultFile(f["name"], f.get("media", ""), int(f.get("size", 0))) for f in result.get("files", []))
    return JobView(job.id or 0, job.kind, job.username, job.for_enterprise_id, job.year, job.state, job.progress,
                   job.message, job.attempts, job.error, job.created_at, job.finished_at,
                   dict(result.get("summary", {})), files, dict(job.params or {}))


def create(session: Session, *, kind: str, actor: Actor, enterprise_id: int | None, year: int | None,
           params: dict, runner: str) -> Job:  # type: ignore[type-arg]
    job = Job(kind=kind, username=actor.username, for_enterprise_id=enterprise_id, year=year, params=params,
              runner=runner, message="รอคิว")
    session.add(job)
    session.flush()
    return job


def job_of(session: Session, actor: Actor, job_id: int) -> JobView | None:
    """A job of `actor` (only the user who asked sees a job and its result files)."""
    job = session.get(Job, job_id)
    if job is None or job.username != actor.username:
        return None
    return view(job)


def latest(session: Session, actor: Actor, kinds: tuple[str, ...], *, enterprise_id: int | None = None,
           year: int | None = None) -> JobView | None:
    """The newest job of `actor` among `kinds` (for the enterprise and year when given): what a page
    shows again after a reload or on another replica."""
    query = select(Job).where(Job.username == actor.username, col(Job.kind).in_(kinds))
    if enterprise_id is not None:
        query = query.where(Job.for_enterprise_id == enterprise_id)
    if year is not None:
        query = query.where(Job.year == year)
    job = session.exec(query.order_by(col(Job.created_at).desc(), col(Job.id).desc()).limit(1)).first()
    return view(job) if job else None


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Remove the result files of jobs that ended more than SCM_JOB_RESULT_HOURS ago, and those holding
    unmasked personal data (an evidence pack asked unmasked) once SCM_SESSION_MINUTES have passed (PDPA:
    no copy outlives the session that made it); returns how many jobs lost their files."""
    settings = get_settings()
    now = now or utcnow()
    cutoff = now - timedelta(hours=settings.job_result_hours)
    personal_cutoff = now - timedelta(minutes=settings.session_minutes)
    removed = 0
    ended = session.exec(select(Job).where(col(Job.finished_at) < max(cutoff, personal_cutoff),
                                           col(Job.state) == JobState.SUCCEEDED)).all()
    for job in ended:
        expired = job.finished_at is not None and (job.finished_at < cutoff or bool((job.params or {}).get("unmasked")))
        if expired and (job.result or {}).get("files"):
            shutil.rmtree(job_folder(job.id or 0), ignore_errors=True)
            job.result = {**job.result, "files": [], "removed": True}
            session.add(job)
            removed += 1
    return removed


def remove_file(job: JobView, name: str) -> None:
    """Delete one result file (an evidence pack goes as soon as it is downloaded: personal data)."""
    path = job.path(name)
    if path is not None:
        path.unlink(missing_ok=True)
