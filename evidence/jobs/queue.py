"""The PostgreSQL queue: procrastinate (no broker besides the database the portal already uses).

One procrastinate task, `scm.run_job(job_id)`, runs a row of the `job` table through
`evidence.jobs.runner.execute`. The worker (`scm-portal worker`) also runs, periodically, the retry of
stalled jobs (a job whose worker stopped sending heartbeats — killed, or its machine restarted — is run
again: the job survives a worker or replica restart) and the daily e-mail digest. procrastinate's tables
are made by Alembic migration 0004 (`scm-portal db upgrade`).
"""

import asyncio
import threading
from functools import lru_cache

import procrastinate
from procrastinate import RetryStrategy

from evidence.observability import get_logger
from evidence.settings import get_settings

TASK = "scm.run_job"
QUEUE = "scm"


def conninfo(url: str) -> str:
    """libpq connection string from the SQLAlchemy URL (`postgresql+psycopg://…` → `postgresql://…`)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@lru_cache(maxsize=2)
def queue_app(url: str | None = None) -> procrastinate.App:
    settings = get_settings()
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(url or settings.resolved_database_url),
                                               min_size=1, max_size=max(2, settings.db_pool_size))
    app = procrastinate.App(connector=connector)
    _register(app)
    return app


def _register(app: procrastinate.App) -> None:
    # a fault is retried by execute() raising while attempts remain; the strategy spaces the runs
    @app.task(name=TASK, queue=QUEUE, retry=RetryStrategy(max_attempts=3, wait=5), pass_context=False)
    def run_job(job_id: int) -> str:
        from evidence.jobs.runner import execute

        return execute(job_id, retry_faults=True)

    @app.periodic(cron="* * * * *", periodic_id="retry-stalled")
    @app.task(name="scm.retry_stalled", queue=QUEUE, queueing_lock="scm.retry_stalled", pass_context=False)
    async def retry_stalled(timestamp: int) -> int:
        await asyncio.to_thread(_purge)  # result files past their time go, whoever enqueues next
        return await retry_stalled_jobs(app)

    @app.periodic(cron="0 0 * * *", periodic_id="daily-digest")  # 00:00 UTC = 07:00 Bangkok
    @app.task(name="scm.daily_digest", queue=QUEUE, queueing_lock="scm.daily_digest", pass_context=False)
    def daily_digest(timestamp: int) -> str:
        from evidence.access import SYSTEM
        from evidence.jobs import enqueue

        job = enqueue("digest", SYSTEM, runner="inline")
        return job.state


def _purge() -> int:
    from evidence.db import session_scope
    from evidence.jobs.store import purge_expired

    with session_scope() as session:
        return purge_expired(session)


async def retry_stalled_jobs(app: procrastinate.App) -> int:
    """Run again every job whose worker sent no heartbeat for SCM_WORKER_STALLED_SECONDS; drop those workers."""
    seconds = get_settings().worker_stalled_seconds
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds))
    for job in stalled:
        await app.job_manager.retry_job(job)
    await app.job_manager.prune_stalled_workers(seconds_since_heartbeat=seconds)
    if stalled:
        get_logger("scm.worker").warning("stalled_jobs_retried", jobs=[j.id for j in stalled])
    return len(stalled)


_open_lock = threading.Lock()


@lru_cache(maxsize=2)
def _deferring_app(url: str) -> procrastinate.App:
    """The queue opened for deferring from a portal process (a small synchronous pool, opened once)."""
    with _open_lock:
        return queue_app(url).open()


def defer(job_id: int) -> int:
    """Put job `job_id` on the queue; returns procrastinate's job id."""
    app = _deferring_app(get_settings().resolved_database_url)
    return int(app.tasks[TASK].defer(job_id=job_id))


def run_worker(*, concurrency: int | None = None, name: str | None = None) -> None:
    """Run the worker in the foreground until SIGINT/SIGTERM (it finishes the jobs in hand first)."""
    settings = get_settings()
    app = queue_app()

    async def main() -> None:
        async with app.open_async():
            await retry_stalled_jobs(app)  # a job left by a killed worker starts again at once
            await app.run_worker_async(
                queues=[QUEUE], concurrency=concurrency or settings.worker_concurrency, name=name,
                update_heartbeat_interval=settings.worker_heartbeat_seconds,
                stalled_worker_timeout=settings.worker_stalled_seconds,
                delete_jobs="successful",
            )

    asyncio.run(main())
