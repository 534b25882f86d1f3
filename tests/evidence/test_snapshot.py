"""evidence.snapshot.build_snapshot: SQL aggregates of a fresh database, as the rules read them."""

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, select

from criteria.loader import load_version
from criteria.scoring import assess
from criteria.snapshot import EvidenceRef, StageStat
from criteria.vocabulary import PROFILE_FIELDS
from evidence.errors import NotFound
from evidence.models import (
    Approval,
    ApprovalDocument,
    AssessorLevel,
    ComplaintCase,
    ComplaintStandard,
    Document,
    DocumentVersion,
    Enterprise,
    GoverningBody,
    ImprovementAction,
    ItemClaim,
    OrgUnit,
    Stakeholder,
    StakeholderIssue,
    Survey,
    VocRecord,
    VocReport,
)
from evidence.snapshot import build_snapshot, profile_gaps

YEAR = 2569
AS_OF = date(2026, 9, 30)


class World:
    """A small enterprise built row by row; reviewed records are approved unless told otherwise."""

    def __init__(self, session: Session) -> None:
        self.session = session
        enterprise = self.add(Enterprise, code="T1", name_th="การทดสอบแห่งประเทศไทย", enterprise_id=None)
        self.eid = int(enterprise.id or 0)
        self.ops = self.unit("L1", "สายงานปฏิบัติการ", "line")
        self.admin = self.unit("L2", "สายงานบริหาร", "line")
        self.audit = self.unit("L3", "ฝ่ายตรวจสอบภายใน", "line")  # reports to the governor directly (FAQ SM5)
        self.north = self.unit("D11", "ฝ่ายบริการภาคเหนือ", "department", self.ops)

    def add(self, model: type[SQLModel], **data: object) -> SQLModel:
        if data.get("enterprise_id", 0) is not None:
            data.setdefault("enterprise_id", self.eid)
        else:
            data.pop("enterprise_id")
        if "status" in model.model_fields:
            data.setdefault("status", "approved")
        if "year" in model.model_fields and model is not Enterprise:
            data.setdefault("year", YEAR)
        row = model(**data)
        self.session.add(row)
        self.session.flush()
        return row

    def unit(self, code: str, name: str, kind: str, parent: int | None = None) -> int:
        row = self.add(
            OrgUnit, code=code, name_th=name, kind=kind, parent_id=parent, reports_to_top=parent is None
        )
        return int(row.id or 0)

    def profile(self, unit: int, code: str, **data: object) -> int:
        fields: dict[str, object] = dict(
            group_name=f"กลุ่ม {code}", role="ผู้ใช้บริการ", key_issues="คุณภาพบริการ", representative_name="คุณผู้แทน",
            relationship_level="ดี", stakeholder_status="private", working_model="เครือข่ายระดับประเทศ",
            interest=3, influence=3, needs_from_enterprise="บริการดี", enterprise_needs="ความร่วมมือ",
            reviewed_on=date(2026, 3, 1),
        )  # fmt: skip
        fields.update(data)
        return int(self.add(Stakeholder, org_unit_id=unit, code=code, **fields).id or 0)

    def document(self, title: str, kind: str, *declared: str, **version: object) -> int:
        """A register document with one version (approved unless told); returns the version id."""
        code = f"D{len(self.session.exec(select(Document)).all()) + 1}"
        doc = self.add(Document, code=code, kind=kind, title=title)
        version.setdefault("year_recorded", YEAR)
        version.setdefault("label", "1")
        row = self.add(DocumentVersion, code=f"{code}/{version['label']}", document_id=doc.id,
                       declared=list(declared), **version)
        return int(row.id or 0)

    def approve(self, version_id: int, body_id: int | None, **data: object) -> int:
        code = f"A{len(self.session.exec(select(Approval)).all()) + 1}"
        approval = self.add(Approval, code=code, body_id=body_id, **data)
        self.add(ApprovalDocument, approval_id=approval.id, version_id=version_id)
        return int(approval.id or 0)

    def snapshot(self, **kw: object):  # noqa: ANN201
        return build_snapshot(self.session, enterprise_id=self.eid, year=YEAR, as_of=AS_OF, **kw)  # type: ignore[arg-type]


@pytest.fixture
def world(session: Session) -> World:
    return World(session)


def test_departments_roll_up_to_their_line_and_a_unit_reporting_to_the_top_is_a_line(world: World) -> None:
    units = {u.name: (u.line_id, u.is_line) for u in world.snapshot().units}
    assert units == {
        "สายงานปฏิบัติการ": (world.ops, True),
        "สายงานบริหาร": (world.admin, True),
        "ฝ่ายตรวจสอบภายใน": (world.audit, True),
        "ฝ่ายบริการภาคเหนือ": (world.ops, False),
    }


def test_profiles_are_counted_per_unit_with_missing_fields_and_review_age(world: World) -> None:
    world.profile(world.north, "A")
    world.profile(world.north, "B", representative_name=None, key_issues="  ", reviewed_on=date(2025, 6, 15))
    world.profile(world.north, "C", reviewed_on=None, stakeholder_status=None)
    world.profile(world.north, "D", status="draft")
    (unit,) = world.snapshot().stakeholders
    assert (unit.unit_id, unit.profiles, unit.never_reviewed) == (world.north, 3, 0 + 1)
    assert unit.review_age_months == {6: 1, 15: 1}
    assert {k: v for k, v in unit.missing_fields.items() if v} == {
        "representative": 1,
        "key_issues": 1,
        "status": 1,
    }


def test_every_profile_field_the_criteria_may_require_is_measured() -> None:
    assert list(profile_gaps()) == list(PROFILE_FIELDS)


def test_a_coordinator_stands_in_for_a_representative(world: World) -> None:
    """FAQ SM1 lists "ผู้แทน/ผู้ประสานงาน": either one is enough."""
    world.profile(world.ops, "A", representative_name=None, coordinator_name="คุณผู้ประสานงาน")
    assert world.snapshot().stakeholders[0].missing_fields["representative"] == 0


def test_records_awaiting_approval_count_only_when_approved_only_is_off(world: World) -> None:
    for quarter, status in ((1, "approved"), (2, "submitted"), (3, "draft")):
        world.add(
            VocReport, quarter=quarter, reported_to="ผู้ว่าการ", reported_on=date(2026, 1, 1), status=status
        )
    assert world.snapshot().voc.report_quarters == {1}
    assert world.snapshot(approved_only=False).voc.report_quarters == {1, 2, 3}


def test_voc_is_counted_by_aspect_for_the_year_only(world: World) -> None:
    for n, (aspect, year) in enumerate(
        [("transaction", YEAR), ("transaction", YEAR), ("relationship", YEAR), ("transaction", 2568)]
    ):
        world.add(
            VocRecord, year=year, ref_no=f"V{n}", org_unit_id=world.north, received_on=date(2026, 1, 5), quarter=2,
            aspect=aspect, kind="need", text="ต้องการชำระเงินออนไลน์",
        )  # fmt: skip
    voc = world.snapshot().voc
    assert (voc.total, voc.by_aspect) == (3, {"transaction": 2, "relationship": 1})


def test_internal_unit_at_issue_without_a_plan_is_named(world: World) -> None:
    sid = world.profile(
        world.ops, "IT", group_name="ฝ่ายเทคโนโลยีสารสนเทศ", is_internal=True, importance="high", interest=2, influence=2
    )
    world.add(
        StakeholderIssue,
        stakeholder_id=sid,
        issue="ระบบล่มบ่อย",
        importance_to_enterprise=5,
        importance_to_stakeholder=4,
    )
    # the line rates HR of medium importance (its own analysis, FAQ SM3), whatever the grid says: needs no plan
    world.profile(world.ops, "HR", is_internal=True, importance="medium", interest=5, influence=5)
    (unit,) = world.snapshot().stakeholders
    assert (unit.internal_profiles, unit.internal_at_issue, unit.internal_at_issue_with_plan) == (2, 1, 0)
    assert unit.internal_without_plan == (EvidenceRef("stakeholder", sid, "ฝ่ายเทคโนโลยีสารสนเทศ"),)


def test_good_governance_policy_counts_for_complaints_only_when_it_covers_them(world: World) -> None:
    world.document("นโยบาย CG (ไม่กล่าวถึงข้อร้องเรียน)", "good_governance")
    world.document("นโยบาย CG ฉบับใหม่", "good_governance", "complaint_handling")
    world.document("นโยบายและคู่มือ", "policy_and_procedure")
    subjects = {d.ref.label: d.subjects for d in world.snapshot().documents}
    assert subjects == {
        "นโยบาย CG (ไม่กล่าวถึงข้อร้องเรียน) (ฉบับ 1)": frozenset({"good_governance"}),
        "นโยบาย CG ฉบับใหม่ (ฉบับ 1)": frozenset({"good_governance", "complaint_policy"}),
        "นโยบายและคู่มือ (ฉบับ 1)": frozenset({"complaint_policy", "complaint_procedure"}),
    }


def test_approvals_carry_the_committee_facts_and_the_governor_signature(world: World) -> None:
    policy = world.document("นโยบายข้อร้องเรียน", "complaint_policy")
    board = world.add(GoverningBody, code="BOD", name_th="คณะกรรมการ", kind="board")
    committee = world.add(
        GoverningBody, code="SUB", name_th="คณะอนุกรรมการลูกค้า", kind="committee", has_board_representative=True
    )
    for body, governor in ((board, True), (committee, False)):
        world.approve(policy, body.id, meeting_no="1/2569", meeting_date=date(2025, 11, 1), signer_is_governor=governor)
    world.approve(policy, board.id, status="draft")
    (document,) = world.snapshot().documents
    assert [
        (a.body_kind, a.governor_signed, a.has_board_representative, a.formally_delegated)
        for a in document.approvals
    ] == [
        ("board", True, False, False),
        ("committee", False, True, False),
    ]


def test_a_standing_policy_approved_two_years_earlier_is_in_force_without_re_entry(world: World) -> None:
    """Issue 11: a board approval at a meeting of an earlier fiscal year keeps counting."""
    board = world.add(GoverningBody, code="BOD", name_th="คณะกรรมการ", kind="board")
    policy = world.document("นโยบายข้อร้องเรียน", "complaint_policy", year_recorded=2567, effective_on=date(2024, 4, 1))
    world.approve(policy, board.id, meeting_no="6/2567", meeting_date=date(2024, 3, 28))
    (document,) = world.snapshot().documents
    assert (document.version, document.effective_on) == ("1", date(2024, 4, 1))
    assert [(a.meeting_no, a.on) for a in document.approvals] == [("6/2567", date(2024, 3, 28))]
    approval = next(c for c in document.citations if c.kind == "approval")
    assert (approval.body, approval.meeting_no, approval.meeting_date) == ("คณะกรรมการ", "6/2567", date(2024, 3, 28))


def test_a_later_version_supersedes_the_earlier_one_from_its_effective_date(world: World) -> None:
    doc = world.add(Document, code="CH", kind="service_charter", title="กฎบัตรบริการ")
    for label, effective in (("1", date(2023, 10, 1)), ("2", date(2026, 3, 1)), ("3", date(2026, 11, 1))):
        world.add(DocumentVersion, code=f"CH/{label}", document_id=doc.id, label=label, effective_on=effective,
                  year_recorded=2567)
    (document,) = world.snapshot().documents
    assert document.version == "2"  # version 3 takes effect after the year's last day


def test_an_approval_after_the_year_end_does_not_count_in_that_year(world: World) -> None:
    board = world.add(GoverningBody, code="BOD", name_th="คณะกรรมการ", kind="board")
    policy = world.document("นโยบายข้อร้องเรียน", "complaint_policy")
    world.approve(policy, board.id, meeting_date=date(2026, 10, 15))
    (document,) = world.snapshot().documents
    assert document.approvals == ()


def test_a_declared_fact_without_a_readable_file_is_unverifiable_and_strict_mode_drops_it(world: World) -> None:
    from evidence.models import AssessmentYear

    world.document("มาตรฐานบริการ", "service_standards", "recovery_normal", "recovery_abnormal")
    (document,) = world.snapshot().documents
    assert document.unverifiable == frozenset({"recovery_normal", "recovery_abnormal"})
    assert {"recovery_normal", "recovery_abnormal", "recovery_plan"} <= document.components
    world.add(AssessmentYear, year=YEAR, fact_mode="strict")
    (strict,) = world.snapshot().documents
    assert strict.components == frozenset()


def test_complaint_stages_are_measured_against_their_standards(world: World) -> None:
    for stage, hours in (("receive", 1), ("acknowledge", 24), ("resolve", 240)):
        world.add(ComplaintStandard, stage=stage, max_hours=hours)
    start = datetime(2026, 9, 1, 9)
    cases = [
        (start, start + timedelta(hours=2), start + timedelta(hours=100)),  # both within
        (
            start,
            start + timedelta(hours=30),
            None,
        ),  # late acknowledgement; not resolved, 240 h passed: overdue
        (datetime(2026, 9, 30, 9), None, None),  # received on the as_of day: nothing overdue yet
    ]
    for n, (received, acknowledged, resolved) in enumerate(cases):
        world.add(
            ComplaintCase, case_no=f"C{n}", org_unit_id=world.north, subject="น้ำไม่ไหล", received_at=received,
            acknowledged_at=acknowledged, resolved_at=resolved,
        )  # fmt: skip
    complaints = world.snapshot().complaints
    assert complaints.cases == 3
    assert complaints.stages == (
        StageStat("receive", 1.0, 3, 3),
        StageStat("acknowledge", 24.0, 2, 1),
        StageStat("resolve", 240.0, 2, 1),
    )
    assert [(u.unit_id, u.cases) for u in complaints.by_unit] == [(world.north, 3)]


def test_surveys_map_their_kind_to_the_measures_they_cover(world: World) -> None:
    world.add(Survey, title="สำรวจใหญ่", kind="combined", conductor="external", segment_codes=["SME"])
    world.add(Survey, title="หลังรับบริการ", kind="satisfaction", conductor="in_house", scope="after_service")
    world.add(Survey, title="ทบทวนวิธีสำรวจ", kind="approach_effectiveness", conductor="external")
    surveys = {s.ref.label: (s.scope, s.conductor, s.measures) for s in world.snapshot().surveys}
    assert surveys == {
        "สำรวจใหญ่": (
            "annual_major",
            "external",
            frozenset({"satisfaction", "dissatisfaction", "engagement"}),
        ),
        "หลังรับบริการ": ("after_service", "in_house", frozenset({"satisfaction"})),
        "ทบทวนวิธีสำรวจ": ("annual_major", "external", frozenset()),
    }


def test_improvement_actions_are_counted_by_source_and_kind_with_examples(world: World) -> None:
    for title, status in (("รายงาน VOC ต่อผู้บริหาร", "done"), ("ติดตาม VOC รายเดือน", "in_progress")):
        world.add(
            ImprovementAction, title=title, kind="control_monitoring", source="voc", action_status=status,
            org_unit_id=world.north,
        )  # fmt: skip
    world.add(ImprovementAction, title="ร่างแผน", kind="digital", source="voc", status="draft")
    (stat,) = world.snapshot().actions
    assert (stat.source, stat.kind, stat.total, stat.done) == ("voc", "control_monitoring", 2, 1)
    assert [r.label for r in stat.examples] == ["รายงาน VOC ต่อผู้บริหาร", "ติดตาม VOC รายเดือน"]


def test_line_scope_holds_its_own_departments_and_the_enterprise_wide_records(world: World) -> None:
    world.profile(world.north, "A")
    world.profile(world.admin, "B")
    world.document("นโยบายข้อร้องเรียน", "complaint_policy")
    snapshot = world.snapshot(division_id=world.ops)
    assert (snapshot.division_id, snapshot.scope_name) == (world.ops, "สายงานปฏิบัติการ")
    assert [u.name for u in snapshot.units] == ["สายงานปฏิบัติการ", "ฝ่ายบริการภาคเหนือ"]
    assert [u.unit_id for u in snapshot.stakeholders] == [world.north]
    assert [d.ref.label for d in snapshot.documents] == ["นโยบายข้อร้องเรียน (ฉบับ 1)"]


def test_claims_and_assessor_levels_reach_the_snapshot(world: World) -> None:
    world.add(
        ItemClaim,
        item_id="CM4.1-L1-a",
        org_unit_id=world.north,
        claim_text="มีกระบวนการพัฒนาบริการ",
        state="accepted",
    )
    world.add(
        AssessorLevel, subtopic_code="CM4.1", level=2.0, rationale="มีหลักฐานครบสองระดับแรก", assessor="assessor"
    )
    snapshot = world.snapshot()
    assert (snapshot.claims["CM4.1-L1-a"].state, snapshot.claims["CM4.1-L1-a"].unit_names) == (
        "accepted",
        ("ฝ่ายบริการภาคเหนือ",),
    )
    assert (snapshot.assessor_levels["CM4.1"].level, snapshot.assessor_levels["CM4.1"].rationale) == (
        2.0,
        "มีหลักฐานครบสองระดับแรก",
    )


def test_unknown_enterprise_or_division_is_refused(world: World) -> None:
    with pytest.raises(NotFound):
        build_snapshot(world.session, enterprise_id=999, year=YEAR)
    with pytest.raises(NotFound):
        world.snapshot(division_id=999)


def test_the_demo_enterprise_scores_its_deliberate_gaps(session: Session, demo: int) -> None:
    snapshot = build_snapshot(session, enterprise_id=demo, year=YEAR, as_of=AS_OF)
    assert (snapshot.voc.total, snapshot.complaints.cases, len(snapshot.complaints.channels)) == (240, 160, 5)
    assessment = assess(load_version(YEAR), snapshot)
    reasons = {i.id: i.reasons for s in assessment.subtopics() for i in s.items}
    assert reasons["SM1.1-L1-a"] == (
        "สายงานการเงินและบัญชี (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มีชุด Stakeholder Profile (นับรวมทุกฝ่ายในสังกัด)",
    )
    assert reasons["CM3.1-L2-a"] == ("ไม่มีช่องทางรับฟังที่เข้าถึงลูกค้าในอดีต (former)",)
    assert reasons["CM3.1-L4-a"] == (
        "ไม่มีรายงาน VOC ต่อผู้บริหารระดับสูง (top_executives), คณะกรรมการรัฐวิสาหกิจ (board) ในไตรมาส 4 ของปี 2569",
    )
    recovery = assessment.item("CM5.1-L2-c")  # declared in the standard, absent from its text
    assert recovery.met and any("แผนรับมือในภาวะไม่ปกติ" in w for w in recovery.warnings)
    assert "คณะทำงานพัฒนาการบริการลูกค้า" in reasons["CM5.3-L1-c"][0]
    assert assessment.item("CM5.3-L1-b").met and assessment.item("CM3.2-L1-a").met
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L04")).one()
    by_line = assess(
        load_version(YEAR), build_snapshot(session, enterprise_id=demo, year=YEAR, division_id=line.id)
    )
    assert by_line.scope_name == "สายงานบริการลูกค้า" and by_line.score is not None
