"""The scored readiness report: what executives sign. Built from an `Assessment` and its `Criteria`.

Sections: cover, table of contents, executive summary (enabler, SM and CM scores; the three actions
that would add most score), topic levels (chart of current vs target, a table per part), one part per
sub-topic (computed and assessor's level, every item met or not with reasons and evidence, what
blocks the next level and who owns it), and an appendix with the criteria version and weights.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from criteria.results import (
    STATUS_TH,
    Assessment,
    ItemResult,
    NextAction,
    PartResult,
    SubtopicResult,
    TopicResult,
)
from criteria.schema import Criteria, Weighted
from evidence.thai_dates import thai_date
from reports.blocks import (
    Block,
    CoverLine,
    DocumentPlan,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Table,
    TableOfContents,
)
from reports.charts import LevelBar, level_bars_png
from reports.docx_writer import render

METHOD_TH = {
    "partial": "ระดับสูงสุดที่ผ่านครบ บวกสัดส่วนรายการที่ผ่านของระดับถัดไป (partial)",
    "whole-levels": "นับเฉพาะระดับที่ผ่านครบทุกรายการ (whole-levels)",
}
CLAIM_MODE_TH = {
    "self-assessment": "ประเมินตนเอง: นับรายการที่อ้างหลักฐานแล้ว (self-assessment)",
    "confirmed": "ยืนยันผล: นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว (confirmed)",
}
DEFAULT_OWNER = "ฝ่ายแผน / คณะทำงาน SCM"
MAX_EVIDENCE_LABELS = 8
TOP_ACTIONS = 3


@dataclass(frozen=True)
class ReportMeta:
    """Who made the document and when; `target_level` is a uniform target for the chart, or None for
    the level each topic reaches once its blocking items are met."""

    made_on: date
    made_by: str = ""
    target_level: float | None = None


def fmt_level(value: float | None) -> str:
    return "ไม่ได้ประเมิน" if value is None else f"{value:.2f}"


def fmt_weight(value: float) -> str:
    return f"{value:g}"


def scope_label(assessment: Assessment) -> str:
    return "ทั้งองค์กร" if assessment.division_id is None else assessment.scope_name


def readiness_title(assessment: Assessment) -> str:
    return f"รายงานผลการประเมินความพร้อม SE-AM SCM ปีประเมิน พ.ศ. {assessment.year}"


def owners_text(owners: Iterable[str]) -> str:
    return ", ".join(owners) or DEFAULT_OWNER


# ---------------------------------------------------------------- targets for the chart


def _weighted(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    scored = [(w, v) for w, v in pairs if v is not None]
    if not scored:
        return None
    total = sum(w for w, _ in scored)
    return sum(w * v for w, v in scored) / total if total else sum(v for _, v in scored) / len(scored)


def topic_targets(assessment: Assessment, target_level: float | None) -> dict[str, float | None]:
    """Per topic: the uniform target, or the level it reaches once every blocking item is met."""
    if target_level is not None:
        return {t.code: target_level for p in assessment.parts for t in p.topics}
    lifted = {a.subtopic_code: a.to_level for a in assessment.next_actions}
    return {
        t.code: _weighted((s.weight, lifted.get(s.code, s.level)) for s in t.subtopics)
        for p in assessment.parts
        for t in p.topics
    }


def topic_chart(assessment: Assessment, target_level: float | None) -> bytes:
    targets = topic_targets(assessment, target_level)
    bars = [
        LevelBar(f"{t.code} {t.name_th}", t.score, targets.get(t.code))
        for p in assessment.parts
        for t in p.topics
    ]
    label = "เป้าหมาย" if target_level is not None else "เป้าหมาย (เมื่อผ่านรายการที่กั้นระดับถัดไป)"
    return level_bars_png(bars, title="ระดับรายหัวข้อ: ปัจจุบันเทียบเป้าหมาย", target_label=label)


# ---------------------------------------------------------------- sections


def cover(assessment: Assessment, criteria: Criteria, meta: ReportMeta) -> tuple[CoverLine, ...]:
    lines = [
        CoverLine("รายงานผลการประเมินความพร้อม", 28, True, 72),
        CoverLine(f"ตามเกณฑ์ SE-AM ด้าน{criteria.enabler.name_th}", 20, True),
        CoverLine(f"({criteria.enabler.name_en}: {criteria.enabler.code})", 18),
        CoverLine(assessment.enterprise, 24, True, 40),
        CoverLine(f"ขอบเขต: {scope_label(assessment)}", 18),
        CoverLine(f"ปีประเมิน พ.ศ. {assessment.year}", 20, True),
        CoverLine(f"เกณฑ์ฉบับ {assessment.criteria_version}", 16, False, 40),
        CoverLine(f"วิธีคิดคะแนน: {METHOD_TH.get(assessment.method, assessment.method)}", 16),
        CoverLine(f"การนับรายการที่อ้างหลักฐาน: {CLAIM_MODE_TH.get(assessment.claim_mode, assessment.claim_mode)}", 16),
        CoverLine(f"จัดทำเมื่อ {thai_date(meta.made_on)}", 16),
    ]
    if meta.made_by:
        lines.append(CoverLine(f"จัดทำโดย {meta.made_by}", 16))
    return tuple(lines)


def _action_row(rank: int, action: NextAction, assessment: Assessment) -> tuple[str, ...]:
    todo = []
    for item_id in action.items:
        try:
            todo.append(f"{item_id}: {assessment.item(item_id).text_th}")
        except KeyError:
            todo.append(item_id)
    todo.append(f"ผู้รับผิดชอบ: {owners_text(action.owners)}")
    return (
        str(rank),
        f"{action.subtopic_code} {action.subtopic_name}",
        f"{action.from_level:.2f} → {action.to_level:.2f}",
        f"+{action.score_gain:.2f}",
        "\n".join(todo),
    )


def executive_summary(assessment: Assessment) -> list[Block]:
    blocks: list[Block] = [
        Heading("1. บทสรุปผู้บริหาร", 1),
        Paragraph(
            f"ผลการประเมินความพร้อมของ{assessment.enterprise} ({scope_label(assessment)}) ปีประเมิน "
            f"พ.ศ. {assessment.year} ตามเกณฑ์ฉบับ {assessment.criteria_version} ได้คะแนนด้าน SCM "
            f"{fmt_level(assessment.score)} จาก 5 คะแนน ผลการประเมินรายส่วนเป็นดังนี้"
        ),
        Table(
            ("ส่วน", "ชื่อ", "น้ำหนัก", "คะแนน\n(0–5)"),
            (("SCM", "การมุ่งเน้นผู้มีส่วนได้ส่วนเสียและลูกค้า (รวม)", "100", fmt_level(assessment.score)),)
            + tuple((p.code, p.name_th, fmt_weight(p.weight), fmt_level(p.score)) for p in assessment.parts),
            (2.0, 9.0, 2.2, 2.8),
            numeric_columns=(2, 3),
            bold_rows=(0,),
        ),
        Heading("1.1 การดำเนินการที่เพิ่มคะแนนได้มากที่สุด 3 อันดับ", 2),
    ]
    actions = assessment.next_actions[:TOP_ACTIONS]
    if not actions:
        blocks.append(Paragraph("ไม่มีรายการที่กั้นระดับถัดไป: ทุกหัวข้อย่อยผ่านครบทุกระดับแล้ว"))
        return blocks
    blocks.append(Paragraph(
        "เรียงตามคะแนนรวมที่จะเพิ่มขึ้นเมื่อทำให้รายการที่กั้นระดับถัดไปของหัวข้อย่อยนั้นผ่าน "
        "(น้ำหนักหัวข้อย่อย × ระดับที่เพิ่มขึ้น)"
    ))
    blocks.append(Table(
        ("ที่", "หัวข้อย่อย", "ระดับ", "คะแนน\nรวมเพิ่ม", "สิ่งที่ต้องทำ และผู้รับผิดชอบ"),
        tuple(_action_row(n, a, assessment) for n, a in enumerate(actions, start=1)),
        (1.0, 3.6, 2.4, 1.9, 7.1),
        numeric_columns=(3,),
        small=True,
    ))
    return blocks


def part_table(part: PartResult) -> Table:
    rows: list[tuple[str, ...]] = []
    topic_rows: list[int] = []
    for topic in part.topics:
        topic_rows.append(len(rows))
        rows.append((topic.code, f"หัวข้อ: {topic.name_th}", fmt_weight(topic.weight), fmt_level(topic.score), "", ""))
        for sub in topic.subtopics:
            rows.append((
                sub.code,
                sub.name_th,
                fmt_weight(sub.weight) + (" *" if sub.weight_provisional else ""),
                fmt_level(sub.level),
                "-" if sub.levels_met is None else str(sub.levels_met),
                "-" if sub.assessor_level is None else f"{sub.assessor_level:.2f}",
            ))
    return Table(
        ("รหัส", "หัวข้อ / หัวข้อย่อย", "น้ำหนัก", "ระดับ\nที่คำนวณ", "ผ่านครบ\n(ระดับ)", "ระดับ\nผู้ประเมิน"),
        tuple(rows),
        (2.2, 5.8, 1.8, 2.0, 2.0, 2.2),
        numeric_columns=(2, 3, 4, 5),
        small=True,
        bold_rows=tuple(topic_rows),
    )


def topic_levels(assessment: Assessment, meta: ReportMeta) -> list[Block]:
    blocks: list[Block] = [
        Heading("2. ระดับรายหัวข้อ", 1),
        Picture(topic_chart(assessment, meta.target_level), 16.0, "แผนภูมิที่ 1 ระดับรายหัวข้อ ปัจจุบันเทียบเป้าหมาย"),
    ]
    for n, part in enumerate(assessment.parts, start=1):
        blocks.append(Heading(f"2.{n} {part.code} {part.name_th} (คะแนน {fmt_level(part.score)})", 2))
        blocks.append(part_table(part))
    blocks.append(Paragraph("* น้ำหนักชั่วคราว: แหล่งข้อมูลยังไม่ระบุน้ำหนักนี้ (ดูภาคผนวก)", style="note"))
    return blocks


def _evidence_text(item: ItemResult) -> str:
    labels = list(dict.fromkeys(ref.label for ref in item.evidence))
    if not labels:
        return "-"
    shown = labels[:MAX_EVIDENCE_LABELS]
    more = len(labels) - len(shown)
    return "\n".join(f"• {label}" for label in shown) + (f"\n… และอีก {more} รายการ" if more else "")


def item_table(sub: SubtopicResult) -> Table:
    rows = tuple(
        (
            f"ระดับ {item.level} · {item.id}\n{item.text_th}",
            STATUS_TH.get(item.status, item.status),
            "\n".join(item.reasons) or "-",
            _evidence_text(item),
        )
        for item in sub.items
    )
    return Table(("รายการเกณฑ์", "ผล", "เหตุผล", "หลักฐาน"), rows, (5.4, 2.2, 4.4, 4.0), small=True)


def subtopic_section(number: str, sub: SubtopicResult, topic: TopicResult) -> list[Block]:
    blocks: list[Block] = [Heading(f"{number} {sub.code} {sub.name_th}", 2)]
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
    blocks.append(item_table(sub))
    blocks.extend(blocking_section(sub))
    return blocks


def blocking_section(sub: SubtopicResult) -> list[Block]:
    if not sub.blocking:
        return [Paragraph("ผ่านครบทุกระดับแล้ว", label="สิ่งที่กั้นระดับถัดไป: ")]
    items = {i.id: i for i in sub.items}
    next_level = (sub.levels_met or 0) + 1
    blocks: list[Block] = [Paragraph(f"ระดับ {next_level} ยังไม่ผ่าน เพราะรายการต่อไปนี้", label="สิ่งที่กั้นระดับถัดไป: ")]
    for item_id in sub.blocking:
        item = items.get(item_id)
        if item is None:
            continue
        reason = "; ".join(item.reasons)
        blocks.append(Paragraph(
            f"{item.id} {item.text_th} — {reason} (ผู้รับผิดชอบ: {owners_text(item.owners)})", style="bullet"
        ))
    return blocks


def subtopic_sections(assessment: Assessment) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading("3. ผลการประเมินรายหัวข้อย่อย", 1)]
    n = 0
    for part in assessment.parts:
        for topic in part.topics:
            for sub in topic.subtopics:
                n += 1
                blocks.extend(subtopic_section(f"3.{n}", sub, topic))
    return blocks


def _weight_row(node: Weighted, kind: str) -> tuple[str, ...]:
    source = "ค่าชั่วคราว (แหล่งข้อมูลยังไม่ระบุ)" if node.provisional else node.weight_source
    return (node.code, f"{kind}{node.name_th}", fmt_weight(node.weight), source)


def appendix(criteria: Criteria) -> list[Block]:
    blocks: list[Block] = [
        PageBreak(),
        Heading("ภาคผนวก ก เกณฑ์และน้ำหนัก", 1),
        Paragraph(criteria.title_th, label="เกณฑ์: "),
        Paragraph(criteria.version + (f" (ปรับจากฉบับ {criteria.based_on})" if criteria.based_on else ""),
                  label="ฉบับ: "),
    ]
    if criteria.change_note_th:
        blocks.append(Paragraph(criteria.change_note_th, label="การเปลี่ยนแปลง: "))
    methods = ", ".join(METHOD_TH.get(m, m) for m in criteria.scoring.methods)
    blocks += [
        Paragraph(f"{methods}; ค่าเริ่มต้น {criteria.scoring.default}; มาตราระดับ 1–{criteria.scoring.scale}",
                  label="วิธีคิดคะแนนที่เกณฑ์ฉบับนี้กำหนด: "),
        Paragraph(
            "ระดับเป็นแบบสะสม: ระดับหนึ่งนับได้เมื่อผ่านทุกรายการของระดับนั้นและทุกระดับที่ต่ำกว่า "
            "คะแนนหัวข้อ ส่วน และคะแนนรวมเป็นค่าเฉลี่ยถ่วงน้ำหนักของรายการย่อยที่ได้ประเมิน"
        ),
        Heading("น้ำหนักและแหล่งที่มา", 3),
    ]
    rows: list[tuple[str, ...]] = []
    heads: list[int] = []
    for part in criteria.parts:
        heads.append(len(rows))
        rows.append(_weight_row(part, "ส่วน: "))
        for topic in part.topics:
            heads.append(len(rows))
            rows.append(_weight_row(topic, "หัวข้อ: "))
            rows.extend(_weight_row(sub, "") for sub in topic.subtopics)
    blocks.append(Table(("รหัส", "ชื่อ", "น้ำหนัก", "แหล่งที่มาของน้ำหนัก"), tuple(rows), (2.0, 7.0, 1.8, 5.2),
                        numeric_columns=(2,), small=True, bold_rows=tuple(heads)))
    notes = [(n.code, n.note_th) for n in _weighted_nodes(criteria) if n.note_th]
    if notes:
        blocks.append(Heading("หมายเหตุของเกณฑ์", 3))
        blocks.extend(Paragraph(note, label=f"{code}: ", style="note") for code, note in notes)
    return blocks


def _weighted_nodes(criteria: Criteria) -> Sequence[Weighted]:
    nodes: list[Weighted] = []
    for part in criteria.parts:
        nodes.append(part)
        for topic in part.topics:
            nodes.append(topic)
            nodes.extend(topic.subtopics)
    return nodes


# ---------------------------------------------------------------- the document


def readiness_plan(assessment: Assessment, criteria: Criteria, meta: ReportMeta) -> DocumentPlan:
    """Every paragraph and table of the report, in order."""
    if criteria.version != assessment.criteria_version:
        raise ValueError(f"ผลการประเมินใช้เกณฑ์ฉบับ {assessment.criteria_version} แต่ได้รับเกณฑ์ฉบับ {criteria.version}")
    blocks: list[Block] = [TableOfContents()]
    blocks += executive_summary(assessment)
    blocks += topic_levels(assessment, meta)
    blocks += subtopic_sections(assessment)
    blocks += appendix(criteria)
    return DocumentPlan(
        title=readiness_title(assessment),
        header=f"{assessment.enterprise} · SE-AM SCM พ.ศ. {assessment.year}",
        cover=cover(assessment, criteria, meta),
        blocks=tuple(blocks),
    )


def build_readiness_report(assessment: Assessment, criteria: Criteria, meta: ReportMeta) -> bytes:
    """The readiness report as .docx bytes."""
    return render(readiness_plan(assessment, criteria, meta))
