from datetime import date, datetime

import pandas as pd
from streamlit.testing.v1 import AppTest

from portal.commands.serve import portal_urls
from portal.components.thai_widgets import csv_bytes, tsv_text


def test_a_thai_table_copies_as_tab_separated_text_with_buddhist_era_dates():
    frame = pd.DataFrame({"เรื่อง": ["น้ำไม่ไหล\tซอย 5", "บิลผิด"], "วันที่": [date(2026, 1, 15), None],
                          "เมื่อ": [datetime(2026, 1, 15, 17, 30), None], "แก้ไขแล้ว": [True, False]})
    assert tsv_text(frame).splitlines() == [
        "เรื่อง\tวันที่\tเมื่อ\tแก้ไขแล้ว",
        "น้ำไม่ไหล ซอย 5\t15/01/2569\t16 ม.ค. 2569 00:30 น.\tใช่",  # stored UTC, shown in Bangkok time
        "บิลผิด\t\t\tไม่ใช่",
    ]
    data = csv_bytes(frame)
    assert data.startswith("\ufeff".encode()) and "15/01/2569" in data.decode("utf-8-sig")


def _widgets() -> None:
    import streamlit as st

    from portal.components import thai_widgets

    thai_widgets.multiselect("หน่วยงาน", [], key="none")
    thai_widgets.multiselect("หน่วยงาน", ["ก", "ข"], key="some")
    thai_widgets.selectbox("สถานะ", ["ร่าง", "อนุมัติ"], index=None, key="pick")
    thai_widgets.date_input("วันที่", key="day")
    st.session_state.setdefault("shown", True)


def test_the_wrappers_give_thai_placeholders_no_select_all_and_dd_mm_yyyy():
    at = AppTest.from_function(_widgets)
    at.session_state["day"] = date(2026, 1, 15)
    at.run()
    assert not at.exception
    empty, some = at.multiselect
    assert empty.proto.placeholder == "ไม่มีตัวเลือก" and some.proto.placeholder == "เลือกได้หลายรายการ"
    assert not some.proto.select_all
    assert at.selectbox[0].proto.placeholder == "เลือกรายการ"
    assert at.date_input[0].proto.format == "DD/MM/YYYY"
    assert [c.value for c in at.caption] == ["= 15 มกราคม 2569"]


def test_serve_names_the_address_colleagues_open():
    assert portal_urls("127.0.0.1", 8501) == ["http://127.0.0.1:8501"]
    assert portal_urls("192.168.1.20", 8600) == ["http://192.168.1.20:8600"]
    every = portal_urls("0.0.0.0", 8501)
    assert every[0] == "http://127.0.0.1:8501 (เครื่องนี้)"
    assert all(":8501" in url for url in every)


def test_a_tables_copies_are_made_once_per_content_and_anew_when_a_cell_changes(monkeypatch):
    from portal.components import thai_widgets

    made: list[pd.DataFrame] = []
    real = thai_widgets._made
    monkeypatch.setattr(thai_widgets, "_made", lambda frame: made.append(frame) or real(frame))
    thai_widgets._kept_copies.clear()
    frame = pd.DataFrame({"เรื่อง": ["บิลผิด", "น้ำไม่ไหล"], "วันที่": [date(2026, 1, 15), date(2026, 2, 1)]})
    first = thai_widgets._copies(frame)
    again = thai_widgets._copies(frame.copy())  # equal content, another frame object: the kept copies
    changed = frame.copy()
    changed.loc[1, "เรื่อง"] = "น้ำไม่ไหล ซอย 5"
    other = thai_widgets._copies(changed)
    assert first == again == (csv_bytes(frame), tsv_text(frame))
    assert other == (csv_bytes(changed), tsv_text(changed)) and other != first
    assert len(made) == 2  # the first frame and the changed one; the equal frame made nothing


def test_a_cell_of_another_type_with_the_same_text_is_another_table():
    from portal.components import thai_widgets

    as_date = pd.DataFrame({"วันที่": [date(2026, 1, 15)]})
    as_text = pd.DataFrame({"วันที่": ["2026-01-15"]})
    assert thai_widgets._copies(as_date)[1].splitlines()[1] == "15/01/2569"
    assert thai_widgets._copies(as_text)[1].splitlines()[1] == "2026-01-15"



def test_only_tables_marked_without_personal_data_keep_their_copies_between_runs(monkeypatch):
    """A record list may show a complainant: its copies are made per run, so none outlives an erasure;
    the dashboard's tables (`keep_copies=True`) keep theirs."""
    from streamlit.testing.v1 import AppTest

    from portal.components import thai_widgets

    kept: list[list[str]] = []
    real = thai_widgets._copies
    monkeypatch.setattr(thai_widgets, "_copies", lambda frame: kept.append(list(frame.columns)) or real(frame))

    def page() -> None:
        import pandas as pd

        from portal.components import thai_widgets

        thai_widgets.table(pd.DataFrame({"ผู้ร้องเรียน": ["นางสาวมาลี ศรีสุข"]}), key="people")
        thai_widgets.table(pd.DataFrame({"หัวข้อย่อย": ["SM1.1"]}), key="blockers", keep_copies=True)

    app = AppTest.from_function(page).run(timeout=60)
    assert not app.exception
    assert kept == [["หัวข้อย่อย"]]
    assert [b.label for b in app.get("download_button")] == ["ดาวน์โหลดเป็นไฟล์ CSV"] * 2
