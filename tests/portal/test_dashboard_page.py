import json

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element

from evidence.access import SYSTEM, Actor, actor_for
from evidence.services.dashboard import set_topic_target
from evidence.services.scoring import score_enterprise
from evidence.services.users import find_user
from portal.components.safe_text import md
from tests.portal.conftest import open_app

DASHBOARD = "views/dashboard.py"
SCORE = "views/score.py"
SIGN_OUT = "ออกจากระบบ"


def actor(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def chart_text(chart: Element) -> str:
    """A plotly chart's figure as readable JSON text (Thai unescaped)."""
    return json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)


def main_widgets(at: AppTest) -> list[str]:
    """Every widget of the page (not the sidebar's own-account controls) that could change data."""
    found = [f"button:{b.label}" for b in at.main.button if b.label != SIGN_OUT]
    for kind in ("text_input", "text_area", "number_input", "date_input", "checkbox", "toggle", "radio"):
        found += [f"{kind}:{w.label}" for w in getattr(at.main, kind)]
    found += [f"download:{e.proto.label}" for e in at.main.get("download_button")]
    return found


@pytest.mark.parametrize("username", ["executive", "planner", "admin", "cs.staff"])
def test_the_dashboard_opens_for_every_role_that_may_see_it_with_the_engine_s_figures(
    session, demo, username
):
    at = open_app(username, DASHBOARD)
    assert not at.exception, at.exception
    assert at.title[0].value == "แดชบอร์ดผู้บริหาร"
    result = score_enterprise(session, actor(session, username), enterprise_id=demo, year=2569)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["คะแนน SCM (0–5)"] == f"{result.score:.2f}"
    assert metrics["SM การมุ่งเน้นผู้มีส่วนได้ส่วนเสีย"] == f"{result.part('SM').score:.2f}"
    assert len(at.get("plotly_chart")) == 7  # topics, years, sub-topics, heatmap, complaints, 2 × VOC
    assert any("การนับรายการที่อ้างหลักฐาน: ประเมินตนเอง" in c.value for c in at.caption)


def test_an_executive_cannot_change_anything_on_the_dashboard_or_the_score_page(demo):
    for page in (DASHBOARD, SCORE):
        at = open_app("executive", page)
        assert not at.exception
        assert [w for w in main_widgets(at) if not w.startswith("download:")] == []
        assert not at.main.get("form")
    at = open_app("executive", SCORE)
    assert "กำหนดระดับเป้าหมายรายหัวข้อ (ฝ่ายแผน)" not in [e.label for e in at.expander]


def test_an_assessor_has_no_dashboard_in_the_menu(demo):
    at = open_app("assessor", DASHBOARD)
    assert not at.title or at.title[0].value != "แดชบอร์ดผู้บริหาร"


def test_the_blockers_table_names_each_blocking_item_in_thai_with_its_owner_and_gain(session, demo):
    at = open_app("executive", DASHBOARD)
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    table = at.dataframe[0].value
    blocking = [(a, i) for a in result.next_actions for i in result.subtopic(a.subtopic_code).items
                if i.id in a.items]
    assert len(table) == len(blocking) > 0
    assert list(table["รายการที่ต้องทำ"]) == [i.text_th for _, i in blocking]  # Thai text, not CM5.1-L2-a
    assert not any(i.id in text for _, i in blocking for text in table["รายการที่ต้องทำ"])
    assert list(table["หัวข้อย่อย"]) == [f"{a.subtopic_code} {a.subtopic_name}" for a, _ in blocking]
    first_action, first_item = blocking[0]
    assert table["สิ่งที่ยังขาด"][0].startswith(first_item.reasons[0])
    assert table["คะแนน SCM ที่เพิ่มขึ้น"][0].startswith(f"+{first_action.score_gain:.2f}")
    assert not at.main.get("popover")  # one table, no click per sub-topic
    metric = next(m for m in at.metric if m.label == "รายการที่ขวางระดับถัดไป")
    assert metric.value == f"{len(blocking):,} รายการ"
    assert "จาก" not in metric.value


def test_the_blockers_table_filters_by_owning_line(session, demo):
    at = open_app("executive", DASHBOARD)
    table = at.dataframe[0].value
    owner = next(o for cell in table["สายงาน/หน่วยงานเจ้าของ"] for o in cell.split(", ") if o.startswith("สายงาน"))
    at.selectbox(key="dash_owner").select(owner).run()
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < len(table)
    assert all(owner in cell for cell in filtered["สายงาน/หน่วยงานเจ้าของ"])


def test_the_heatmap_and_operations_show_what_each_line_owes(demo):
    at = open_app("planner", DASHBOARD)
    heatmap = next(chart_text(c) for c in at.get("plotly_chart")
                   if json.loads(c.proto.spec)["data"][0].get("type") == "heatmap")
    assert "สายงานการเงินและบัญชี" in heatmap
    assert "ยังไม่มี Stakeholder Profile ของสายงาน" in heatmap
    assert [s.value for s in at.success] == ["ดำเนินการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกแล้ว"]
    surveys = at.dataframe[-1].value
    assert list(surveys["ผู้ดำเนินการ"]) == ["ที่ปรึกษาภายนอก", "ดำเนินการเอง"]
    assert list(surveys["แล้วเสร็จ"]) == ["28 สิงหาคม 2569", "15 กันยายน 2569"]


def test_caches_clear_when_evidence_changes(session, demo):
    def targets(at: AppTest) -> str:
        return next(chart_text(c) for c in at.get("plotly_chart") if '"name": "เป้าหมาย"' in chart_text(c))

    at = open_app("executive", DASHBOARD)
    assert "4.0" not in targets(at)  # the demo aims for levels 2 and 3
    set_topic_target(session, actor(session, "planner"), enterprise_id=demo, year=2569, topic_code="CM5",
                     target_level=4)
    session.commit()
    at.run()
    assert "4.0" in targets(at)


def test_switching_to_the_confirmed_setting_does_not_count_claims_awaiting_review(session, demo):
    at = open_app("planner", DASHBOARD)
    confirmed = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, claim_mode="confirmed")
    at.session_state["dash_mode"] = "confirmed"
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["คะแนน SCM (0–5)"] == f"{confirmed.score:.2f}"
    assert any("การนับรายการที่อ้างหลักฐาน: ยืนยันผล" in c.value for c in at.caption)
    assert any("หน้านี้แสดงผลแบบ **ยืนยันผล**" in w.value and "ต่างจากค่าของรอบประเมิน" in w.value for w in at.warning)


@pytest.mark.parametrize("username", ["executive", "planner", "admin", "cs.staff", "assessor"])
def test_the_score_page_shows_levels_with_reasons_for_every_reader(session, demo, username):
    at = open_app(username, SCORE)
    assert not at.exception, at.exception
    result = score_enterprise(session, actor(session, username), enterprise_id=demo, year=2569)
    table = at.dataframe[0].value
    assert list(table["ระดับที่คำนวณได้"]) == [f"{s.level:.2f}" for s in result.subtopics()]
    first = result.subtopics()[0].items[0]
    assert f"• {md(first.reasons[0])}" in [c.value for c in at.caption]


def test_the_score_page_scores_one_line_of_business(session, demo):
    at = open_app("planner", SCORE)
    scope = at.selectbox(key="sc_scope")
    line = next(o for o in scope.options if o != "ทั้งองค์กร")
    scope.select(line).run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {f"คะแนน SCM · {line}"}


def test_the_planning_team_sets_topic_targets_on_the_score_page(session, demo):
    at = open_app("planner", SCORE)
    at.number_input(key="target_CM5").set_value(3.5)
    next(b for b in at.button if b.label == "บันทึกเป้าหมาย").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["บันทึกเป้าหมาย 1 หัวข้อแล้ว"]
    from evidence.services.dashboard import topic_targets

    session.expire_all()
    from evidence.demo_data import DEMO_TARGETS

    assert topic_targets(session, SYSTEM, enterprise_id=demo, year=2569) == {**DEMO_TARGETS, "CM5": 3.5}
