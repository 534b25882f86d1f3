from sqlalchemy import func
from sqlmodel import select

from evidence.demo import load_demo
from evidence.models import ComplaintCase, Enterprise, OrgUnit, Stakeholder, VocRecord
from evidence.models.org import UnitKind


def test_demo_has_a_believable_organisation(session, demo):
    units = session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == demo)).all()
    lines = [u for u in units if u.kind == UnitKind.LINE]
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    assert 4 <= len(lines) <= 6 and 15 <= len(departments) <= 25


def test_demo_voc_spans_four_quarters(session, demo):
    quarters = session.exec(select(VocRecord.quarter).distinct()).all()
    assert sorted(quarters) == [1, 2, 3, 4]


def test_demo_has_late_and_unacknowledged_complaints(session, demo):
    missing_ack = session.exec(select(func.count()).where(ComplaintCase.acknowledged_at.is_(None))).one()
    assert missing_ack >= 1


def test_loading_the_demo_twice_changes_nothing(session, demo):
    count = session.exec(select(func.count()).select_from(Stakeholder)).one()
    second = load_demo(session)
    assert not second.loaded
    assert session.exec(select(func.count()).select_from(Stakeholder)).one() == count
    assert len(session.exec(select(Enterprise)).all()) == 1
