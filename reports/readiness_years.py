"""Annex จ of the readiness report: this year beside last year (issue 15) — last year's computed and
assessor's level per sub-topic, this year's computed level, and what changed between the two years
(records, documents in force, item verdicts that flipped). Takes `YearOnYear`, returns blocks."""

from evidence.services.year_on_year import YearOnYear
from reports.blocks import Block, Heading, PageBreak, Paragraph, Table

MAX_ITEMS = 40  # flipped verdicts listed; the page shows them all


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def year_on_year_annex(years: YearOnYear | None) -> list[Block]:
    if years is None:
        return []
    a, b = years.earlier_year, years.year
    blocks: list[Block] = [
        PageBreak(), Heading(f"ภาคผนวก จ เปรียบเทียบกับปีประเมิน {a}", 1),
        Paragraph(f"คะแนนรวมปี {a} {_fmt(years.earlier_score)} (ข้อมูล: {years.earlier_version}) "
                  f"และปี {b} {_fmt(years.score)} ระดับที่ผู้ประเมินให้เมื่อปี {a} แสดงคู่กับระดับที่คำนวณได้ "
                  "ระดับที่ผู้ประเมินให้ไม่แทนที่ระดับที่คำนวณได้"),
        Table(("หัวข้อย่อย", f"ปี {a} คำนวณได้", f"ปี {a} ผู้ประเมินให้", f"ปี {b} คำนวณได้", "เปลี่ยนจากปีก่อน*"),
              tuple((f"{s.code} {s.name_th}", _fmt(s.earlier_level), _fmt(s.assessor_level), _fmt(s.level),
                     "-" if s.change is None else f"{s.change:+.2f}") for s in years.subtopics),
              (7.0, 2.2, 2.4, 2.2, 2.2), numeric_columns=(1, 2, 3, 4), small=True),
        Paragraph(f"* เทียบกับระดับที่ผู้ประเมินให้เมื่อปี {a} ถ้ามี มิฉะนั้นเทียบกับระดับที่คำนวณได้", style="note"),
        Heading("รายการเกณฑ์ที่ผลเปลี่ยน", 2),
    ]
    if years.items:
        shown = years.items[:MAX_ITEMS]
        blocks.append(Table(("รายการ", "ข้อกำหนด", f"ปี {a}", f"ปี {b}"),
                            tuple((i, text, x, y) for i, text, x, y in shown), (3.3, 8.3, 2.2, 2.2), small=True))
        if len(years.items) > MAX_ITEMS:
            blocks.append(Paragraph(f"และอีก {len(years.items) - MAX_ITEMS} รายการ (ดูหน้าเปรียบเทียบรายปีในพอร์ทัล)",
                                    style="note"))
    else:
        blocks.append(Paragraph("ไม่มีรายการเกณฑ์ที่ผลเปลี่ยน"))
    blocks.append(Heading("เอกสารที่มีผลบังคับใช้", 2))
    if years.documents:
        blocks.append(Table(("เอกสาร", "ความเปลี่ยนแปลง", f"ปี {a}", f"ปี {b}"),
                            tuple((doc, change, x or "-", y or "-") for change, doc, x, y in years.documents),
                            (6.2, 3.4, 3.2, 3.2), small=True))  # 3.4 cm: "ความเปลี่ยนแปลง" on one line
    else:
        blocks.append(Paragraph("เอกสารที่มีผลบังคับใช้เหมือนปีก่อน"))
    changed = [f for f in years.families if f.added or f.removed or f.changed]
    blocks.append(Heading("ข้อมูลหลักฐาน", 2))
    blocks.append(Table(("ประเภทข้อมูล", f"ปี {a}", f"ปี {b}", "เพิ่ม", "ไม่มีแล้ว", "แก้ไข"),
                        tuple((f.family, f"{f.earlier:,}", f"{f.now:,}", f"{f.added:,}", f"{f.removed:,}",
                               f"{f.changed:,}") for f in changed) or (("ไม่มีความเปลี่ยนแปลง", "", "", "", "", ""),),
                        (6.0, 2.0, 2.0, 2.0, 2.0, 2.0), numeric_columns=(1, 2, 3, 4, 5), small=True))
    return blocks
