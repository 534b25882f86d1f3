"""The README's rule list is the registry's: every rule, its docstring and its parameters."""

from pathlib import Path

from criteria.rules.catalogue import END, START, rule_table, updated
from criteria.rules.registry import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rule_list_is_generated_from_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    assert rule_table() in text, "README rule list is stale: run python -m criteria.rules.catalogue README.md"


def test_every_registered_rule_has_a_row_and_the_generator_replaces_only_its_section() -> None:
    table = rule_table()
    assert [line.split(" | ")[0].strip("| ") for line in table.splitlines()[3:-1]] == sorted(
        RULES, key=lambda r: ("SCPU".index(r[0]), int(r[1:]))
    )
    page = f"# title\n\n{START}\nold\n{END}\n\ntail\n"
    assert updated(page) == f"# title\n\n{table}\n\ntail\n"
