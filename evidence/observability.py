"""Structured logs and Prometheus metrics (issue 17 item 6).

- Logs: structlog, one JSON object per line on stderr (`SCM_LOG_JSON=false` for plain console lines), with
  the request (a Streamlit script run or a job), the user, the enterprise and the duration bound as
  context. Personal data never goes into a log line: usernames and ids only.
- Metrics (prometheus-client, one registry per process): page renders, job durations and failures,
  database statement time. The worker serves them with `scm-portal worker --metrics-port N`; a portal
  process with `SCM_METRICS_PORT=N` (one port per replica: each process keeps its own counters).
"""

import logging
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import structlog
from prometheus_client import Counter, Histogram, start_http_server
from sqlalchemy import Engine, event

from evidence.settings import get_settings

PAGE_SECONDS = Histogram("scm_page_render_seconds", "Time to run one page script", ["page"],
                         buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))
PAGE_ERRORS = Counter("scm_page_errors_total", "Page runs that ended in an error", ["page"])
JOB_SECONDS = Histogram("scm_job_seconds", "Time a job ran, by kind and outcome", ["kind", "outcome"],
                        buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900))
JOB_FAILURES = Counter("scm_job_failures_total", "Jobs that failed, by kind", ["kind"])
DB_SECONDS = Histogram("scm_db_statement_seconds", "Time of one database statement", ["dialect"],
                       buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30))

_lock = threading.Lock()
_configured = False
_metrics_ports: set[int] = set()


def configure_logging() -> None:
    """Set structlog up once per process: JSON lines (or console lines) with ISO UTC timestamps."""
    global _configured
    with _lock:
        if _configured:
            return
        renderer: Any = (structlog.processors.JSONRenderer(ensure_ascii=False) if get_settings().log_json
                         else structlog.dev.ConsoleRenderer(colors=False))
        structlog.configure(
            processors=[structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
                        structlog.processors.TimeStamper(fmt="iso", utc=True),
                        structlog.processors.format_exc_info, renderer],
            wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
            logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
            cache_logger_on_first_use=False,  # structlog.testing.capture_logs sees every line
        )
        _configured = True


def get_logger(name: str = "scm") -> Any:
    configure_logging()
    return structlog.get_logger(name)


def start_metrics(port: int | None = None) -> int | None:
    """Serve this process's metrics on `port` (default SCM_METRICS_PORT; 0 or None = off), once."""
    port = get_settings().metrics_port if port is None else port
    if not port:
        return None
    with _lock:
        if port not in _metrics_ports:
            start_http_server(port, addr="127.0.0.1")
            _metrics_ports.add(port)
    return port


def instrument_engine(engine: Engine) -> None:
    """Observe the time of every statement on `engine` in `scm_db_statement_seconds`."""
    dialect = engine.dialect.name

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        conn.info.setdefault("scm_started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        started = conn.info.get("scm_started")
        if started:
            DB_SECONDS.labels(dialect).observe(time.perf_counter() - started.pop())


@contextmanager
def page_run(page: str, *, user: str | None, enterprise_id: int | None) -> Iterator[str]:
    """Time one page script run: a log line `page` with request id, user, enterprise and duration_ms,
    and an observation in `scm_page_render_seconds`; an exception is counted and logged, then re-raised."""
    request = uuid.uuid4().hex[:12]
    context = {"request": request, "user": user, "enterprise": enterprise_id, "page": page}
    log = get_logger("scm.page").bind(**context)
    started = time.perf_counter()
    with structlog.contextvars.bound_contextvars(**context):  # lines logged by the page's calls carry it too
        try:
            yield request
        except Exception:
            PAGE_ERRORS.labels(page).inc()
            log.exception("page_failed", duration_ms=round((time.perf_counter() - started) * 1000, 1))
            raise
        finally:
            elapsed = time.perf_counter() - started
            PAGE_SECONDS.labels(page).observe(elapsed)
        log.info("page", duration_ms=round(elapsed * 1000, 1))
