"""The shipped 2569 criteria scored end to end: complete evidence reaches 5, gaps name their owners, fast."""

import time
from dataclasses import replace
from datetime import date

from criteria.loader import load_version
from criteria.scoring import assess
from criteria.snapshot import (
    ActionStat,
    Approval,
    ChannelFact,
    Claim,
    ComplaintStats,
    DocumentFact,
    EvidenceRef,
    EvidenceSnapshot,
    MeetingFact,
    OrgUnit,
    PlanFact,
    ProjectFact,
    RelationshipPlanFact,
    SegmentStats,
    ServiceTimes,
    StageStat,
    SurveyFact,
    UnitStakeholders,
    VocStats,
    WorkingGroupFact,
)
from criteria.vocabulary import (
    ACTION_FACTS,
    ACTION_KINDS,
    ACTION_SOURCES,
    CHARTER_COMPONENTS,
    MONITORING_SUBJECTS,
    PROFILE_FIELDS,
    PROJECT_FACTS,
)

CRITERIA = load_version(2569)
LINES = (OrgUnit(1, "สายงานปฏิบัติการ", 1, True), OrgUnit(2, "สายงานบริหาร", 2, True))
BOARD = Approval("board", "คณะกรรมการ", ref=EvidenceRef("approval", 1, "มติคณะกรรมการ"))


def ref(table: str, record_id: int) -> EvidenceRef:
    return EvidenceRef(table, record_id, f"{table} #{record_id}")


def doc(record_id: int, kind: str, subjects: set[str], **kw: object) -> DocumentFact:
    return DocumentFact(ref("doc", record_id), kind, frozenset(subjects), approvals=(BOARD,), **kw)  # type: ignore[arg-type]


def complete() -> EvidenceSnapshot:
    """Evidence that meets every rule of the shipped criteria, and every judgement item accepted."""
    unit = UnitStakeholders(
        1,
        profiles=10,
        missing_fields=dict.fromkeys(PROFILE_FIELDS, 0),
        review_age_months={1: 10},
        vos=4,
        vos_by_polarity={"positive": 2, "negative": 2},
        vos_by_source={"primary": 1, "secondary": 3},
        internal_profiles=2,
        internal_at_issue=1,
        internal_at_issue_with_plan=1,
        risks=3,
        risk_scores={12: (1, 1), 4: (2, 0)},
    )
    judgement = {
        item.id: Claim(item.id, "accepted")
        for s in CRITERIA.subtopics()
        for _, item in s.items()
        if item.judgement is not None
    }
    targets = frozenset({"SME", "RETAIL"})
    return EvidenceSnapshot(
        enterprise_id=1,
        year=2569,
        enterprise_name="รัฐวิสาหกิจตัวอย่าง",
        units=LINES,
        stakeholders=(unit, replace(unit, unit_id=2)),
        documents=(
            doc(1, "policy_and_procedure", {"complaint_policy", "complaint_procedure", "complaint_standards"},
                in_customer_strategy=True),
            doc(2, "charter_and_standards", {"service_charter", "service_standard"}, components=frozenset(CHARTER_COMPONENTS) | {"before", "during", "after"}, published=True),
            doc(3, "customer_strategy", {"customer_strategy"}),
        ),
        plans=tuple(
            PlanFact(ref("strategyplan", i), kind, True, True, frozenset({"unit", "staff", "partner"}), frozenset({"complaint_handling"}))
            for i, kind in enumerate(("customer_strategy", "long_term_action", "annual_action"))
        ),
        meetings=tuple(MeetingFact(ref("monitoringminute", i), body, frozenset(MONITORING_SUBJECTS)) for i, body in enumerate(("board", "committee", "executive", "board"))),
        surveys=(SurveyFact(ref("survey", 1), "annual_major", "external", frozenset({"satisfaction", "dissatisfaction", "engagement"}), targets, date(2026, 8, 1)),),
        channels=(ChannelFact(ref("listeningchannel", 1), "social_media", True, frozenset({"prospective", "new", "current", "former", "competitor"}), targets),),
        segments=SegmentStats(total=2, target_codes=targets),
        voc=VocStats(
            total=400,
            by_aspect={"product_service": 100, "customer_support": 100, "transaction": 100, "relationship": 100},
            reports=tuple((q, ref("vocreport", q)) for q in (1, 2, 3, 4)),
            report_recipients={q: frozenset({"top_executives"}) for q in (1, 2, 3, 4)},
            rankings={"": {"product_service": 1, "customer_support": 2, "transaction": 3, "relationship": 4}},
        ),
        actions=tuple(ActionStat(s, k, 1, 1, facts={frozenset(ACTION_FACTS): 1}) for s in ACTION_SOURCES for k in ACTION_KINDS),
        relationship_plans=(RelationshipPlanFact(ref("relationshipplan", 1), "own", activities=2, with_results=2),),
        working_groups=(WorkingGroupFact(ref("workinggroup", 1), frozenset(u.id for u in LINES)),),
        projects=(
            ProjectFact(ref("developmentproject", 1), "development", "done", frozenset(PROJECT_FACTS)),
            ProjectFact(ref("developmentproject", 2), "innovation", "done", frozenset(PROJECT_FACTS)),
        ),
        service_times=ServiceTimes(core=2, support=2),
        complaints=ComplaintStats(
            channels=(ref("complaintchannel", 1), ref("complaintchannel", 2)),
            cases=100,
            stages=tuple(StageStat(s, 24.0, 100, 95) for s in ("receive", "acknowledge", "respond", "resolve")),
        ),
        claims=judgement,
    )  # fmt: skip


def test_complete_evidence_scores_five_on_every_sub_topic() -> None:
    assessment = assess(CRITERIA, complete())
    failing = [(i.id, i.reasons) for s in assessment.subtopics() for i in s.items if not i.met]
    assert failing == []
    assert assessment.score == 5.0
    assert assessment.next_actions == ()


def test_whole_enterprise_without_evidence_scores_zero_and_lists_level_one_actions() -> None:
    assessment = assess(CRITERIA, EvidenceSnapshot(enterprise_id=1, year=2569, units=LINES))
    assert assessment.score == 0.0
    assert assessment.next_actions[0].subtopic_code == "SM1.1"
    assert all(a.from_level == 0.0 for a in assessment.next_actions)


def test_a_missing_line_profile_set_blocks_sm1_1_and_names_the_line() -> None:
    evidence = complete()
    only_first_line = replace(evidence, stakeholders=evidence.stakeholders[:1])
    assessment = assess(CRITERIA, only_first_line)
    sm11 = assessment.subtopic("SM1.1")
    assert (sm11.levels_met, sm11.blocking) == (0, ("SM1.1-L1-a",))
    action = next(a for a in assessment.next_actions if a.subtopic_code == "SM1.1")
    assert (action.owners, action.from_level, action.to_level) == (("สายงานบริหาร",), 2 / 3, 5.0)
    assert action.gain == 15 * (5 - 2 / 3)


def test_an_in_house_survey_holds_cm3_2_at_level_zero() -> None:
    evidence = complete()
    in_house = replace(evidence, surveys=(replace(evidence.surveys[0], conductor="in_house"),))
    result = assess(CRITERIA, in_house).subtopic("CM3.2")
    assert (result.levels_met, result.level, result.blocking) == (0, 0.5, ("CM3.2-L1-a",))


def test_scoring_the_whole_enterprise_takes_well_under_a_second() -> None:
    evidence = complete()
    start = time.perf_counter()
    for _ in range(20):
        assess(CRITERIA, evidence)
    assert (time.perf_counter() - start) / 20 < 0.05
