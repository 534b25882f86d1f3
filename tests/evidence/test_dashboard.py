from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from evidence.access import SYSTEM, Actor
from evidence.errors import PermissionDenied, ValidationFailed
from evidence.models import (
    AuditLog,
    ComplaintCase,
    ComplaintStandard,
    CustomerSegment,
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    Survey,
    TopicTarget,
    VocRecord,
    VoiceOfStakeholder,
)
from evidence.models.base import Record, ReviewStatus
from evidence.models.org import UnitKind
from evidence.models.users import Role
from evidence.services.dashboard import (
    YearScore,
    complaint_quarters,
    completeness,
    data_version,
    hours_between,
    overview,
    set_topic_target,
    survey_status,
    topic_targets,
    voc_volume,
    year_over_year,
)
from evidence.services.org import add_unit, create_enterprise, open_year
from evidence.services.records import create_record, set_review_status
from evidence.services.scoring import score_enterprise

PAST = 2568  # fiscal year 1 Oct 2024 – 30 Sep 2025: over, so nothing is "not yet due"


def planner(eid: int) -> Actor:
    return Actor(username="planner", role=Role.PLANNING, enterprise_id=eid)


@pytest.fixture
def ent(session: Session) -> dict[str, int]:
    """A small enterprise: line L1 with department D1, line L2 without anything; year 2568 opened."""
    enterprise = create_enterprise(session, SYSTEM, code="T1", name_th="รัฐวิสาหกิจทดสอบ")
    eid = int(enterprise.id)
    open_year(session, SYSTEM, enterprise_id=eid, year=PAST)
    l1 = add_unit(session, SYSTEM, enterprise_id=eid, code="L1", name_th="สายงานบริการ", kind=UnitKind.LINE)
    d1 = add_unit(session, SYSTEM, enterprise_id=eid, code="D1", name_th="ฝ่ายลูกค้าสัมพันธ์",
                  kind=UnitKind.DEPARTMENT, parent_code="L1")
    l2 = add_unit(session, SYSTEM, enterprise_id=eid, code="L2", name_th="สายงานการเงิน", kind=UnitKind.LINE)
    return {"eid": eid, "L1": int(l1.id), "D1": int(d1.id), "L2": int(l2.id)}


def new(session: Session, model: type[Record], eid: int, who: Actor = SYSTEM, **data: object) -> Record:
    return create_record(session, who, model, {"enterprise_id": eid, **data})


def case(session: Session, ent: dict[str, int], n: int, received: datetime, **stages: float | None) -> None:
    """A complaint case; `stages` gives hours after receipt (None: the stage was never reached)."""
    times = {f"{k}_at": (received + timedelta(hours=v) if v is not None else None) for k, v in stages.items()}
    new(session, ComplaintCase, ent["eid"], year=PAST, case_no=f"C{n}", org_unit_id=ent["D1"], subject="น้ำไม่ไหล",
        received_at=received, **times)


def test_complaint_cases_within_standard_are_counted_per_quarter_and_stage(session, ent):
    for stage, hours in [("receive", 1), ("acknowledge", 24), ("respond", 72), ("resolve", 360)]:
        new(session, ComplaintStandard, ent["eid"], year=PAST, stage=stage, max_hours=hours)
    october, april = datetime(2024, 10, 5, 9), datetime(2025, 4, 2, 9)
    case(session, ent, 1, october, acknowledged=2, responded=10, resolved=100)
    case(session, ent, 2, october, acknowledged=30, responded=80, resolved=None)  # late, never resolved
    case(session, ent, 3, april, acknowledged=None, responded=50, resolved=400)  # never acknowledged
    draft = Actor(username="cs", role=Role.DIVISION, enterprise_id=ent["eid"], org_unit_ids=frozenset({ent["D1"]}))
    create_record(session, draft, ComplaintCase, {
        "enterprise_id": ent["eid"], "year": PAST, "case_no": "C4", "org_unit_id": ent["D1"], "subject": "ร่าง",
        "received_at": april, "acknowledged_at": april + timedelta(hours=1)})
    cells = {(c.quarter, c.stage): (c.measured, c.within)
             for c in complaint_quarters(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)}
    assert cells[(1, "receive")] == (2, 2)
    assert cells[(1, "acknowledge")] == (2, 1)
    assert cells[(1, "respond")] == (2, 1)
    assert cells[(1, "resolve")] == (2, 1)  # the unresolved case is long overdue
    assert cells[(3, "acknowledge")] == (1, 0)  # the draft case C4 does not count
    assert cells[(3, "resolve")] == (1, 0)
    assert cells[(2, "respond")] == (0, 0) and cells[(4, "receive")] == (0, 0)
    assert len(cells) == 16


def test_quarters_follow_the_calendar_year_when_the_cycle_runs_on_it(session):
    enterprise = create_enterprise(session, SYSTEM, code="CAL", name_th="รัฐวิสาหกิจปีปฏิทิน")
    eid = int(enterprise.id)
    open_year(session, SYSTEM, enterprise_id=eid, year=PAST, basis="calendar")
    unit = add_unit(session, SYSTEM, enterprise_id=eid, code="L1", name_th="สายงาน", kind=UnitKind.LINE)
    new(session, ComplaintStandard, eid, year=PAST, stage="acknowledge", max_hours=24)
    new(session, ComplaintCase, eid, year=PAST, case_no="X1", org_unit_id=unit.id, subject="เรื่อง",
        received_at=datetime(2025, 11, 3, 8), acknowledged_at=datetime(2025, 11, 3, 9))
    cells = complaint_quarters(session, SYSTEM, enterprise_id=eid, year=PAST)
    assert [(c.quarter, c.measured, c.within) for c in cells if c.stage == "acknowledge" and c.measured] == [(4, 1, 1)]
    assert [c.standard_hours for c in cells if c.quarter == 4] == [None, 24.0, None, None]


def test_hours_between_compiles_for_sqlite_and_postgresql():
    expr = hours_between(ComplaintCase.received_at, ComplaintCase.resolved_at)
    assert "julianday(complaintcase.resolved_at) - julianday(complaintcase.received_at)" in str(
        expr.compile(dialect=sqlite.dialect()))
    assert "EXTRACT(EPOCH FROM (complaintcase.resolved_at - complaintcase.received_at))" in str(
        expr.compile(dialect=postgresql.dialect()))


def test_voc_volume_and_priorities_by_quarter_aspect_and_segment(session, ent):
    seg = new(session, CustomerSegment, ent["eid"], year=PAST, code="HH", name_th="ครัวเรือน")
    rows = [(1, "product_service", seg.id, 1), (1, "product_service", seg.id, 4), (1, "transaction", None, 2),
            (3, "relationship", seg.id, 5)]
    for n, (quarter, aspect, segment_id, priority) in enumerate(rows):
        new(session, VocRecord, ent["eid"], year=PAST, ref_no=f"V{n}", org_unit_id=ent["D1"],
            received_on=date(2024, 10, 10) + timedelta(days=91 * (quarter - 1)), quarter=quarter, aspect=aspect,
            kind="need", segment_id=segment_id, priority=priority, text="เสียงลูกค้า")
    cells = sorted((c.quarter, c.aspect, c.segment, c.records, c.high_priority, c.mean_priority)
                   for c in voc_volume(session, SYSTEM, enterprise_id=ent["eid"], year=PAST))
    assert cells == [
        (1, "product_service", "ครัวเรือน", 2, 1, 2.5),
        (1, "transaction", "ไม่ระบุกลุ่มลูกค้า", 1, 1, 2.0),
        (3, "relationship", "ครัวเรือน", 1, 0, 5.0),
    ]


def test_an_in_house_survey_never_counts_as_the_annual_major_survey(session, ent):
    new(session, Survey, ent["eid"], year=PAST, title="สำรวจหลังรับบริการ", kind="satisfaction",
        conductor="in_house", scope="after_service", completed_on=date(2025, 3, 1))
    new(session, Survey, ent["eid"], year=PAST, title="สำรวจใหญ่ทำเอง", kind="combined", conductor="in_house",
        scope="annual_major", completed_on=date(2025, 8, 1))
    status = survey_status(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)
    assert not status.major_external_done
    assert [s.title for s in status.surveys] == ["สำรวจหลังรับบริการ", "สำรวจใหญ่ทำเอง"]
    new(session, Survey, ent["eid"], year=PAST, title="สำรวจโดยที่ปรึกษา", kind="combined", conductor="external",
        scope="annual_major", completed_on=date(2025, 8, 20))
    assert survey_status(session, SYSTEM, enterprise_id=ent["eid"], year=PAST).major_external_done


def test_an_external_survey_still_in_draft_does_not_count(session, ent):
    survey = new(session, Survey, ent["eid"], year=PAST, title="สำรวจโดยที่ปรึกษา", kind="combined",
                 conductor="external", scope="annual_major", completed_on=date(2025, 8, 20), status="submitted")
    assert survey.status == ReviewStatus.SUBMITTED
    status = survey_status(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)
    assert not status.major_external_done and status.surveys[0].approved is False


def profile(session: Session, ent: dict[str, int], code: str, unit: str, **extra: object) -> Stakeholder:
    values: dict[str, object] = dict(
        year=PAST, org_unit_id=ent[unit], code=code, group_name=f"กลุ่ม {code}", role="ผู้ใช้บริการ",
        key_issues="คุณภาพน้ำ", relationship_level="ดี", coordinator_name="ผู้ประสาน",
        reviewed_on=date(2025, 6, 1), interest=4, influence=4,
    )
    values.update(extra)
    return new(session, Stakeholder, ent["eid"], **values)


def test_completeness_rolls_departments_up_to_their_line_and_says_what_is_owed(session, ent):
    complete = profile(session, ent, "S1", "D1")
    profile(session, ent, "S2", "L1", reviewed_on=date(2023, 1, 1))  # stale
    profile(session, ent, "S3", "D1", interest=1, role=None)  # incomplete, not important
    new(session, VoiceOfStakeholder, ent["eid"], year=PAST, stakeholder_id=complete.id, org_unit_id=ent["D1"],
        received_on=date(2025, 1, 5), polarity="positive", source="primary", text="ชื่นชม")
    new(session, RelationshipPlan, ent["eid"], year=PAST, org_unit_id=ent["L1"], stakeholder_id=complete.id,
        title="แผนสร้างความสัมพันธ์")
    new(session, RelationshipRisk, ent["eid"], year=PAST, org_unit_id=ent["D1"], description="ข่าวเชิงลบ",
        impact=5, likelihood=3, control="สื่อสารเชิงรุก", erm_reference=None)
    cells = {(c.line, c.family): c for c in completeness(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)}
    service = {family: (c.done, c.total) for (line, family), c in cells.items() if line == "สายงานบริการ"}
    assert service == {
        "Stakeholder Profile": (1, 3),
        "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)": (1, 3),
        "แผนสร้างความสัมพันธ์": (1, 2),
        "ความเสี่ยงด้านความสัมพันธ์": (0, 1),
        "เสียงของลูกค้า (VOC)": (0, 0),
        "เรื่องร้องเรียน": (0, 0),
    }
    assert cells[("สายงานบริการ", "Stakeholder Profile")].owed.startswith("Profile ที่ยังไม่ครบ")
    assert "2 จาก 3" in cells[("สายงานบริการ", "Stakeholder Profile")].owed
    assert cells[("สายงานบริการ", "เสียงของลูกค้า (VOC)")].share is None
    finance = cells[("สายงานการเงิน", "Stakeholder Profile")]
    assert (finance.done, finance.total, finance.owed) == (0, 1, "ยังไม่มี Stakeholder Profile ของสายงาน")


def test_drafts_are_still_owed_in_the_heatmap(session, ent):
    division = Actor(username="cs", role=Role.DIVISION, enterprise_id=ent["eid"], org_unit_ids=frozenset({ent["D1"]}))
    draft = profile(session, ent, "S1", "D1")
    session.flush()
    set_review_status(session, division, Stakeholder, draft.id, ReviewStatus.SUBMITTED, expected_version=draft.version)
    cell = next(c for c in completeness(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)
                if c.line == "สายงานบริการ" and c.family == "Stakeholder Profile")
    assert (cell.done, cell.total) == (0, 1)


def test_the_planning_team_sets_topic_targets_and_others_cannot(session, ent):
    set_topic_target(session, planner(ent["eid"]), enterprise_id=ent["eid"], year=PAST, topic_code="CM5",
                     target_level=3)
    set_topic_target(session, planner(ent["eid"]), enterprise_id=ent["eid"], year=PAST, topic_code="CM5",
                     target_level=3.5)
    assert topic_targets(session, SYSTEM, enterprise_id=ent["eid"], year=PAST) == {"CM5": 3.5}
    assert session.exec(select(TopicTarget)).one().version == 2
    assert session.exec(select(AuditLog.summary).where(AuditLog.table_name == "topictarget").order_by(AuditLog.id)).all() == [
        "CM5 = 3", "CM5 = 3.5"]
    executive = Actor(username="exec", role=Role.EXECUTIVE, enterprise_id=ent["eid"])
    with pytest.raises(PermissionDenied):
        set_topic_target(session, executive, enterprise_id=ent["eid"], year=PAST, topic_code="CM5", target_level=4)
    with pytest.raises(ValidationFailed) as err:
        set_topic_target(session, planner(ent["eid"]), enterprise_id=ent["eid"], year=PAST, topic_code="ZZ9",
                         target_level=9)
    assert {p.field for p in err.value.problems} == {"topic_code", "target_level"}


def test_the_data_version_moves_with_every_audited_write(session, ent):
    before = data_version(session, SYSTEM, enterprise_id=ent["eid"])
    new(session, Survey, ent["eid"], year=PAST, title="สำรวจ", kind="combined", conductor="external")
    assert data_version(session, SYSTEM, enterprise_id=ent["eid"]) > before


def test_readers_of_another_enterprise_are_refused(session, ent):
    stranger = Actor(username="other", role=Role.EXECUTIVE, enterprise_id=ent["eid"] + 100)
    assessor = Actor(username="a", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({ent["eid"] + 100}))
    for reader in (stranger, assessor):
        for service in (complaint_quarters, voc_volume, survey_status, completeness, topic_targets):
            with pytest.raises(PermissionDenied):
                service(session, reader, enterprise_id=ent["eid"], year=PAST)
    mine = Actor(username="a", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({ent["eid"]}))
    assert len(completeness(session, mine, enterprise_id=ent["eid"], year=PAST)) == 12


def test_an_unopened_year_is_refused_in_thai(session, ent):
    with pytest.raises(ValidationFailed, match="ยังไม่ได้เปิดรอบการประเมินปี 2570"):
        voc_volume(session, SYSTEM, enterprise_id=ent["eid"], year=2570)


def test_the_overview_gives_the_same_figures_as_the_separate_services(session, ent):
    new(session, ComplaintStandard, ent["eid"], year=PAST, stage="acknowledge", max_hours=24)
    case(session, ent, 1, datetime(2024, 11, 5, 9), acknowledged=2, responded=10, resolved=100)
    profile(session, ent, "S1", "D1")
    new(session, VocRecord, ent["eid"], year=PAST, ref_no="V1", org_unit_id=ent["D1"], received_on=date(2024, 10, 10),
        quarter=1, aspect="transaction", kind="need", priority=1, text="เสียงลูกค้า")
    whole = overview(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)
    kw = {"enterprise_id": ent["eid"], "year": PAST}
    assert whole.complaints == complaint_quarters(session, SYSTEM, **kw)
    assert whole.voc == voc_volume(session, SYSTEM, **kw)
    assert whole.surveys == survey_status(session, SYSTEM, **kw)
    assert whole.completeness == completeness(session, SYSTEM, **kw)
    assert [(c.family, c.done, c.total) for c in whole.completeness if c.line == "สายงานบริการ"][4:] == [
        ("เสียงของลูกค้า (VOC)", 1, 1), ("เรื่องร้องเรียน", 1, 1)]


def test_year_over_year_scores_earlier_years_that_hold_evidence(session, ent):
    open_year(session, SYSTEM, enterprise_id=ent["eid"], year=2567)
    open_year(session, SYSTEM, enterprise_id=ent["eid"], year=2569)
    profile(session, ent, "S1", "D1")
    earlier = year_over_year(session, SYSTEM, enterprise_id=ent["eid"], year=2569)
    expected = score_enterprise(session, SYSTEM, enterprise_id=ent["eid"], year=PAST)
    assert earlier == [YearScore(PAST, expected.score, tuple((p.code, p.score) for p in expected.parts))]
    assert year_over_year(session, SYSTEM, enterprise_id=ent["eid"], year=PAST) == []
