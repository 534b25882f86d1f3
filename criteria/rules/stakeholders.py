"""Stakeholder-management rules S1, S3, S5, S7, S10 (FAQ SM1–SM11)."""

from collections import Counter

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    RuleOutcome,
    bool_param,
    int_param,
    judge,
    list_param,
    titles,
)
from criteria.snapshot import EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import PROFILE_FIELDS

DEFAULT_PROFILE_FIELDS = ("role", "key_issues", "representative", "relationship_level")

S1_PARAMS: ParamSpecs = {
    "max_age_months": ParamSpec("int"),
    "required_fields": ParamSpec("list", PROFILE_FIELDS),
}
S3_PARAMS: ParamSpecs = {"min_profiles": ParamSpec("int")}
S5_PARAMS: ParamSpecs = {"per_line": ParamSpec("bool")}
S7_PARAMS: ParamSpecs = {}
S10_PARAMS: ParamSpecs = {}


def _unit_ref(snapshot: EvidenceSnapshot, unit_id: int, what: str) -> EvidenceRef:
    return EvidenceRef("orgunit", unit_id, f"{what} ของ{snapshot.unit_name(unit_id)}")


def s1_profiles_complete_and_current(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S1 (FAQ SM1, SM6): every stakeholder profile holds the required fields and was reviewed within
    `max_age_months` (default 12); the profile is a digital database kept current. A profile carried
    forward into a new year counts as current only once someone has reviewed it in that year."""
    max_age = int_param(params, "max_age_months", 12)
    fields = list_param(params, "required_fields", DEFAULT_PROFILE_FIELDS)
    problems: list[str] = []
    units: list[str] = []
    evidence: list[EvidenceRef] = []
    total = 0
    for unit in snapshot.stakeholders:
        if unit.profiles == 0:
            continue
        total += unit.profiles
        name = snapshot.unit_name(unit.unit_id)
        evidence.append(_unit_ref(snapshot, unit.unit_id, f"Stakeholder Profile {unit.profiles} ราย"))
        lacking = [
            f"{PROFILE_FIELDS.get(f, f)} {unit.missing_fields[f]} ราย"
            for f in fields
            if unit.missing_fields.get(f)
        ]
        stale = unit.never_reviewed + sum(n for age, n in unit.review_age_months.items() if age > max_age)
        if lacking:
            problems.append(f"{name}: Stakeholder Profile ขาดข้อมูล {', '.join(lacking)}")
        if stale:
            problems.append(f"{name}: Stakeholder Profile {stale} รายไม่ได้ทบทวนให้เป็นปัจจุบันภายใน {max_age} เดือน")
        if unit.carried_unreviewed:  # carried forward from last year: a review is asked for, not assumed
            problems.append(f"{name}: Stakeholder Profile {unit.carried_unreviewed} รายยกมาจากปีก่อน รอการทบทวน")
        if lacking or stale or unit.carried_unreviewed:
            units.append(name)
    if total == 0:
        problems.append("ยังไม่มี Stakeholder Profile ในฐานข้อมูล")
    return judge(
        problems,
        ok=f"Stakeholder Profile {total} รายมีข้อมูลครบและทบทวนภายใน {max_age} เดือน",
        evidence=evidence,
        units=units,
    )


def s3_profile_set_per_line(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S3 (FAQ SM3, SM5, SM7): a stakeholder profile set exists for every line reporting to the top
    executive; profiles of its departments roll up to the line."""
    minimum = int_param(params, "min_profiles", 1)
    per_line: Counter[int] = Counter()
    for unit in snapshot.stakeholders:
        per_line[snapshot.line_of(unit.unit_id)] += unit.profiles
    lines = snapshot.lines()
    problems = [
        f"{line.name} (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มีชุด Stakeholder Profile (นับรวมทุกฝ่ายในสังกัด)"
        for line in lines
        if per_line[line.id] < minimum
    ]
    if not lines:
        problems.append("ยังไม่ได้กำหนดสายงานที่ขึ้นตรงต่อผู้บริหารสูงสุด")
    evidence = [
        _unit_ref(snapshot, line.id, f"Stakeholder Profile {per_line[line.id]} ราย") for line in lines
    ]
    return judge(
        problems,
        ok=f"ทุกสายงาน ({len(lines)} สายงาน) มีชุด Stakeholder Profile",
        evidence=[e for e in evidence if per_line[int(e.record_id)]],
        units=[line.name for line in lines if per_line[line.id] < minimum],
    )


def s5_voice_of_stakeholders(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S5 (FAQ SM5): the voice of stakeholders (VOS) is gathered, each marked positive or negative and
    from a primary or secondary source; with `per_line`, every line has VOS."""
    problems: list[str] = []
    units: list[str] = []
    total = positive = negative = 0
    per_line: Counter[int] = Counter()
    for unit in snapshot.stakeholders:
        if unit.vos == 0:
            continue
        name = snapshot.unit_name(unit.unit_id)
        total += unit.vos
        per_line[snapshot.line_of(unit.unit_id)] += unit.vos
        positive += unit.vos_by_polarity.get("positive", 0)
        negative += unit.vos_by_polarity.get("negative", 0)
        no_polarity = (
            unit.vos - unit.vos_by_polarity.get("positive", 0) - unit.vos_by_polarity.get("negative", 0)
        )
        no_source = unit.vos - unit.vos_by_source.get("primary", 0) - unit.vos_by_source.get("secondary", 0)
        if no_polarity:
            problems.append(f"{name}: VOS {no_polarity} รายการไม่ได้ระบุว่าเป็นเชิงบวกหรือเชิงลบ")
        if no_source:
            problems.append(f"{name}: VOS {no_source} รายการไม่ได้ระบุแหล่งข้อมูลปฐมภูมิ/ทุติยภูมิ")
        if no_polarity or no_source:
            units.append(name)
    if total == 0:
        problems.append("ยังไม่มีการรวบรวมความต้องการ ความคาดหวัง (VOS) ของผู้มีส่วนได้ส่วนเสีย")
    elif bool_param(params, "per_line", False):
        for line in snapshot.lines():
            if not per_line[line.id]:
                problems.append(f"{line.name} (ขึ้นตรงต่อผู้บริหารสูงสุด) ยังไม่มี VOS ของผู้มีส่วนได้ส่วนเสีย")
                units.append(line.name)
    evidence = [_unit_ref(snapshot, u.unit_id, f"VOS {u.vos} รายการ") for u in snapshot.stakeholders if u.vos]
    return judge(
        problems,
        ok=f"มี VOS {total} รายการ (เชิงบวก {positive} เชิงลบ {negative}) ระบุแหล่งข้อมูลครบ",
        evidence=evidence,
        units=units,
    )


def s7_plans_for_internal_units_at_issue(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S7 (FAQ SM3): an internal unit that matters to a line and has unresolved issues needs a
    relationship plan or activities."""
    problems: list[str] = []
    units: list[str] = []
    internal = at_issue = 0
    for unit in snapshot.stakeholders:
        internal += unit.internal_profiles
        at_issue += unit.internal_at_issue
        lacking = unit.internal_at_issue - unit.internal_at_issue_with_plan
        if lacking > 0:
            name = snapshot.unit_name(unit.unit_id)
            named = f": {titles(unit.internal_without_plan)}" if unit.internal_without_plan else ""
            problems.append(
                f"{name}: หน่วยงานภายในที่สำคัญและมีประเด็นที่ยังไม่ได้แก้ไข {lacking} ราย "
                f"ยังไม่มีแผน/กิจกรรมสร้างความสัมพันธ์{named}"
            )
            units.append(name)
    if internal == 0:
        problems.append("ยังไม่ได้ระบุหน่วยงานภายในเป็นผู้มีส่วนได้ส่วนเสียของสายงาน/ฝ่าย")
    ok = (
        f"หน่วยงานภายในที่สำคัญและมีประเด็นค้าง {at_issue} รายมีแผนสร้างความสัมพันธ์ครบ"
        if at_issue
        else f"ระบุหน่วยงานภายใน {internal} ราย ไม่มีรายที่สำคัญและมีประเด็นค้าง"
    )
    evidence = [
        _unit_ref(snapshot, u.unit_id, f"ผู้มีส่วนได้ส่วนเสียภายใน {u.internal_profiles} ราย")
        for u in snapshot.stakeholders
        if u.internal_profiles
    ]
    return judge(problems, ok=ok, evidence=evidence, units=units)


def s10_high_risks_in_enterprise_plan(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S10 (FAQ SM11): relationship risks are analysed with the enterprise risk framework; every high
    or very high risk refers to the enterprise risk management plan."""
    problems: list[str] = []
    units: list[str] = []
    risks = high = 0
    for unit in snapshot.stakeholders:
        risks += unit.risks
        high += unit.high_risks
        unlinked = unit.high_risks - unit.high_risks_linked
        if unlinked > 0:
            name = snapshot.unit_name(unit.unit_id)
            named = f": {titles(unit.unlinked_high_risks)}" if unit.unlinked_high_risks else ""
            problems.append(
                f"{name}: ความเสี่ยงระดับสูง {unlinked} รายการยังไม่เชื่อมโยงกับแผนบริหารความเสี่ยงองค์กร{named}"
            )
            units.append(name)
    if risks == 0:
        problems.append("ยังไม่มีการวิเคราะห์ความเสี่ยงในการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย")
    evidence = [
        _unit_ref(snapshot, u.unit_id, f"ความเสี่ยงด้านความสัมพันธ์ {u.risks} รายการ")
        for u in snapshot.stakeholders
        if u.risks
    ]
    return judge(
        problems,
        ok=f"ความเสี่ยง {risks} รายการ ระดับสูง {high} รายการเชื่อมโยงกับแผนบริหารความเสี่ยงองค์กรครบ",
        evidence=evidence,
        units=units,
    )
