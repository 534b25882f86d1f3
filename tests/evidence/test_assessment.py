import pytest
from sqlmodel import Session, select

from criteria.schema import Criteria
from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import PermissionDenied, StaleVersion, ValidationFailed
from evidence.models import Approval, AssessorLevel, AuditLog, ItemClaim, ItemReview, OrgUnit, Survey
from evidence.models.assessment import ReviewState
from evidence.models.org import UnitKind
from evidence.models.users import Role
from evidence.services.assessment import (
    add_comment,
    item_states,
    list_comments,
    pinned_criteria,
    set_assessor_level,
    set_item_review,
    snapshot_assessor_notes,
    threads,
)
from evidence.services.claims import linkable_records, save_claim, snapshot_claims, withdraw_claim
from evidence.services.org import add_unit, create_enterprise, open_year
from evidence.services.users import create_user, find_user

YEAR = 2569


def actor(session: Session, username: str) -> Actor:
    user = find_user(session, username)
    assert user is not None
    return actor_for(session, user)


def items_of(criteria: Criteria, kind: str, session: Session | None = None) -> list[str]:
    """Item ids of a kind; with a session, only judgement items nobody has claimed yet."""
    claimed = set(session.exec(select(ItemClaim.item_id)).all()) if session is not None else set()
    return [item.id for s in criteria.subtopics() for _level, item in s.items()
            if item.kind == kind and item.id not in claimed]


@pytest.fixture
def criteria(session, demo) -> Criteria:
    return pinned_criteria(session, SYSTEM, enterprise_id=demo, year=YEAR)


@pytest.fixture
def judgement_item(session, criteria) -> str:
    return items_of(criteria, "judgement", session)[0]


@pytest.fixture
def approval_id(session, demo) -> int:
    return session.exec(select(Approval.id).where(Approval.enterprise_id == demo)).first()


def claim(session: Session, eid: int, item_id: str, approval_id: int, **extra: object) -> ItemClaim:
    return save_claim(session, actor(session, "planner"), enterprise_id=eid, year=YEAR, item_id=item_id,
                      claim_text="มีแนวทางจัดทำยุทธศาสตร์ที่ใช้ข้อมูล Stakeholder Profile",
                      linked_records=[{"table": "approval", "id": approval_id}], **extra)


def test_planning_team_claims_a_judgement_item_with_a_linked_record_and_it_awaits_review(
    session, demo, judgement_item, approval_id
):
    stored = claim(session, demo, judgement_item, approval_id)
    session.commit()
    assert stored.state == ReviewState.CLAIMED
    assert stored.linked_records == [{"table": "approval", "id": approval_id}]
    audit = session.exec(select(AuditLog).where(AuditLog.table_name == "itemclaim",
                                                AuditLog.record_id == stored.id).order_by(AuditLog.id)).one()
    assert (audit.action, audit.actor, audit.record_id) == ("create", "planner", stored.id)
    claims = snapshot_claims(session, enterprise_id=demo, year=YEAR)
    assert claims[judgement_item].state == "claimed"
    assert claims[judgement_item].evidence[0].table == "approval"
    assert claims[judgement_item].evidence[0].label.startswith("การอนุมัติ: ")


def test_a_claim_without_any_linked_record_or_file_is_refused(session, demo, judgement_item):
    with pytest.raises(ValidationFailed) as err:
        save_claim(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                   claim_text="อ้างโดยไม่มีหลักฐาน")
    assert "อย่างน้อย 1 รายการ" in err.value.message
    assert session.exec(select(ItemClaim).where(ItemClaim.item_id == judgement_item)).all() == []


def test_an_item_that_a_rule_checks_can_never_be_claimed_by_hand(session, demo, criteria, approval_id):
    rule_item = items_of(criteria, "rule")[0]
    with pytest.raises(ValidationFailed) as err:
        claim(session, demo, rule_item, approval_id)
    assert "ตรวจจากข้อมูลโดยกฎของระบบ" in err.value.message
    assert err.value.field == "item_id"


def test_an_unknown_item_and_a_record_of_another_enterprise_are_refused(session, demo, judgement_item):
    other = create_enterprise(session, SYSTEM, code="OTHER", name_th="รัฐวิสาหกิจอื่น")
    open_year(session, SYSTEM, enterprise_id=other.id, year=YEAR)
    foreign = Survey(enterprise_id=other.id, year=YEAR, title="สำรวจของที่อื่น", kind="combined", conductor="external")
    session.add(foreign)
    session.flush()
    with pytest.raises(ValidationFailed) as err:
        save_claim(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                   claim_text="อ้างข้อมูลของที่อื่น", linked_records=[{"table": "survey", "id": foreign.id}])
    assert "ไม่พบการสำรวจ" in err.value.message
    with pytest.raises(ValidationFailed, match="ไม่พบรายการ 'XX9.9-L1-z'"):
        save_claim(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id="XX9.9-L1-z",
                   claim_text="x", linked_records=[{"table": "survey", "id": foreign.id}])


@pytest.mark.parametrize("username", ["executive", "assessor", "cs.staff"])
def test_only_the_planning_team_claims(session, demo, judgement_item, approval_id, username):
    with pytest.raises(PermissionDenied):
        save_claim(session, actor(session, username), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                   claim_text="อ้าง", linked_records=[{"table": "approval", "id": approval_id}])


def test_assessor_acceptance_makes_the_claim_accepted_and_a_changed_claim_awaits_review_again(
    session, demo, judgement_item, approval_id
):
    claim(session, demo, judgement_item, approval_id)
    review = set_item_review(session, actor(session, "assessor"), enterprise_id=demo, year=YEAR,
                             item_id=judgement_item, state=ReviewState.ACCEPTED)
    session.commit()
    assert review is not None and review.state == ReviewState.ACCEPTED and review.created_by == "assessor"
    stored = session.exec(select(ItemClaim).where(ItemClaim.item_id == judgement_item)).one()
    assert (stored.state, stored.reviewed_by) == (ReviewState.ACCEPTED, "assessor")
    assert snapshot_claims(session, enterprise_id=demo, year=YEAR)[judgement_item].state == "accepted"
    reviewed_version = stored.version
    changed = save_claim(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                         claim_text="ปรับคำอธิบายและเพิ่มหลักฐาน",
                         linked_records=[{"table": "approval", "id": approval_id}], expected_version=reviewed_version)
    assert (changed.state, changed.reviewed_by, changed.version) == (ReviewState.CLAIMED, None, reviewed_version + 1)


def test_a_claim_saved_from_an_old_version_is_refused(session, demo, judgement_item, approval_id):
    first = claim(session, demo, judgement_item, approval_id)
    claim(session, demo, judgement_item, approval_id)
    with pytest.raises(StaleVersion):
        claim(session, demo, judgement_item, approval_id, expected_version=first.version - 1)


def test_an_unclaimed_judgement_item_cannot_be_accepted_but_a_rule_item_can_be_questioned(
    session, demo, criteria, judgement_item
):
    assessor = actor(session, "assessor")
    with pytest.raises(ValidationFailed, match="ยังไม่มีการอ้างหลักฐาน"):
        set_item_review(session, assessor, enterprise_id=demo, year=YEAR, item_id=judgement_item,
                        state=ReviewState.ACCEPTED)
    rule_item = items_of(criteria, "rule")[0]
    set_item_review(session, assessor, enterprise_id=demo, year=YEAR, item_id=rule_item, state=ReviewState.NEEDS_MORE)
    states = item_states(session, assessor, enterprise_id=demo, year=YEAR)
    assert states[rule_item].review == ReviewState.NEEDS_MORE
    assert states[judgement_item].review is None and states[judgement_item].claims == ()


def test_clearing_a_verdict_returns_the_item_to_not_reviewed_and_its_claim_to_claimed(
    session, demo, judgement_item, approval_id
):
    claim(session, demo, judgement_item, approval_id)
    assessor = actor(session, "assessor")
    set_item_review(session, assessor, enterprise_id=demo, year=YEAR, item_id=judgement_item,
                    state=ReviewState.REJECTED)
    set_item_review(session, assessor, enterprise_id=demo, year=YEAR, item_id=judgement_item, state=None)
    assert session.exec(select(ItemReview)).all() == []
    assert session.exec(select(ItemClaim).where(ItemClaim.item_id == judgement_item)).one().state == "claimed"
    actions = session.exec(select(AuditLog.action).where(AuditLog.table_name == "itemreview").order_by(AuditLog.id)).all()
    assert actions == ["item-review:rejected", "item-review:cleared"]


@pytest.mark.parametrize("username", ["executive", "planner", "admin", "cs.staff"])
def test_only_an_assessor_gives_verdicts_and_levels(session, demo, judgement_item, username):
    who = actor(session, username)
    with pytest.raises(PermissionDenied):
        set_item_review(session, who, enterprise_id=demo, year=YEAR, item_id=judgement_item,
                        state=ReviewState.NEEDS_MORE)
    with pytest.raises(PermissionDenied):
        set_assessor_level(session, who, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=3,
                           rationale="เหตุผลยาวพอสมควรสำหรับการทดสอบ")


def second_enterprise(session: Session) -> int:
    """An enterprise the demo assessor is not assigned to, with its own assessor."""
    other = create_enterprise(session, SYSTEM, code="EAST", name_th="การประปาภาคตะวันออก (ทดสอบ)")
    open_year(session, SYSTEM, enterprise_id=other.id, year=YEAR)
    create_user(session, SYSTEM, username="east.assessor", display_name="ผู้ประเมินภาคตะวันออก",
                role=Role.ASSESSOR, password="east-assessor-1", assessed_enterprise_ids=[other.id])
    return int(other.id)


def test_an_assessor_cannot_touch_an_enterprise_not_assigned_to_them(session, demo, judgement_item):
    other = second_enterprise(session)
    assessor = actor(session, "assessor")
    with pytest.raises(PermissionDenied, match="ไม่ได้รับมอบหมาย"):
        set_assessor_level(session, assessor, enterprise_id=other, year=YEAR, subtopic_code="CM5.3", level=2,
                           rationale="ไม่ควรบันทึกได้เพราะไม่ได้รับมอบหมาย")
    with pytest.raises(PermissionDenied):
        list_comments(session, assessor, enterprise_id=other, year=YEAR)
    with pytest.raises(PermissionDenied):
        add_comment(session, actor(session, "east.assessor"), enterprise_id=demo, year=YEAR,
                    item_id=judgement_item, text="ความเห็นข้ามรัฐวิสาหกิจ")


def test_an_assessor_level_needs_a_rationale_and_is_kept_beside_the_computed_level(session, demo):
    assessor = actor(session, "assessor")
    with pytest.raises(ValidationFailed) as err:
        set_assessor_level(session, assessor, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=3,
                           rationale="สั้น")
    assert err.value.field == "rationale"
    with pytest.raises(ValidationFailed) as err:
        set_assessor_level(session, assessor, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=6,
                           rationale="ระดับเกินห้าต้องถูกปฏิเสธเสมอ")
    assert err.value.field == "level"
    row = set_assessor_level(session, assessor, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=2.5,
                             rationale="มีนโยบายและช่องทางครบ แต่ยังไม่มีกลไกติดตามผลที่ชัดเจน")
    again = set_assessor_level(session, assessor, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=3,
                               rationale="ตรวจเอกสารเพิ่มเติมแล้วพบรายงานการติดตามรายไตรมาส",
                               expected_version=row.version)
    session.commit()
    assert session.exec(select(AssessorLevel).where(AssessorLevel.year == 2569)).one().level == 3.0
    notes = snapshot_assessor_notes(session, enterprise_id=demo, year=YEAR)
    assert notes["CM5.3"].level == 3.0 and "รายงานการติดตาม" in notes["CM5.3"].rationale
    with pytest.raises(StaleVersion):
        set_assessor_level(session, assessor, enterprise_id=demo, year=YEAR, subtopic_code="CM5.3", level=1,
                           rationale="บันทึกจากหน้าจอที่เปิดค้างไว้นาน", expected_version=again.version - 1)
    summaries = session.exec(select(AuditLog.summary).where(AuditLog.action == "assessor-level").order_by(AuditLog.id)).all()
    assert summaries[-2:] == ["CM5.3 = 2.5", "CM5.3 = 3"]  # the demo holds last year's levels too


def test_assessor_comments_and_the_planning_team_replies_in_one_thread(session, demo, judgement_item):
    first = add_comment(session, actor(session, "assessor"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                        text="ขอรายงานการประชุมที่แสดงการติดตามผล")
    reply = add_comment(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                        text="แนบรายงานการประชุมครั้งที่ 2/2569 แล้ว", reply_to=first.id)
    session.commit()
    comments = list_comments(session, actor(session, "executive"), enterprise_id=demo, year=YEAR,
                             item_id=judgement_item)
    assert [(c.author, c.author_role) for c in comments] == [("assessor", "assessor"), ("planner", "planning")]
    assert threads(comments) == [(first, [reply])]
    assert item_states(session, SYSTEM, enterprise_id=demo, year=YEAR)[judgement_item].comments == 2
    assert session.exec(select(AuditLog.action).where(AuditLog.table_name == "itemcomment").order_by(AuditLog.id)).all() == [
        "comment", "comment"]


@pytest.mark.parametrize("username", ["executive", "cs.staff"])
def test_executives_and_divisions_cannot_comment(session, demo, judgement_item, username):
    with pytest.raises(PermissionDenied):
        add_comment(session, actor(session, username), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                    text="ความเห็น")


def test_a_reply_must_answer_a_comment_on_the_same_item(session, demo, criteria, judgement_item):
    first = add_comment(session, actor(session, "assessor"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                        text="ความเห็นแรก")
    other_item = items_of(criteria, "judgement", session)[1]
    with pytest.raises(ValidationFailed, match="ไม่พบความเห็นที่ต้องการตอบกลับ"):
        add_comment(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=other_item,
                    text="ตอบผิดรายการ", reply_to=first.id)
    with pytest.raises(ValidationFailed):
        add_comment(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
                    text="   ")


def test_claims_of_units_outside_a_line_do_not_count_for_that_line(session, demo, criteria, approval_id):
    first, second, third = items_of(criteria, "judgement", session)[:3]
    units = {u.code: u for u in session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == demo)).all()}
    claim(session, demo, first, approval_id, org_unit_id=units["D041"].id)
    claim(session, demo, second, approval_id, org_unit_id=units["D031"].id)
    claim(session, demo, third, approval_id)
    line = snapshot_claims(session, enterprise_id=demo, year=YEAR, division_id=units["L04"].id)
    assert {first, second, third} & set(line) == {first, third}
    assert line[first].unit_names == (units["D041"].name_th,)
    assert {first, second, third} <= set(snapshot_claims(session, enterprise_id=demo, year=YEAR))


def test_claims_of_two_units_on_one_item_merge_with_the_state_that_counts_most(
    session, demo, judgement_item, approval_id
):
    units = {u.code: u for u in session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == demo)).all()}
    claim(session, demo, judgement_item, approval_id, org_unit_id=units["D041"].id)
    survey_id = session.exec(select(Survey.id).where(Survey.enterprise_id == demo)).first()
    save_claim(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, item_id=judgement_item,
               claim_text="ผลสำรวจใช้ประกอบ", linked_records=[{"table": "survey", "id": survey_id}],
               org_unit_id=units["D042"].id)
    merged = snapshot_claims(session, enterprise_id=demo, year=YEAR)[judgement_item]
    assert merged.state == "claimed"
    assert [r.table for r in merged.evidence] == ["approval", "survey"]
    assert merged.unit_names == (units["D041"].name_th, units["D042"].name_th)


def test_withdrawing_a_claim_removes_it_and_is_audited(session, demo, judgement_item, approval_id):
    stored = claim(session, demo, judgement_item, approval_id)
    withdraw_claim(session, actor(session, "planner"), stored.id, expected_version=stored.version)
    assert judgement_item not in snapshot_claims(session, enterprise_id=demo, year=YEAR)
    audit = session.exec(select(AuditLog).where(AuditLog.action == "claim:withdraw").order_by(AuditLog.id)).one()
    assert audit.before["item_id"] == judgement_item


def test_linkable_records_are_searched_within_the_enterprise_and_year(session, demo):
    options = linkable_records(session, actor(session, "planner"), enterprise_id=demo, year=YEAR,
                               table="document", search="คู่มือ")
    assert [o.label for o in options] == ["เอกสารในทะเบียน: DOC-CMP-PROC · คู่มือขั้นตอนและมาตรฐานการจัดการข้อร้องเรียน"]
    reports = linkable_records(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, table="vocreport")
    assert [o.label for o in reports][-1] == "รายงาน VOC รายไตรมาส: ไตรมาส 1 · คณะกรรมการบริหาร (ผู้บริหารระดับสูง)"
    with pytest.raises(ValidationFailed):
        linkable_records(session, actor(session, "planner"), enterprise_id=demo, year=YEAR, table="user")


def test_a_line_unit_added_later_can_own_a_claim(session, demo, judgement_item, approval_id):
    unit = add_unit(session, SYSTEM, enterprise_id=demo, code="L09", name_th="สายงานใหม่", kind=UnitKind.LINE)
    stored = claim(session, demo, judgement_item, approval_id, org_unit_id=unit.id)
    assert snapshot_claims(session, enterprise_id=demo, year=YEAR,
                           division_id=unit.id)[judgement_item].unit_names == ("สายงานใหม่",)
    assert stored.org_unit_id == unit.id
