"""Following up the divisions (issue 13 §5): requests from the scoring rules' checks, the inbox,
SMTP notifications (immediate and digest, against a local aiosmtpd server), overdue requests."""

import socket
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from evidence.access import SYSTEM
from evidence.models import OrgUnit, OutboxMessage, User, VocRecord
from evidence.models.base import ReviewStatus
from evidence.notify import send_digest
from evidence.services.assessment import add_comment
from evidence.services.followup import overdue_by_division, send_request
from evidence.services.inbox import inbox_for
from evidence.services.records import set_review_status
from evidence.settings import get_settings
from tests.evidence.excel_support import demo_actor
from tests.portal.conftest import open_app

controller_module = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd is in the test extras")


class Collector:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        from email import message_from_bytes
        from email.header import decode_header, make_header

        message = message_from_bytes(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), str(make_header(decode_header(message["Subject"])))))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collector = Collector()
    controller = controller_module.Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SCM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SCM_SMTP_PORT", str(port))
    monkeypatch.setenv("SCM_SMTP_SENDER", "scm-portal@example.go.th")
    get_settings.cache_clear()
    yield collector
    controller.stop()
    get_settings.cache_clear()


def division_record(session, staff):
    return session.exec(select(VocRecord).where(col(VocRecord.org_unit_id).in_(staff.org_unit_ids))
                        .order_by(VocRecord.id)).first()


def with_email(session, username: str, email: str) -> None:
    user = session.exec(select(User).where(User.username == username)).one()
    user.email = email
    session.add(user)
    session.commit()


def test_a_request_lists_what_the_division_owes_and_reaches_its_inbox(session, demo):
    planner, staff = demo_actor(session, "planner"), demo_actor(session, "cs.staff")
    unit = session.get(OrgUnit, min(staff.org_unit_ids))
    request = send_request(session, planner, enterprise_id=demo, year=2569, unit_id=unit.id,
                           due_on=date.today() + timedelta(days=7), note="ส่งภายในสัปดาห์หน้า")
    session.commit()
    assert request.items and all(i["text"] for i in request.items)
    entries = inbox_for(session, staff, enterprise_id=demo, year=2569)
    asked = [e for e in entries if e.kind == "คำขอข้อมูล" and "ส่งภายในสัปดาห์หน้า" in e.detail]
    assert len(asked) == 1 and not asked[0].urgent
    assert asked[0].detail.count(request.items[0]["text"]) == 1  # each gap listed once
    late = date.today() + timedelta(days=8)  # after this request's due date, before the demo's own request
    assert overdue_by_division(session, planner, enterprise_id=demo, year=2569, today=late) == {unit.name_th: 1}
    assert overdue_by_division(session, planner, enterprise_id=demo, year=2569) == {}


def test_a_returned_record_shows_in_the_division_inbox_with_its_reason(session, demo):
    staff = demo_actor(session, "cs.staff")
    record = division_record(session, staff)
    set_review_status(session, SYSTEM, VocRecord, record.id, ReviewStatus.RETURNED, expected_version=record.version,
                      comment="ระบุกลุ่มลูกค้าให้ครบ")
    session.commit()
    at = open_app("cs.staff", "views/home.py")
    shown = [w.value for w in at.warning]
    assert any("ส่งกลับแก้ไข" in w and record.ref_no in w and "ระบุกลุ่มลูกค้าให้ครบ" in w for w in shown), shown


def test_returns_and_assessor_questions_mail_at_once_requests_wait_for_the_digest(session, demo, smtp):
    with_email(session, "cs.staff", "staff@example.go.th")
    with_email(session, "planner", "planner@example.go.th")
    staff, planner = demo_actor(session, "cs.staff"), demo_actor(session, "planner")
    record = division_record(session, staff)
    record.updated_by = "cs.staff"
    session.add(record)
    session.commit()
    session.refresh(record)
    set_review_status(session, planner, VocRecord, record.id, ReviewStatus.RETURNED, expected_version=record.version,
                      comment="แนบหลักฐาน")
    session.commit()
    assert smtp.messages == [(["staff@example.go.th"], f"VOC '{record.ref_no}' ถูกส่งกลับให้แก้ไข")]
    add_comment(session, demo_actor(session, "assessor"), enterprise_id=demo, year=2569,
                item_id=next(iter(_any_item(session, demo))), text="ขอดูมติคณะกรรมการฉบับเต็ม")
    session.commit()
    assert smtp.messages[-1][0] == ["planner@example.go.th"] and "ผู้ประเมินถาม" in smtp.messages[-1][1]
    before = len(smtp.messages)
    send_request(session, planner, enterprise_id=demo, year=2569, unit_id=min(staff.org_unit_ids),
                 due_on=date.today() + timedelta(days=3))
    session.commit()
    assert len(smtp.messages) == before  # not immediate
    assert send_digest(session) == 1
    session.commit()
    assert smtp.messages[-1][0] == ["staff@example.go.th"] and "สรุปรายการประจำวัน" in smtp.messages[-1][1]
    assert send_digest(session) == 0  # everything was sent once


def _any_item(session, demo):
    from evidence.services.scoring import score_enterprise

    assessment = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    return [i.id for s in assessment.subtopics() for i in s.items][:1]


def test_email_is_off_when_no_smtp_host_is_set(session, demo):
    assert not get_settings().smtp_host
    staff = demo_actor(session, "cs.staff")
    record = division_record(session, staff)
    set_review_status(session, SYSTEM, VocRecord, record.id, ReviewStatus.RETURNED, expected_version=record.version,
                      comment="ไม่ครบ")
    session.commit()
    with Session(session.get_bind()) as fresh:
        assert fresh.exec(select(OutboxMessage)).all() == []
