"""Processes the deployment tests start themselves: `scm-portal worker`, `scm-portal serve` replicas and
HAProxy, each on a port of its own, stopped (their process group only) when the test ends."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def portal_env(**extra: str) -> dict[str, str]:
    """The test's database and data folder (set by the `engine` fixture) for a child process."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "SCM_LOG_JSON": "true"}
    return env | extra


def start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    out = log.open("ab")
    return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)


def start_worker(log: Path, **extra: str) -> subprocess.Popen:  # type: ignore[type-arg]
    env = portal_env(SCM_WORKER_HEARTBEAT_SECONDS="1", SCM_WORKER_STALLED_SECONDS="3", **extra)
    return start([sys.executable, "-m", "portal.cli", "worker", "--concurrency", "1"], log, env)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 20) -> None:  # type: ignore[type-arg]
    """Signal the process group this test started (never anything else) and wait for it."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")
