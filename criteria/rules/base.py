"""What every rule shares: its outcome, its signature, and typed access to its parameters."""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from criteria.snapshot import Citation, EvidenceRef, EvidenceSnapshot

ParamValue = bool | int | float | str | tuple[str, ...]
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Gap:
    """One thing a failing rule says is missing: the Thai text, the unit that owes it (None: the
    enterprise as a whole), how many records it concerns and, where the rule knows, the record fields
    left empty (names in the rule's `Reads`). The "what is missing" panels and data requests are these."""

    message: str
    unit: str | None = None
    count: int = 1
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reads:
    """What a rule reads from the records: the record family (`table`), the fields it needs filled in on
    every record of it (the forms mark them required), and the pages whose to-do lists show its gaps.
    With `param`, the item's parameter of that name (vocabulary keys, mapped by `columns`) replaces
    `fields`, so a criteria file that asks for more fields asks the forms for them too."""

    topics: tuple[str, ...]
    table: str | None = None
    fields: tuple[str, ...] = ()
    param: str | None = None
    columns: Mapping[str, tuple[str, ...]] | None = None  # vocabulary key → the record fields that hold it
    also: tuple[str, ...] = ()  # record fields needed whatever the parameter says
    also_when: str | None = None  # …but only for items that set this parameter (S1's max_age_months)

    def fields_for(self, params: "Params") -> tuple[str, ...]:
        """The record fields the rule needs, for one item's parameters."""
        keys: tuple[str, ...] = self.fields
        if self.param is not None and isinstance(params.get(self.param), tuple | list):
            keys = tuple(params[self.param])  # type: ignore[arg-type]
        columns = self.columns or {}
        named = [c for k in keys for c in columns.get(k, (k,))]
        if self.also_when is None or self.also_when in params:
            named += self.also
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class RuleOutcome:
    """Whether a rule is met, why (Thai), the records it rests on and the units that own a gap."""

    met: bool
    reasons: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    units: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()  # documents, approvals, passages and register rows, pass or fail
    warnings: tuple[str, ...] = ()  # what a careful assessor would raise (issue 11 §6)
    gaps: tuple[Gap, ...] = ()  # what is missing, per unit where the rule can say (empty when met)


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
    gaps: Collection[Gap] = (),
) -> RuleOutcome:
    """Met when there are no problems; the reasons are the problems, or `ok` when met (evidence deduplicated).

    Each problem is a gap: the rule's own `gaps` where it gives one for that text, otherwise owned by
    the unit whose name the problem starts with (rules write "<unit>: …"), else by each unit it names,
    else by the owning units no problem names (a project's department), else by the enterprise."""
    refs = tuple(dict.fromkeys(evidence))
    cited, warned = tuple(dict.fromkeys(citations)), tuple(dict.fromkeys(warnings))
    if problems:
        owners = tuple(dict.fromkeys(units))
        given = {g.message: g for g in gaps}
        named = {p: _named(p, owners) for p in problems if p not in given}
        unplaced = tuple(u for u in owners if not any(u in n for n in named.values())
                         and not any(g.unit == u for g in gaps))
        found = tuple(g for p in problems for g in ((given[p],) if p in given else
                                                    tuple(Gap(p, u) for u in named[p] or unplaced or (None,))))
        return RuleOutcome(False, tuple(problems), refs, owners, cited, warned, found)
    return RuleOutcome(True, (ok,), refs, (), cited, warned)


def _named(problem: str, units: Collection[str]) -> tuple[str, ...]:
    """The units a problem text is about: the longest unit name it starts with, else every unit it names."""
    first = [u for u in units if problem.startswith(u)]
    if first:
        return (max(first, key=len),)
    return tuple(u for u in units if u in problem)


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
