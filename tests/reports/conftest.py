"""Helpers to read generated Word documents back, and a small assessment built without a database."""

import io
from datetime import date

import docx
import pytest
from docx.document import Document as DocxDocument

from criteria.loader import load_version
from criteria.results import Assessment
from criteria.schema import Criteria
from criteria.scoring import assess
from criteria.snapshot import AssessorNote, Claim, EvidenceRef, EvidenceSnapshot
from reports.readiness import ReportMeta

ENTERPRISE = "การประปาทดสอบ"


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def body_text(document: DocxDocument) -> str:
    """Every paragraph of the body and of its tables, in document order."""
    return "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def table_rows(document: DocxDocument) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def find_table(document: DocxDocument, first_header: str, second_header: str) -> list[list[list[str]]]:
    return [t for t in table_rows(document) if t[0][:2] == [first_header, second_header]]


@pytest.fixture(scope="session")
def criteria() -> Criteria:
    return load_version(2569)


@pytest.fixture(scope="session")
def small_assessment(criteria: Criteria) -> Assessment:
    """Judgement items of levels 1–2 claimed (one with a file), an assessor's level on CM5.3."""
    claims = {
        item.id: Claim(item.id, "claimed", "อ้างหลักฐาน", (EvidenceRef("strategyplan", 7, "แผนยุทธศาสตร์ทดสอบ", (3,)),),
                       ("ฝ่ายทดสอบ",))
        for sub in criteria.subtopics() for level, item in sub.items() if item.rule is None and level <= 2
    }
    snapshot = EvidenceSnapshot(
        enterprise_id=1, year=2569, enterprise_name=ENTERPRISE, claims=claims,
        assessor_levels={"CM5.3": AssessorNote(2.0, "ช่องทางครบ แต่คู่มือยังไม่ได้รับอนุมัติจากผู้มีอำนาจ")},
    )
    return assess(criteria, snapshot)


@pytest.fixture
def meta() -> ReportMeta:
    return ReportMeta(made_on=date(2026, 9, 30), made_by="ฝ่ายยุทธศาสตร์ทดสอบ")
