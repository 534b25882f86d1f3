"""Survey rules C8 and C12 (FAQ CM11, CM17; criteria CM 3.2): the annual major survey and its reach."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    Reads,
    RuleOutcome,
    bool_param,
    judge,
    list_param,
)
from criteria.snapshot import EvidenceSnapshot, SurveyFact
from criteria.vocabulary import SURVEY_MEASURES, labels

C8_PARAMS: ParamSpecs = {}
C12_PARAMS: ParamSpecs = {"measures": ParamSpec("list", SURVEY_MEASURES), "all_segments": ParamSpec("bool")}

_SCOPE_TH = {
    "annual_major": "สำรวจใหญ่ประจำปี",
    "after_service": "สำรวจหลังรับบริการ",
    "point_of_service": "สำรวจ ณ จุดบริการ",
}


# what the rules read from the records, and the pages whose to-do lists show their gaps
C8_READS = Reads(("surveys",), "survey")
C12_READS = Reads(("surveys",), "survey")


def in_year(snapshot: EvidenceSnapshot, survey: SurveyFact) -> bool:
    """A survey belongs to the year it was completed in (whichever year it was typed into)."""
    if survey.completed_on is None:
        return False
    if snapshot.year_bounds is None:
        return True
    first, last = snapshot.year_bounds
    return first <= survey.completed_on <= last


def _annual_major(snapshot: EvidenceSnapshot) -> list[SurveyFact]:
    return [s for s in snapshot.surveys if s.scope == "annual_major" and s.measures and in_year(snapshot, s)]


def _out_of_year(snapshot: EvidenceSnapshot) -> list[str]:
    found = []
    for s in snapshot.surveys:
        if s.scope != "annual_major" or in_year(snapshot, s):
            continue
        if s.completed_on is None:
            found.append(f"'{s.ref.label}' ยังไม่ระบุวันที่แล้วเสร็จ จึงยังไม่นับเป็นผลสำรวจของปี {snapshot.year}")
        else:
            found.append(
                f"'{s.ref.label}' แล้วเสร็จ {s.completed_on.isoformat()} นอกรอบปีประเมิน {snapshot.year} "
                "จึงนับเป็นการสำรวจประจำปีนี้ไม่ได้ (FAQ CM11, CM17)"
            )
    return found


def c8_external_annual_survey(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C8 (FAQ CM11, CM17): an annual major satisfaction / dissatisfaction / engagement survey run by an
    external consultant and completed inside the year's bounds; in-house surveys (after service, at the point of service, or an
    annual one run in-house) are extras and never a substitute."""
    external = [s for s in _annual_major(snapshot) if s.conductor == "external"]
    problems: list[str] = []
    if not external:
        problems.append(f"ไม่มีการสำรวจใหญ่ประจำปี {snapshot.year} ที่ดำเนินการโดยที่ปรึกษาภายนอก")
        problems.extend(_out_of_year(snapshot))
        for survey in snapshot.surveys:
            if survey.conductor != "external" or survey.scope != "annual_major":
                who = "ดำเนินการเอง" if survey.conductor != "external" else "โดยที่ปรึกษาภายนอก"
                problems.append(
                    f"'{survey.ref.label}' ({_SCOPE_TH.get(survey.scope, survey.scope)}, {who}) เป็นการสำรวจเสริม "
                    "ใช้แทนการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอกไม่ได้ (FAQ CM11, CM17)"
                )
    return judge(problems, ok="มีการสำรวจใหญ่ประจำปีโดยที่ปรึกษาภายนอก", evidence=[s.ref for s in external])


def c12_survey_covers_measures_and_segments(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C12 (criteria CM 3.2 level 2): the annual survey covers satisfaction, dissatisfaction and
    engagement (`measures`) and, with `all_segments` (default), every target customer segment."""
    surveys = _annual_major(snapshot)
    measures = list_param(params, "measures", tuple(SURVEY_MEASURES))
    covered = frozenset().union(*(s.measures for s in surveys))
    problems: list[str] = []
    if not surveys:
        problems.append(f"ไม่มีการสำรวจใหญ่ประจำปี {snapshot.year}")
        problems.extend(_out_of_year(snapshot))
    missing = [m for m in measures if m not in covered]
    if surveys and missing:
        problems.append(f"การสำรวจประจำปียังไม่ครอบคลุม{labels(missing, SURVEY_MEASURES)}")
    if bool_param(params, "all_segments", True):
        reached = frozenset().union(*(s.segment_codes for s in surveys))
        not_reached = sorted(snapshot.segments.target_codes - reached)
        if not_reached:
            problems.append(f"การสำรวจประจำปียังไม่ครอบคลุมกลุ่มลูกค้า {', '.join(not_reached)}")
        if not snapshot.segments.target_codes:
            problems.append("ยังไม่ได้กำหนดกลุ่มลูกค้าเป้าหมาย")
    return judge(
        problems,
        ok="การสำรวจประจำปีครอบคลุมความพึงพอใจ ความไม่พึงพอใจ ความผูกพัน และทุกกลุ่มลูกค้า",
        evidence=[s.ref for s in surveys],
    )
