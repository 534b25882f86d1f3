"""Which register rows travel with each sub-topic in the evidence pack: the families of records the
sub-topic's rules read (Stakeholder Profiles, VOS, VOC, channels, complaint cases with their stage
times, surveys…), written as a Thai workbook per sub-topic (`registers/<sub-topic>.xlsx`) by
`reports.register_rows` from the rows `evidence.services.rule_rows` selects, so an assessor can check a
rule's verdict row by row.
"""

from criteria.results import SubtopicResult
from evidence.excel.schema import BY_KEY, Family
from evidence.services.rule_rows import RULE_FAMILIES
from reports.pack_types import safe_name

REGISTERS_DIR = "registers"

# RULE_FAMILIES (rule id → the workbook families it reads) lives beside the queries of those rows.
__all__ = ["RULE_FAMILIES", "register_path", "subtopic_families"]


def subtopic_families(sub: SubtopicResult) -> tuple[Family, ...]:
    """The families the rules of a sub-topic read, in the workbook's order, each once."""
    keys: list[str] = []
    for item in sub.items:
        keys.extend(RULE_FAMILIES.get(item.rule_id or "", ()))
    wanted = set(keys)
    return tuple(f for key, f in BY_KEY.items() if key in wanted)


def register_path(subtopic_code: str) -> str:
    return f"{REGISTERS_DIR}/{safe_name(subtopic_code)}.xlsx"
