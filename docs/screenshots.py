"""Screenshots of the running portal in headless Chromium (Playwright driving Debian's chromium).

    .venv/bin/pip install playwright   # the Python driver only; the browser is /usr/bin/chromium
    SCM_DATA_DIR=/tmp/shots .venv/bin/scm-portal serve --demo --port 8600 &
    .venv/bin/python docs/screenshots.py --port 8600 --user planner --out docs/home.png
    .venv/bin/python docs/screenshots.py --port 8600 --user executive --page "แดชบอร์ดผู้บริหาร" --out /tmp/d.png
"""

import argparse
import time

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def capture(port: int, user: str, password: str, page_path: str, out: str, width: int = 1440, height: int = 1000) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"http://127.0.0.1:{port}/", wait_until="networkidle")
        page.get_by_label("ชื่อผู้ใช้").fill(user)
        page.get_by_label("รหัสผ่าน").fill(password)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_timeout(2500)
        if page_path:  # a menu label: click it (a reload would start a new session, signed out)
            page.get_by_role("link", name=page_path).first.click()
            page.wait_for_timeout(4000)
        time.sleep(1)
        page.screenshot(path=out, full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument("--user", default="planner")
    parser.add_argument("--password", default="demo-scm-2569")
    parser.add_argument("--page", default="", help="menu label to click after signing in")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    capture(args.port, args.user, args.password, args.page, args.out)


if __name__ == "__main__":
    main()
