"""Structured logs and Prometheus metrics (issue 17 item 6)."""

import socket
import urllib.request

import pytest
import structlog
from prometheus_client import REGISTRY
from sqlalchemy import text

from evidence import db
from evidence.access import actor_for
from evidence.jobs import enqueue
from evidence.observability import configure_logging, page_run, start_metrics
from evidence.services.users import find_user


def free_port() -> int:
    """A port no one listens on now (the system's choice for port 0): never a fixed one, which another
    test run on the same machine may hold."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def _logging_configured() -> None:
    configure_logging()  # before capture_logs, which would otherwise be replaced by the first configuration


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_page_run_is_logged_with_request_user_enterprise_and_duration_and_timed():
    before = sample("scm_page_render_seconds_count", page="views/test.py")
    with structlog.testing.capture_logs() as logs, page_run("views/test.py", user="planner", enterprise_id=7):
        pass
    line = next(entry for entry in logs if entry["event"] == "page")
    assert (line["user"], line["enterprise"], line["page"]) == ("planner", 7, "views/test.py")
    assert len(line["request"]) == 12 and line["duration_ms"] >= 0
    assert sample("scm_page_render_seconds_count", page="views/test.py") == before + 1


def test_a_failing_page_run_is_counted_and_logged_with_the_error():
    before = sample("scm_page_errors_total", page="views/broken.py")
    with structlog.testing.capture_logs() as logs, pytest.raises(ZeroDivisionError), \
            page_run("views/broken.py", user="admin", enterprise_id=None):
        _ = 1 / 0
    assert sample("scm_page_errors_total", page="views/broken.py") == before + 1
    assert [e["event"] for e in logs] == ["page_failed"]


def test_jobs_and_database_statements_are_measured_and_served_on_the_metrics_port(session, demo):
    planner = actor_for(session, find_user(session, "planner"))
    ok_before = sample("scm_job_seconds_count", kind="export", outcome="succeeded")
    failed_before = sample("scm_job_failures_total", kind="import")
    enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
            runner="inline")
    enqueue("import", planner, enterprise_id=demo, year=2569, inputs={"upload": b"not a workbook"},
            params={"filename": "x.xlsx", "enterprise_id": demo, "year": 2569, "dry_run": True}, runner="inline")
    assert sample("scm_job_seconds_count", kind="export", outcome="succeeded") == ok_before + 1
    assert sample("scm_job_failures_total", kind="import") == failed_before + 1
    dialect = db.get_engine().dialect.name
    statements = sample("scm_db_statement_seconds_count", dialect=dialect)
    with db.get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))
    assert sample("scm_db_statement_seconds_count", dialect=dialect) == statements + 1
    port = free_port()
    assert start_metrics(port) == port
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    assert 'scm_job_seconds_count{kind="export",outcome="succeeded"}' in body
    assert "scm_db_statement_seconds_bucket" in body
