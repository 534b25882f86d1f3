"""S1, S3, S5, S7, S10: stakeholder-management rules, from FAQ SM1–SM11."""

from criteria.rules.registry import RULES
from criteria.snapshot import EvidenceRef, EvidenceSnapshot, OrgUnit, UnitStakeholders

OPERATIONS = OrgUnit(1, "สายงานปฏิบัติการ", 1, True)
ADMIN = OrgUnit(2, "สายงานบริหาร", 2, True)
SERVICE_DEPT = OrgUnit(11, "ฝ่ายบริการลูกค้า", 1, False)
AUDIT = OrgUnit(3, "ฝ่ายตรวจสอบภายใน", 3, True)  # a department reporting to the governor is a line (FAQ SM5)
UNITS = (OPERATIONS, ADMIN, SERVICE_DEPT)


def snap(*stakeholders: UnitStakeholders, units: tuple[OrgUnit, ...] = UNITS) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, units=units, stakeholders=stakeholders)


def profiles(unit_id: int, count: int = 3, **kw: object) -> UnitStakeholders:
    return UnitStakeholders(unit_id, profiles=count, review_age_months={2: count}, **kw)  # type: ignore[arg-type]


# S1 (FAQ SM1, SM6) -------------------------------------------------------------------------------


def test_complete_profiles_reviewed_this_year_meet_s1() -> None:
    outcome = RULES["S1"](snap(profiles(1), profiles(2)), {"max_age_months": 12})
    assert outcome.met
    assert outcome.reasons == ("Stakeholder Profile 6 รายมีข้อมูลครบและทบทวนภายใน 12 เดือน",)
    assert [e.record_id for e in outcome.evidence] == [1, 2]


def test_s1_without_max_age_reads_only_the_fields_not_currency() -> None:
    """A check reads only what its item names: without `max_age_months` staleness is not judged."""
    stale = UnitStakeholders(1, profiles=2, review_age_months={30: 2})
    outcome = RULES["S1"](snap(stale), {})
    assert outcome.met
    assert outcome.reasons == ("Stakeholder Profile 2 รายมีข้อมูลครบ",)


def test_s2_and_s6_read_their_own_fields_and_never_staleness() -> None:
    stale = UnitStakeholders(1, profiles=2, review_age_months={30: 2}, missing_fields={"role": 2})
    assert RULES["S2"](snap(stale), {}).met
    assert RULES["S6"](snap(stale), {}).met
    lacking = UnitStakeholders(1, profiles=2, missing_fields={"importance": 1, "working_model": 2})
    assert RULES["S2"](snap(lacking), {}).reasons == (
        "สายงานปฏิบัติการ: Stakeholder Profile ขาดข้อมูล รูปแบบการทำงาน 2 ราย",
    )
    assert RULES["S6"](snap(lacking), {}).reasons == (
        "สายงานปฏิบัติการ: Stakeholder Profile ขาดข้อมูล ระดับความสำคัญต่อสายงาน (ผลการวิเคราะห์ของสายงาน) 1 ราย",
    )


def test_profile_without_representative_fails_s1_naming_the_unit() -> None:
    outcome = RULES["S1"](snap(profiles(11, missing_fields={"representative": 2})), {})
    assert not outcome.met
    assert outcome.reasons == ("ฝ่ายบริการลูกค้า: Stakeholder Profile ขาดข้อมูล ผู้แทน/ผู้ประสานงาน 2 ราย",)
    assert outcome.units == ("ฝ่ายบริการลูกค้า",)


def test_profile_not_reviewed_within_twelve_months_fails_s1() -> None:
    stale = UnitStakeholders(1, profiles=4, review_age_months={3: 1, 13: 2}, never_reviewed=1)
    outcome = RULES["S1"](snap(stale), {"max_age_months": 12})
    assert not outcome.met
    assert outcome.reasons == ("สายงานปฏิบัติการ: Stakeholder Profile 3 รายไม่ได้ทบทวนให้เป็นปัจจุบันภายใน 12 เดือน",)


def test_max_age_months_param_widens_the_currency_window_of_s1() -> None:
    older = UnitStakeholders(1, profiles=2, review_age_months={13: 2})
    assert RULES["S1"](snap(older), {"max_age_months": 18}).met


def test_s1_checks_only_the_fields_the_item_names() -> None:
    unit = profiles(1, missing_fields={"status": 3, "working_model": 1})
    assert RULES["S1"](snap(unit), {"required_fields": ("role", "key_issues")}).met
    outcome = RULES["S1"](snap(unit), {"required_fields": ("status", "working_model")})
    assert outcome.reasons == (
        "สายงานปฏิบัติการ: Stakeholder Profile ขาดข้อมูล สถานะ (หน่วยงานราชการ/เอกชน/…) 3 ราย, รูปแบบการทำงาน 1 ราย",
    )


def test_no_profiles_at_all_fails_s1() -> None:
    assert RULES["S1"](snap(), {}).reasons == ("ยังไม่มี Stakeholder Profile ในฐานข้อมูล",)


# S3 (FAQ SM3, SM5, SM7) --------------------------------------------------------------------------


def test_every_line_with_a_profile_set_meets_s3() -> None:
    outcome = RULES["S3"](snap(profiles(1), profiles(2)), {})
    assert outcome.met
    assert outcome.reasons == ("ทุกสายงาน (2 สายงาน) มีชุด Stakeholder Profile",)


def test_department_profiles_roll_up_to_their_line_for_s3() -> None:
    assert RULES["S3"](snap(profiles(11), profiles(2)), {}).met


def test_line_without_profiles_fails_s3_naming_the_line() -> None:
    outcome = RULES["S3"](snap(profiles(1), units=(OPERATIONS, ADMIN, AUDIT)), {})
    assert not outcome.met
    assert outcome.reasons == (
        "สายงานบริหาร (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มีชุด Stakeholder Profile (นับรวมทุกฝ่ายในสังกัด)",
        "ฝ่ายตรวจสอบภายใน (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มีชุด Stakeholder Profile (นับรวมทุกฝ่ายในสังกัด)",
    )
    assert outcome.units == ("สายงานบริหาร", "ฝ่ายตรวจสอบภายใน")


def test_enterprise_without_lines_fails_s3() -> None:
    assert not RULES["S3"](snap(units=()), {}).met


# S5 (FAQ SM5) ------------------------------------------------------------------------------------


def vos(unit_id: int, positive: int, negative: int, primary: int, secondary: int) -> UnitStakeholders:
    return UnitStakeholders(
        unit_id,
        vos=positive + negative,
        vos_by_polarity={"positive": positive, "negative": negative},
        vos_by_source={"primary": primary, "secondary": secondary},
    )


def test_positive_and_negative_vos_with_their_sources_meet_s5() -> None:
    outcome = RULES["S5"](snap(vos(1, 3, 2, 4, 1)), {})
    assert outcome.met
    assert outcome.reasons == (
        "มี VOS 5 รายการ ระบุแหล่งข้อมูลครบ (เชิงบวก 3 เชิงลบ 2 ไม่ระบุ 0: การระบุเชิงบวก/ลบไม่บังคับ FAQ SM5)",
    )


def test_negative_vos_from_secondary_sources_only_counts_for_s5() -> None:
    """FAQ SM5: VOS may come from secondary sources; asking stakeholders directly is not required."""
    assert RULES["S5"](snap(vos(1, 0, 4, 0, 4)), {}).met


def test_vos_without_source_fails_s5_but_a_missing_polarity_does_not() -> None:
    """FAQ SM5: VOS *may* be positive or negative; nothing makes the tag compulsory (issue 12)."""
    unit = UnitStakeholders(11, vos=5, vos_by_polarity={"positive": 4}, vos_by_source={"primary": 3})
    outcome = RULES["S5"](snap(unit), {})
    assert outcome.reasons == ("ฝ่ายบริการลูกค้า: VOS 2 รายการไม่ได้ระบุแหล่งข้อมูลปฐมภูมิ/ทุติยภูมิ",)
    untagged = UnitStakeholders(11, vos=5, vos_by_source={"secondary": 5})
    assert RULES["S5"](snap(untagged), {}).met


def test_per_line_vos_requires_every_line_to_have_vos_for_s5() -> None:
    one_line = snap(vos(11, 1, 1, 2, 0))
    assert RULES["S5"](one_line, {}).met
    outcome = RULES["S5"](one_line, {"per_line": True})
    assert outcome.reasons == ("สายงานบริหาร (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มี VOS ของผู้มีส่วนได้ส่วนเสีย",)


def test_no_vos_fails_s5() -> None:
    assert not RULES["S5"](snap(profiles(1)), {}).met


# S7 (FAQ SM3) ------------------------------------------------------------------------------------


def test_important_internal_units_with_open_issues_and_plans_meet_s7() -> None:
    unit = UnitStakeholders(1, internal_profiles=4, internal_at_issue=2, internal_at_issue_with_plan=2)
    outcome = RULES["S7"](snap(unit), {})
    assert outcome.met
    assert outcome.reasons == ("หน่วยงานภายในที่สำคัญและมีประเด็นค้าง 2 รายมีแผนสร้างความสัมพันธ์ครบ",)


def test_important_internal_unit_with_open_issue_and_no_plan_fails_s7() -> None:
    lacking = (EvidenceRef("stakeholder", 77, "ฝ่ายเทคโนโลยีสารสนเทศ"),)
    unit = UnitStakeholders(
        11,
        internal_profiles=3,
        internal_at_issue=2,
        internal_at_issue_with_plan=1,
        internal_without_plan=lacking,
    )
    outcome = RULES["S7"](snap(unit), {})
    assert not outcome.met
    assert outcome.reasons == (
        "ฝ่ายบริการลูกค้า: หน่วยงานภายในที่สำคัญและมีประเด็นที่ยังไม่ได้แก้ไข 1 ราย "
        "ยังไม่มีแผน/กิจกรรมสร้างความสัมพันธ์: 'ฝ่ายเทคโนโลยีสารสนเทศ'",
    )
    assert outcome.units == ("ฝ่ายบริการลูกค้า",)


def test_internal_units_without_open_issues_need_no_plan_for_s7() -> None:
    assert RULES["S7"](snap(UnitStakeholders(1, internal_profiles=2)), {}).met


def test_no_internal_stakeholders_identified_fails_s7() -> None:
    outcome = RULES["S7"](snap(profiles(1)), {})
    assert outcome.reasons == ("ยังไม่ได้ระบุหน่วยงานภายในเป็นผู้มีส่วนได้ส่วนเสียของสายงาน/ฝ่าย",)


# S10 (FAQ SM11) ----------------------------------------------------------------------------------


def test_high_relationship_risks_linked_or_with_their_own_plan_meet_s10() -> None:
    assert RULES["S10"](snap(UnitStakeholders(1, risks=5, risk_scores={12: (2, 2), 4: (3, 0)})), {}).met


def test_high_relationship_risk_neither_linked_nor_planned_fails_s10() -> None:
    uncovered = ((16, EvidenceRef("relationshiprisk", 9, "ชุมชนคัดค้านโครงการ")),)
    unit = UnitStakeholders(2, risks=3, risk_scores={16: (1, 0), 12: (1, 1), 3: (1, 0)}, uncovered_risks=uncovered)
    outcome = RULES["S10"](snap(unit), {})
    assert outcome.reasons == (
        "สายงานบริหาร: ความเสี่ยงระดับสูง (คะแนน ≥ 10) 1 รายการยังไม่อ้างอิงแผนบริหารความเสี่ยงองค์กรและไม่มีแผนจัดการ"
        "ของตนเอง: 'ชุมชนคัดค้านโครงการ'",
    )


def test_s10_threshold_is_the_enterprise_frameworks_setting() -> None:
    unit = UnitStakeholders(1, risks=1, risk_scores={8: (1, 0)})
    assert RULES["S10"](snap(unit), {"high_risk_score": 10}).met
    assert not RULES["S10"](snap(unit), {"high_risk_score": 8}).met


def test_only_low_and_medium_relationship_risks_meet_s10() -> None:
    assert RULES["S10"](snap(UnitStakeholders(1, risks=4)), {}).met


def test_no_relationship_risk_analysis_fails_s10() -> None:
    outcome = RULES["S10"](snap(profiles(1)), {})
    assert outcome.reasons == ("ยังไม่มีการวิเคราะห์ความเสี่ยงในการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย",)
