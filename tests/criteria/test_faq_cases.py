"""Cases written from the FAQ answers (`se-am-scm-faq-2563.txt`), each built through the services and scored.

Every case cites its FAQ answer, builds an enterprise state with `evidence.services` (create, update,
delete record, as the portal and the importer do), scores it with `score_enterprise`, asserts the
verdict of one criteria item, then applies the opposite fact and asserts that the verdict reverses.
The FAQ answers the document register implements (CM1, CM3, CM5, CM6, CM7, CM10, CM12–CM15) are
covered by the register's own cases.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, SQLModel, select

from evidence.access import SYSTEM
from evidence.errors import ValidationFailed
from evidence.models import (
    DevelopmentProject,
    GoverningBody,
    MonitoringMinute,
    OrgUnit,
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StakeholderIssue,
    StrategyPlan,
    Survey,
    VocAspectRanking,
    VocRecord,
    VoiceOfStakeholder,
    WorkingGroup,
    WorkingGroupMember,
)
from evidence.models.org import UnitKind
from evidence.services.documents import add_document
from evidence.services.org import add_unit, create_enterprise, open_year
from evidence.services.records import create_record, delete_record, update_record
from evidence.services.scoring import score_enterprise

YEAR = 2569
ASPECTS = ("product_service", "customer_support", "transaction", "relationship")


class Enterprise:
    """An enterprise with two lines (one with a department) and a line reporting to the governor."""

    def __init__(self, session: Session) -> None:
        self.session = session
        enterprise = create_enterprise(session, SYSTEM, code="FAQ", name_th="การประปาตัวอย่าง")
        self.eid = int(enterprise.id or 0)
        open_year(session, SYSTEM, enterprise_id=self.eid, year=YEAR)
        self.l1 = self.unit("L1", "สายงานบริการ", UnitKind.LINE)
        self.l2 = self.unit("L2", "สายงานบริหาร", UnitKind.LINE)
        self.d11 = self.unit("D11", "ฝ่ายบริการลูกค้า", UnitKind.DEPARTMENT, "L1")
        self.rows: dict[str, SQLModel] = {}

    def unit(self, code: str, name: str, kind: UnitKind, parent: str | None = None) -> int:
        unit: OrgUnit = add_unit(self.session, SYSTEM, enterprise_id=self.eid, code=code, name_th=name, kind=kind,
                                 parent_code=parent)
        return int(unit.id or 0)

    def add(self, name: str, model: type[SQLModel], **data: object) -> SQLModel:
        data.setdefault("enterprise_id", self.eid)
        if "year" in model.model_fields:
            data.setdefault("year", YEAR)
        row = create_record(self.session, SYSTEM, model, data)  # type: ignore[type-var]
        self.rows[name] = row
        return row

    def change(self, name: str, **changes: object) -> None:
        row = self.rows[name]
        self.rows[name] = update_record(self.session, SYSTEM, type(row), int(row.id or 0),  # type: ignore[type-var,attr-defined]
                                        expected_version=row.version, changes=changes)  # type: ignore[attr-defined]

    def remove(self, name: str) -> None:
        row = self.rows.pop(name)
        delete_record(self.session, SYSTEM, type(row), int(row.id or 0), expected_version=row.version)  # type: ignore[type-var,attr-defined]

    def met(self, item_id: str) -> bool:
        return score_enterprise(self.session, SYSTEM, enterprise_id=self.eid, year=YEAR).item(item_id).met

    # --- building blocks -------------------------------------------------------------------------

    def profile(self, name: str, unit: int, **data: object) -> SQLModel:
        values: dict[str, object] = {
            "org_unit_id": unit, "code": name, "group_name": f"กลุ่ม {name}", "stakeholder_status": "government",
            "working_model": "ภารกิจและโครงสร้างของหน่วยงาน", "role": "กำกับดูแล", "key_issues": "คุณภาพบริการ",
            "relationship_level": "ประชุมร่วมรายไตรมาส", "representative_name": "คุณผู้แทน",
            "importance": "medium", "enterprise_needs": "ความร่วมมือด้านข้อมูล", "reviewed_on": date(2026, 3, 1),
        }
        return self.add(name, Stakeholder, **(values | data))

    def internal_at_issue(self, importance: str = "high", **data: object) -> None:
        self.profile("INT", self.l1, is_internal=True, stakeholder_status="internal", importance=importance, **data)
        self.add("ISSUE", StakeholderIssue, stakeholder_id=self.rows["INT"].id, issue="ส่งข้อมูลล่าช้า",  # type: ignore[attr-defined]
                 importance_to_enterprise=5, importance_to_stakeholder=4, resolved=False)

    def plan(self, name: str, stakeholder: str | None = None, **data: object) -> None:
        sid = self.rows[stakeholder].id if stakeholder else None  # type: ignore[attr-defined]
        self.add(name, RelationshipPlan, org_unit_id=self.l1, stakeholder_id=sid, title=f"แผน {name}", **data)

    def member(self, name: str, unit: int) -> None:
        self.add(name, WorkingGroupMember, group_id=self.rows["WG"].id, org_unit_id=unit, position="ผู้อำนวยการ")  # type: ignore[attr-defined]

    def voc_everywhere(self) -> None:
        for i, aspect in enumerate(ASPECTS):
            self.voc(f"V{i}", aspect)

    def voc(self, name: str, aspect: str) -> None:
        self.add(name, VocRecord, ref_no=name, org_unit_id=self.d11, received_on=date(2026, 2, 1), quarter=2,
                 aspect=aspect, kind="need", text=f"ความต้องการด้าน {aspect}")

    def ranking(self, *aspects: str) -> None:
        for rank, aspect in enumerate(aspects, start=1):
            self.add(f"R-{aspect}", VocAspectRanking, aspect=aspect, rank=rank)

    def body(self, name: str, kind: str) -> None:
        self.add(name, GoverningBody, code=name, name_th=f"คณะ {name}", kind=kind)

    def minute(self, name: str, body: str, subjects: list[str], day: date = date(2026, 3, 1)) -> None:
        self.add(name, MonitoringMinute, body_id=self.rows[body].id, meeting_no=name, meeting_date=day,  # type: ignore[attr-defined]
                 subjects=subjects)

    def survey(self, name: str, **data: object) -> None:
        values: dict[str, object] = {"title": f"สำรวจ {name}", "kind": "combined", "conductor": "external",
                                     "scope": "annual_major", "completed_on": date(2026, 8, 31)}
        self.add(name, Survey, **(values | data))

    def project(self, name: str, **data: object) -> None:
        values: dict[str, object] = {"code": name, "title": f"โครงการ {name}", "kind": "development",
                                     "voc_basis": "VOC ด้านการทำธุรกรรม", "risk_applied": "ทะเบียนความเสี่ยง",
                                     "km_applied": "คู่มือพัฒนาบริการ", "target": "ลดเวลาร้อยละ 30"}
        self.add(name, DevelopmentProject, **(values | data))

    def plans(self, strategy: list[str], annual: list[str]) -> None:
        self.add("STRAT", StrategyPlan, kind="customer_strategy", title="ยุทธศาสตร์ลูกค้า", improvement_topics=strategy)
        self.add("ANNUAL", StrategyPlan, kind="annual_action", title="แผนปฏิบัติการ 2569", improvement_topics=annual)


Step = Callable[[Enterprise], None]


@dataclass(frozen=True)
class Case:
    faq: str  # the FAQ answer the case is written from
    item: str  # the criteria item whose verdict it asserts
    story: str  # what the state is, in a sentence
    build: Step
    met: bool  # the verdict of the built state
    opposite: Step  # the opposite fact, which reverses the verdict


def _lines_profiled(e: Enterprise) -> None:
    e.profile("P1", e.d11)
    e.profile("P2", e.l2)


def _vos_per_line(e: Enterprise) -> None:
    _lines_profiled(e)
    for i, (profile, unit) in enumerate((("P1", e.d11), ("P2", e.l2))):
        e.add(f"VOS{i}", VoiceOfStakeholder, stakeholder_id=e.rows[profile].id, org_unit_id=unit,  # type: ignore[attr-defined]
              received_on=date(2026, 1, 5), source="primary", text="ความต้องการ")


def _working_group(e: Enterprise) -> None:
    e.add("WG", WorkingGroup, code="WG1", name_th="คณะทำงาน SM")
    e.member("M1", e.d11)
    e.member("M2", e.l2)


def _minutes_all_levels(e: Enterprise) -> None:
    for name, kind in (("BOD", "board"), ("SUB", "committee"), ("EXE", "executive")):
        e.body(name, kind)
    e.minute("1/69", "BOD", ["customer_strategy"], date(2025, 11, 20))
    e.minute("2/69", "SUB", ["customer_strategy"], date(2026, 2, 20))
    e.minute("3/69", "EXE", ["customer_strategy"], date(2026, 5, 20))
    e.minute("4/69", "BOD", ["customer_strategy"], date(2026, 8, 20))


CASES = (
    # SM1: the profile is a digital database with basic data, role, key issues, representative, relationship level, kept current
    Case("SM1", "SM1.1-L1-b", "complete profiles reviewed this year", _lines_profiled, True,
         lambda e: e.change("P1", representative_name=None)),
    Case("SM1", "SM1.1-L1-b", "a profile not reviewed for two years (12-month setting)",
         lambda e: (_lines_profiled(e), e.change("P2", reviewed_on=date(2024, 6, 1))), False,
         lambda e: e.change("P2", reviewed_on=date(2026, 6, 1))),
    Case("SM1", "SM1.1-L1-b", "a profile without its key issues",
         lambda e: (_lines_profiled(e), e.change("P1", key_issues=None)), False,
         lambda e: e.change("P1", key_issues="น้ำไม่ไหล")),
    # SM3: an internal unit very important to the line, with unresolved issues, needs a plan or activities
    Case("SM3", "SM3.1-L2-a", "an internal unit the line rates very important, open issue, no plan",
         lambda e: e.internal_at_issue("high"), False, lambda e: e.plan("PL", "INT")),
    Case("SM3", "SM3.1-L2-a", "the line rates it medium although interest and influence are 5",
         lambda e: e.internal_at_issue("medium", interest=5, influence=5), True,
         lambda e: e.change("INT", importance="high")),
    Case("SM3", "SM3.1-L2-a", "very important internal unit whose issue is resolved",
         lambda e: (e.internal_at_issue("high"), e.change("ISSUE", resolved=True)), True,
         lambda e: e.change("ISSUE", resolved=False)),
    # SM5: profiles at least per line; VOS may be positive or negative, from primary or secondary sources
    Case("SM5", "SM2.3-L1-a", "an untagged VOS from a secondary source (no direct asking)",
         lambda e: (e.profile("P1", e.l1), e.add("VOS", VoiceOfStakeholder, stakeholder_id=e.rows["P1"].id,  # type: ignore[attr-defined]
                                                   org_unit_id=e.l1, received_on=date(2026, 1, 5),
                                                   source="secondary", text="ข่าวเชิงลบเรื่องน้ำขุ่น")),
         True, lambda e: e.remove("VOS")),
    Case("SM5", "SM1.1-L1-a", "a line reporting to the governor without a profile set",
         lambda e: e.profile("P1", e.l1), False, lambda e: e.profile("P2", e.l2)),
    Case("SM5", "SM2.3-L2-a", "VOS gathered in one line only",
         lambda e: (e.profile("P1", e.l1), e.profile("P2", e.l2),
                    e.add("VOS1", VoiceOfStakeholder, stakeholder_id=e.rows["P1"].id, org_unit_id=e.l1,  # type: ignore[attr-defined]
                          received_on=date(2026, 1, 5), source="primary", polarity="positive", text="ชื่นชม")),
         False,
         lambda e: e.add("VOS2", VoiceOfStakeholder, stakeholder_id=e.rows["P2"].id, org_unit_id=e.l2,  # type: ignore[attr-defined]
                         received_on=date(2026, 2, 5), source="secondary", text="ข้อกังวลจากรายงานประจำปี")),
    # SM6: status, working model and relationship level (read without any currency check)
    Case("SM6", "SM2.1-L2-b", "status, working model and relationship level stated", _lines_profiled, True,
         lambda e: e.change("P1", working_model=None)),
    Case("SM6", "SM2.1-L2-b", "a three-year-old profile with the three fields does not fail for staleness",
         lambda e: (_lines_profiled(e), e.change("P1", reviewed_on=date(2023, 1, 1))), True,
         lambda e: e.change("P1", stakeholder_status=None)),
    Case("SM6", "SM2.1-L2-b", "a profile without its relationship level",
         lambda e: (_lines_profiled(e), e.change("P2", relationship_level=None)), False,
         lambda e: e.change("P2", relationship_level="ระดับดี")),
    # SM7: analysis per department rolls up to the line
    Case("SM7", "SM1.1-L1-a", "the service line's profiles sit in its department", _lines_profiled, True,
         lambda e: e.remove("P1")),
    Case("SM7", "SM2.3-L2-a", "VOS of a department counts for its line", _vos_per_line, True,
         lambda e: e.remove("VOS0")),
    Case("SM7", "SM1.1-L1-a", "only the other line has profiles",
         lambda e: e.profile("P2", e.l2), False, lambda e: e.profile("P1", e.d11)),
    # SM8: importance also weighs what the enterprise needs from the stakeholder
    Case("SM8", "SM2.2-L2-a", "importance and the enterprise's needs stated, profile long unreviewed",
         lambda e: (_lines_profiled(e), e.change("P1", reviewed_on=None)), True,
         lambda e: e.change("P1", enterprise_needs=None)),
    Case("SM8", "SM2.2-L2-a", "interest and influence scored but no importance analysed",
         lambda e: (_lines_profiled(e), e.change("P2", importance=None, interest=4, influence=4)), False,
         lambda e: e.change("P2", importance="high")),
    Case("SM8", "SM3.1-L2-a", "low interest and influence, but the enterprise needs it: rated very important",
         lambda e: e.internal_at_issue("high", interest=1, influence=1), False,
         lambda e: e.plan("PL", "INT")),
    # SM9: an existing unit plan aligned with the stakeholder strategy counts; results reported once
    Case("SM9", "SM3.1-L1-a", "the staff communication plan, aligned with the stakeholder strategy",
         lambda e: e.plan("PL", plan_source="staff_communication", aligned_with_strategy=True,
                          aligned_existing_plan="แผนสื่อสารองค์กร"), True,
         lambda e: e.change("PL", aligned_with_strategy=False)),
    Case("SM9", "SM3.1-L2-a", "the customer relationship plan covers the internal unit at issue",
         lambda e: (e.internal_at_issue("high"), e.plan("PL", "INT", plan_source="customer_relationship",
                                                         aligned_with_strategy=True)), True,
         lambda e: e.change("PL", aligned_with_strategy=False)),
    Case("SM9", "SM3.2.1-L1-a", "the reused plan's activity result is recorded once",
         lambda e: (e.plan("PL", plan_source="customer_relationship", aligned_with_strategy=True),
                    e.add("ACT", RelationshipActivity, plan_id=e.rows["PL"].id, quarter=1, activity="ประชุมลูกค้า",  # type: ignore[attr-defined]
                          result="ลูกค้าเข้าร่วม 120 ราย", done=True)), True,
         lambda e: e.change("ACT", result=None)),
    # SM10: a working group with a representative of every line
    Case("SM10", "SM1.1-L2-c", "members from the service department and the administration line", _working_group, True,
         lambda e: e.remove("M2")),
    Case("SM10", "SM1.1-L2-c", "no working group at all", lambda e: None, False, _working_group),
    Case("SM10", "SM1.1-L2-c", "the working group has only the service line",
         lambda e: (e.add("WG", WorkingGroup, code="WG1", name_th="คณะทำงาน SM"), e.member("M1", e.l1)), False,
         lambda e: e.member("M2", e.l2)),
    # SM11: analysed with the enterprise framework; a high risk MAY refer to the enterprise risk plan
    Case("SM11", "SM3.2.2-L1-a", "a high risk referred to the enterprise risk plan",
         lambda e: e.add("RISK", RelationshipRisk, org_unit_id=e.l1, description="ชุมชนคัดค้าน", impact=4,
                         likelihood=4, control="ประชุมชี้แจง", erm_reference="ERM-07"), True,
         lambda e: e.change("RISK", erm_reference=None)),
    Case("SM11", "SM3.2.2-L1-a", "a high risk with its own mitigation plan and no ERM link",
         lambda e: e.add("RISK", RelationshipRisk, org_unit_id=e.l1, description="ข่าวเชิงลบ", impact=5, likelihood=3,
                         control="สื่อสารเชิงรุก", mitigation_plan="แผนสื่อสารภาวะวิกฤตรายเดือน"), True,
         lambda e: e.change("RISK", mitigation_plan=None)),
    Case("SM11", "SM3.2.2-L1-a", "a medium risk (3 × 3, below the framework's threshold) without a link",
         lambda e: e.add("RISK", RelationshipRisk, org_unit_id=e.l1, description="ความล่าช้า", impact=3, likelihood=3,
                         control="ติดตามรายเดือน"), True,
         lambda e: e.change("RISK", impact=4)),
    # CM2: projects answer VOC; CM sets development apart from innovation, which states its level and measure
    Case("CM2", "CM4.1-L1-b", "a development project that answers VOC", lambda e: e.project("PJ1"), True,
         lambda e: e.change("PJ1", voc_basis=None)),
    Case("CM2", "CM4.1-L2-a", "every project links to risk management and KM",
         lambda e: (e.project("PJ1"), e.project("PJ2", kind="innovation")), True,
         lambda e: e.change("PJ2", km_applied=None)),
    Case("CM2", "CM4.1-L5-a", "an innovation that says why it is one and how its outcome is measured",
         lambda e: e.project("PJ1", kind="innovation", innovation_basis="เทคโนโลยีใหม่ต่อองค์กร",
                             outcome_measure="ร้อยละน้ำสูญเสียที่ลดลง"), True,
         lambda e: e.change("PJ1", outcome_measure=None)),
    # CM8: VOC over four aspects AND a comparison of their importance
    Case("CM8", "CM3.1-L2-b", "VOC of the four aspects ranked against each other",
         lambda e: (e.voc_everywhere(), e.ranking(*ASPECTS)), True, lambda e: e.remove("R-relationship")),
    Case("CM8", "CM3.1-L2-b", "a full ranking, but no VOC on transactions",
         lambda e: (e.voc("V0", "product_service"), e.voc("V1", "customer_support"), e.voc("V3", "relationship"),
                    e.ranking(*ASPECTS)), False,
         lambda e: e.voc("V2", "transaction")),
    Case("CM8", "CM3.1-L2-b", "VOC of four aspects with no comparison of importance", lambda e: e.voc_everywhere(), False,
         lambda e: e.ranking(*ASPECTS)),
    # CM9: improvement plans for complaint handling belong in the customer strategy and the annual plan
    Case("CM9", "CM5.3-L4-a", "both plans list complaint-handling improvement",
         lambda e: e.plans(["complaint_handling"], ["complaint_handling"]), True,
         lambda e: e.change("ANNUAL", improvement_topics=[])),
    Case("CM9", "CM5.3-L4-a", "only the strategy lists it", lambda e: e.plans(["complaint_handling"], []), False,
         lambda e: e.change("ANNUAL", improvement_topics=["complaint_handling"])),
    Case("CM9", "CM5.3-L4-a", "a policy declaring 'in the strategy' while the plans say nothing",
         lambda e: (e.plans([], []), add_document(e.session, SYSTEM, enterprise_id=e.eid, year=YEAR,
                                                  data={"kind": "policy_and_procedure", "title": "นโยบายข้อร้องเรียน"},
                                                  version={"declared": ["improvement_in_strategy"]})), False,
         lambda e: (e.change("STRAT", improvement_topics=["complaint_handling"]),
                    e.change("ANNUAL", improvement_topics=["complaint_handling"]))),
    # CM11: the annual major survey by an external consultant, this year
    Case("CM11", "CM3.2-L1-a", "an external annual survey completed in the year", lambda e: e.survey("S1"), True,
         lambda e: e.change("S1", conductor="in_house")),
    Case("CM11", "CM3.2-L1-a", "an external annual survey not yet completed", lambda e: e.survey("S1", completed_on=None),
         False, lambda e: e.change("S1", completed_on=date(2026, 9, 1))),
    Case("CM11", "CM3.2-L1-a", "an external survey after service only", lambda e: e.survey("S1", scope="after_service"),
         False, lambda e: e.change("S1", scope="annual_major")),
    # CM17: in-house surveys are extra, never a substitute
    Case("CM17", "CM3.2-L1-a", "an in-house point-of-service survey beside the external one",
         lambda e: (e.survey("S1"), e.survey("S2", conductor="in_house", scope="point_of_service")), True,
         lambda e: e.remove("S1")),
    Case("CM17", "CM3.2-L1-a", "the annual survey run in-house", lambda e: e.survey("S1", conductor="in_house"), False,
         lambda e: e.change("S1", conductor="external")),
    Case("CM17", "CM3.2-L1-a", "only in-house after-service surveys",
         lambda e: (e.survey("S1", conductor="in_house", scope="after_service"),
                    e.survey("S2", conductor="in_house", scope="point_of_service")), False,
         lambda e: e.survey("S3")),
    # CM16: minutes of board, sub-committee and executive meetings; service times of core and support services
    Case("CM16", "CM1.1-L4-a", "four minutes from the board, a sub-committee and the executives", _minutes_all_levels,
         True, lambda e: e.change("2/69", subjects=["voc"])),
    Case("CM16", "CM1.1-L4-a", "four board minutes only",
         lambda e: (e.body("BOD", "board"), e.body("SUB", "committee"), e.body("EXE", "executive"),
                    *(e.minute(f"{i}/69", "BOD", ["customer_strategy"]) for i in range(1, 5))), False,
         lambda e: (e.change("2/69", body_id=e.rows["SUB"].id), e.change("3/69", body_id=e.rows["EXE"].id))),  # type: ignore[attr-defined]
    Case("CM16", "CM5.1-L4-a", "service times of core and support services, monitored",
         lambda e: (e.add("CORE", ServiceStandard, service_name="ขอติดตั้งประปา", service_kind="core", standard_minutes=4320),
                    e.add("SUP", ServiceStandard, service_name="ขอข้อมูลค่าน้ำ", service_kind="support", standard_minutes=15),
                    e.body("EXE", "executive"), e.minute("1/69", "EXE", ["service_time"])), True,
         lambda e: e.remove("SUP")),
)


def _case_id(case: Case) -> str:
    return f"{case.faq}-{case.item}-{case.story[:40]}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_faq_case_verdict_and_its_opposite(session: Session, case: Case) -> None:
    enterprise = Enterprise(session)
    case.build(enterprise)
    assert enterprise.met(case.item) is case.met, f"FAQ {case.faq}: {case.story}"
    case.opposite(enterprise)
    assert enterprise.met(case.item) is (not case.met), f"FAQ {case.faq}: the opposite of '{case.story}'"


def test_every_faq_answer_a_rule_implements_has_three_cases() -> None:
    counts: dict[str, int] = {}
    for case in CASES:
        counts[case.faq] = counts.get(case.faq, 0) + 1
    assert {faq: n for faq, n in counts.items() if n < 3} == {}
    assert set(counts) == {"SM1", "SM3", "SM5", "SM6", "SM7", "SM8", "SM9", "SM10", "SM11",
                           "CM2", "CM8", "CM9", "CM11", "CM16", "CM17"}


def test_a_survey_dated_outside_the_year_is_refused_where_it_is_typed_in(session: Session) -> None:
    """FAQ CM11, CM17: the annual survey of 2569 must be completed in 2569; an earlier date is refused."""
    enterprise = Enterprise(session)
    with pytest.raises(ValidationFailed) as refused:
        enterprise.survey("OLD", completed_on=date(2025, 9, 15))
    assert [p.field for p in refused.value.problems] == ["completed_on"]
    assert session.exec(select(Survey).where(Survey.enterprise_id == enterprise.eid)).all() == []
