"""Counts per record family for the home page (one COUNT query per family), kept in the enterprise's
shared evidence pass for its data version (the dashboard's year-over-year asks for every earlier year)."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from evidence.access import Actor, require_read
from evidence.models import (
    ApprovalDocument,
    ComplaintCase,
    CustomerSegment,
    Document,
    DocumentVersion,
    Stakeholder,
    Survey,
    VocRecord,
    VoiceOfStakeholder,
)
from evidence.services.evidence_pass import evidence_pass

FAMILIES = {
    "Stakeholder Profile": Stakeholder,
    "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)": VoiceOfStakeholder,
    "กลุ่มลูกค้า": CustomerSegment,
    "เสียงของลูกค้า (VOC)": VocRecord,
    "เรื่องร้องเรียน": ComplaintCase,
    "การสำรวจ": Survey,
}


def family_counts(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, int]:
    require_read(actor, enterprise_id, session=session)
    counts = evidence_pass(session, enterprise_id, year).get(
        "family_counts", lambda: _family_counts(session, enterprise_id, year))
    return dict(counts)


def _family_counts(session: Session, enterprise_id: int, year: int) -> dict[str, int]:
    return {
        label: int(session.exec(
            select(func.count()).select_from(model).where(model.enterprise_id == enterprise_id, model.year == year)
        ).one())
        for label, model in FAMILIES.items()
    } | register_counts(session, enterprise_id=enterprise_id, year=year)


def register_counts(session: Session, *, enterprise_id: int, year: int) -> dict[str, int]:
    """Documents of the register in force in the year and the approvals behind them (any earlier year)."""
    from evidence.snapshot_documents import year_start

    last_day = date(year - 543, 9, 30)
    d, v, ad = Document, DocumentVersion, ApprovalDocument
    started = func.coalesce(v.effective_on, year_start(year)) <= last_day
    documents = session.exec(
        select(func.count(func.distinct(v.document_id))).join(d, col(d.id) == v.document_id)
        .where(d.enterprise_id == enterprise_id, v.year_recorded <= year, started)
    ).one()
    approvals = session.exec(
        select(func.count(func.distinct(ad.approval_id))).where(ad.enterprise_id == enterprise_id)
    ).one()
    return {"เอกสารในทะเบียน (มีผลในปี)": int(documents), "การอนุมัติ": int(approvals)}
