"""The front of the readiness report, read in its first three pages: where the enterprise stands (SM and
CM as separate headline scores against their stored targets), what blocks the next level of each
sub-topic, and who owns each blocker; then the sign-off block. Also the topic chart and its table.
"""

from collections.abc import Iterable, Mapping

from criteria.results import Assessment, NextAction
from reports.blocks import Block, Heading, Paragraph, Picture, Table
from reports.charts import LevelBar, level_bars_png
from reports.control import SignOff, sign_off_rows

DEFAULT_OWNER = "ฝ่ายแผน (คณะทำงาน SCM)"
REACHABLE_TH = "ระดับเมื่อผ่านรายการที่กั้นระดับถัดไป (ไม่ใช่เป้าหมาย)"
TARGET_TH = "เป้าหมายที่องค์กรบันทึกไว้"
SHORT_TEXT = 36


def fmt_level(value: float | None) -> str:
    return "ไม่ได้ประเมิน" if value is None else f"{value:.2f}"


def owners_text(owners: Iterable[str]) -> str:
    return ", ".join(owners) or DEFAULT_OWNER


def _weighted(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    scored = [(w, v) for w, v in pairs if v is not None]
    if not scored:
        return None
    total = sum(w for w, _ in scored)
    return sum(w * v for w, v in scored) / total if total else sum(v for _, v in scored) / len(scored)


def reachable_levels(assessment: Assessment) -> dict[str, float | None]:
    """Per topic: the level it reaches once every blocking item of its sub-topics is met."""
    lifted = {a.subtopic_code: a.to_level for a in assessment.next_actions}
    return {
        t.code: _weighted((s.weight, lifted.get(s.code, s.level)) for s in t.subtopics)
        for p in assessment.parts
        for t in p.topics
    }


def topic_targets(assessment: Assessment, stored: Mapping[str, float],
                  target_level: float | None = None) -> dict[str, float | None]:
    """Per topic: the target the enterprise stored (or a uniform target given for this report)."""
    return {t.code: (target_level if target_level is not None else stored.get(t.code))
            for p in assessment.parts for t in p.topics}


def part_targets(assessment: Assessment, targets: Mapping[str, float | None]) -> dict[str, float | None]:
    return {p.code: _weighted((t.weight, targets.get(t.code)) for t in p.topics) for p in assessment.parts}


def topic_chart(assessment: Assessment, targets: Mapping[str, float | None]) -> bytes:
    reach = reachable_levels(assessment)
    bars = [LevelBar(f"{t.code} {t.name_th}", t.score, targets.get(t.code), reach.get(t.code))
            for p in assessment.parts for t in p.topics]
    return level_bars_png(bars, title="ระดับรายหัวข้อ: ปัจจุบันเทียบเป้าหมายที่บันทึกไว้", target_label=TARGET_TH,
                          reachable_label="ระดับเมื่อผ่านรายการที่กั้น")


def target_table(assessment: Assessment, targets: Mapping[str, float | None]) -> Table:
    reach = reachable_levels(assessment)
    rows = tuple(
        (t.code, t.name_th, fmt_level(t.score), "ไม่ได้กำหนด" if targets.get(t.code) is None
         else f"{targets[t.code]:.2f}", fmt_level(reach.get(t.code)))
        for p in assessment.parts for t in p.topics
    )
    return Table(("หัวข้อ", "ชื่อ", "ระดับ\nปัจจุบัน", "เป้าหมาย\nที่บันทึกไว้", "เมื่อผ่าน\nรายการที่กั้น"), rows,
                 (1.8, 7.2, 2.2, 2.4, 2.4), numeric_columns=(2, 3, 4), small=True)


def _gap(score: float | None, target: float | None) -> str:
    if score is None or target is None:
        return "-"
    gap = target - score
    return "ถึงเป้าหมายแล้ว" if gap <= 0 else f"ขาดอีก {gap:.2f}"


def headline(assessment: Assessment, targets: Mapping[str, float | None]) -> list[Block]:
    """SM and CM as separate headline scores, each against its stored target."""
    by_part = part_targets(assessment, targets)
    rows = []
    for part in assessment.parts:
        goal = by_part.get(part.code)
        rows.append((part.code, part.name_th, fmt_level(part.score), "-" if goal is None else f"{goal:.2f}",
                     _gap(part.score, goal)))
    blocks: list[Block] = [
        Heading("1. บทสรุปผู้บริหาร", 1),
        Paragraph(
            " และ ".join(f"ด้าน{p.name_th} ({p.code}) ระดับ {fmt_level(p.score)}" for p in assessment.parts)
            + " จาก 5 (ประเมินแยกสองส่วนตามแนวทาง SE-AM)",
            label="ผลโดยสรุป: ",
        ),
        Table(("ส่วน", "ชื่อ", "ระดับ\n(0–5)", "เป้าหมาย", "ช่องว่าง"),
              (*rows, ("รวม", "อ้างอิงเท่านั้น (น้ำหนักส่วนละครึ่งเป็นค่าชั่วคราว)", fmt_level(assessment.score), "", "")),
              (1.6, 6.2, 2.0, 2.0, 4.2), numeric_columns=(2, 3), bold_rows=tuple(range(len(rows)))),
    ]
    return blocks


def _blocker_row(action: NextAction, assessment: Assessment) -> tuple[str, ...]:
    todo, owners = [], []
    for item_id in action.items:
        try:
            item = assessment.item(item_id)
        except KeyError:
            todo.append(item_id)
            continue
        text = item.text_th if len(item.text_th) <= SHORT_TEXT else item.text_th[:SHORT_TEXT].rstrip() + "…"
        todo.append(f"{item.id}: {text}")
        owners.extend(item.owners)
    return (
        action.subtopic_code,
        f"{action.from_level:.2f}\n→ {action.to_level:.2f}",
        "\n".join(todo),
        owners_text(dict.fromkeys(owners or action.owners)),
    )


def blockers(assessment: Assessment) -> list[Block]:
    blocks: list[Block] = [Heading("1.1 สิ่งที่กั้นระดับถัดไปและผู้รับผิดชอบ", 2)]
    # Ordered by the score the enterprise gains once the items pass; the owner is the unit owning the
    # evidence, or the planning team while it has none.
    if not assessment.next_actions:
        blocks.append(Paragraph("ไม่มีรายการที่กั้นระดับถัดไป: ทุกหัวข้อย่อยผ่านครบทุกระดับแล้ว"))
        return blocks
    blocks.append(Table(
        ("หัวข้อย่อย", "ระดับ", "รายการที่กั้น (เหตุผลในส่วนที่ 3–4)", "ผู้รับผิดชอบ"),
        tuple(_blocker_row(a, assessment) for a in assessment.next_actions),
        (2.0, 1.8, 8.0, 4.2), small=True, column_pt=(12, 12, 12, 12),
    ))
    return blocks


def sign_off(names: SignOff) -> list[Block]:
    return [
        Heading("1.2 การลงนามรับรองเอกสาร", 2),
        Table(("", "ชื่อ-สกุล", "ลายมือชื่อ", "วันที่"), sign_off_rows(names), (3.0, 6.0, 4.0, 3.0), keep_rows=True),
    ]


def chart_section(assessment: Assessment, targets: Mapping[str, float | None]) -> list[Block]:
    return [
        Heading("2. ระดับรายหัวข้อเทียบเป้าหมาย", 1),
        Picture(topic_chart(assessment, targets), 16.0,
                "แผนภูมิที่ 1 ระดับรายหัวข้อ: แท่งเข้ม = ปัจจุบัน, แท่งอ่อน = เป้าหมายที่บันทึกไว้, "
                "จุด = ระดับเมื่อผ่านรายการที่กั้น"),
        target_table(assessment, targets),
        Paragraph(f"\"{REACHABLE_TH}\" คือระดับที่จะได้หากทำรายการที่กั้นอยู่ให้ผ่าน ไม่ใช่เป้าหมายขององค์กร",
                  style="note"),
    ]
