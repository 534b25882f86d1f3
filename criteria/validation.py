"""Checks that span a criteria tree; each problem names its path inside the file (Thai message)."""

from collections.abc import Iterable, Sequence

from criteria.rules.base import ParamSpec, ParamValue
from criteria.rules.registry import RULE_PARAMS, RULES
from criteria.schema import Criteria, Item, Subtopic, Weighted

LEVELS = (1, 2, 3, 4, 5)
_TOLERANCE = 1e-6


def check(criteria: Criteria) -> list[str]:
    """Every problem of an otherwise well-formed criteria tree; empty when it may be used."""
    problems: list[str] = []
    if not criteria.version.startswith(f"{criteria.year}."):
        problems.append(f"version: ฉบับ '{criteria.version}' ไม่ตรงกับปี {criteria.year}")
    if criteria.scoring.default not in criteria.scoring.methods:
        problems.append(f"scoring.default: วิธี '{criteria.scoring.default}' ไม่อยู่ใน scoring.methods")
    problems += _sum_problems("parts", criteria.parts, 100.0, "น้ำหนักของทุกส่วน", f"ด้าน {criteria.enabler.code}")
    problems += _duplicates(criteria)
    for p, part in enumerate(criteria.parts):
        path = f"parts[{p}]"
        problems += _sum_problems(f"{path}.topics", part.topics, part.weight, "น้ำหนักหัวข้อ", f"ส่วน {part.code}")
        for t, topic in enumerate(part.topics):
            tpath = f"{path}.topics[{t}]"
            problems += _prefix(f"{tpath}.code", topic.code, part.code)
            problems += _sum_problems(
                f"{tpath}.subtopics", topic.subtopics, topic.weight, "น้ำหนักหัวข้อย่อย", f"หัวข้อ {topic.code}"
            )
            for s, subtopic in enumerate(topic.subtopics):
                spath = f"{tpath}.subtopics[{s}]"
                problems += _prefix(f"{spath}.code", subtopic.code, topic.code + ".")
                problems += _subtopic_problems(spath, subtopic)
    return problems


def _sum_problems(
    path: str, siblings: Sequence[Weighted], expected: float, what: str, parent: str
) -> list[str]:
    total = sum(s.weight for s in siblings)
    if abs(total - expected) <= _TOLERANCE:
        return []
    detail = " + ".join(f"{s.code} {s.weight:g}" for s in siblings)
    return [f"{path}: {what}รวมกันได้ {total:g} ({detail}) ไม่เท่ากับน้ำหนักของ{parent} ({expected:g})"]


def _prefix(path: str, code: str, prefix: str) -> list[str]:
    if code.startswith(prefix):
        return []
    return [f"{path}: รหัส '{code}' ต้องขึ้นต้นด้วย '{prefix}'"]


def _duplicates(criteria: Criteria) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}

    def note(path: str, key: str, what: str) -> None:
        if key in seen:
            problems.append(f"{path}: {what} '{key}' ซ้ำกับที่ {seen[key]}")
        else:
            seen[key] = path

    for p, part in enumerate(criteria.parts):
        note(f"parts[{p}].code", part.code, "รหัส")
        for t, topic in enumerate(part.topics):
            note(f"parts[{p}].topics[{t}].code", topic.code, "รหัส")
            for s, subtopic in enumerate(topic.subtopics):
                spath = f"parts[{p}].topics[{t}].subtopics[{s}]"
                note(f"{spath}.code", subtopic.code, "รหัส")
                for lv, level in enumerate(subtopic.levels):
                    for i, item in enumerate(level.items):
                        note(f"{spath}.levels[{lv}].items[{i}].id", item.id, "รหัสรายการ")
    return problems


def _subtopic_problems(path: str, subtopic: Subtopic) -> list[str]:
    problems: list[str] = []
    found = [level.level for level in subtopic.levels]
    if tuple(found) != LEVELS:
        missing = [str(n) for n in LEVELS if n not in found]
        extra = sorted({n for n in found if n not in LEVELS or found.count(n) > 1})
        detail = "".join(
            [
                f"; ขาดระดับ {', '.join(missing)}" if missing else "",
                f"; ระดับเกินหรือซ้ำ {', '.join(map(str, extra))}" if extra else "",
                "; ต้องเรียงจากระดับ 1 ถึง 5" if not missing and not extra else "",
            ]
        )
        problems.append(
            f"{path}.levels: หัวข้อย่อย {subtopic.code} ต้องมีระดับ 1–5 ครบ ระดับละหนึ่งครั้ง "
            f"(พบ {', '.join(map(str, found))}{detail})"
        )
    for lv, level in enumerate(subtopic.levels):
        for i, item in enumerate(level.items):
            ipath = f"{path}.levels[{lv}].items[{i}]"
            problems += _prefix(f"{ipath}.id", item.id, f"{subtopic.code}-L{level.level}-")
            problems += _item_problems(ipath, item)
    return problems


def _item_problems(path: str, item: Item) -> list[str]:
    if (item.rule is None) == (item.judgement is None):
        both = "มีทั้ง rule และ judgement" if item.rule is not None else "ไม่มีทั้ง rule และ judgement"
        return [
            f"{path}: รายการ {item.id} {both} ต้องมีอย่างใดอย่างหนึ่ง (rule: {{id: …}} หรือ judgement: assessor)"
        ]
    if item.rule is None:
        return []
    if item.rule.id not in RULES:
        return [f"{path}.rule.id: ไม่รู้จักกฎ '{item.rule.id}'"]
    specs = RULE_PARAMS[item.rule.id]
    problems: list[str] = []
    for name, value in item.rule.params.items():
        ppath = f"{path}.rule.params.{name}"
        if name not in specs:
            known = ", ".join(specs) or "ไม่มี"
            problems.append(f"{ppath}: กฎ {item.rule.id} ไม่มีพารามิเตอร์ '{name}' (พารามิเตอร์ที่มี: {known})")
        else:
            problems += _param_problems(ppath, specs[name], value)
    problems += [
        f"{path}.rule.sources.{name}: ระบุแหล่งที่มาของพารามิเตอร์ '{name}' ที่ไม่ได้กำหนดค่าไว้"
        for name in item.rule.sources
        if name not in item.rule.params
    ]
    return problems


_KIND_TH = {
    "int": "จำนวนเต็ม",
    "float": "ตัวเลข",
    "bool": "true หรือ false",
    "str": "ข้อความ",
    "list": "รายการ",
}


def _param_problems(path: str, spec: ParamSpec, value: ParamValue) -> list[str]:
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "str": isinstance(value, str),
        "list": isinstance(value, tuple),
    }[spec.kind]
    if not ok:
        return [f"{path}: ต้องเป็น{_KIND_TH[spec.kind]}"]
    if spec.choices is None:
        return []
    values: Iterable[str] = value if isinstance(value, tuple) else (str(value),)
    unknown = [v for v in values if v not in spec.choices]
    if unknown:
        return [f"{path}: ไม่รู้จักค่า {', '.join(map(repr, unknown))} (ค่าที่ใช้ได้: {', '.join(spec.choices)})"]
    return []
