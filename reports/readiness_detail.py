"""The body of the readiness report, structured as the criteria are: part (SM, CM) → topic → sub-topic.

Each sub-topic has a level ladder 1–5 (met / partly met / not met, where its text comes from: quoted from
the official FAQ or criteria, or synthesised by the portal), then every item of the levels up to the next
one with its verdict, reasons and citations, the FAQ answers an assessor applies, and what blocks the
next level and who owns it. Items of levels not yet reachable go to an annex (`readiness_annex`).
"""

from criteria.faq import faq_answers, item_faq_refs
from criteria.results import STATUS_TH, Assessment, ItemResult, PartResult, SubtopicResult, TopicResult
from criteria.schema import TEXT_SOURCE_TH, Criteria, Subtopic
from reports.blocks import Block, Heading, PageBreak, Paragraph, Table
from reports.cite_text import citation_lines, item_citations, thai_sentence
from reports.readiness_summary import fmt_level, owners_text

LEVEL_STATE_TH = {"met": "ผ่าน", "partly": "ผ่านบางส่วน", "not_met": "ยังไม่ผ่าน"}
SOURCE_MARK = {"faq": "[FAQ]", "synthesised": "[สังเคราะห์]"}


def fmt_weight(value: float) -> str:
    return f"{value:g}"


def reachable_limit(sub: SubtopicResult) -> int:
    """The highest level shown in the body: the level above the last one fully met."""
    return (sub.levels_met or 0) + 1


def level_state(items: list[ItemResult]) -> str:
    met = sum(i.met for i in items)
    return "met" if items and met == len(items) else ("partly" if met else "not_met")


def ladder(sub: SubtopicResult, spec: Subtopic) -> Table:
    rows = []
    fills = []
    colours = {"met": "C6E0B4", "partly": "FFE699", "not_met": "F4CCCC"}
    for n, level in enumerate(spec.levels):
        items = [i for i in sub.items if i.level == level.level]
        state = level_state(items)
        met = sum(i.met for i in items)
        rows.append((str(level.level), f"{level.text_th} {SOURCE_MARK[level.text_source]}",
                     LEVEL_STATE_TH[state], f"{met}/{len(items)}"))
        fills.append((n, 2, colours[state]))
    return Table(("ระดับ", "ข้อความระดับ (แหล่งที่มา)", "ผล", "รายการ\nที่ผ่าน"), tuple(rows), (1.6, 9.6, 2.6, 2.2),
                 numeric_columns=(3,), small=True, fills=tuple(fills))


def _item_cell(item: ItemResult, criteria: Criteria) -> str:
    refs = item_faq_refs(criteria.item(item.id))
    faq = f"\n(ตามคำถามที่พบบ่อย {', '.join(refs)})" if refs else ""
    return f"ระดับ {item.level} · {item.id}\n{item.text_th}{faq}"


def item_table(items: list[ItemResult], criteria: Criteria, subtopic_code: str = "") -> Table:
    rows = tuple(
        (
            _item_cell(item, criteria),
            STATUS_TH.get(item.status, item.status),
            thai_sentence("\n".join((*item.reasons, *(f"ค่าที่ใช้ตัดสิน: {x.text_th}" for x in item.settings))))
            or "-",
            citation_lines(item_citations(item, subtopic_code)),
        )
        for item in items
    )
    return Table(("รายการเกณฑ์", "ผล", "เหตุผล", "หลักฐานที่อ้างอิง"), rows, (5.0, 1.8, 4.0, 5.2), small=True)


def faq_notes(items: list[ItemResult], criteria: Criteria) -> list[Block]:
    by_ref: dict[str, list[str]] = {}
    for item in items:
        for ref in item_faq_refs(criteria.item(item.id)):
            by_ref.setdefault(ref, []).append(item.id)
    if not by_ref:
        return []
    blocks: list[Block] = [Paragraph("", label="คำตอบในคำถามที่พบบ่อยที่ผู้ประเมินใช้พิจารณา")]
    for ref, answer in faq_answers(by_ref):
        blocks.append(Paragraph(f"“{answer}” (ใช้กับ {', '.join(by_ref[ref])})", label=f"คำถามที่พบบ่อย {ref}: ",
                                style="note"))
    return blocks


def blocking_section(sub: SubtopicResult) -> list[Block]:
    if not sub.blocking:
        return [Paragraph("ผ่านครบทุกระดับแล้ว", label="สิ่งที่กั้นระดับถัดไป: ")]
    items = {i.id: i for i in sub.items}
    blocks: list[Block] = [Paragraph(f"ระดับ {reachable_limit(sub)} ยังไม่ผ่าน เพราะรายการต่อไปนี้",
                                     label="สิ่งที่กั้นระดับถัดไป: ")]
    for item_id in sub.blocking:
        item = items.get(item_id)
        if item is None:
            continue
        reason = thai_sentence("; ".join(item.reasons))
        blocks.append(Paragraph(
            f"{item.id} {item.text_th} — {reason} (ผู้รับผิดชอบ: {owners_text(item.owners)})", style="bullet"
        ))
    return blocks


def subtopic_section(sub: SubtopicResult, topic: TopicResult, criteria: Criteria) -> list[Block]:
    blocks: list[Block] = [Heading(f"{sub.code} {sub.name_th}", 3)]
    if sub.level is None:
        blocks.append(Paragraph("ไม่ได้ประเมินหัวข้อย่อยนี้ในขอบเขตของรายงาน", label="ระดับที่คำนวณได้: "))
        return blocks
    weight_note = " (น้ำหนักชั่วคราว)" if sub.weight_provisional else ""
    blocks.append(Paragraph(
        f"{fmt_level(sub.level)} (ผ่านครบ {sub.levels_met} ระดับ; น้ำหนักร้อยละ {fmt_weight(sub.weight)}{weight_note}; "
        f"อยู่ในหัวข้อ {topic.code} {topic.name_th})",
        label="ระดับที่คำนวณได้: ",
    ))
    if sub.assessor_level is not None:
        blocks.append(Paragraph(f"{sub.assessor_level:.2f}", label="ระดับที่ผู้ประเมินให้: "))
        blocks.append(Paragraph(sub.assessor_rationale or "-", label="เหตุผลของผู้ประเมิน: ", indent=True))
    else:
        blocks.append(Paragraph("ยังไม่มี", label="ระดับที่ผู้ประเมินให้: "))
    blocks.append(ladder(sub, criteria.subtopic(sub.code)))
    shown = [i for i in sub.items if i.level <= reachable_limit(sub)]
    blocks.append(item_table(shown, criteria, sub.code))
    hidden = len(sub.items) - len(shown)
    if hidden:
        blocks.append(Paragraph(f"รายการของระดับ {reachable_limit(sub) + 1}–5 อีก {hidden} รายการยังไปไม่ถึง "
                                "ดูภาคผนวก ก", style="note"))
    blocks.extend(faq_notes(shown, criteria))
    blocks.extend(blocking_section(sub))
    return blocks


def part_section(number: int, part: PartResult, criteria: Criteria) -> list[Block]:
    blocks: list[Block] = [
        PageBreak(),
        Heading(f"{number}. ส่วน {part.code} {part.name_th} (ระดับ {fmt_level(part.score)})", 1),
        Paragraph(
            "ข้อความระดับที่มีเครื่องหมาย [FAQ] อ้างจากคำถามที่พบบ่อยหรือเกณฑ์ของ สคร. โดยตรง ส่วน [สังเคราะห์] "
            f"เป็น{TEXT_SOURCE_TH['synthesised']} ผู้ประเมินอาจใช้ถ้อยคำทางการที่ต่างออกไป", style="note",
        ),
    ]
    for t_no, topic in enumerate(part.topics, start=1):
        blocks.append(Heading(f"{number}.{t_no} {topic.code} {topic.name_th} (ระดับ {fmt_level(topic.score)})", 2))
        for sub in topic.subtopics:
            blocks.extend(subtopic_section(sub, topic, criteria))
    return blocks


def body(assessment: Assessment, criteria: Criteria, *, first_number: int = 3) -> list[Block]:
    blocks: list[Block] = []
    for n, part in enumerate(assessment.parts, start=first_number):
        blocks.extend(part_section(n, part, criteria))
    return blocks
