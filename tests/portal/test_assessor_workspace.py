import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from evidence.access import SYSTEM, actor_for
from evidence.models import Approval, AssessorLevel, ItemClaim, ItemComment, ItemReview
from evidence.models.assessment import ReviewState
from evidence.models.users import Role
from evidence.services.assessment import add_comment, pinned_criteria
from evidence.services.claims import save_claim
from evidence.services.org import create_enterprise, open_year
from evidence.services.users import create_user, find_user
from tests.portal.conftest import open_app

WORKSPACE = "views/assessor_workspace.py"
CLAIMS = "views/claims.py"
YEAR = 2569


def button(at: AppTest, label: str) -> Button:
    return next(b for b in at.button if b.label == label)


def first_subtopic_items(session: Session, eid: int) -> tuple[str, list[tuple[str, str]]]:
    """The sub-topic the workspace opens on and its items (id, kind)."""
    criteria = pinned_criteria(session, SYSTEM, enterprise_id=eid, year=YEAR)
    sub = criteria.parts[0].topics[0].subtopics[0]
    return sub.code, [(item.id, item.kind) for _level, item in sub.items()]


@pytest.fixture
def east(session: Session, demo: int) -> int:
    """A second enterprise with its own assessor; the demo assessor is not assigned to it."""
    other = create_enterprise(session, SYSTEM, code="EAST", name_th="การประปาภาคตะวันออก (ทดสอบ)")
    open_year(session, SYSTEM, enterprise_id=other.id, year=YEAR)
    create_user(session, SYSTEM, username="east.assessor", display_name="ผู้ประเมินภาคตะวันออก",
                role=Role.ASSESSOR, password="east-assessor-1", assessed_enterprise_ids=[other.id])
    session.commit()
    return int(other.id)


@pytest.mark.parametrize("username", ["assessor", "planner", "admin"])
def test_the_workspace_opens_for_every_role_that_may_see_it(demo, username):
    at = open_app(username, WORKSPACE)
    assert not at.exception, at.exception
    assert at.title[0].value == "พื้นที่ทำงานผู้ประเมิน"
    assert {m.label for m in at.metric} == {"ระดับที่คำนวณได้", "ผ่านครบถึงระดับ", "ระดับที่ผู้ประเมินให้", "น้ำหนัก"}
    # it opens in the year's setting, as the dashboard does, and says which one and how they differ
    assert any("การนับรายการที่อ้างหลักฐาน: ประเมินตนเอง" in c.value for c in at.caption)
    assert any("หน้านี้แสดงผลแบบ **ประเมินตนเอง**" in i.value and "ยืนยันผล" in i.value for i in at.info)
    assert at.expander, "items of the sub-topic are listed"


def test_an_assessor_sees_only_the_enterprises_assigned_to_them(demo, east):
    at = open_app("assessor", WORKSPACE)
    assert at.selectbox(key="ctx_enterprise").options == ["องค์การน้ำสะอาดแห่งชาติ (ตัวอย่าง) (DEMO)"]
    other = open_app("east.assessor", WORKSPACE)
    assert not other.exception
    assert other.selectbox(key="ctx_enterprise").options == ["การประปาภาคตะวันออก (ทดสอบ) (EAST)"]


def test_an_assessor_never_sees_the_comments_of_another_enterprise(session, demo, east):
    code, items = first_subtopic_items(session, demo)
    item_id = items[0][0]
    for username, eid, text in [("assessor", demo, "ความเห็นของรัฐวิสาหกิจตัวอย่าง"),
                                ("east.assessor", east, "ความเห็นของภาคตะวันออก")]:
        add_comment(session, actor_for(session, find_user(session, username)), enterprise_id=eid, year=YEAR,
                    item_id=item_id, text=text)
    session.commit()
    mine = [t.value for t in open_app("assessor", WORKSPACE).text]
    theirs = [t.value for t in open_app("east.assessor", WORKSPACE).text]
    assert "ความเห็นของรัฐวิสาหกิจตัวอย่าง" in mine and "ความเห็นของภาคตะวันออก" not in mine
    assert "ความเห็นของภาคตะวันออก" in theirs and "ความเห็นของรัฐวิสาหกิจตัวอย่าง" not in theirs


@pytest.mark.parametrize("username", ["executive", "cs.staff"])
def test_roles_without_the_workspace_do_not_get_it(demo, username):
    at = open_app(username, WORKSPACE)
    assert not at.title or at.title[0].value != "พื้นที่ทำงานผู้ประเมิน"


def test_the_assessor_gives_a_level_with_a_rationale_and_a_missing_rationale_is_refused(session, demo):
    code, _items = first_subtopic_items(session, demo)
    at = open_app("assessor", WORKSPACE)
    at.number_input(key=f"lv_{code}").set_value(2.5)
    at.text_area(key=f"why_{code}").input("สั้น")
    button(at, "บันทึกระดับของผู้ประเมิน").click().run()
    assert "เหตุผลประกอบ: ต้องระบุเหตุผลประกอบอย่างน้อย 10 ตัวอักษร" in at.error[0].value
    assert session.exec(select(AssessorLevel).where(AssessorLevel.year == 2569)).all() == []
    at.text_area(key=f"why_{code}").input("มีฐานข้อมูลครบทุกสายงาน แต่ยังไม่มีแนวทางจัดทำยุทธศาสตร์")
    button(at, "บันทึกระดับของผู้ประเมิน").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [f"บันทึกระดับของหัวข้อย่อย {code} แล้ว"]
    stored = session.exec(select(AssessorLevel).where(AssessorLevel.year == 2569)).one()
    assert (stored.subtopic_code, stored.level, stored.assessor) == (code, 2.5, "assessor")
    assert {m.label: m.value for m in at.metric}["ระดับที่ผู้ประเมินให้"] == "2.5"


def test_the_assessor_sets_an_item_status_and_comments_and_the_planning_team_replies(session, demo):
    _code, items = first_subtopic_items(session, demo)
    rule_item = next(i for i, kind in items if kind == "rule")
    at = open_app("assessor", WORKSPACE)
    at.selectbox(key=f"st_{rule_item}").select(ReviewState.NEEDS_MORE)
    button_in_form = [b for b in at.button if b.label == "บันทึกสถานะ"]
    button_in_form[[i for i, _ in items].index(rule_item)].click().run()
    assert not at.exception
    assert session.exec(select(ItemReview.item_id, ItemReview.state)).all() == [(rule_item, "needs_more")]
    at.text_area(key=f"comment_text_{rule_item}").input("ขอรายงานการทบทวน Profile ล่าสุดของสายงานการเงิน")
    comment_buttons = [b for b in at.button if b.label == "ส่งความเห็น"]
    comment_buttons[[i for i, _ in items].index(rule_item)].click().run()
    assert not at.exception
    comment = session.exec(select(ItemComment)).one()
    assert (comment.item_id, comment.author, comment.reply_to) == (rule_item, "assessor", None)

    planner = open_app("planner", WORKSPACE)
    assert "ขอรายงานการทบทวน Profile ล่าสุดของสายงานการเงิน" in [t.value for t in planner.text]
    assert not [b for b in planner.button if b.label in ("บันทึกสถานะ", "บันทึกระดับของผู้ประเมิน", "ส่งความเห็น")]
    planner.text_input(key=f"reply_text_{comment.id}").input("แนบรายงานการทบทวนเดือนมีนาคมแล้ว")
    button(planner, "ส่งคำตอบ").click().run()
    assert not planner.exception
    session.expire_all()
    reply = session.exec(select(ItemComment).where(ItemComment.reply_to == comment.id)).one()
    assert (reply.author, reply.author_role, reply.text) == ("planner", "planning", "แนบรายงานการทบทวนเดือนมีนาคมแล้ว")
    again = open_app("assessor", WORKSPACE)
    texts = [t.value for t in again.text]
    assert texts.index("แนบรายงานการทบทวนเดือนมีนาคมแล้ว") == texts.index(
        "ขอรายงานการทบทวน Profile ล่าสุดของสายงานการเงิน") + 1


def test_accepting_a_claim_in_the_workspace_raises_the_confirmed_level(session, demo):
    code, items = first_subtopic_items(session, demo)
    planner = actor_for(session, find_user(session, "planner"))
    approval = session.exec(select(Approval.id).where(Approval.enterprise_id == demo)).first()
    judgement = [i for i, kind in items if kind == "judgement"]
    for item_id in judgement:
        save_claim(session, planner, enterprise_id=demo, year=YEAR, item_id=item_id, claim_text="มีหลักฐานประกอบ",
                   linked_records=[{"table": "approval", "id": approval}])
    session.commit()
    at = open_app("assessor", WORKSPACE)
    at.session_state["ws_mode"] = "confirmed"
    at.run()
    before = {m.label: m.value for m in at.metric}["ระดับที่คำนวณได้"]
    for item_id in judgement:
        at.selectbox(key=f"st_{item_id}").select(ReviewState.ACCEPTED)
        [b for b in at.button if b.label == "บันทึกสถานะ"][[i for i, _ in items].index(item_id)].click().run()
        assert not at.exception
    after = {m.label: m.value for m in at.metric}["ระดับที่คำนวณได้"]
    assert float(after) > float(before)
    session.expire_all()
    assert {c.state for c in session.exec(select(ItemClaim)).all() if c.item_id in judgement} == {"accepted"}


def test_the_planning_team_claims_a_judgement_item_on_the_claims_page(session, demo):
    at = open_app("planner", CLAIMS)
    assert not at.exception, at.exception
    item_id = at.selectbox(key="cl_item").value
    before = len(session.exec(select(ItemClaim).where(ItemClaim.item_id == item_id)).all())
    at.selectbox(key="cl_family").select("approval").run()
    option = at.multiselect(key="cl_pick").options[0]
    at.multiselect(key="cl_pick").select(option).run()
    button(at, "เพิ่มเข้ารายการหลักฐาน").click().run()
    assert any(m.value.startswith("- การอนุมัติ: ") for m in at.markdown)
    at.text_area(key=f"cl_text_{item_id}").input("คณะกรรมการอนุมัติแนวทางจัดทำยุทธศาสตร์ที่ใช้ข้อมูล Profile")
    button(at, "บันทึกการอ้างหลักฐาน").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [f"บันทึกการอ้างหลักฐานของรายการ {item_id} แล้ว รอผู้ประเมินตรวจ"]
    session.expire_all()
    claims = session.exec(select(ItemClaim).where(ItemClaim.item_id == item_id)).all()
    assert len(claims) == max(before, 1)
    claim = next(c for c in claims if c.org_unit_id is None)
    assert claim.state == "claimed" and claim.linked_records[0]["table"] == "approval"


def test_a_claim_without_evidence_is_refused_on_the_claims_page(session, demo):
    at = open_app("planner", CLAIMS)
    at.selectbox(key="cl_subtopic").select(at.selectbox(key="cl_subtopic").options[-1]).run()
    item_id = at.selectbox(key="cl_item").value
    for drop in [b for b in at.button if b.label == "นำออก"]:
        drop.click().run()
    at.text_area(key=f"cl_text_{item_id}").input("อ้างโดยไม่มีหลักฐาน")
    button(at, "บันทึกการอ้างหลักฐาน").click().run()
    assert any("อย่างน้อย 1 รายการ" in e.value for e in at.error)


@pytest.mark.parametrize("username", ["executive", "assessor", "cs.staff"])
def test_only_the_planning_team_opens_the_claims_page(demo, username):
    at = open_app(username, CLAIMS)
    assert not at.title or at.title[0].value != "จับคู่หลักฐานกับเกณฑ์"


def test_comments_show_on_the_claims_page_for_the_planning_team(session, demo):
    at = open_app("planner", CLAIMS)
    item_id = at.selectbox(key="cl_item").value
    assessor = actor_for(session, find_user(session, "assessor"))
    add_comment(session, assessor, enterprise_id=demo, year=YEAR, item_id=item_id, text="ขอดูมติที่ประชุม")
    session.commit()
    at.run()
    assert "ขอดูมติที่ประชุม" in [t.value for t in at.text]
    assert at.text_input(key=f"reply_text_{session.exec(select(ItemComment.id)).one()}")
