"""Next year from last year: what is carried, what starts empty, and a year opened twice."""

from sqlmodel import Session, func, select

from evidence.access import SYSTEM
from evidence.errors import NotFound, ValidationFailed
from evidence.models import (
    AssessmentYear,
    CustomerSegment,
    GoverningBody,
    OrgUnit,
    Stakeholder,
    StakeholderIssue,
    TopicTarget,
    VocRecord,
    VoiceOfStakeholder,
)
from evidence.services.records import update_record
from evidence.services.scoring import score_enterprise
from evidence.services.year_carry import open_year_from
from portal.cli import main


def count(session, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.exec(query).one()


def s1_reasons(session, enterprise_id, year) -> list[str]:
    assessment = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=year)
    return [r for s in assessment.subtopics() for i in s.items if i.rule_id == "S1" for r in i.reasons]


def test_a_year_opened_from_last_year_carries_settings_targets_segments_and_profiles(session, demo):
    before_units, before_bodies = count(session, OrgUnit), count(session, GoverningBody)
    carried = open_year_from(session, SYSTEM, enterprise_id=demo, year=2570, from_year=2569)
    session.commit()
    last = session.exec(select(AssessmentYear).where(AssessmentYear.year == 2569)).one()
    assert (carried.year.criteria_version, carried.year.scoring_method, carried.year.claim_mode, carried.year.basis) \
        == (last.criteria_version, last.scoring_method, last.claim_mode, last.basis)
    for model in (TopicTarget, CustomerSegment, Stakeholder):
        assert count(session, model, year=2570) == count(session, model, year=2569) > 0, model.__name__
    assert count(session, OrgUnit) == before_units and count(session, GoverningBody) == before_bodies
    assert count(session, VocRecord, year=2570) == 0 and count(session, VoiceOfStakeholder, year=2570) == 0
    new_profiles = session.exec(select(Stakeholder).where(Stakeholder.year == 2570)).all()
    assert {p.carried_from_year for p in new_profiles} == {2569}
    def issues_of(year: int) -> list[str]:
        return sorted(session.exec(select(StakeholderIssue.issue).join(
            Stakeholder, Stakeholder.id == StakeholderIssue.stakeholder_id).where(Stakeholder.year == year)).all())

    assert issues_of(2570) == issues_of(2569) and issues_of(2569)
    assert carried.counts["Stakeholder Profile (รอทบทวน)"] == len(new_profiles)


def test_carried_profiles_make_the_currency_check_ask_for_a_review_until_saved(session, demo):
    open_year_from(session, SYSTEM, enterprise_id=demo, year=2570, from_year=2569)
    session.commit()
    reasons = s1_reasons(session, demo, 2570)
    assert any("ยกมาจากปีก่อน รอการทบทวน" in r for r in reasons), reasons
    for profile in session.exec(select(Stakeholder).where(Stakeholder.year == 2570)).all():
        update_record(session, SYSTEM, Stakeholder, profile.id, expected_version=profile.version, changes={})
    session.commit()
    assert count(session, Stakeholder, year=2570, carried_from_year=2569) == 0
    assert not any("รอการทบทวน" in r for r in s1_reasons(session, demo, 2570))


def test_a_year_opened_twice_is_refused_in_thai_and_changes_nothing(session, demo, capsys):
    assert main(["year", "open", "--enterprise", "DEMO", "--year", "2570", "--from", "2569"]) == 0
    assert "เปิดรอบการประเมินปี 2570 จากปีก่อนแล้ว" in capsys.readouterr().out
    with Session(session.get_bind()) as fresh:
        profiles = count(fresh, Stakeholder, year=2570)
    assert main(["year", "open", "--enterprise", "DEMO", "--year", "2570", "--from", "2569"]) == 2
    assert "เปิดรอบการประเมินปี 2570 ไว้แล้ว" in capsys.readouterr().err
    with Session(session.get_bind()) as fresh:
        assert count(fresh, Stakeholder, year=2570) == profiles
        assert count(fresh, AssessmentYear, year=2570) == 1


def test_a_year_from_a_year_never_opened_is_refused(session, demo):
    try:
        open_year_from(session, SYSTEM, enterprise_id=demo, year=2571, from_year=2555)
    except NotFound as error:
        assert error.message == "ยังไม่ได้เปิดรอบการประเมินปี 2555 จึงยกข้อมูลมาไม่ได้"
    else:
        raise AssertionError("opened from a year that does not exist")
    try:
        open_year_from(session, SYSTEM, enterprise_id=demo, year=2569, from_year=2569)
    except ValidationFailed as error:
        assert "เปิดรอบการประเมินปี 2569 ไว้แล้ว" in str(error)
    assert count(session, AssessmentYear, year=2571) == 0


def test_the_demo_has_last_year_submitted_and_assessed_and_this_year_in_progress(session, demo):
    from evidence.models import AssessorLevel, DivisionRequest, RecordRevision, Submission
    from evidence.services.inbox import inbox_for
    from tests.evidence.excel_support import demo_actor

    submitted = session.exec(select(Submission)).all()
    assert [(s.year, s.number) for s in submitted] == [(2568, 1)]
    assert {a.year for a in session.exec(select(AssessorLevel)).all()} == {2568}
    assert count(session, Stakeholder, year=2568) > 0 and count(session, DivisionRequest, year=2569) == 1
    assert session.exec(select(RecordRevision.status)).all() == ["returned"]
    kinds = [e.kind for e in inbox_for(session, demo_actor(session, "cs.staff"), enterprise_id=demo, year=2569)]
    assert kinds == ["ส่งกลับแก้ไข", "คำขอข้อมูล"]
