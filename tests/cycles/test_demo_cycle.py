"""The demo as a newcomer finds it (issue 13 "Done when"): 2568 submitted and assessed, 2569 in
progress, and a division inbox holding a returned record and a request due — without any setup."""

from sqlmodel import select

from evidence.models import AssessmentYear, AssessorLevel, Submission
from evidence.services.inbox import inbox_for
from evidence.services.submissions import version_label
from tests.evidence.excel_support import demo_actor
from tests.portal.conftest import open_app


def test_the_demo_has_2568_submitted_and_assessed_and_2569_in_progress(session, demo):
    assert session.exec(select(AssessmentYear.year).where(AssessmentYear.enterprise_id == demo)
                        .order_by(AssessmentYear.year)).all() == [2568, 2569]
    assert [s.number for s in session.exec(select(Submission).where(Submission.year == 2568))] == [1]
    assert session.exec(select(Submission).where(Submission.year == 2569)).all() == []
    assert session.exec(select(AssessorLevel).where(AssessorLevel.year == 2568)).all()
    assert version_label(session, demo, 2568).startswith("ฉบับที่ส่ง 1 ")
    assert version_label(session, demo, 2569) == "ข้อมูลปัจจุบัน (ยังไม่ได้ส่งผลการประเมิน)"


def test_the_demo_division_inbox_holds_a_returned_record_and_a_request_due(session, demo):
    entries = inbox_for(session, demo_actor(session, "cs.staff"), enterprise_id=demo, year=2569)
    kinds = [e.kind for e in entries]
    assert "ส่งกลับแก้ไข" in kinds and "คำขอข้อมูล" in kinds
    returned = next(e for e in entries if e.kind == "ส่งกลับแก้ไข")
    assert returned.urgent and returned.detail.startswith("เหตุผล: ") and returned.detail != "เหตุผล: -"
    home = open_app("cs.staff", "views/home.py")
    shown = " ".join(w.value for w in [*home.warning, *home.info, *home.markdown])
    assert returned.title in shown and returned.detail in shown and "คำขอข้อมูล" in shown
