"""The scored readiness report: what executives sign and an assessor checks. Built from an `Assessment`
and its `Criteria`; the sections live in `readiness_summary` (the first pages: where the enterprise
stands, what blocks it, who owns each blocker, sign-off; the topic chart against stored targets),
`readiness_detail` (part → topic → sub-topic, level ladder, items with citations and FAQ answers) and
`readiness_annex` (levels not yet reachable, register warnings, heat map, criteria and weights).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from criteria.results import Assessment
from criteria.schema import Criteria
from evidence.services.year_on_year import YearOnYear
from evidence.thai_dates import thai_date
from reports.blocks import Block, CoverLine, DocumentPlan, PageBreak, TableOfContents
from reports.control import DocumentControl, ReportOptions, SignOff, control_rows
from reports.docx_writer import render
from reports.readiness_annex import criteria_annex, heat_map, unreachable, warnings_annex
from reports.readiness_detail import body
from reports.readiness_summary import (
    blockers,
    chart_section,
    fmt_level,
    headline,
    owners_text,
    sign_off,
    topic_targets,
)
from reports.readiness_years import year_on_year_annex

__all__ = ["CLAIM_MODE_TH", "METHOD_TH", "ReportMeta", "build_readiness_report", "fmt_level", "owners_text",
           "readiness_plan", "scope_label", "topic_targets"]

METHOD_TH = {
    "partial": "ระดับสูงสุดที่ผ่านครบ บวกสัดส่วนรายการที่ผ่านของระดับถัดไป",
    "whole-levels": "นับเฉพาะระดับที่ผ่านครบทุกรายการ",
}
CLAIM_MODE_TH = {
    "self-assessment": "ประเมินตนเอง: นับรายการที่อ้างหลักฐานแล้ว",
    "confirmed": "ยืนยันผล: นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว",
}


@dataclass(frozen=True)
class ReportMeta:
    """Who made the document and when, from which evidence (`control`), the enterprise's stored topic
    targets, a uniform `target_level` that overrides them for this report only, the line assessments
    for the heat map, and layout options."""

    made_on: date
    made_by: str = ""
    target_level: float | None = None
    targets: Mapping[str, float] = field(default_factory=dict)
    control: DocumentControl | None = None
    sign_off: SignOff = field(default_factory=SignOff)
    by_division: Sequence[tuple[str, Assessment]] = ()
    options: ReportOptions = field(default_factory=ReportOptions)
    unmasked: bool = False  # the evidence pack shows personal data in clear (audited)
    version_label: str = ""  # which submitted version (or the working data) the document shows
    year_on_year: YearOnYear | None = None  # last year beside this year (annex จ)


def scope_label(assessment: Assessment) -> str:
    return "ทั้งองค์กร" if assessment.division_id is None else assessment.scope_name


def readiness_title(assessment: Assessment) -> str:
    return f"รายงานผลการประเมินความพร้อม SE-AM SCM ปีประเมิน พ.ศ. {assessment.year}"


def cover(assessment: Assessment, criteria: Criteria, meta: ReportMeta) -> tuple[CoverLine, ...]:
    parts = " · ".join(f"{p.code} {fmt_level(p.score)}" for p in assessment.parts)
    lines = [
        CoverLine("รายงานผลการประเมินความพร้อม", 26, True, 12),
        CoverLine(f"ตามเกณฑ์ SE-AM ด้าน{criteria.enabler.name_th}", 20, True),
        CoverLine(assessment.enterprise, 22, True, 12),
        CoverLine(f"ขอบเขต: {scope_label(assessment)}", 18),
        CoverLine(f"ปีประเมิน พ.ศ. {assessment.year}", 20, True),
        CoverLine(f"ระดับที่คำนวณได้ (จาก 5): {parts}", 20, True, 12),
        CoverLine(f"หัวข้อย่อยที่มีรายการกั้นระดับถัดไป {len(assessment.next_actions)} หัวข้อ "
                  "(รายละเอียดและผู้รับผิดชอบในหน้าถัดไป)", 16),
        CoverLine(f"เกณฑ์ฉบับ {assessment.criteria_version}", 14, False, 12),
        CoverLine(f"วิธีคิดคะแนน: {METHOD_TH.get(assessment.method, assessment.method)}", 14),
        CoverLine(f"การนับรายการที่อ้างหลักฐาน: {CLAIM_MODE_TH.get(assessment.claim_mode, assessment.claim_mode)}", 14),
    ]
    if meta.control is not None:
        lines += [CoverLine(f"{label}: {value}", 14) for label, value in control_rows(meta.control, made_on=meta.made_on)]
    else:
        lines.append(CoverLine(f"จัดทำเมื่อ {thai_date(meta.made_on)}", 16))
    if meta.version_label:
        lines.append(CoverLine(f"ฉบับข้อมูล: {meta.version_label}", 14))
    if meta.made_by:
        lines.append(CoverLine(f"จัดทำโดย {meta.made_by}", 14))
    return tuple(lines)


def readiness_plan(assessment: Assessment, criteria: Criteria, meta: ReportMeta) -> DocumentPlan:
    """Every paragraph and table of the report, in order."""
    if criteria.version != assessment.criteria_version:
        raise ValueError(f"ผลการประเมินใช้เกณฑ์ฉบับ {assessment.criteria_version} แต่ได้รับเกณฑ์ฉบับ {criteria.version}")
    targets = topic_targets(assessment, meta.targets, meta.target_level)
    blocks: list[Block] = []
    blocks += headline(assessment, targets)
    blocks += blockers(assessment)
    blocks += sign_off(meta.sign_off)
    blocks += [PageBreak(), TableOfContents()]
    blocks += chart_section(assessment, targets)
    blocks += body(assessment, criteria, first_number=3)
    blocks += unreachable(assessment)
    blocks += warnings_annex(assessment)
    blocks += heat_map(assessment, meta.by_division)
    blocks += criteria_annex(criteria)
    blocks += year_on_year_annex(meta.year_on_year)
    control = meta.control
    return DocumentPlan(
        title=readiness_title(assessment),
        header=f"{assessment.enterprise} · SE-AM SCM พ.ศ. {assessment.year}",
        cover=cover(assessment, criteria, meta),
        blocks=tuple(blocks),
        number=control.number if control else "",
        version=control.evidence_version if control else "",
        subject=f"ความพร้อม SE-AM SCM ของ{assessment.enterprise} ({scope_label(assessment)})",
    )


def build_readiness_report(assessment: Assessment, criteria: Criteria, meta: ReportMeta,
                           *, toc_pages: Mapping[str, int | str] | None = None) -> bytes:
    """The readiness report as .docx bytes."""
    return render(readiness_plan(assessment, criteria, meta), options=meta.options, toc_pages=toc_pages)
