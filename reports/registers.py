"""Which register rows travel with each sub-topic in the evidence pack: the families of records the
sub-topic's rules read (Stakeholder Profiles, VOS, VOC, channels, complaint cases with their stage
times, surveys…), written as a Thai workbook per sub-topic (`registers/<sub-topic>.xlsx`) by the
import/export workbook writer, so an assessor can check a rule's verdict row by row.
"""

from criteria.results import SubtopicResult
from evidence.excel.schema import BY_KEY, Family
from reports.pack_types import safe_name

REGISTERS_DIR = "registers"

# Rule id (as in the criteria YAML and `criteria.rules`) → the workbook families it reads.
RULE_FAMILIES: dict[str, tuple[str, ...]] = {
    "S1": ("stakeholders",), "S2": ("stakeholders",), "S3": ("units", "stakeholders"),
    "S4": ("stakeholders", "relationship_plans"), "S5": ("stakeholders", "vos"), "S6": ("stakeholders", "issues"),
    "S7": ("stakeholders", "issues", "relationship_plans", "activities"), "S8": ("relationship_plans",),
    "S9": ("relationship_plans",), "S10": ("risks",),
    "C1": ("complaint_policies", "approvals", "bodies"), "C2": ("approvals", "bodies"),
    "C3": ("charters", "service_standards"), "C4": ("charters",), "C5": ("charters", "approvals"),
    "C6": ("charters", "listening_channels"), "C7": ("voc", "voc_reports"), "C8": ("surveys",),
    "C9": ("minutes", "service_standards", "bodies"), "C10": ("plans", "complaint_policies"),
    "C11": ("listening_channels", "segments"), "C12": ("surveys", "segments"),
    "C13": ("complaint_channels", "complaint_standards", "complaints"),
    "P1": ("plans", "kpis", "approvals"), "P2": ("segments",), "P3": ("listening_channels", "voc", "voc_reports"),
    "P5": ("complaint_standards", "complaints"), "U1": ("actions",),
}


def subtopic_families(sub: SubtopicResult) -> tuple[Family, ...]:
    """The families the rules of a sub-topic read, in the workbook's order, each once."""
    keys: list[str] = []
    for item in sub.items:
        keys.extend(RULE_FAMILIES.get(item.rule_id or "", ()))
    wanted = set(keys)
    return tuple(f for key, f in BY_KEY.items() if key in wanted)


def register_path(subtopic_code: str) -> str:
    return f"{REGISTERS_DIR}/{safe_name(subtopic_code)}.xlsx"
