"""Suggested mapping (issue 11 §4): the criteria items an uploaded document most likely supports, ranked
by BM25 over its read passages (`evidence.reading.suggest`), and the planning team's one-click
confirmation, which becomes a claim citing the file and the page."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from criteria.fact_vocabulary import load_fact_vocabulary
from evidence.access import Actor, require_planning, require_read
from evidence.errors import DomainError, NotFound
from evidence.models import EvidenceFile, FilePassage, ItemClaim
from evidence.services.claims import save_claim
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.org import find_year


@dataclass(frozen=True)
class ItemSuggestion:
    item_id: str
    text_th: str
    subtopic: str
    judged: bool  # a judgement item the planning team may claim; rule items are checked by their rule
    score: float
    locator_th: str | None
    quote: str | None


def suggest_for_file(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, file_id: int, k: int = 5
) -> list[ItemSuggestion]:
    """The top `k` items the file's text supports; empty when its text could not be read."""
    from evidence.reading.passages import Passage
    from evidence.reading.suggest import index_for

    require_read(actor, enterprise_id, session=session, table_name="evidencefile", record_id=file_id)
    file = session.get(EvidenceFile, file_id)
    if file is None or file.enterprise_id != enterprise_id:
        raise NotFound(f"ไม่พบไฟล์หลักฐานรหัส {file_id} ในรัฐวิสาหกิจนี้", field="file_id")
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    criteria = resolve_criteria(session, cycle.criteria_version)
    rows = session.exec(select(FilePassage).where(FilePassage.file_id == file_id).order_by(col(FilePassage.seq))).all()
    passages = [Passage(r.seq, r.page, r.section, r.locator_th, r.text) for r in rows]
    if not passages:
        return []
    items = {i.id: (i, s) for _, _, s in criteria.walk() for lv in s.levels for i in lv.items}
    found = index_for(criteria, load_fact_vocabulary()).suggest(passages, k=k)
    return [
        ItemSuggestion(s.item_id, items[s.item_id][0].text_th, items[s.item_id][1].code,
                       items[s.item_id][0].rule is None, round(s.score, 3), s.locator_th, s.quote)
        for s in found if s.item_id in items
    ]


def confirm_suggestion(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, file_id: int, suggestion: ItemSuggestion
) -> ItemClaim:
    """The planning team's click: a claim on the item citing the file and the page of the passage."""
    require_planning(actor, enterprise_id, session=session, table_name="itemclaim", attempt="claim")
    if not suggestion.judged:
        raise DomainError(f"รายการ {suggestion.item_id} ตรวจด้วยกฎจากข้อมูลในระบบ จึงอ้างหลักฐานเองไม่ได้",
                          field="item_id")
    file = session.get(EvidenceFile, file_id)
    if file is None or file.enterprise_id != enterprise_id:
        raise NotFound(f"ไม่พบไฟล์หลักฐานรหัส {file_id} ในรัฐวิสาหกิจนี้", field="file_id")
    where = f" {suggestion.locator_th}" if suggestion.locator_th else ""
    text = f"ไฟล์ '{file.name}'{where}: {suggestion.quote or suggestion.text_th}"[:2000]
    return save_claim(session, actor, enterprise_id=enterprise_id, year=year, item_id=suggestion.item_id,
                      claim_text=text, linked_file_ids=[file_id])
