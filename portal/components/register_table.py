"""The register rows as a Thai table: version, approvals, files with how their text was read, and each
declared fact found in the text (page) or not found (issue 11)."""

import pandas as pd

from criteria.vocabulary import DECLARED_FACTS
from evidence.labels import label_of
from evidence.models.documents import DocumentKind, ReadingState
from evidence.services.documents import RegisterRow
from evidence.services.readings import READING_TH
from evidence.thai_dates import thai_date


def _facts(row: RegisterRow) -> str:
    if row.fact is None:
        return ", ".join(DECLARED_FACTS.get(c, c) for c in row.version.declared or ()) or "-"
    parts = []
    for code in row.version.declared or ():
        name = DECLARED_FACTS.get(code, code)
        if code in row.fact.support:
            parts.append(f"✓ {name} ({row.fact.support[code].locator})")
        elif code in row.fact.unsupported:
            parts.append(f"✗ {name}: ไม่พบในเอกสาร")
        else:
            parts.append(f"? {name}: ยังตรวจกับเอกสารไม่ได้")
    return "\n".join(parts) or "-"


def register_table(rows: list[RegisterRow]) -> pd.DataFrame:
    return pd.DataFrame([{
        "เอกสาร": f"{r.document.title} · ฉบับ {r.version.label} ({r.version.code}) · {label_of(DocumentKind, r.document.kind)}",
        "มีผล": (thai_date(r.version.effective_on) if r.version.effective_on else "ไม่ระบุวันที่มีผล")
        + (" · มีผลในปีนี้" if r.in_force else ""),
        "การอนุมัติ": "\n".join(f"{a.code} ครั้งที่ {a.meeting_no or '-'} {thai_date(a.meeting_date)}" for a in r.approvals)
        or "ยังไม่มี",
        "ไฟล์": "\n".join(f"{f.name} · {f.sha256[:12]} · {READING_TH[ReadingState(s)]}"
                          for f, s in zip(r.files, r.file_states, strict=True)) or "ยังไม่มีไฟล์",
        "ข้อเท็จจริงที่ระบุ": _facts(r),
        "ข้อสังเกต": "\n".join(r.fact.warnings) if r.fact else "",
    } for r in rows])
