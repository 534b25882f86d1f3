"""Every rule by its id, and the parameters each accepts (checked when a criteria file loads)."""

from typing import TYPE_CHECKING

from criteria.rules import (
    approvals,
    complaints,
    innovation,
    relationships,
    service,
    stakeholders,
    strategy,
    surveys,
    use,
    voc,
)
from criteria.rules.base import ParamSpecs, Reads, RuleFn

if TYPE_CHECKING:
    from criteria.schema import Criteria

RULES: dict[str, RuleFn] = {
    "S1": stakeholders.s1_profiles_complete_and_current,
    "S2": stakeholders.s2_profile_status_and_working_model,
    "S3": stakeholders.s3_profile_set_per_line,
    "S5": stakeholders.s5_voice_of_stakeholders,
    "S6": stakeholders.s6_importance_weighs_enterprise_needs,
    "S7": stakeholders.s7_plans_for_internal_units_at_issue,
    "S8": relationships.s8_existing_plans_count_when_aligned,
    "S9": relationships.s9_working_group_from_every_line,
    "S10": stakeholders.s10_high_risks_in_enterprise_plan,
    "C1": approvals.c1_approved_in_writing,
    "C2": approvals.c2_approver_has_authority,
    "C3": service.c3_service_standard_components,
    "C4": service.c4_recovery_plan_normal_and_abnormal,
    "C5": service.c5_charter_published,
    "C6": service.c6_support_across_life_cycle,
    "C7": voc.c7_voc_over_four_aspects,
    "C8": surveys.c8_external_annual_survey,
    "C9": service.c9_service_times_and_monitoring,
    "C10": complaints.c10_complaint_improvement_in_strategy,
    "C11": voc.c11_listening_channels_reach,
    "C12": surveys.c12_survey_covers_measures_and_segments,
    "C13": complaints.c13_several_complaint_channels,
    "P1": strategy.p1_strategy_cascaded,
    "P2": strategy.p2_segments_defined,
    "P3": voc.p3_quarterly_voc_reports,
    "P4": innovation.p4_development_and_innovation,
    "P5": complaints.p5_complaint_standards_met,
    "U1": use.u1_results_put_to_use,
}

RULE_PARAMS: dict[str, ParamSpecs] = {
    "S1": stakeholders.S1_PARAMS,
    "S2": stakeholders.S2_PARAMS,
    "S3": stakeholders.S3_PARAMS,
    "S5": stakeholders.S5_PARAMS,
    "S6": stakeholders.S6_PARAMS,
    "S7": stakeholders.S7_PARAMS,
    "S8": relationships.S8_PARAMS,
    "S9": relationships.S9_PARAMS,
    "S10": stakeholders.S10_PARAMS,
    "C1": approvals.C1_PARAMS,
    "C2": approvals.C2_PARAMS,
    "C3": service.C3_PARAMS,
    "C4": service.C4_PARAMS,
    "C5": service.C5_PARAMS,
    "C6": service.C6_PARAMS,
    "C7": voc.C7_PARAMS,
    "C8": surveys.C8_PARAMS,
    "C9": service.C9_PARAMS,
    "C10": complaints.C10_PARAMS,
    "C11": voc.C11_PARAMS,
    "C12": surveys.C12_PARAMS,
    "C13": complaints.C13_PARAMS,
    "P1": strategy.P1_PARAMS,
    "P2": strategy.P2_PARAMS,
    "P3": voc.P3_PARAMS,
    "P4": innovation.P4_PARAMS,
    "P5": complaints.P5_PARAMS,
    "U1": use.U1_PARAMS,
}

RULE_READS: dict[str, Reads] = {
    "S1": stakeholders.S1_READS,
    "S2": stakeholders.S2_READS,
    "S3": stakeholders.S3_READS,
    "S5": stakeholders.S5_READS,
    "S6": stakeholders.S6_READS,
    "S7": stakeholders.S7_READS,
    "S8": relationships.S8_READS,
    "S9": relationships.S9_READS,
    "S10": stakeholders.S10_READS,
    "C1": approvals.C1_READS,
    "C2": approvals.C2_READS,
    "C3": service.C3_READS,
    "C4": service.C4_READS,
    "C5": service.C5_READS,
    "C6": service.C6_READS,
    "C7": voc.C7_READS,
    "C8": surveys.C8_READS,
    "C9": service.C9_READS,
    "C10": complaints.C10_READS,
    "C11": voc.C11_READS,
    "C12": surveys.C12_READS,
    "C13": complaints.C13_READS,
    "P1": strategy.P1_READS,
    "P2": strategy.P2_READS,
    "P3": voc.P3_READS,
    "P4": innovation.P4_READS,
    "P5": complaints.P5_READS,
    "U1": use.U1_READS,
}


def required_fields(criteria: "Criteria", table: str) -> dict[str, tuple[str, ...]]:
    """The fields of `table` that the criteria's rules need on every record → the rule ids that need
    them (the same parameters the scoring uses, so a form marks exactly what a score would miss)."""
    needed: dict[str, list[str]] = {}
    for subtopic in criteria.subtopics():
        for _, item in subtopic.items():
            if item.rule is None or RULE_READS[item.rule.id].table != table:
                continue
            for name in RULE_READS[item.rule.id].fields_for(item.rule.params):
                rules = needed.setdefault(name, [])
                if item.rule.id not in rules:
                    rules.append(item.rule.id)
    return {name: tuple(rules) for name, rules in needed.items()}
