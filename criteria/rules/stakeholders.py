"""Stakeholder-management rules S1, S2, S3, S5, S6, S7, S10 (FAQ SM1–SM11)."""

from collections import Counter

from criteria.rules.base import (
    Gap,
    Params,
    ParamSpec,
    ParamSpecs,
    Reads,
    RuleOutcome,
    bool_param,
    int_param,
    judge,
    list_param,
    titles,
)
from criteria.snapshot import EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import PROFILE_COLUMNS, PROFILE_FIELDS

DEFAULT_PROFILE_FIELDS = ("role", "key_issues", "representative", "relationship_level")
S2_FIELDS = ("status", "working_model", "relationship_level")
S6_FIELDS = ("importance", "enterprise_needs")
HIGH_RISK_SCORE = 10  # default only: the criteria file states the enterprise framework's threshold

S1_PARAMS: ParamSpecs = {
    "max_age_months": ParamSpec("int", label_th="ทบทวน Stakeholder Profile ภายใน (เดือน)"),
    "required_fields": ParamSpec("list", PROFILE_FIELDS, label_th="ข้อมูลที่ต้องมี"),
}
S2_PARAMS: ParamSpecs = {"required_fields": ParamSpec("list", PROFILE_FIELDS, label_th="ข้อมูลที่ต้องมี")}
S6_PARAMS: ParamSpecs = S2_PARAMS
S3_PARAMS: ParamSpecs = {"min_profiles": ParamSpec("int", label_th="จำนวน Profile ขั้นต่ำต่อสายงาน")}
S5_PARAMS: ParamSpecs = {"per_line": ParamSpec("bool", label_th="ต้องมี VOS ทุกสายงาน")}
S7_PARAMS: ParamSpecs = {}
S10_PARAMS: ParamSpecs = {
    "high_risk_score": ParamSpec("int", label_th="คะแนนความเสี่ยง (ผลกระทบ × โอกาส) ที่ถือว่าสูงตามกรอบขององค์กร"),
}

# what each rule reads from the records (forms mark these fields required; to-do lists show the gaps)
S1_READS = Reads(("stakeholders", "org"), "stakeholder", DEFAULT_PROFILE_FIELDS, "required_fields", PROFILE_COLUMNS,
                 also=("reviewed_on",), also_when="max_age_months")
S2_READS = Reads(("stakeholders",), "stakeholder", S2_FIELDS, "required_fields", PROFILE_COLUMNS)
S3_READS = Reads(("stakeholders", "org"), "stakeholder")
S5_READS = Reads(("stakeholders",), "voiceofstakeholder", ("source",))
S6_READS = Reads(("stakeholders",), "stakeholder", S6_FIELDS, "required_fields", PROFILE_COLUMNS)
S7_READS = Reads(("relationships",), "relationshipplan")
S10_READS = Reads(("relationships",), "relationshiprisk", ("impact", "likelihood"))


def _unit_ref(snapshot: EvidenceSnapshot, unit_id: int, what: str) -> EvidenceRef:
    return EvidenceRef("orgunit", unit_id, f"{what} ของ{snapshot.unit_name(unit_id)}")


def _profile_check(
    snapshot: EvidenceSnapshot, fields: tuple[str, ...], max_age: int | None, ok_what: str
) -> RuleOutcome:
    """Profiles hold `fields`; with `max_age`, each was reviewed within that many months. Nothing else is read."""
    problems: list[str] = []
    units: list[str] = []
    gaps: list[Gap] = []
    evidence: list[EvidenceRef] = []
    total = 0
    for unit in snapshot.stakeholders:
        if unit.profiles == 0:
            continue
        total += unit.profiles
        name = snapshot.unit_name(unit.unit_id)
        evidence.append(_unit_ref(snapshot, unit.unit_id, f"Stakeholder Profile {unit.profiles} ราย"))
        empty = [f for f in fields if unit.missing_fields.get(f)]
        lacking = [f"{PROFILE_FIELDS.get(f, f)} {unit.missing_fields[f]} ราย" for f in empty]
        stale = 0
        if max_age is not None:
            stale = unit.never_reviewed + sum(n for age, n in unit.review_age_months.items() if age > max_age)
        if lacking:
            problems.append(f"{name}: Stakeholder Profile ขาดข้อมูล {', '.join(lacking)}")
            columns = tuple(dict.fromkeys(c for f in empty for c in PROFILE_COLUMNS.get(f, (f,))))
            gaps.append(Gap(problems[-1], name, max(unit.missing_fields[f] for f in empty), columns))
        if stale:
            problems.append(f"{name}: Stakeholder Profile {stale} รายไม่ได้ทบทวนให้เป็นปัจจุบันภายใน {max_age} เดือน")
            gaps.append(Gap(problems[-1], name, stale, ("reviewed_on",)))
        carried = unit.carried_unreviewed if max_age is not None else 0  # currency checks only
        if carried:  # carried forward from last year: a review is asked for, not assumed
            problems.append(f"{name}: Stakeholder Profile {carried} รายยกมาจากปีก่อน รอการทบทวน")
        if lacking or stale or carried:
            units.append(name)
    if total == 0:
        problems.append("ยังไม่มี Stakeholder Profile ในฐานข้อมูล")
    current = f"และทบทวนภายใน {max_age} เดือน" if max_age is not None else ""
    return judge(
        problems,
        ok=f"Stakeholder Profile {total} รายมี{ok_what}ครบ{current}",
        evidence=evidence,
        units=units,
        gaps=gaps,
    )


def s1_profiles_complete_and_current(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S1 (FAQ SM1): every stakeholder profile holds the required fields (basic data, role, key issues,
    representative, relationship level) and, when the item names currency (`max_age_months`, a
    provisional setting), was reviewed within that many months."""
    fields = list_param(params, "required_fields", DEFAULT_PROFILE_FIELDS)
    max_age = int_param(params, "max_age_months", 12) if "max_age_months" in params else None
    return _profile_check(snapshot, fields, max_age, "ข้อมูล")


def s2_profile_status_and_working_model(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S2 (FAQ SM6): every profile states the stakeholder's status, working model and relationship
    level; only those fields are read (no currency check)."""
    return _profile_check(snapshot, list_param(params, "required_fields", S2_FIELDS), None, "สถานะ รูปแบบการทำงาน และระดับความสัมพันธ์")


def s6_importance_weighs_enterprise_needs(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S6 (FAQ SM8): every profile states its importance (the enterprise's own analysis) and what the
    enterprise needs from the stakeholder; only those fields are read (no currency check)."""
    fields = list_param(params, "required_fields", S6_FIELDS)
    return _profile_check(snapshot, fields, None, "ระดับความสำคัญและสิ่งที่องค์กรต้องการ")


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
    """S5 (FAQ SM5): the voice of stakeholders (VOS) is gathered from a primary or secondary source
    (asking stakeholders directly is not required); it *may* be tagged positive or negative, so an
    untagged VOS is not a gap; with `per_line`, every line has VOS."""
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
        no_source = unit.vos - unit.vos_by_source.get("primary", 0) - unit.vos_by_source.get("secondary", 0)
        if no_source:
            problems.append(f"{name}: VOS {no_source} รายการไม่ได้ระบุแหล่งข้อมูลปฐมภูมิ/ทุติยภูมิ")
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
        ok=f"มี VOS {total} รายการ ระบุแหล่งข้อมูลครบ (เชิงบวก {positive} เชิงลบ {negative} "
        f"ไม่ระบุ {total - positive - negative}: การระบุเชิงบวก/ลบไม่บังคับ FAQ SM5)",
        evidence=evidence,
        units=units,
    )


def s7_plans_for_internal_units_at_issue(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S7 (FAQ SM3, SM8): an internal unit the line itself rates very important (its own analysis,
    which weighs what the enterprise needs from it; no fixed interest/influence cut-off) and that has
    unresolved issues needs a relationship plan or activities; an existing unit plan aligned with the
    stakeholder strategy counts (S8)."""
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
    """S10 (FAQ SM11): relationship risks are analysed with the enterprise risk framework, which says
    what is high (`high_risk_score`, impact × likelihood, a provisional setting); a high risk *may* refer
    to the enterprise risk management plan, or have its own mitigation plan: either is enough."""
    threshold = int_param(params, "high_risk_score", HIGH_RISK_SCORE)
    problems: list[str] = []
    units: list[str] = []
    risks = high = 0
    for unit in snapshot.stakeholders:
        risks += unit.risks
        unit_high = sum(n for score, (n, _) in unit.risk_scores.items() if score >= threshold)
        covered = sum(c for score, (_, c) in unit.risk_scores.items() if score >= threshold)
        high += unit_high
        if unit_high > covered:
            name = snapshot.unit_name(unit.unit_id)
            named = [ref for score, ref in unit.uncovered_risks if score >= threshold]
            problems.append(
                f"{name}: ความเสี่ยงระดับสูง (คะแนน ≥ {threshold}) {unit_high - covered} รายการยังไม่อ้างอิงแผนบริหาร"
                f"ความเสี่ยงองค์กรและไม่มีแผนจัดการของตนเอง" + (f": {titles(named)}" if named else "")
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
        ok=f"ความเสี่ยง {risks} รายการ ระดับสูง {high} รายการอ้างอิงแผนบริหารความเสี่ยงองค์กรหรือมีแผนจัดการครบ",
        evidence=evidence,
        units=units,
    )
