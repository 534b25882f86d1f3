"""Headless Chromium on the real portal (`scm-portal serve --demo`): no English default text of
Streamlit's on any page, for each demo role (issue 16 item 6), the whole menu shown (item 4) and a
deep link kept through sign-in (item 10).

The server and the browser (`live`, tests/portal/browser_portal.py) are shared with
tests/portal/test_browser_walkthrough.py."""

import re

import pytest

from evidence.models.users import Role
from portal.session import menu_for
from tests.portal.browser_portal import DEMO_ROLES, Portal, page_text, sign_in

pytestmark = pytest.mark.browser

# What Streamlit writes itself when a page does not say otherwise (frontend bundle, 1.67).
ENGLISH_DEFAULTS = (
    "Choose an option", "Choose options", "Choose or add", "Select all", "No options to select", "No results",
    "View more", "View less", "Download as CSV", "Search", "None", "Press Enter to apply", "Press Enter to submit",
    "yyyy/mm/dd", "YYYY/MM/DD", "Drag and drop", "Browse files", "Upload", "per file", "Show/hide columns",
    "Add row", "Delete row", "Running", "Made with Streamlit", "self-assessment", "whole-levels", "partial",
)
PATTERN = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w in ENGLISH_DEFAULTS) + r")(?![A-Za-z])")
MORE = re.compile(r"View \d+ more")
ROLE_OF = {"planner": Role.PLANNING, "cs.staff": Role.DIVISION, "executive": Role.EXECUTIVE,
           "assessor": Role.ASSESSOR, "admin": Role.ADMIN}


def english_left(text: str) -> list[str]:
    return sorted({m.group(1) for m in PATTERN.finditer(text)} | set(MORE.findall(text)))


def test_the_scan_finds_streamlit_s_defaults():
    assert english_left("หน้า Choose an option · View 14 more · None") == ["Choose an option", "None", "View 14 more"]
    assert english_left("ประเมินตนเอง · NoneType · Searching · คะแนน") == []


SECTIONS = ("ภาพรวม", "การประเมิน", "ข้อมูลหลักฐาน", "ตั้งค่า", "ผู้ดูแลระบบและ PDPA")  # portal/registry.py
SECTION_PAGES = {  # each role's menu, section by section, as portal/registry.py gives it
    role: {section: [p.title for p in menu_for(role) if p.group == section] for section in SECTIONS}
    for role in Role
}
CHUNK = 6  # pages per test: each test stays short on a loaded machine


def chunks(username: str) -> list[tuple[str, int, list[str]]]:
    titles = [t for section in SECTIONS for t in SECTION_PAGES[ROLE_OF[username]][section]]
    return [(username, n // CHUNK + 1, titles[n:n + CHUNK]) for n in range(0, len(titles), CHUNK)]


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_the_whole_menu_of_the_role_shows_grouped_without_view_more(live: Portal, username: str):
    page = live.session_of(username)
    assert live.menu(page) == {s: t for s, t in SECTION_PAGES[ROLE_OF[username]].items() if t}
    text = page_text(page)
    assert not MORE.search(text) and "View less" not in text
    if username == "planner":
        assert "ตรวจและอนุมัติข้อมูล" in live.menu(page)["ข้อมูลหลักฐาน"]  # was behind "View 14 more"


@pytest.mark.parametrize(("username", "part", "titles"), [
    pytest.param(*c, id=f"{c[0]}-{c[1]}") for u in DEMO_ROLES for c in chunks(u)
])
def test_no_page_shows_streamlit_s_english_defaults(live: Portal, username: str, part: int, titles: list[str]):
    page = live.session_of(username)
    found: dict[str, list[str]] = {}
    for title in titles:
        live.open_from_menu(page, title)
        text = page_text(page)
        assert "เกิดข้อผิดพลาด" not in text and not page.locator('[data-testid="stException"]').count(), title
        if english := english_left(text):
            found[title] = english
    assert found == {}


def test_a_deep_link_survives_sign_in_with_the_print_view(live: Portal):
    page = live.new_page()
    sign_in(page, live.url("/review_queue?print=1"), "planner")
    assert page.locator("h1").first.inner_text() == "ตรวจและอนุมัติข้อมูล"
    assert "print=1" in page.url and "/review_queue" in page.url
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # printed without the menu
    assert page.get_by_role("button", name="พิมพ์").count() == 1
    page.context.close()
