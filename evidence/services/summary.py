"""Counts per record family for the home page (one COUNT query per family)."""

from sqlalchemy import func
from sqlmodel import Session, select

from evidence.access import Actor, require_read
from evidence.models import (
    Approval,
    ComplaintCase,
    CustomerSegment,
    ServiceCharter,
    Stakeholder,
    Survey,
    VocRecord,
    VoiceOfStakeholder,
)

FAMILIES = {
    "Stakeholder Profile": Stakeholder,
    "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)": VoiceOfStakeholder,
    "กลุ่มลูกค้า": CustomerSegment,
    "เสียงของลูกค้า (VOC)": VocRecord,
    "กฎบัตร/มาตรฐานการให้บริการ": ServiceCharter,
    "เรื่องร้องเรียน": ComplaintCase,
    "การอนุมัติ": Approval,
    "การสำรวจ": Survey,
}


def family_counts(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, int]:
    require_read(actor, enterprise_id, session=session)
    return {
        label: int(session.exec(
            select(func.count()).select_from(model).where(model.enterprise_id == enterprise_id, model.year == year)
        ).one())
        for label, model in FAMILIES.items()
    }
