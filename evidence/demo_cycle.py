"""The demo's assessment cycle: last year (2568) submitted and assessed, this year (2569) in progress
with an inbox that holds a returned revision and a data request due (issue 13).

Last year carries the profiles, segments and targets that stood then (copies of this year's approved
ones, reviewed within 2568); this year's scores are left exactly as the rest of the demo makes them:
the returned item is a revision beside an approved record, which keeps counting.
"""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from evidence.access import Actor, actor_for
from evidence.models import CustomerSegment, Stakeholder, TopicTarget, User, VocRecord
from evidence.models.base import ReviewStatus
from evidence.services.assessment import set_assessor_level
from evidence.services.followup import send_request
from evidence.services.records import update_record
from evidence.services.revisions import decide_revision, open_revision
from evidence.services.submissions import submit_year
from evidence.services.year_carry import _copy
from evidence.thai_dates import bangkok_today

LAST_YEAR_LEVELS = {"SM1.1": (2.0, "Stakeholder Profile ครบทุกสายงาน แต่ยังไม่ได้ทบทวนให้เป็นปัจจุบันทุกราย"),
                    "CM5.1": (1.5, "มีการรับฟัง VOC แต่ยังไม่ครบทั้ง 4 มิติและทุกไตรมาส")}


def _actor(session: Session, username: str) -> Actor:
    return actor_for(session, session.exec(select(User).where(User.username == username)).one())


def load_cycle(session: Session, actor: Actor, eid: int, year: int) -> None:
    last = year - 1
    _last_year(session, actor, eid, year, last)
    submit_year(session, actor, enterprise_id=eid, year=last, note="ฉบับที่ส่งผู้ประเมิน (ตัวอย่าง)")
    assessor = _actor(session, "assessor")
    for code, (level, rationale) in LAST_YEAR_LEVELS.items():
        set_assessor_level(session, assessor, enterprise_id=eid, year=last, subtopic_code=code, level=level,
                           rationale=rationale)
    _inbox(session, eid, year)


def _last_year(session: Session, actor: Actor, eid: int, year: int, last: int) -> None:
    reviewed = date(last - 543 - 1, 11, 15)  # inside fiscal year `last`
    for model in (Stakeholder, CustomerSegment):
        for row in session.exec(select(model).where(model.enterprise_id == eid, model.year == year,
                                                    model.status == ReviewStatus.APPROVED.value)).all():
            extra = {"reviewed_on": reviewed} if model is Stakeholder else {}
            session.add(_copy(row, actor, year=last, **extra))
    for target in session.exec(select(TopicTarget).where(TopicTarget.enterprise_id == eid,
                                                         TopicTarget.year == year)).all():
        session.add(_copy(target, actor, year=last, target_level=max(0.0, target.target_level - 0.5)))
    session.flush()


def _inbox(session: Session, eid: int, year: int) -> None:
    staff, planner = _actor(session, "cs.staff"), _actor(session, "planner")
    record = session.exec(select(VocRecord).where(
        VocRecord.enterprise_id == eid, VocRecord.year == year, col(VocRecord.org_unit_id).in_(staff.org_unit_ids),
        VocRecord.status == ReviewStatus.APPROVED.value).order_by(VocRecord.id)).first()
    if record is not None:
        update_record(session, staff, VocRecord, record.id or 0, expected_version=record.version,
                      changes={"text": f"{record.text} (ปรับถ้อยคำ)"})
        revision = open_revision(session, "vocrecord", record.id or 0)
        if revision is not None:
            decide_revision(session, planner, revision.id or 0, ReviewStatus.RETURNED,
                            expected_version=revision.version, comment="ระบุช่องทางและกลุ่มลูกค้าให้ครบก่อนส่งใหม่")
    send_request(session, planner, enterprise_id=eid, year=year, unit_id=min(staff.org_unit_ids),
                 due_on=bangkok_today() + timedelta(days=10), note="ขอข้อมูลให้ครบก่อนประชุมคณะทำงาน SCM")
