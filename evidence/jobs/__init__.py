"""One job interface for every backend (issue 17 item 1): `enqueue()` a kind with its parameters,
`status()` / `latest()` to follow it, and its result files through the returned `JobView`.

Where a job runs is the setting `SCM_JOB_RUNNER`:
- `queue` (the default on PostgreSQL): procrastinate's queue, run by `scm-portal worker` processes; a
  job survives a page reload, a replica restart and a killed worker (it is run again).
- `thread` (the default on SQLite, the embedded portal): a thread of the portal process; a job left
  unfinished by a restart is started again when the portal starts (`resume_interrupted`).
- `inline`: in the caller, before `enqueue` returns (the CLI's periodic digest, and tests).
"""

from sqlmodel import col, select

from evidence.access import Actor
from evidence.db import get_engine, session_scope
from evidence.jobs.inputs import PARAM as INPUTS_PARAM
from evidence.jobs.inputs import stage_inputs
from evidence.jobs.runner import KINDS, execute, require_kind, run_in_thread, running_here
from evidence.jobs.store import (
    JobView,
    create,
    job_of,
    latest,
    purge_expired,
    remove_file,
    view,
)
from evidence.models.base import utcnow
from evidence.models.jobs import Job, JobState
from evidence.observability import get_logger
from evidence.settings import get_settings

__all__ = ["KINDS", "JobView", "enqueue", "latest", "latest_of", "remove_file", "resume_interrupted", "runner_name", "status"]


def runner_name() -> str:
    """The runner this process uses: SCM_JOB_RUNNER, where `auto` is `queue` on PostgreSQL, `thread` otherwise."""
    chosen = get_settings().job_runner.strip().lower()
    if chosen in ("queue", "thread", "inline"):
        return chosen
    return "queue" if get_engine().dialect.name == "postgresql" else "thread"


def enqueue(kind: str, actor: Actor, *, enterprise_id: int | None = None, year: int | None = None,
            params: dict | None = None, runner: str | None = None,  # type: ignore[type-arg]
            inputs: dict[str, bytes] | None = None) -> JobView:
    """Record a job of `kind` asked by `actor` and hand it to the runner; returns its first state.
    `inputs` (e.g. an uploaded workbook) are written beside the job's results before it can start."""
    require_kind(kind)
    runner = runner or runner_name()
    with session_scope() as session:
        purge_expired(session)
        job = create(session, kind=kind, actor=actor, enterprise_id=enterprise_id, year=year,
                     params=params or {}, runner=runner)
        job_id = job.id or 0
        if inputs:  # on an object store uploaded there, so a worker on any host reads them
            job.params = {**job.params, INPUTS_PARAM: stage_inputs(job_id, inputs)}
            session.add(job)
    get_logger("scm.job").info("job_enqueued", job=job_id, kind=kind, user=actor.username, enterprise=enterprise_id,
                               runner=runner)
    if runner == "queue":
        from evidence.jobs.queue import defer

        try:
            queue_id = defer(job_id)
        except Exception as exc:
            from evidence.failures import describe_failure

            _, message = describe_failure(exc)
            _set(job_id, state=JobState.FAILED, error=f"ส่งงานเข้าคิวไม่ได้: {message}", finished_at=utcnow())
        else:
            _set(job_id, queue_job_id=queue_id)
    elif runner == "thread":
        run_in_thread(job_id)
    else:
        execute(job_id)
    return _view(job_id)


def _set(job_id: int, **values: object) -> None:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is not None:
            for key, value in values.items():
                setattr(job, key, value)
            session.add(job)


def _view(job_id: int) -> JobView:
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return view(job)


def status(actor: Actor, job_id: int) -> JobView | None:
    """The job as it stands now, if `actor` asked for it."""
    with session_scope() as session:
        return job_of(session, actor, job_id)


def latest_of(actor: Actor, kinds: tuple[str, ...], *, enterprise_id: int | None = None,
              year: int | None = None) -> JobView | None:
    with session_scope() as session:
        return latest(session, actor, kinds, enterprise_id=enterprise_id, year=year)


def resume_interrupted() -> list[int]:
    """Start again, on threads of this process, the thread-run jobs a stopped portal left queued or
    running (the embedded deployment has one portal process, so none of them is running elsewhere)."""
    here = running_here()
    with session_scope() as session:
        ids = [j for j in session.exec(select(Job.id).where(
            Job.runner == "thread", col(Job.state).in_((JobState.QUEUED, JobState.RUNNING)))).all()
            if j is not None and j not in here]
        for job_id in ids:
            job = session.get(Job, job_id)
            if job is not None:
                job.state, job.message = JobState.QUEUED, "เริ่มใหม่หลังพอร์ทัลเริ่มทำงานใหม่"
                session.add(job)
    for job_id in ids:
        run_in_thread(job_id)
    return ids
