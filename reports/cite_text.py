"""Citations (`criteria.snapshot.Citation`) as the Thai lines an assessor reads under a verdict, and the
Thai labels that replace English codes inside Thai sentences (rule reasons name vocabulary codes).

Rendered generically from `ItemResult.citations`: documents (with version and page or section),
approvals (body, meeting number and date), register rows that pass or fail by code, files (name and
short SHA-256) and passages (page, quote).
"""

import re
from collections.abc import Iterable, Mapping, Sequence

from criteria import vocabulary
from criteria.results import ItemResult
from criteria.snapshot import Citation
from evidence.excel.schema import BY_KEY
from evidence.thai_dates import thai_date

KIND_TH = {
    "document": "เอกสาร",
    "approval": "การอนุมัติ",
    "record": "ทะเบียน",
    "file": "ไฟล์",
    "passage": "ข้อความในไฟล์",
}
VERDICT_TH = {"pass": "ผ่าน", "fail": "ไม่ผ่าน"}
MAX_CITATIONS = 12
MAX_QUOTE = 120

# Every code of the vocabularies the rules speak in → its Thai label (first definition wins).
_LABELS: dict[str, str] = {}
for _name in dir(vocabulary):
    _table = getattr(vocabulary, _name)
    if _name.isupper() and isinstance(_table, dict):
        for _code, _label in _table.items():
            if isinstance(_code, str) and isinstance(_label, str):
                _LABELS.setdefault(_code, _label)
_EXTRA_LABELS = {"former": "ลูกค้าในอดีต", "after": "หลังการเป็นลูกค้า", "before": "ก่อนการเป็นลูกค้า",
                 "during": "ระหว่างการเป็นลูกค้า", "partial": "บางส่วน", "whole-levels": "เฉพาะระดับที่ผ่านครบ"}
for _code, _label in _EXTRA_LABELS.items():
    _LABELS.setdefault(_code, _label)
_CODE_IN_PARENS = re.compile(r"\s*\(([a-z][a-z0-9_\-]*(?:\s*,\s*[a-z][a-z0-9_\-]*)*)\)")
_BARE_CODE = re.compile(r"(?<![A-Za-z0-9_])([a-z]+(?:_[a-z0-9]+)+)(?![A-Za-z0-9_])")


def thai_label(code: str) -> str:
    return _LABELS.get(code, code)


def thai_sentence(text: str) -> str:
    """Drop English codes from a Thai sentence: "(stakeholder_plan)" after its Thai label goes, a bare
    `snake_case` code becomes its Thai label."""

    def parens(match: re.Match[str]) -> str:
        codes = [c.strip() for c in match.group(1).split(",")]
        if all(c in _LABELS for c in codes):
            labels = [_LABELS[c] for c in codes]
            before = text[: match.start()]
            return "" if all(label in before for label in labels) else f" ({', '.join(labels)})"
        return match.group(0)

    text = _CODE_IN_PARENS.sub(parens, text)
    return _BARE_CODE.sub(lambda m: _LABELS.get(m.group(1), m.group(1)), text)


def _meeting(c: Citation) -> str:
    parts = [f"ครั้งที่ {c.meeting_no}" if c.meeting_no else "", f"วันที่ {thai_date(c.meeting_date)}"
             if c.meeting_date else ""]
    return " ".join(p for p in parts if p)


def citation_line(c: Citation, *, paths: Mapping[int, str] | None = None) -> str:
    """One citation as one Thai line: kind, what, where, who approved, which file and hash."""
    head = KIND_TH.get(c.kind, c.kind)
    if c.verdict:
        head += f" ({VERDICT_TH[c.verdict]})"
    what = thai_sentence(c.document or c.label)
    bits = [f"{head}: {what}"]

    def add(text: str, *, key: str | None = None) -> None:
        if key is None or key not in what:  # the label may already say it (e.g. "ครั้งที่ 5/2568")
            bits.append(text)

    if c.code:
        add(f"รหัส {c.code}", key=c.code)
    if c.version:
        add(f"ฉบับ {c.version}")
    if c.locator:
        add(c.locator, key=c.locator)
    if c.body:
        add(f"อนุมัติโดย {c.body}", key=c.body)
    meeting = _meeting(c)
    if meeting:
        add(f"การประชุม{meeting}", key=f"ครั้งที่ {c.meeting_no}" if c.meeting_no else meeting)
    if c.file_name and c.file_name != what:
        add(f"ไฟล์ {c.file_name}")
    if c.short_hash:
        bits.append(f"SHA-256 {c.short_hash}")
    if paths and c.file_id is not None and c.file_id in paths:
        bits.append(f"ใน .zip: {paths[c.file_id]}")
    line = " · ".join(bits)
    if c.quote:
        quote = c.quote if len(c.quote) <= MAX_QUOTE else c.quote[:MAX_QUOTE] + "…"
        line += f"\n  “{quote}”"
    return line


def citation_lines(citations: Sequence[Citation], *, limit: int = MAX_CITATIONS,
                   paths: Mapping[int, str] | None = None) -> str:
    if not citations:
        return "-"
    shown = [f"• {citation_line(c, paths=paths)}" for c in citations[:limit]]
    more = len(citations) - limit
    return "\n".join(shown) + (f"\n… และอีก {more} รายการ (ดูชุดหลักฐาน)" if more > 0 else "")


def item_citations(item: ItemResult, subtopic_code: str = "") -> tuple[Citation, ...]:
    """The item's citations; a claim or rule without any still cites its evidence records, and a rule
    that counted a whole register (VOC by aspect, complaint stage times, segments) cites that register
    and where its rows travel in the evidence pack."""
    if item.citations:
        return item.citations
    if item.evidence:
        return tuple(Citation("record", ref.label, table=ref.table) for ref in item.evidence)
    from reports.registers import RULE_FAMILIES, register_path

    families = [BY_KEY[key] for key in RULE_FAMILIES.get(item.rule_id or "", ()) if key in BY_KEY]

    where = (f" ทุกแถวที่กฎ {item.rule_id} อ่านอยู่ในชุดหลักฐาน {register_path(subtopic_code)} "
             "(แผ่นงานคำอธิบายบอกแผ่นงานของแต่ละกฎ)" if subtopic_code else "")
    return tuple(Citation("record", f"ทะเบียน{f.sheet} ของปีประเมิน (กฎนับจากทั้งทะเบียน){where}", table=f.key)
                 for f in families)


def files_by_use(items: Iterable[ItemResult]) -> dict[str, tuple[Citation, list[str]]]:
    """sha256 → (one file citation, the item ids citing it): a file backing many items shows once."""
    found: dict[str, tuple[Citation, list[str]]] = {}
    for item in items:
        for c in item.citations:
            if c.kind == "file" and c.sha256:
                found.setdefault(c.sha256, (c, []))[1].append(item.id)
    return found
