"""S8, S9, P4: reused unit plans, the cross-functional working group, development and innovation projects."""

from criteria.rules.registry import RULES
from criteria.snapshot import (
    EvidenceRef,
    EvidenceSnapshot,
    OrgUnit,
    ProjectFact,
    RelationshipPlanFact,
    WorkingGroupFact,
)

OPERATIONS = OrgUnit(1, "สายงานปฏิบัติการ", 1, True)
ADMIN = OrgUnit(2, "สายงานบริหาร", 2, True)
SERVICE_DEPT = OrgUnit(11, "ฝ่ายบริการลูกค้า", 1, False)
UNITS = (OPERATIONS, ADMIN, SERVICE_DEPT)


def snap(**kw: object) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, units=UNITS, **kw)  # type: ignore[arg-type]


def plan(pid: int, source: str = "own", aligned: bool = False, results: int = 1) -> RelationshipPlanFact:
    return RelationshipPlanFact(
        EvidenceRef("relationshipplan", pid, f"แผน #{pid}"), source, aligned, unit_id=11, activities=2, with_results=results
    )


# S8 (FAQ SM9) ------------------------------------------------------------------------------------


def test_an_aligned_customer_relationship_plan_counts_as_the_relationship_plan_for_s8() -> None:
    outcome = RULES["S8"](snap(relationship_plans=(plan(1, "customer_relationship", aligned=True),)), {})
    assert outcome.met
    assert outcome.reasons == (
        "แผนสร้างความสัมพันธ์ที่นับได้ 1 แผน (แผนสร้างความสัมพันธ์กับลูกค้า 1); "
        "แผนเดิมที่สอดคล้อง 1 แผนรายงานผลครั้งเดียวใช้ได้ทั้งด้าน SM และ CM",
    )


def test_an_existing_unit_plan_not_aligned_with_the_strategy_does_not_count_for_s8() -> None:
    outcome = RULES["S8"](snap(relationship_plans=(plan(1, "staff_communication"),)), {})
    assert outcome.reasons == (
        "ยังไม่มีแผน/กิจกรรมสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสียที่นับได้",
        "แผนเดิมของหน่วยงานที่ยังไม่ได้ระบุว่าสอดคล้องกับยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย จึงยังนับไม่ได้ (FAQ SM9): 'แผน #1'",
    )
    assert outcome.units == ("ฝ่ายบริการลูกค้า",)


def test_a_plan_not_aligned_beside_one_that_counts_is_a_warning_not_a_gap_for_s8() -> None:
    """FAQ SM9 says an existing plan *may* count: one that does not is no gap when another plan counts."""
    outcome = RULES["S8"](snap(relationship_plans=(plan(1), plan(2, "staff_communication"))), {})
    assert outcome.met
    assert outcome.warnings == (
        "แผนเดิมของหน่วยงานที่ยังไม่ได้ระบุว่าสอดคล้องกับยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย จึงยังนับไม่ได้ (FAQ SM9): 'แผน #2'",
    )


def test_s8_require_results_names_a_plan_without_recorded_results() -> None:
    plans = (plan(1), plan(2, results=0))
    assert RULES["S8"](snap(relationship_plans=plans), {}).met
    outcome = RULES["S8"](snap(relationship_plans=plans), {"require_results": True})
    assert outcome.reasons == ("แผนที่ยังไม่มีผลการดำเนินกิจกรรมบันทึกไว้: 'แผน #2'",)


# S9 (FAQ SM10) -----------------------------------------------------------------------------------


def group(*unit_ids: int) -> WorkingGroupFact:
    return WorkingGroupFact(EvidenceRef("workinggroup", 1, "คณะทำงาน SM"), frozenset(unit_ids))


def test_working_group_with_a_member_of_every_line_meets_s9() -> None:
    outcome = RULES["S9"](snap(working_groups=(group(11, 2),)), {})  # a department represents its line
    assert outcome.met
    assert outcome.reasons == ("คณะทำงานมีผู้แทนครบทุกสายงาน (2 สายงาน)",)


def test_working_group_without_a_line_fails_s9_naming_it() -> None:
    outcome = RULES["S9"](snap(working_groups=(group(1),)), {})
    assert outcome.reasons == ("คณะทำงานยังไม่มีผู้แทนจาก: สายงานบริหาร",)
    assert outcome.units == ("สายงานบริหาร",)


def test_no_working_group_fails_s9() -> None:
    assert RULES["S9"](snap(), {}).reasons == ("ยังไม่มีคณะทำงานบริหารผู้มีส่วนได้ส่วนเสียในปี 2569 (FAQ SM10)",)


# P4 (policy §4.2; FAQ CM2) -----------------------------------------------------------------------


def project(pid: int, kind: str, status: str, *facts: str) -> ProjectFact:
    return ProjectFact(EvidenceRef("developmentproject", pid, f"โครงการ #{pid}"), kind, status, frozenset(facts), 11)


PROJECTS = (
    project(1, "development", "done", "answers_voc", "risk", "km", "target", "efficiency", "customer_value"),
    project(2, "innovation", "in_progress", "answers_voc", "risk", "target", "innovation_defined"),
)


def test_some_project_answering_voc_meets_p4_at_level_one() -> None:
    outcome = RULES["P4"](snap(projects=PROJECTS), {"facts": ("answers_voc",), "coverage": "any"})
    assert outcome.met


def test_p4_all_projects_need_risk_and_km_and_the_gap_is_named() -> None:
    outcome = RULES["P4"](snap(projects=PROJECTS), {"facts": ("answers_voc", "risk", "km"), "coverage": "all"})
    assert outcome.reasons == ("โครงการที่ยังขาดนำองค์ความรู้ (KM) มาใช้: 'โครงการ #2'",)
    assert outcome.units == ("ฝ่ายบริการลูกค้า",)


def test_p4_outcomes_of_finished_projects_need_all_three_dimensions() -> None:
    params = {"facts": ("efficiency", "customer_value", "business_result"), "coverage": "all", "done_only": True}
    outcome = RULES["P4"](snap(projects=PROJECTS), params)
    assert outcome.reasons == ("โครงการที่ยังขาดผลลัพธ์ทางธุรกิจ: 'โครงการ #1'",)


def test_p4_reads_innovation_apart_from_development() -> None:
    params = {"facts": ("innovation_defined",), "kinds": ("innovation",), "coverage": "all"}
    assert RULES["P4"](snap(projects=PROJECTS), params).met
    assert RULES["P4"](snap(projects=PROJECTS[:1]), params).reasons == (
        "มีโครงการนวัตกรรม (innovation) 0 โครงการ ต้องมีอย่างน้อย 1 โครงการ",
    )
