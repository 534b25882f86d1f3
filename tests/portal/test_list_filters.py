"""Filters on every list (status, date range, unit) and the search page (issue 16)."""

from datetime import date

from sqlalchemy import update
from sqlmodel import select

from evidence.access import SYSTEM
from evidence.models import OrgUnit, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.record_filter import RecordFilter
from evidence.services.records import list_records
from portal.components.safe_text import md
from tests.portal.conftest import open_app


def _mark(session, codes_status: dict[str, ReviewStatus], reviewed: dict[str, date] | None = None) -> None:
    for code, status in codes_status.items():
        session.exec(update(Stakeholder).where(Stakeholder.code == code, Stakeholder.year == 2569)  # type: ignore[call-overload]
                     .values(status=status.value))
    for code, day in (reviewed or {}).items():
        session.exec(update(Stakeholder).where(Stakeholder.code == code, Stakeholder.year == 2569)  # type: ignore[call-overload]
                     .values(reviewed_on=day))
    session.commit()


def _profile_codes(at) -> list[str]:
    frames = [d.value for d in at.dataframe if "รหัสผู้มีส่วนได้ส่วนเสีย" in d.value.columns]
    return sorted(frames[0]["รหัสผู้มีส่วนได้ส่วนเสีย"].tolist()) if frames else []


def test_list_records_filters_by_status_and_date_in_sql(session, demo):
    _mark(session, {"SH-L04-01": ReviewStatus.RETURNED, "SH-L04-02": ReviewStatus.DRAFT},
          {"SH-L04-01": date(2026, 3, 1), "SH-L04-02": date(2026, 5, 1)})
    returned = list_records(session, SYSTEM, Stakeholder, enterprise_id=demo, year=2569,
                            filters=RecordFilter(statuses=(ReviewStatus.RETURNED, ReviewStatus.DRAFT)))
    assert sorted(r.code for r in returned.rows) == ["SH-L04-01", "SH-L04-02"] and returned.total == 2
    spring = list_records(session, SYSTEM, Stakeholder, enterprise_id=demo, year=2569,
                          filters=RecordFilter(statuses=(ReviewStatus.RETURNED, ReviewStatus.DRAFT),
                                               date_from=date(2026, 4, 1), date_to=date(2026, 5, 1)))
    assert [r.code for r in spring.rows] == ["SH-L04-02"]  # the last day of the range counts


def test_the_profile_list_filters_by_status_dates_and_unit(session, demo):
    _mark(session, {"SH-L04-01": ReviewStatus.RETURNED, "SH-L03-01": ReviewStatus.RETURNED},
          {"SH-L04-01": date(2026, 3, 1), "SH-L03-01": date(2026, 1, 10)})
    at = open_app("planner", "views/stakeholders.py")
    assert len(_profile_codes(at)) == 12
    at.multiselect(key="stakeholder:list:f:status").set_value([ReviewStatus.RETURNED]).run()
    assert _profile_codes(at) == ["SH-L03-01", "SH-L04-01"]
    at.text_input(key="stakeholder:list:f:from").input("01/02/2569").run()
    assert _profile_codes(at) == ["SH-L04-01"]
    at.text_input(key="stakeholder:list:f:from").input("").run()
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L03")).one()
    unit = at.selectbox(key="stakeholder:list:f:unit")
    unit.set_value(next(o for o in unit.options if o.startswith("L03"))).run()
    assert _profile_codes(at) == ["SH-L03-01"] and line.id is not None
    at.text_input(key="stakeholder:list:f:to").input("31/02/2569").run()
    assert any("31/02/2569" in e.value for e in at.error)


def test_the_search_page_finds_records_for_each_role_as_it_may_see_them(session, demo):
    at = open_app("planner", "views/search.py")
    at.text_input(key="search:q").input("SH-L03-01").run()
    assert [m.value for m in at.markdown if m.value.startswith(f"**{md('SH-L03-01')}**")]
    assert any(c.value.startswith("พบ 1 รายการ ที่มีทุกคำ: sh-l03-01") for c in at.caption)
    assert [p.proto.page for p in at.get("page_link")] == ["stakeholders"]  # the page that holds the profile
    staff = open_app("cs.staff", "views/search.py")  # สายงานบริการลูกค้า: not the production line's profile
    staff.text_input(key="search:q").input("SH-L03-01").run()
    assert [i.value for i in staff.info] == ["ไม่พบข้อมูลที่มีคำว่า sh-l03-01"]
    staff.text_input(key="search:q").input("SH-L04-01").run()
    assert [m.value for m in staff.markdown if m.value.startswith(f"**{md('SH-L04-01')}**")]
