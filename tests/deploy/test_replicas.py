"""Two `scm-portal serve` replicas on one PostgreSQL database and one data folder, behind HAProxy with
sticky sessions (issue 17 item 3): a browser signs in on each; a change made on one replica (the
planner's new password) is seen at once on the other (its open session ends, the new password works)."""

import shutil
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PG_URL
from tests.deploy.support import ROOT, portal_env, start, stop, wait_port
from tests.s3_server import free_ports

pytestmark = [pytest.mark.browser]
CHROMIUM = "/usr/bin/chromium"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
NEW_PASSWORD = "replica-Test-2570"


def _needs() -> None:
    if not PG_URL:
        pytest.skip("replicas share one PostgreSQL database: set SCM_TEST_DATABASE_URL")
    if not Path(HAPROXY).exists():
        pytest.skip("haproxy is not installed (apt install haproxy)")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt install chromium)")
    pytest.importorskip("playwright", reason="the playwright package is not installed (pip install playwright)")


@pytest.fixture
def replicas(demo, tmp_path: Path):  # noqa: ANN201
    _needs()
    proxy, replica_a, replica_b = free_ports(3)  # SCM_TEST_PORTS on a shared machine, else the system's choice
    env = portal_env(STREAMLIT_SERVER_COOKIE_SECRET="same-secret-on-every-replica",
                     STREAMLIT_SERVER_HEADLESS="true", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
                     SCM_JOB_RUNNER="queue")
    processes = [start([str(Path(sys.executable).parent / "scm-portal"), "serve", "--port", str(port)],
                       tmp_path / f"replica-{name}.log", env)
                 for name, port in (("a", replica_a), ("b", replica_b))]
    proxy_env = env | {"SCM_PROXY_BIND": f"127.0.0.1:{proxy}", "SCM_REPLICA_A": f"127.0.0.1:{replica_a}",
                       "SCM_REPLICA_B": f"127.0.0.1:{replica_b}"}
    processes.append(start([HAPROXY, "-db", "-f", str(ROOT / "docs/deploy/haproxy.cfg")], tmp_path / "haproxy.log",
                           proxy_env))
    try:
        for port in (replica_a, replica_b, proxy):
            wait_port(port, 90)
        for replica in ("a", "b"):
            _wait_routed(f"http://127.0.0.1:{proxy}/_stcore/health", replica)
        yield f"http://127.0.0.1:{proxy}/"
    finally:
        for process in processes:
            stop(process)


def _wait_routed(url: str, replica: str, seconds: float = 60) -> None:
    """Until HAProxy's health check has the replica up and routes its sticky cookie to it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, headers={"Cookie": f"SCMSRV={replica}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.headers.get("X-SCM-Replica") == replica:
                    return
        except OSError:
            pass  # the replica is not up yet: ask again
        time.sleep(0.5)
    raise AssertionError(f"HAProxy does not route to replica {replica} after {seconds} s")


def _sign_in(browser, url: str, replica: str, password: str):  # noqa: ANN001, ANN202
    page = _try_sign_in(browser, url, replica, password)
    page.get_by_role("button", name="ออกจากระบบ").wait_for(timeout=60_000)
    return page


def _try_sign_in(browser, url: str, replica: str, password: str):  # noqa: ANN001, ANN202
    context = browser.new_context(locale="th-TH")
    context.add_cookies([{"name": "SCMSRV", "value": replica, "url": url}])  # pin this browser to one replica
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.headers.get("x-scm-replica") == replica
    page.get_by_label("ชื่อผู้ใช้").fill("planner")
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    return page


def test_a_change_on_one_replica_is_seen_on_the_other(replicas: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    from evidence.demo import DEMO_PASSWORD

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        on_a = _sign_in(browser, replicas, "a", DEMO_PASSWORD)
        on_b = _sign_in(browser, replicas, "b", DEMO_PASSWORD)
        on_a.screenshot(path=str(tmp_path / "replica-a-signed-in.png"))
        on_a.get_by_role("button", name="เปลี่ยนรหัสผ่าน").first.click()
        on_a.get_by_label("รหัสผ่านปัจจุบัน").fill(DEMO_PASSWORD)
        on_a.get_by_label("รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)").fill(NEW_PASSWORD)
        on_a.get_by_label("ยืนยันรหัสผ่านใหม่").fill(NEW_PASSWORD)
        on_a.get_by_test_id("stPopoverBody").get_by_role("button", name="เปลี่ยนรหัสผ่าน").click()
        on_a.get_by_text("เปลี่ยนรหัสผ่านแล้ว").wait_for(timeout=60_000)
        # replica b reads the account from the shared database on the open session's next run: it has ended
        on_b.get_by_role("link", name="รายงาน").click()
        on_b.get_by_label("ชื่อผู้ใช้").wait_for(timeout=60_000)
        # the run that ended the session may still be drawing: the old page's elements stay (faded) until
        # it finishes, so wait for the sign-out button to go rather than count it at once
        expect(on_b.get_by_role("button", name="ออกจากระบบ")).to_have_count(0, timeout=60_000)
        on_b.screenshot(path=str(tmp_path / "replica-b-session-ended.png"))
        refused = _try_sign_in(browser, replicas, "b", DEMO_PASSWORD)
        refused.get_by_text("ไม่ถูกต้อง", exact=False).first.wait_for(timeout=60_000)
        again = _sign_in(browser, replicas, "b", NEW_PASSWORD)
        expect(again.get_by_role("button", name="ออกจากระบบ")).to_have_count(1)
        expect(again.get_by_label("ชื่อผู้ใช้")).to_have_count(0, timeout=60_000)  # the sign-in form is gone
        again.screenshot(path=str(tmp_path / "replica-b-after-change.png"))
        browser.close()
