"""Stored UTC moments read in Bangkok time on every page that shows one (issue 16 §1): a moment stored
at 18:30 UTC on 30 Sep 2026 is 01:30 on 1 Oct 2569, in the new fiscal year."""

from datetime import datetime

from sqlmodel import select

from evidence.models import AssessorLevel, EvidenceFile, ItemClaim, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.assessment import set_assessor_level
from evidence.services.files import upload_file
from evidence.services.records import create_record, set_review_status
from tests.evidence.excel_support import demo_actor
from tests.evidence.reading.documents import thai_pdf
from tests.portal.conftest import open_app
from tests.portal.test_entry_pages import unit

LATE_UTC = datetime(2026, 9, 30, 18, 30)
SHOWN = "1 ต.ค. 2569 01:30 น."


def stamp(session, row, field: str) -> None:
    setattr(row, field, LATE_UTC)
    session.add(row)
    session.commit()


def cells(at) -> list[str]:
    return [str(v) for d in at.dataframe for column in d.value.columns for v in d.value[column]]


def texts(at) -> list[str]:
    return [e.value for kind in ("markdown", "info", "caption") for e in at.get(kind)]


def test_the_files_page_dates_an_upload_after_bangkok_midnight_the_next_day(session, demo):
    planner = demo_actor(session, "planner")
    stored = upload_file(session, planner, enterprise_id=demo, year=2569, name="หลังเที่ยงคืน.pdf",
                         data=thai_pdf(["รายงานการประชุม"]))
    stamp(session, session.get(EvidenceFile, stored.id), "uploaded_at")
    at = open_app("planner", "views/files.py")
    assert not at.exception and SHOWN in cells(at)


def test_the_review_queue_shows_when_a_record_was_sent_in_bangkok_time(session, demo):
    staff = demo_actor(session, "cs.staff")
    record = create_record(session, staff, Stakeholder, {"enterprise_id": demo, "year": 2569, "group_name": "ผู้รับเหมา",
                                                         "org_unit_id": unit(session, "D041"), "code": "SH-TZ-1"})
    set_review_status(session, staff, Stakeholder, record.id, ReviewStatus.SUBMITTED, expected_version=record.version)
    stamp(session, session.get(Stakeholder, record.id), "updated_at")
    at = open_app("planner", "views/review_queue.py")
    assert not at.exception and SHOWN in cells(at)


def test_a_claim_shows_when_it_was_last_changed_in_bangkok_time(session, demo):
    claim = session.exec(select(ItemClaim).where(ItemClaim.year == 2569).order_by(ItemClaim.id)).first()
    stamp(session, claim, "updated_at")
    at = open_app("planner", "views/claims.py")
    at.selectbox(key="cl_subtopic").set_value(claim.item_id.split("-")[0]).run()
    at.selectbox(key="cl_item").set_value(claim.item_id).run()
    assert not at.exception and any(SHOWN in t for t in texts(at))


def test_the_assessors_rationale_shows_when_it_was_given_in_bangkok_time(session, demo):
    assessor = demo_actor(session, "assessor")
    at = open_app("assessor", "views/assessor_workspace.py")
    code = at.selectbox(key="ws_subtopic").value
    set_assessor_level(session, assessor, enterprise_id=demo, year=2569, subtopic_code=code, level=2,
                       rationale="หลักฐานครบถ้วนตามระดับที่สองของหัวข้อย่อยนี้")
    given = session.exec(select(AssessorLevel).where(AssessorLevel.enterprise_id == demo, AssessorLevel.year == 2569,
                                                     AssessorLevel.subtopic_code == code)).one()
    stamp(session, given, "updated_at")
    at = open_app("assessor", "views/assessor_workspace.py")
    assert not at.exception and any(SHOWN in t for t in texts(at))
