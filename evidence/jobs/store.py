"""The job rows and their result files: what every runner and every page reads and writes.

A job writes its result files under `SCM_DATA_DIR/job-results/<job id>/`, each to a temporary name
renamed when whole, so a killed job never leaves a half file under its real name. On the local disk
they stay there (the page serves them). On an object store (`SCM_STORAGE_URL=s3://…`) a finished job's
files are uploaded from disk (`publish_results`: multipart, streamed) under the store's `exports/`, the
local copies are deleted, and the job's file list records each object: any replica offers a fresh
pre-signed link (`file_url`), and no worker host needs a shared volume for results.

Results are removed `SCM_JOB_RESULT_HOURS` after the job ended, and those holding unmasked personal
data (an evidence pack asked unmasked) once `SCM_SESSION_MINUTES` have passed (`purge_expired`), on
disk and in the store alike. On the disk a pack also goes as soon as it is downloaded (`remove_file`);
a pre-signed link cannot tell when it was used, so in the store the purge is what removes it.
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
from evidence.filestore import default_storage
from evidence.models.base import utcnow
from evidence.models.jobs import JOB_STATE_TH, Job, JobState
from evidence.observability import get_logger
from evidence.s3store import S3Storage
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
    object: str = ""  # its object in the store once uploaded ("" while it is on the local disk)


def object_store() -> S3Storage | None:
    """The object store that holds job results, or None when files stay on the local disk."""
    store = default_storage()
    return store if isinstance(store, S3Storage) else None


def keep_seconds() -> int:
    """How long a published result may live at most (the store's sweep of `exports/` is the second net)."""
    settings = get_settings()
    return max(settings.job_result_hours * 3600, settings.session_minutes * 60)


def publish_results(job_id: int, files: list[ResultFile]) -> list[ResultFile]:
    """On an object store, upload each result file from disk and delete the local copy; returns the
    files with where each object is. On the local disk, the files as they are. All or nothing: when one
    upload fails, those already uploaded are deleted and the error goes up (the job is not done)."""
    store = object_store()
    if store is None or not files:
        return files
    folder, published = job_folder(job_id), []
    try:
        for file in files:
            name = store.publish(folder / file.name, keep_seconds=keep_seconds())
            published.append(ResultFile(file.name, file.media, file.size, name))
    except BaseException:
        for done in published:
            _delete_object(store, done.object)
        raise
    shutil.rmtree(folder, ignore_errors=True)  # nothing of the job stays on this host's disk
    return published


def _delete_object(store: S3Storage, name: str) -> bool:
    try:
        store.delete_export(name)
    except Exception as exc:  # noqa: BLE001 — a store that is down now: the next purge tries again
        get_logger("scm.job").warning("job_result_delete_failed", object=name, error=str(exc))
        return False
    return True


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

    def file(self, name: str) -> ResultFile | None:
        return next((f for f in self.files if f.name == name), None)

    def path(self, name: str) -> Path | None:
        """The result file `name` on disk, or None when it was never made, is already removed, or is in
        the object store (`file_url`)."""
        file = self.file(name)
        if file is None or file.object:
            return None
        path = job_folder(self.id) / name
        return path if path.is_file() else None

    def has(self, name: str) -> bool:
        """Whether result file `name` can still be downloaded (on disk, or recorded in the store)."""
        file = self.file(name)
        return file is not None and (bool(file.object) or self.path(name) is not None)


def file_url(job: JobView, name: str) -> str | None:
    """A fresh pre-signed URL of a result file in the object store (valid `SCM_S3_URL_SECONDS`, saved
    under its name, Thai or not), or None when it is on the local disk or gone."""
    file = job.file(name)
    store = object_store()
    if file is None or not file.object or store is None:
        return None
    return store.export_url(file.object, filename=file.name, media_type=file.media or "application/octet-stream")


def view(job: Job) -> JobView:
    result = job.result or {}
    files = tuple(ResultFile(f["name"], f.get("media", ""), int(f.get("size", 0)), str(f.get("object", "")))
                  for f in result.get("files", []))
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
        files = (job.result or {}).get("files") or []
        if not expired or not files:
            continue
        objects = [f["object"] for f in files if f.get("object")]
        store = object_store() if objects else None
        if objects and (store is None or not all([_delete_object(store, name) for name in objects])):
            continue  # the store is not reachable (or no longer configured): kept on the list, tried again
        shutil.rmtree(job_folder(job.id or 0), ignore_errors=True)
        job.result = {**job.result, "files": [], "removed": True}
        session.add(job)
        removed += 1
    return removed


def remove_file(job: JobView, name: str) -> None:
    """Delete one result file from the disk (an evidence pack goes as soon as it is downloaded: personal
    data). A file in the object store is left to `purge_expired`: its link cannot tell when it was used."""
    path = job.path(name)
    if path is not None:
        path.unlink(missing_ok=True)
