from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied, ValidationFailed
from evidence.models import AuditLog, BreachRecord
from evidence.models.base import utcnow
from evidence.pdpa.breaches import clock, list_breaches, record_breach, record_notification
from tests.evidence.pdpa_world import build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")
FOUND = datetime(2026, 3, 2, 8, 0)


@pytest.fixture
def world(session):
    return build_world(session)


def _breach(session, world, **extra: object) -> BreachRecord:
    data = {"enterprise_id": world.enterprise_id, "discovered_at": FOUND,
            "description": "ส่งไฟล์รายชื่อผู้ร้องเรียนทางอีเมลผิดผู้รับ", "affected": "ผู้ร้องเรียนไตรมาส 2",
            "affected_count": 40, "tables": ["complaintcase"]} | extra
    return record_breach(session, world.actor("planner"), **data)  # type: ignore[arg-type]


def test_the_regulator_must_be_told_within_72_hours_of_discovery(session, world):
    breach = _breach(session, world)
    state = clock(breach, FOUND + timedelta(hours=10, minutes=30))
    assert state.deadline == datetime(2026, 3, 5, 8, 0)
    assert state.text == "เหลือเวลาแจ้ง สคส. อีก 2 วัน 13 ชั่วโมง 30 นาที" and not state.notified
    late = clock(breach, FOUND + timedelta(hours=75))
    assert late.text == "เกินกำหนดแจ้ง สคส. แล้ว 3 ชั่วโมง 0 นาที" and late.remaining < timedelta(0)


def test_notification_dates_are_recorded_and_judged_against_the_deadline(session, world):
    breach = _breach(session, world)
    record_notification(session, world.actor("planner"), breach.id, regulator_at=FOUND + timedelta(hours=80),
                        subjects_at=FOUND + timedelta(days=4))
    state = clock(breach)
    assert state.notified and state.on_time is False
    assert state.text == "แจ้ง สคส. เกินกำหนด (ช้ากว่ากำหนด 8 ชั่วโมง 0 นาที)"
    rows = session.exec(select(AuditLog).where(AuditLog.table_name == "breachrecord").order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["breach:create", "breach:notify"]
    assert rows[1].after == {"regulator_notified_at": "2026-03-05T16:00:00", "subjects_notified_at": "2026-03-06T08:00:00"}


def test_an_on_time_notification_says_so(session, world):
    breach = _breach(session, world)
    record_notification(session, world.actor("admin"), breach.id, regulator_at=FOUND + timedelta(hours=20))
    assert clock(breach).text == "แจ้ง สคส. ภายในกำหนดแล้ว" and clock(breach).on_time


def test_impossible_times_and_unknown_tables_are_refused_in_thai(session, world):
    with pytest.raises(ValidationFailed) as err:
        _breach(session, world, discovered_at=utcnow() + timedelta(days=1), tables=["nosuchtable"], description=" ")
    assert {p.field for p in err.value.problems} >= {"description"}
    with pytest.raises(ValidationFailed) as err:
        _breach(session, world, discovered_at=utcnow() + timedelta(days=1), tables=["nosuchtable"])
    assert {p.field for p in err.value.problems} == {"discovered_at", "tables"}
    breach = _breach(session, world)
    with pytest.raises(ValidationFailed, match="ไม่ก่อนวันเวลาที่พบเหตุ"):
        record_notification(session, world.actor("planner"), breach.id, regulator_at=FOUND - timedelta(hours=1))


def test_breaches_are_listed_newest_first_for_the_planning_team_only(session, world):
    _breach(session, world)
    _breach(session, world, discovered_at=FOUND + timedelta(days=3))
    assert [b.discovered_at for b in list_breaches(session, world.actor("planner"), world.enterprise_id)] == [
        FOUND + timedelta(days=3), FOUND]
    for username in ("staff1", "boss", "judge"):
        with pytest.raises(PermissionDenied):
            list_breaches(session, world.actor(username), world.enterprise_id)
    with pytest.raises(PermissionDenied):
        record_breach(session, world.actor("planner"), enterprise_id=world.other_enterprise_id, discovered_at=FOUND,
                      description="x", affected="y")
