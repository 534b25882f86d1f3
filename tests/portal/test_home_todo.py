"""The home page is the signed-in person's own to-do list (issue 16 item 11)."""

from evidence.access import actor_for
from evidence.services.missing import missing_items
from evidence.services.users import find_user
from portal.components.safe_text import md
from tests.portal.conftest import open_app

HOME = "views/home.py"


def test_a_division_officer_sees_their_own_division_s_gaps_not_enterprise_counts(session, demo):
    staff = actor_for(session, find_user(session, "cs.staff"))
    gaps = missing_items(session, staff, enterprise_id=demo, year=2569)
    everyone = missing_items(session, actor_for(session, find_user(session, "planner")), enterprise_id=demo, year=2569)
    assert 0 < len(gaps) < len(everyone)
    at = open_app("cs.staff", HOME)
    assert not at.exception, at.exception
    assert f"สิ่งที่หน่วยงานของท่านยังขาดตามเกณฑ์ ({len(gaps):,} รายการ)" in [h.value for h in at.subheader]
    shown = "\n".join(m.value for m in at.markdown)
    for gap in gaps[:8]:
        assert md(gap.message) in shown
    assert not any(other.message in shown for other in everyone if other.unit and other.unit not in
                   {g.unit for g in gaps})
    assert not at.metric, "no enterprise-wide counts for a division officer"


def test_the_planning_team_sees_the_enterprise_s_gaps_and_the_counts_folded(session, demo):
    planner = actor_for(session, find_user(session, "planner"))
    gaps = missing_items(session, planner, enterprise_id=demo, year=2569)
    at = open_app("planner", HOME)
    assert not at.exception, at.exception
    assert f"สิ่งที่ทั้งองค์กรยังขาดตามเกณฑ์ ({len(gaps):,} รายการ)" in [h.value for h in at.subheader]
    assert "จำนวนข้อมูลทั้งองค์กร" in [e.label for e in at.expander]


def test_the_executive_is_pointed_at_the_blockers_and_has_no_data_entry_list(demo):
    at = open_app("executive", HOME)
    assert not at.exception, at.exception
    links = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith("แดชบอร์ดผู้บริหาร") for label in links)
    assert not any(h.value.startswith("สิ่งที่") for h in at.subheader)


def test_an_assessor_s_question_reaches_the_planning_inbox_by_the_item_s_thai_text(session, demo):
    from evidence.services.assessment import add_comment, pinned_criteria
    from evidence.services.inbox import inbox_for

    assessor = actor_for(session, find_user(session, "assessor"))
    sub = pinned_criteria(session, assessor, enterprise_id=demo, year=2569).parts[0].topics[0].subtopics[0]
    item = next(iter(sub.items()))[1]
    add_comment(session, assessor, enterprise_id=demo, year=2569, item_id=item.id, text="ขอหลักฐานเพิ่ม")
    session.commit()
    planner = actor_for(session, find_user(session, "planner"))
    entry = next(e for e in inbox_for(session, planner, enterprise_id=demo, year=2569) if e.kind == "คำถามผู้ประเมิน")
    assert entry.title == f"รายการเกณฑ์: {item.text_th} ({item.id})"
