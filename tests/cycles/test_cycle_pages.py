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
