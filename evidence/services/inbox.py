"""Each user's inbox: returned records with the reason, requests due, approvals waiting, and the
assessor's comments and questions — what this user should act on now."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from evidence.access import Actor, require_read
from evidence.models.assessment import ItemComment
from evidence.models.base import ReviewStatus
from evidence.models.cycles import RecordRevision
from evidence.models.users import Role
from evidence.services.followup import open_requests
from evidence.services.review import BY_TABLE, FAMILY_TH, queue_counts, record_label, review_queue
from evidence.services.revisions import pending_revisions
from evidence.thai_dates import bangkok_today, thai_date

LIMIT = 20


@dataclass(frozen=True)
class InboxEntry:
    kind: str  # Thai: ส่งกลับแก้ไข, คำขอข้อมูล, รออนุมัติ, คำถามผู้ประเมิน
    title: str
    detail: str
    urgent: bool = False


def inbox_for(session: Session, actor: Actor, *, enterprise_id: int, year: int, today: date | None = None) -> list[InboxEntry]:
    require_read(actor, enterprise_id, session=session)
    today = today or bangkok_today()
    entries: list[InboxEntry] = []
    if actor.role == Role.DIVISION:
        for item in review_queue(session, actor, enterprise_id=enterprise_id, year=year, unit_ids=actor.org_unit_ids,
                                 statuses=(ReviewStatus.RETURNED,), limit=LIMIT):
            entries.append(InboxEntry("ส่งกลับแก้ไข", f"{item.family}: {item.label}",
                                      f"เหตุผล: {item.comment or '-'}", urgent=True))
        for revision in session.exec(select(RecordRevision).where(
                RecordRevision.enterprise_id == enterprise_id, RecordRevision.updated_by == actor.username,
                RecordRevision.status == ReviewStatus.RETURNED.value)).all():
            model = BY_TABLE.get(revision.record_table)
            record = session.get(model, revision.record_id) if model is not None else None
            label = record_label(model, record) if model is not None and record is not None else ""
            entries.append(InboxEntry("ส่งกลับแก้ไข", f"ฉบับแก้ไขของ {FAMILY_TH.get(revision.record_table, '')} "
                                      f"'{label}' (ข้อมูลที่อนุมัติแล้วยังนับคะแนน)",
                                      f"เหตุผล: {revision.review_comment or '-'}", urgent=True))
    if actor.role in (Role.DIVISION, Role.PLANNING, Role.ADMIN):
        for request in open_requests(session, actor, enterprise_id=enterprise_id, year=year):
            late = request.due_on < today
            owed = "; ".join(str(i["text"]) for i in request.items[:3]) or (request.note or "")
            entries.append(InboxEntry("คำขอข้อมูล", f"กำหนดส่ง {thai_date(request.due_on)}"
                                      + (" (เลยกำหนดแล้ว)" if late else ""),
                                      owed + (f" — หมายเหตุ: {request.note}" if request.note and request.items else ""),
                                      urgent=late))
    if actor.is_planning:
        counts = queue_counts(session, actor, enterprise_id=enterprise_id, year=year)
        if counts:
            entries.append(InboxEntry("รออนุมัติ", "ข้อมูลที่หน่วยงานส่งตรวจ",
                                      ", ".join(f"{family} {n:,} รายการ" for family, n in counts.items())))
        revisions = pending_revisions(session, actor, enterprise_id=enterprise_id)
        if revisions:
            entries.append(InboxEntry("รออนุมัติ", "ฉบับแก้ไขของข้อมูลที่อนุมัติแล้ว", f"{len(revisions):,} รายการ"))
        answered = {c.reply_to for c in session.exec(select(ItemComment).where(
            ItemComment.enterprise_id == enterprise_id, col(ItemComment.reply_to).is_not(None))).all()}
        for comment in session.exec(select(ItemComment).where(
                ItemComment.enterprise_id == enterprise_id, ItemComment.year == year,
                ItemComment.author_role == Role.ASSESSOR.value).order_by(col(ItemComment.at).desc()).limit(LIMIT)).all():
            if comment.id not in answered:
                entries.append(InboxEntry("คำถามผู้ประเมิน", f"รายการเกณฑ์: {_item_text(session, actor, enterprise_id, year, comment.item_id)}",
                                          comment.text, urgent=True))
    return entries


def _item_text(session: Session, actor: Actor, enterprise_id: int, year: int, item_id: str) -> str:
    """The item's Thai text, its code after it (a person reads the text, issue 16 item 6)."""
    from evidence.services.assessment import pinned_criteria

    try:
        text = pinned_criteria(session, actor, enterprise_id=enterprise_id, year=year).item(item_id).text_th
    except (KeyError, LookupError, ValueError):
        return item_id
    return f"{text} ({item_id})"
