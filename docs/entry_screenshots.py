"""Screenshots of the data-entry pages in headless Chromium: sign in once, then open each page from the
menu (a new URL would start a new Streamlit session and ask for the sign-in again).

    SCM_DATA_DIR=/tmp/shots .venv/bin/scm-portal serve --demo --port 8655 &
    .venv/bin/python docs/entry_screenshots.py --port 8655 --out docs
"""

import argparse
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {
    "entry-stakeholders.png": ("planner", "ผู้มีส่วนได้ส่วนเสียและ VOS", None),
    "entry-voc.png": ("planner", "เสียงของลูกค้า (VOC)", None),
    "entry-complaints.png": ("planner", "การจัดการข้อร้องเรียน", None),
    "entry-service.png": ("planner", "กฎบัตรและมาตรฐานการให้บริการ", None),
    "entry-excel.png": ("planner", "นำเข้า/ส่งออก Excel", "นำเข้า"),
    "entry-division-stakeholders.png": ("cs.staff", "ผู้มีส่วนได้ส่วนเสียและ VOS", None),
}


def sign_in(page: Page, port: int, user: str, password: str) -> None:
    page.goto(f"http://127.0.0.1:{port}/", wait_until="networkidle")
    page.get_by_label("ชื่อผู้ใช้").fill(user)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_timeout(3000)


def preview_import(page: Page, out: Path) -> None:
    """Upload a VOC workbook with two mistakes and show the preview of its problems."""
    headers = ["เลขที่อ้างอิง", "รหัสหน่วยงาน", "วันที่ได้รับ", "ไตรมาส", "มิติของ VOC", "ประเภทเสียงลูกค้า", "เนื้อหา"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "VOC"
    for row in (headers, ["VOC-70-0001", "D041", "15/01/2569", 2, "การทำธุรกรรม", "ความต้องการ", "ชำระเงินผ่านแอป"],
                ["VOC-70-0002", "D099", "31/02/2569", 2, "การทำธุรกรรม", "ข้อเสนอแนะ", "ขยายเวลาเปิดสาขา"],
                ["VOC-70-0003", "D043", "20/01/2569", 7, "อื่น ๆ", "คำชมเชย", "พนักงานสุภาพ"]):
        sheet.append(row)
    path = out / ".voc-preview.xlsx"
    book.save(path)
    page.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="ตรวจสอบไฟล์ (ยังไม่บันทึก)").click()
    page.wait_for_timeout(4000)
    path.unlink()


def capture(port: int, out: Path, password: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (user, title, tab) in PAGES.items():
            page = browser.new_page(viewport={"width": 1440, "height": 1100})
            sign_in(page, port, user, password)
            more = page.get_by_text("View ", exact=False).filter(has_text="more")
            if more.count():
                more.first.click()
                page.wait_for_timeout(800)
            page.get_by_role("link", name=title).first.click()
            page.wait_for_timeout(4000)
            if tab:
                page.get_by_role("tab", name=tab).click()
                page.wait_for_timeout(1500)
            if name == "entry-excel.png":
                preview_import(page, out)
            page.screenshot(path=str(out / name), full_page=False)
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8655)
    parser.add_argument("--password", default="demo-scm-2569")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    capture(args.port, args.out, args.password)


if __name__ == "__main__":
    main()
