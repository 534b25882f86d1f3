"""The real portal in headless Chromium for the browser tests (tests/portal/test_browser_*.py).

`live` starts `scm-portal serve --demo` once per test session on a free port with its own
SCM_DATA_DIR (SQLite), and Playwright drives Debian's /usr/bin/chromium (never a downloaded browser).
Without chromium or Playwright the tests skip with a reason that names the tool (a failure on CI,
tests/ci_tools.py)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "demo-scm-2569"
DEMO_ROLES = ("planner", "cs.staff", "executive", "assessor", "admin")
DOCS = Path(__file__).resolve().parents[2] / "docs"
START_TIMEOUT = 90
RUN_TIMEOUT = 60_000  # ms a page run may take on a loaded machine (the suite runs a worker per core beside it)
# The page's text as a person reads it: icon ligatures, scripts, styles and <noscript> left out; the
# placeholders of inputs are added (they show in an empty field).
PAGE_TEXT_JS = """() => {
  // what portal/static/thai.css hides (the file uploader's English) is not on the page: mark it before the copy
  const hidden = [...document.querySelectorAll('[data-testid="stFileUploader"] *')]
    .filter(e => getComputedStyle(e).display === 'none');
  hidden.forEach(e => e.setAttribute('data-css-hidden', ''));
  const copy = document.body.cloneNode(true);
  hidden.forEach(e => e.removeAttribute('data-css-hidden'));
  copy.querySelectorAll('[data-testid="stIconMaterial"], script, style, noscript, [data-css-hidden]')
    .forEach(e => e.remove());
  const shown = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
    .filter(e => e.value === '').map(e => e.getAttribute('placeholder'));
  return document.body.innerText.length ? [copy.innerText, ...shown].join('\\n') : '';
}"""
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-stale="true"]') && !!document.querySelector('[data-testid="stMain"]')"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("scm-portal")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from portal.cli import main; main()"]


def page_text(page: Any) -> str:
    return str(page.evaluate(PAGE_TEXT_JS))


def wait_idle(page: Any, *, settle_ms: int = 150) -> None:
    """Until the page's script run is over (no "running" widget, no stale elements)."""
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(IDLE_JS, timeout=RUN_TIMEOUT)
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(IDLE_JS, timeout=RUN_TIMEOUT)


def wait_text(page: Any, text: str, *, timeout: int = RUN_TIMEOUT) -> str:
    """Until the page shows `text` (a rerun's result), then until its run is over; the page's text."""
    # a detached copy's text also holds the cells of st.dataframe (drawn on a canvas, with an accessible table)
    page.wait_for_function("t => document.body.cloneNode(true).innerText.includes(t)", arg=text, timeout=timeout)
    wait_idle(page)
    return page_text(page)


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.locator('[data-testid="stSidebarNav"]').wait_for(state="attached", timeout=RUN_TIMEOUT)
    wait_idle(page)


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """A screenshot for docs/ (docs/ui-NAME.png)."""
    path = DOCS / f"ui-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@dataclass
class Portal:
    base: str
    browser: Any
    signed_in: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def new_page(self) -> Any:
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH",
                                           timezone_id="Asia/Bangkok")
        return context.new_page()

    def session_of(self, username: str) -> Any:
        """A page signed in as `username`, kept for the other tests that only read."""
        if username not in self.signed_in:
            page = self.new_page()
            sign_in(page, self.url(), username)
            self.signed_in[username] = page
        return self.signed_in[username]

    @staticmethod
    def menu(page: Any) -> dict[str, list[str]]:
        """The menu as shown: section heading → page titles."""
        return page.evaluate("""() => {
          const out = {}; let section = '';
          for (const e of document.querySelectorAll('[data-testid="stSidebarNav"] header, [data-testid="stSidebarNav"] a')) {
            if (e.tagName === 'HEADER') { section = e.innerText.trim(); out[section] = []; continue; }
            const title = e.querySelector('span[label]');
            (out[section] = out[section] || []).push(title ? title.getAttribute('label') : e.innerText.trim());
          }
          return out; }""")

    @staticmethod
    def open_from_menu(page: Any, title: str) -> None:
        """Click the menu entry and wait until that page has been drawn (its title is the entry's)."""
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_role("link", name=title, exact=True).click()
        page.wait_for_function(
            "t => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === t)", arg=title,
            timeout=RUN_TIMEOUT)
        wait_idle(page)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("chromium not installed (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed (pip install -e '.[test]')")
    data = tmp_path_factory.mktemp("browser-portal")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SCM_DATABASE_URL")}
    env |= {"SCM_DATA_DIR": str(data), "TZ": "UTC"}  # the server's clock in UTC: Bangkok is the portal's job
    log = (data / "serve.log").open("w")
    server = subprocess.Popen([*_cli(), "serve", "--demo", "--port", str(port)], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"scm-portal serve did not start: {(data / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.5)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Portal(base, browser)
        finally:
            browser.close()
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
