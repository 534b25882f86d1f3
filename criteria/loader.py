"""Read, validate, edit and save criteria versions. A published file is never edited: a change is a new file."""

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from criteria.errors import CriteriaError
from criteria.schema import Criteria
from criteria.validation import check

VERSIONS_DIR = Path(__file__).parent / "versions"
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"คีย์ '{key}' ซ้ำในชุดข้อมูลเดียวกัน", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def criteria_from_text(text: str, *, source: str = "") -> Criteria:
    """Parse and validate criteria YAML; raises `CriteriaError` listing every problem found."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise CriteriaError([_yaml_problem(error)], source=source) from None
    return criteria_from_data(data, source=source)


def criteria_from_data(data: object, *, source: str = "") -> Criteria:
    if not isinstance(data, dict):
        raise CriteriaError(["(ทั้งไฟล์): ต้องเป็นชุดข้อมูล YAML แบบ key: value"], source=source)
    try:
        criteria = Criteria.model_validate(data)
    except ValidationError as error:
        raise CriteriaError(_pydantic_problems(error.errors()), source=source) from None
    problems = check(criteria)
    if problems:
        raise CriteriaError(problems, source=source)
    return criteria


def load_criteria(source: Path | str) -> Criteria:
    """Load one criteria file by path."""
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CriteriaError(
            [f"(ไฟล์): เปิดไฟล์เกณฑ์ '{path}' ไม่ได้ ({error.strerror})"], source=str(path)
        ) from None
    return criteria_from_text(text, source=path.name)


def version_key(version: str) -> tuple[int, ...]:
    """'2569.10' sorts after '2569.9'."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def list_versions(directory: Path | str = VERSIONS_DIR) -> list[tuple[str, int, Path]]:
    """(version, year, file) of every criteria file in `directory`, oldest first (headers only).

    Each file is parsed once per change (name, size and modification time): scoring asks for the list
    on every call, and parsing every file each time was a tenth of a cold dashboard's Python."""
    paths = sorted(Path(directory).glob("*.yaml"))
    stamps = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return list(_versions_of(tuple(stamps)))


@lru_cache(maxsize=8)
def _versions_of(stamps: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, int, Path], ...]:
    found = []
    for name, _size, _modified in stamps:
        path = Path(name)
        try:
            head = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)  # noqa: S506
        except (OSError, yaml.YAMLError):
            continue
        if (
            isinstance(head, dict)
            and isinstance(head.get("version"), str)
            and isinstance(head.get("year"), int)
        ):
            found.append((head["version"], head["year"], path))
    return tuple(sorted(found, key=lambda v: version_key(v[0])))


def load_version(year: int, directory: Path | str = VERSIONS_DIR) -> Criteria:
    """The newest criteria version for `year` (Buddhist Era) in `directory`."""
    candidates = [v for v in list_versions(directory) if v[1] == year]
    if not candidates:
        raise CriteriaError([f"year: ไม่มีเกณฑ์สำหรับปี {year} ใน {directory}"])
    return load_criteria(candidates[-1][2])


def new_version(
    criteria: Criteria,
    *,
    version: str,
    weights: Mapping[str, float] | None = None,
    texts: Mapping[str, str] | None = None,
    weight_source: str = "ปรับโดยผู้ดูแลระบบ",
    change_note_th: str | None = None,
) -> Criteria:
    """An edited, validated copy under a new version string; the original object and file are untouched.

    `weights`: part/topic/sub-topic code → weight (its `weight_source` becomes `weight_source`);
    `texts`: item id → `text_th`, or a part/topic/sub-topic code → `name_th`.
    """
    weights, texts = dict(weights or {}), dict(texts or {})
    problems: list[str] = []
    if version == criteria.version:
        problems.append(f"version: ฉบับใหม่ต้องไม่ซ้ำกับฉบับเดิม ({criteria.version})")
    data = criteria.to_data()
    used: set[str] = set()
    for part in data["parts"]:  # type: ignore[union-attr]
        _edit(part, weights, texts, weight_source, used)
        for topic in part["topics"]:
            _edit(topic, weights, texts, weight_source, used)
            for subtopic in topic["subtopics"]:
                _edit(subtopic, weights, texts, weight_source, used)
                for level in subtopic["levels"]:
                    for item in level["items"]:
                        if item["id"] in texts:
                            item["text_th"] = texts[item["id"]]
                            used.add(item["id"])
    problems += [f"weights.{code}: ไม่พบรหัส '{code}' ในเกณฑ์" for code in weights if code not in used]
    problems += [f"texts.{code}: ไม่พบรหัส '{code}' ในเกณฑ์" for code in texts if code not in used]
    if problems:
        raise CriteriaError(problems)
    data.update(version=version, based_on=criteria.version, change_note_th=change_note_th)
    return criteria_from_data({k: v for k, v in data.items() if v is not None}, source=f"ฉบับ {version}")


def _edit(node: dict, weights: dict[str, float], texts: dict[str, str], source: str, used: set[str]) -> None:  # type: ignore[type-arg]
    code = node["code"]
    if code in weights:
        node["weight"], node["weight_source"] = weights[code], source
        used.add(code)
    if code in texts:
        node["name_th"] = texts[code]
        used.add(code)


def save_new_version(criteria: Criteria, directory: Path | str = VERSIONS_DIR) -> Path:
    """Write `criteria` as a new file; refuses a version that already exists (files are never overwritten)."""
    directory = Path(directory)
    existing = {v for v, _, _ in list_versions(directory)}
    if criteria.version in existing:
        raise CriteriaError([f"version: มีเกณฑ์ฉบับ {criteria.version} อยู่แล้ว ฉบับที่เผยแพร่แล้วแก้ไขไม่ได้"])
    path = directory / f"scm-{criteria.version}.yaml"
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(criteria.to_yaml())
    except FileExistsError:
        raise CriteriaError([f"version: มีไฟล์ {path.name} อยู่แล้ว"]) from None
    return path


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f"บรรทัด {mark.line + 1} คอลัมน์ {mark.column + 1}" if mark is not None else "(ไฟล์)"
    problem = getattr(error, "problem", None) or str(error)
    return f"{where}: รูปแบบ YAML ไม่ถูกต้อง ({problem})"


_PYDANTIC_TH = {
    "missing": "ขาดข้อมูลที่ต้องมี",
    "extra_forbidden": "ไม่รู้จักช่องนี้",
    "string_type": "ต้องเป็นข้อความ",
    "string_too_short": "ต้องไม่เว้นว่าง",
    "string_pattern_mismatch": "รูปแบบไม่ถูกต้อง",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "float_type": "ต้องเป็นตัวเลข",
    "float_parsing": "ต้องเป็นตัวเลข",
    "bool_type": "ต้องเป็น true หรือ false",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "tuple_type": "ต้องเป็นรายการ",
    "list_type": "ต้องเป็นรายการ",
    "dict_type": "ต้องเป็นชุดข้อมูล key: value",
    "model_type": "ต้องเป็นชุดข้อมูล key: value",
    "model_attributes_type": "ต้องเป็นชุดข้อมูล key: value",
}


def _pydantic_problems(errors: list[ErrorDetails]) -> list[str]:
    """One Thai line per error; a list's "too short" is dropped when its own items already failed."""
    inner = [e["loc"] for e in errors]
    kept = [
        e
        for e in errors
        if e["type"] != "too_short"
        or not any(loc[: len(e["loc"])] == e["loc"] and loc != e["loc"] for loc in inner)
    ]
    return [_pydantic_problem(e) for e in kept]


def _pydantic_problem(error: ErrorDetails) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".") or "(ทั้งไฟล์)"
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "literal_error":
        message = f"ต้องเป็นค่าใดค่าหนึ่งใน {ctx.get('expected')}"
    elif kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        message = f"ต้อง{'ไม่น้อยกว่า' if kind == 'greater_than_equal' else 'ไม่มากกว่า'} {bound}"
    elif kind == "too_short":
        message = f"ต้องมีอย่างน้อย {ctx.get('min_length')} รายการ"
    elif kind == "string_pattern_mismatch":
        message = f"รูปแบบไม่ถูกต้อง (ต้องตรงกับ {ctx.get('pattern')})"
    elif kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
    else:
        message = _PYDANTIC_TH.get(kind, str(error["msg"]))
    return f"{path}: {message}"
