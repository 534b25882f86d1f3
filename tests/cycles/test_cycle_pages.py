"""The cycle pages: the next-year button, and the review of a pending revision."""

from sqlmodel import func, select

from evidence.models import AssessmentYear, Stakeholder
from tests.portal.conftest import open_app


def test_the_cycle_page_opens_next_year_from_this_year(session, demo):
    at = open_app("planner", "views/criteria_admin.py")
    at.button(key="cycle:open_next").click().run()
    assert [s.value for s in at.success][-1].startswith("เปิดรอบการประเมินปี 2570 จากปีก่อนแล้ว")
    session.expire_all()
    assert session.exec(select(AssessmentYear.year).order_by(AssessmentYear.year)).all()[-2:] == [2569, 2570]
    carried = session.exec(select(func.count()).select_from(Stakeholder).where(Stakeholder.year == 2570)).one()
    assert carried > 0
    at.button(key="cycle:open_next").click().run()
    assert [e.value for e in at.error] == ["ข้อมูลไม่ถูกต้อง: ปีประเมิน (พ.ศ.): เปิดรอบการประเมินปี 2570 ไว้แล้ว"]


def test_the_submission_page_freezes_a_version_and_shows_what_changed(session, demo):
    from evidence.access import SYSTEM
    from evidence.models import VocRecord
    from evidence.services.records import update_record
    from tests.cycles.test_submissions import review_everything

    review_everything(session)
    at = open_app("planner", "views/submissions.py")
    at.button(key="submission:submit").click().run()
    assert [s.value for s in at.success][0].startswith("ส่งฉบับที่ 1 แล้ว (SHA-256 ")
    record = session.exec(select(VocRecord).order_by(VocRecord.id)).first()
    update_record(session, SYSTEM, VocRecord, record.id, expected_version=record.version, changes={"priority": 1})
    session.commit()
    at = open_app("planner", "views/submissions.py")
    at.button(key="submission:submit").click().run()
    assessor = open_app("assessor", "views/submissions.py")
    text = " ".join(m.value for m in assessor.markdown)
    assert "เปรียบเทียบฉบับที่ 1 กับฉบับที่ 2" in text and f"ข้อมูล VOC: แก้ไข '{record.ref_no}'" in text
    assert "ฉบับที่ส่ง 2" in text


def test_the_dashboard_compares_years_with_last_years_assessor_levels_and_lists_overdue_requests(session, demo):
    from datetime import date, timedelta

    from evidence.models import DivisionRequest

    request = session.exec(select(DivisionRequest)).one()
    request.due_on = date.today() - timedelta(days=1)
    session.add(request)
    session.commit()
    at = open_app("executive", "views/dashboard.py")
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    assessed = next(t for t in tables if "ระดับของผู้ประเมิน" in t.columns)
    assert assessed[["ปี", "หัวข้อย่อย", "ระดับของผู้ประเมิน"]].values.tolist() == [
        ["พ.ศ. 2568", "SM1.1", "2.00"], ["พ.ศ. 2568", "CM5.1", "1.50"]]
    overdue = next(t for t in tables if "คำขอข้อมูลที่เลยกำหนดส่ง" in t.columns)
    assert overdue["คำขอข้อมูลที่เลยกำหนดส่ง"].tolist() == [1]
