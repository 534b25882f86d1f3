"""Approved stays approved until its revision is (issue 13 §4)."""

from sqlmodel import Session, col, select

from evidence.errors import ValidationFailed
from evidence.models import RecordRevision, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.records import update_record
from evidence.services.revisions import compare_revision, decide_revision
from evidence.services.scoring import score_enterprise
from tests.evidence.excel_support import demo_actor
from tests.portal.conftest import open_app


def approved_profile_of(session, actor) -> Stakeholder:
    return session.exec(select(Stakeholder).where(
        col(Stakeholder.org_unit_id).in_(actor.org_unit_ids), Stakeholder.year == 2569,
        Stakeholder.status == ReviewStatus.APPROVED, col(Stakeholder.role).is_not(None)).order_by(Stakeholder.id)).first()


def score(session, enterprise_id) -> float:
    return score_enterprise(session, demo_actor(session, "planner"), enterprise_id=enterprise_id, year=2569).score


def test_a_division_edit_of_an_approved_record_waits_beside_it_and_the_approved_one_keeps_counting(session, demo):
    staff = demo_actor(session, "cs.staff")
    profile = approved_profile_of(session, staff)
    before_score, old_role = score(session, demo), profile.role
    update_record(session, staff, Stakeholder, profile.id, expected_version=profile.version,
                  changes={"role": None, "interest": 1})  # an edit that would make the profile incomplete
    session.commit()
    with Session(session.get_bind()) as fresh:
        stored = fresh.get(Stakeholder, profile.id)
        assert (stored.status, stored.role, stored.version) == (ReviewStatus.APPROVED, old_role, profile.version)
        revision = fresh.exec(select(RecordRevision).where(RecordRevision.record_id == profile.id, RecordRevision.record_table == "stakeholder")).one()
        assert revision.changes == {"role": None, "interest": 1}
        assert revision.status == ReviewStatus.SUBMITTED
        assert score(fresh, demo) == before_score


def test_the_review_shows_both_versions_with_thai_labels_then_approval_applies_the_revision(session, demo):
    staff, planner = demo_actor(session, "cs.staff"), demo_actor(session, "planner")
    profile = approved_profile_of(session, staff)
    update_record(session, staff, Stakeholder, profile.id, expected_version=profile.version,
                  changes={"is_internal": True, "engagement_desired": "empower", "key_issues": "ประเด็นใหม่"})
    revision = session.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder")).one()
    comparison = compare_revision(session, planner, revision.id)
    rows = {f.label: (f.approved, f.proposed) for f in comparison.fields if f.changed}
    assert rows["เป็นผู้มีส่วนได้ส่วนเสียภายใน"] == ("ไม่ใช่", "ใช่")
    assert rows["ระดับการมีส่วนร่วมที่ต้องการ"][1] == "เสริมอำนาจ"
    assert rows["ประเด็นสำคัญ"][1] == "ประเด็นใหม่"
    unit_row = next(f for f in comparison.fields if f.label == "หน่วยงาน")
    assert not unit_row.approved.isdigit() and unit_row.approved == unit_row.proposed
    shown = " ".join(f"{f.approved} {f.proposed}" for f in comparison.fields)
    assert "False" not in shown and "True" not in shown and "empower" not in shown
    try:
        decide_revision(session, planner, revision.id, ReviewStatus.RETURNED, expected_version=revision.version)
    except ValidationFailed as failure:
        assert failure.problems[0].message == "ต้องระบุเหตุผลที่ส่งกลับ"
    decide_revision(session, planner, revision.id, ReviewStatus.APPROVED, expected_version=revision.version)
    session.commit()
    session.expire_all()
    stored = session.get(Stakeholder, profile.id)
    assert (stored.is_internal, stored.key_issues, stored.status) == (True, "ประเด็นใหม่", ReviewStatus.APPROVED)
    assert session.get(RecordRevision, revision.id).status == ReviewStatus.APPROVED


def test_the_editor_is_told_and_the_planner_sees_the_side_by_side_review(session, demo):
    staff = demo_actor(session, "cs.staff")
    profile = approved_profile_of(session, staff)
    at = open_app("cs.staff", "views/stakeholders.py")
    at.selectbox(key="stakeholder::pick").set_value(profile.id).run()
    at.text_area(key="stakeholder:key_issues").input("ประเด็นที่ปรับปรุง")
    at.button(key="stakeholder::save").click().run()
    assert any("ข้อมูลที่อนุมัติแล้วยังใช้นับคะแนนต่อไป" in s.value for s in at.success), [e.value for e in at.error]
    review = open_app("planner", "views/review_queue.py")
    table = next(d.value for d in review.dataframe if "ฉบับแก้ไขที่เสนอ" in d.value.columns)
    changed = table[table["เปลี่ยน"] == "✎"]
    assert changed["ฉบับแก้ไขที่เสนอ"].tolist() == ["ประเด็นที่ปรับปรุง"]
    review.button(key="revision:approve").click().run()
    assert "อนุมัติฉบับแก้ไขและนำไปใช้แล้ว" in [s.value for s in review.success]
    session.expire_all()
    assert session.get(Stakeholder, profile.id).key_issues == "ประเด็นที่ปรับปรุง"
