"""Document control and layout options of a report: who made it, from which evidence and criteria, its
number, the sign-off block, and the options Thai offices ask for (Thai numerals, "- ๒ -" page numbers at
the top centre as in the government correspondence manual, Thai distributed justification).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from evidence.thai_dates import bangkok_now, thai_date

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
PageNumbers = Literal["footer", "thai-top"]
Justify = Literal["left", "thai-distributed"]
KIND_CODE = {"readiness": "RR", "evidence-pack": "EP"}


@dataclass(frozen=True)
class ReportOptions:
    """Defaults are the layout the reports always had (Arabic digits, "หน้า 2 จาก 9" in the footer,
    left-aligned text)."""

    thai_numerals: bool = False
    page_numbers: PageNumbers = "footer"
    justify: Justify = "left"


def to_thai_digits(text: str) -> str:
    return text.translate(THAI_DIGITS)


@dataclass(frozen=True)
class SignOff:
    """The names in the sign-off block; an empty name leaves a line to sign on."""

    prepared_by: str = ""
    reviewed_by: str = ""
    approved_by: str = ""


@dataclass(frozen=True)
class DocumentControl:
    """`evidence_version`: the frozen submission's manifest hash when there is one, otherwise the
    portal's evidence version (newest audit row) at the time the document was made."""

    number: str
    evidence_version: str
    evidence_is_manifest: bool
    criteria_version: str
    made_at: datetime = field(default_factory=bangkok_now)  # Bangkok wall-clock time
    sign_off: SignOff = field(default_factory=SignOff)

    @property
    def evidence_label(self) -> str:
        if self.evidence_is_manifest:
            return f"ชุดหลักฐานที่ยื่นแล้ว (ค่าแฮชของรายการไฟล์ {self.evidence_version})"
        return f"หลักฐาน ณ ขณะจัดทำ ({self.evidence_version})"


def document_number(kind: str, enterprise_code: str, year: int, division_code: str | None,
                    evidence_version: str) -> str:
    """`SCM-DEMO-2569-RR-1a2b3c4d`: stable for the same scope and evidence, so a reprint keeps its number."""
    scope = f"{enterprise_code}-{year}" + (f"-{division_code}" if division_code else "")
    digest = hashlib.sha256(f"{kind}|{scope}|{evidence_version}".encode()).hexdigest()[:8]
    return f"SCM-{scope}-{KIND_CODE.get(kind, kind.upper())}-{digest}"


def control_rows(control: DocumentControl, *, made_on: date) -> tuple[tuple[str, str], ...]:
    return (
        ("เลขที่เอกสาร", control.number),
        ("ฉบับหลักฐาน", control.evidence_label),
        ("ฉบับเกณฑ์", control.criteria_version),
        ("วันที่จัดทำ", f"{thai_date(made_on)} เวลา {control.made_at:%H:%M} น. (เวลาประเทศไทย)"),
    )


def sign_off_rows(sign_off: SignOff) -> tuple[tuple[str, str, str, str], ...]:
    line = "................................"
    return tuple(
        (role, name or line, "......................", "....../....../......")
        for role, name in (("จัดทำโดย", sign_off.prepared_by), ("ทบทวนโดย", sign_off.reviewed_by),
                           ("อนุมัติโดย", sign_off.approved_by))
    )
