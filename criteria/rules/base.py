"""What every rule shares: its outcome, its signature, and typed access to its parameters."""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from criteria.snapshot import Citation, EvidenceRef, EvidenceSnapshot

ParamValue = bool | int | float | str | tuple[str, ...]
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class RuleOutcome:
    """Whether a rule is met, why (Thai), the records it rests on and the units that own a gap."""

    met: bool
    reasons: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    units: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()  # documents, approvals, passages and register rows, pass or fail
    warnings: tuple[str, ...] = ()  # what a careful assessor would raise (issue 11 §6)


RuleFn = Callable[[EvidenceSnapshot, Params], RuleOutcome]


@dataclass(frozen=True)
class ParamSpec:
    """The type of one rule parameter and, for codes, the values it may take."""

    kind: Literal["int", "float", "bool", "str", "list"]
    choices: Collection[str] | None = None
    label_th: str = ""  # what a reader sees beside the verdict when the file gives the parameter a source


ParamSpecs = Mapping[str, ParamSpec]


def judge(
    problems: list[str],
    *,
    ok: str,
    evidence: Collection[EvidenceRef] = (),
    units: Collection[str] = (),
    citations: Collection[Citation] = (),
    warnings: Collection[str] = (),
) -> RuleOutcome:
    """Met when there are no problems; the reasons are the problems, or `ok` when met (evidence deduplicated)."""
    refs = tuple(dict.fromkeys(evidence))
    cited, warned = tuple(dict.fromkeys(citations)), tuple(dict.fromkeys(warnings))
    if problems:
        return RuleOutcome(False, tuple(problems), refs, tuple(dict.fromkeys(units)), cited, warned)
    return RuleOutcome(True, (ok,), refs, (), cited, warned)


def int_param(params: Params, name: str, default: int) -> int:
    value = params.get(name, default)
    return int(value) if isinstance(value, int | float) else default


def float_param(params: Params, name: str, default: float) -> float:
    value = params.get(name, default)
    return float(value) if isinstance(value, int | float) else default


def bool_param(params: Params, name: str, default: bool) -> bool:
    value = params.get(name, default)
    return value if isinstance(value, bool) else default


def str_param(params: Params, name: str, default: str) -> str:
    value = params.get(name, default)
    return value if isinstance(value, str) else default


def list_param(params: Params, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = params.get(name, default)
    return tuple(value) if isinstance(value, tuple | list) else default


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def titles(refs: Collection[EvidenceRef], limit: int = 5) -> str:
    """The labels of a few records, quoted, with how many more there are."""
    shown = [f"'{r.label}'" for r in list(refs)[:limit]]
    more = len(refs) - limit
    return ", ".join(shown) + (f" และอีก {more} รายการ" if more > 0 else "")
