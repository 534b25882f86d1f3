"""Annexes of the readiness report: ก levels not yet reachable, ข the register's warnings for the assessor,
ค the division × sub-topic heat map of levels and evidence completeness, ง criteria and weights.
"""

from collections.abc import Sequence

from criteria.results import STATUS_TH, Assessment, SubtopicResult
from criteria.schema import Criteria, Weighted
from reports.blocks import Block, Heading, PageBreak, Paragraph, Table
from reports.cite_text import citation_lines, files_by_use, item_citations, thai_sentence
from reports.readiness_detail import fmt_weight, reachable_limit

METHOD_TH = {
    "partial": "ระดับสูงสุดที่ผ่านครบ บวกสัดส่วนรายการที่ผ่านของระดับถัดไป",
    "whole-levels": "นับเฉพาะระดับที่ผ่านครบทุกรายการ",
}
FILE_MANY_ITEMS = 3  # a file backing at least this many items is pointed out to the assessor
HEAT_COLOURS = ((4.0, "63BE7B"), (3.0, "A9D08E"), (2.0, "FFEB84"), (1.0, "F8CBAD"), (0.0, "F4A6A6"))
EVIDENCED = {"met", "claimed", "accepted"}


def unreachable(assessment: Assessment) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading("ภาคผนวก ก ระดับที่ยังไปไม่ถึง", 1), Paragraph(
        "รายการของระดับที่สูงกว่าระดับถัดไป ยังไม่นับจนกว่าระดับที่ต่ำกว่าจะผ่านครบ (ระดับเป็นแบบสะสม)"
    )]
    rows = []
    for sub in assessment.subtopics():
        limit = reachable_limit(sub)
        for item in sub.items:
            if item.level > limit:
                rows.append((f"{sub.code}\nระดับ {item.level}", f"{item.id} {item.text_th}",
                             STATUS_TH.get(item.status, item.status),
                             citation_lines(item_citations(item, sub.code), limit=4) if item.met else "-"))
    if not rows:
        blocks.append(Paragraph("ไม่มี: ทุกหัวข้อย่อยแสดงครบทุกระดับในเนื้อหาแล้ว"))
        return blocks
    blocks.append(Table(("หัวข้อย่อย", "รายการ", "ผล", "หลักฐาน (รายการที่ผ่านแล้ว)"), tuple(rows),
                        (2.0, 6.6, 2.2, 5.2), small=True))
    return blocks


def warnings_annex(assessment: Assessment) -> list[Block]:
    """The register's automatic warnings (`ItemResult.warnings`) and files backing many items."""
    blocks: list[Block] = [Heading("ภาคผนวก ข ข้อสังเกตจากทะเบียนสำหรับผู้ประเมิน", 1)]
    rows = [(item.id, thai_sentence(w)) for sub in assessment.subtopics() for item in sub.items for w in item.warnings]
    items = [i for s in assessment.subtopics() for i in s.items]
    for sha, (cite, users) in files_by_use(items).items():
        if len(users) >= FILE_MANY_ITEMS:
            rows.append((", ".join(users), f"ไฟล์ {cite.file_name or cite.label} (SHA-256 {sha[:12]}) เป็นหลักฐาน "
                         f"ของ {len(users)} รายการ: ตรวจว่าไฟล์เดียวรองรับทุกรายการได้จริง"))
    if not rows:
        blocks.append(Paragraph("ไม่มีข้อสังเกตจากทะเบียน (ไฟล์ที่ใช้ซ้ำหลายรายการ การอนุมัติที่พ้นกำหนด "
                                "หรือนโยบายที่เลยกำหนดทบทวน)"))
        return blocks
    blocks.append(Table(("รายการ", "ข้อสังเกต"), tuple(rows), (4.0, 12.0), small=True))
    return blocks


def _heat(sub: SubtopicResult | None) -> tuple[str, str | None]:
    if sub is None or sub.level is None:
        return "-", None
    done = sum(i.status in EVIDENCED for i in sub.items)
    share = done / len(sub.items) if sub.items else 0.0
    colour = next(c for floor, c in HEAT_COLOURS if sub.level >= floor)
    return f"{sub.level:.2f}\n{share:.0%}", colour


def heat_map(assessment: Assessment, by_division: Sequence[tuple[str, Assessment]]) -> list[Block]:
    if not by_division:
        return []
    columns = [("ทั้งองค์กร", assessment), *by_division][:7]
    rows, fills = [], []
    for r, sub in enumerate(assessment.subtopics()):
        row = [sub.code]
        for c, (_, scored) in enumerate(columns, start=1):
            try:
                found = scored.subtopic(sub.code)
            except KeyError:
                found = None
            text, colour = _heat(found)
            row.append(text)
            if colour:
                fills.append((r, c, colour))
        rows.append(tuple(row))
    width = round((16.0 - 2.2) / len(columns), 2)
    return [
        Heading("ภาคผนวก ค แผนที่ความร้อน: ระดับและความครบถ้วนของหลักฐานรายสายงาน", 1),
        Paragraph("แต่ละช่อง: ระดับที่คำนวณได้ (บรรทัดบน) และสัดส่วนรายการที่ผ่านหรืออ้างหลักฐานแล้ว (บรรทัดล่าง); "
                  "สีเข้มขึ้นเมื่อระดับสูงขึ้น"),
        Table(("หัวข้อย่อย", *(name for name, _ in columns)), tuple(rows), (2.2, *([width] * len(columns))),
              numeric_columns=tuple(range(1, len(columns) + 1)), small=True, fills=tuple(fills)),
    ]


def _weight_row(node: Weighted, kind: str) -> tuple[str, ...]:
    source = "ค่าชั่วคราว (แหล่งข้อมูลยังไม่ระบุ)" if node.provisional else node.weight_source
    return (node.code, f"{kind}{node.name_th}", fmt_weight(node.weight), source)


def criteria_annex(criteria: Criteria) -> list[Block]:
    blocks: list[Block] = [
        Heading("ภาคผนวก ง เกณฑ์และน้ำหนัก", 1),
        Paragraph(criteria.title_th, label="เกณฑ์: "),
        Paragraph(criteria.version + (f" (ปรับจากฉบับ {criteria.based_on})" if criteria.based_on else ""),
                  label="ฉบับ: "),
    ]
    if criteria.change_note_th:
        blocks.append(Paragraph(criteria.change_note_th, label="การเปลี่ยนแปลง: "))
    methods = ", ".join(METHOD_TH.get(m, m) for m in criteria.scoring.methods)
    default = METHOD_TH.get(criteria.scoring.default, criteria.scoring.default)
    blocks += [
        Paragraph(f"{methods}; ค่าเริ่มต้น: {default}; มาตราระดับ 1–{criteria.scoring.scale}",
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


def _weighted_nodes(criteria: Criteria) -> list[Weighted]:
    nodes: list[Weighted] = []
    for part in criteria.parts:
        nodes.append(part)
        for topic in part.topics:
            nodes.append(topic)
            nodes.extend(topic.subtopics)
    return nodes
