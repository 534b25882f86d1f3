"""Claims on judgement items, the assessor's review of items, comments and assessor levels.

- The planning team claims a judgement item (`judgement: assessor` in the criteria): it links records
  and/or evidence files and writes a short Thai claim. A claim needs at least one linked record or file;
  an item that a rule checks can never be claimed by hand (the data answers it). A changed claim goes
  back to "claimed, awaiting review".
- An assessor assigned to the enterprise sets each item's review status (accepted / needs more evidence
  / not accepted, or back to not reviewed), comments, and gives a level per sub-topic with a mandatory
  rationale; it is kept beside the computed level, never over it.
- The planning team reads the comments and replies. Executives change nothing.
- Every write leaves an audit row (`evidence.audit.record_audit`).

`snapshot_assessor_notes` hands the levels to the evidence snapshot that the scoring engine reads
(`criteria.snapshot.AssessorNote`). Claims, the records and files they link, and `snapshot_claims` are in
`evidence.services.claims`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from criteria.schema import Criteria
from criteria.snapshot import AssessorNote
from evidence.access import Actor, refuse, require_planning, require_read
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, StaleVersion, ValidationFailed
from evidence.models import (
    AssessorLevel,
    ItemClaim,
    ItemComment,
    ItemReview,
)
from evidence.models.assessment import ReviewState
from evidence.models.base import utcnow
from evidence.models.users import Role
from evidence.services.claims import list_claims
from evidence.services.criteria_versions import item_kind, year_criteria

VERDICTS = (ReviewState.ACCEPTED, ReviewState.NEEDS_MORE, ReviewState.REJECTED)
NOT_REVIEWED_TH = "ยังไม่ได้ตรวจ"
MIN_RATIONALE = 10


@dataclass(frozen=True)
class ItemState:
    """Where one item stands in the assessor's review: its claims, the verdict and the comments."""

    item_id: str
    kind: str  # rule / judgement
    review: ReviewState | None
    claims: tuple[ItemClaim, ...]
    comments: int


# ----------------------------------------------------------------------------- criteria pinned by a year


def pinned_criteria(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> Criteria:
    """The criteria version the assessment year is scored with."""
    require_read(actor, enterprise_id, session=session)
    return year_criteria(session, enterprise_id, year)


# ----------------------------------------------------------------------------- who may do what


def _require_assessor(session: Session, actor: Actor, enterprise_id: int, attempt: str) -> None:
    """Only an assessor assigned to the enterprise reviews items and gives levels; a refusal is logged."""
    if actor.role == Role.ASSESSOR and enterprise_id in actor.assessed_enterprise_ids:
        return
    message = ("ท่านไม่ได้รับมอบหมายให้ประเมินรัฐวิสาหกิจนี้" if actor.role == Role.ASSESSOR
               else "เฉพาะผู้ประเมินที่ได้รับมอบหมายเท่านั้นที่ทำรายการนี้ได้")
    refuse(actor, message, session=session, enterprise_id=enterprise_id, attempt=attempt)


def _require_commenter(session: Session, actor: Actor, enterprise_id: int) -> None:
    """Assessors of the enterprise comment; the planning team replies."""
    if actor.role == Role.ASSESSOR:
        _require_assessor(session, actor, enterprise_id, "แสดงความเห็น")
        return
    if actor.role in (Role.PLANNING, Role.ADMIN):
        require_planning(actor, enterprise_id, session=session)
        return
    refuse(actor, "เฉพาะผู้ประเมินและฝ่ายแผน/คณะทำงาน SCM เท่านั้นที่แสดงความเห็นได้", session=session,
           enterprise_id=enterprise_id, attempt="แสดงความเห็น")



# ----------------------------------------------------------------------------- assessor's review of items


def set_item_review(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, item_id: str, state: ReviewState | None
) -> ItemReview | None:
    """The assessor's status of an item: accepted / needs more evidence / not accepted, or None (not reviewed).

    On a judgement item the verdict is also the state of its claims (what the engine counts in the
    `confirmed` setting); a judgement item nobody has claimed cannot be accepted.
    """
    _require_assessor(session, actor, enterprise_id, "ตรวจรายการเกณฑ์")
    criteria = year_criteria(session, enterprise_id, year)
    kind = item_kind(criteria, item_id)
    if state is not None and ReviewState(state) not in VERDICTS:
        raise ValidationFailed([FieldProblem("state", "สถานะการตรวจไม่ถูกต้อง", "สถานะการตรวจ")])
    claims = list_claims(session, actor, enterprise_id=enterprise_id, year=year, item_id=item_id)
    if kind == "judgement" and state == ReviewState.ACCEPTED and not claims:
        raise ValidationFailed([FieldProblem(
            "state", f"รายการ {item_id} ยังไม่มีการอ้างหลักฐานจากฝ่ายแผน จึงยังยอมรับไม่ได้", "สถานะการตรวจ"
        )])
    now = utcnow()
    review = session.exec(
        select(ItemReview).where(
            ItemReview.enterprise_id == enterprise_id, ItemReview.year == year, ItemReview.item_id == item_id
        )
    ).first()
    before = snapshot_of(review) if review is not None else None
    if state is None:
        if review is not None:
            session.delete(review)
        review = None
    elif review is None:
        review = ItemReview(enterprise_id=enterprise_id, year=year, item_id=item_id, state=ReviewState(state),
                            created_by=actor.username, updated_by=actor.username, created_at=now, updated_at=now)
        session.add(review)
    else:
        review.state, review.updated_by, review.updated_at = ReviewState(state), actor.username, now
    for claim in claims:
        claim.state = ReviewState(state) if state is not None else ReviewState.CLAIMED
        claim.reviewed_by = actor.username if state is not None else None
        claim.reviewed_at = now if state is not None else None
    session.flush()
    record_audit(
        session, actor, f"item-review:{ReviewState(state).value if state else 'cleared'}",
        enterprise_id=enterprise_id, table_name="itemreview", record_id=review.id if review else None,
        before=before, after=snapshot_of(review) if review else None, summary=item_id,
    )
    return review


def item_reviews(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, ReviewState]:
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(
        select(ItemReview.item_id, ItemReview.state)
        .where(ItemReview.enterprise_id == enterprise_id, ItemReview.year == year)
    ).all()
    return {item_id: ReviewState(state) for item_id, state in rows}


def item_states(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, ItemState]:
    """Every item of the pinned criteria with its claims, the assessor's verdict and how many comments."""
    criteria = pinned_criteria(session, actor, enterprise_id=enterprise_id, year=year)
    reviews = item_reviews(session, actor, enterprise_id=enterprise_id, year=year)
    claims: dict[str, list[ItemClaim]] = {}
    for claim in list_claims(session, actor, enterprise_id=enterprise_id, year=year):
        claims.setdefault(claim.item_id, []).append(claim)
    counts: dict[str, int] = {}
    for item_id in session.exec(
        select(ItemComment.item_id).where(ItemComment.enterprise_id == enterprise_id, ItemComment.year == year)
    ).all():
        counts[item_id] = counts.get(item_id, 0) + 1
    return {
        item.id: ItemState(item.id, item.kind, reviews.get(item.id), tuple(claims.get(item.id, ())),
                           counts.get(item.id, 0))
        for subtopic in criteria.subtopics() for _level, item in subtopic.items()
    }


# ----------------------------------------------------------------------------- comments


def add_comment(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, item_id: str, text: str,
    reply_to: int | None = None,
) -> ItemComment:
    """A comment on an item by its assessor, or a reply by the planning team; kept with author and time."""
    _require_commenter(session, actor, enterprise_id)
    body = (text or "").strip()
    if not body:
        raise ValidationFailed([FieldProblem("text", "ต้องเขียนความเห็น", "ความเห็น")])
    if len(body) > 4000:
        raise ValidationFailed([FieldProblem("text", "ยาวเกินกำหนด (4000 ตัวอักษร)", "ความเห็น")])
    item_kind(year_criteria(session, enterprise_id, year), item_id)
    if reply_to is not None:
        parent = session.get(ItemComment, reply_to)
        if parent is None or (parent.enterprise_id, parent.year, parent.item_id) != (enterprise_id, year, item_id):
            raise ValidationFailed([FieldProblem("reply_to", "ไม่พบความเห็นที่ต้องการตอบกลับในรายการนี้", "ตอบกลับ")])
    comment = ItemComment(enterprise_id=enterprise_id, year=year, item_id=item_id, author=actor.username,
                          author_role=Role(actor.role).value, text=body, reply_to=reply_to)
    session.add(comment)
    session.flush()
    record_audit(session, actor, "comment", enterprise_id=enterprise_id, table_name="itemcomment",
                 record_id=comment.id, after=snapshot_of(comment), summary=item_id)
    if actor.role == Role.ASSESSOR:  # an assessor's question reaches the planning team at once
        from evidence.notify import planning_team, queue_now

        queue_now(session, enterprise_id=enterprise_id, usernames=planning_team(session, enterprise_id),
                  kind="assessor_question", subject=f"ผู้ประเมินถามเรื่องรายการเกณฑ์ {item_id} (ปี {year})",
                  body=body)
    return comment


def list_comments(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, item_id: str | None = None
) -> list[ItemComment]:
    """Comments oldest first (a reply follows what it answers when shown as a thread)."""
    require_read(actor, enterprise_id, session=session)
    query = select(ItemComment).where(ItemComment.enterprise_id == enterprise_id, ItemComment.year == year)
    if item_id is not None:
        query = query.where(ItemComment.item_id == item_id)
    return list(session.exec(query.order_by(ItemComment.at, ItemComment.id)).all())


def threads(comments: Sequence[ItemComment]) -> list[tuple[ItemComment, list[ItemComment]]]:
    """Top-level comments, each with its replies (replies to replies join the same thread), oldest first."""
    root_of: dict[int, int] = {}
    roots: list[ItemComment] = []
    replies: dict[int, list[ItemComment]] = {}
    for comment in comments:
        cid = int(comment.id or 0)
        if comment.reply_to is None or comment.reply_to not in root_of:
            root_of[cid] = cid
            roots.append(comment)
            replies[cid] = []
        else:
            root = root_of[comment.reply_to]
            root_of[cid] = root
            replies[root].append(comment)
    return [(root, replies[int(root.id or 0)]) for root in roots]


# ----------------------------------------------------------------------------- assessor levels


def set_assessor_level(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, subtopic_code: str, level: float,
    rationale: str, expected_version: int | None = None,
) -> AssessorLevel:
    """The assessor's level (0–5) for a sub-topic with a mandatory rationale, beside the computed one."""
    _require_assessor(session, actor, enterprise_id, "ให้ระดับของผู้ประเมิน")
    criteria = year_criteria(session, enterprise_id, year)
    problems: list[FieldProblem] = []
    try:
        criteria.subtopic(subtopic_code)
    except KeyError:
        problems.append(FieldProblem("subtopic_code", f"ไม่พบหัวข้อย่อย '{subtopic_code}' ในเกณฑ์ฉบับ "
                                     f"{criteria.version}", "หัวข้อย่อย"))
    reason = (rationale or "").strip()
    if len(reason) < MIN_RATIONALE:
        problems.append(FieldProblem("rationale", f"ต้องระบุเหตุผลประกอบอย่างน้อย {MIN_RATIONALE} ตัวอักษร", "เหตุผลประกอบ"))
    if not isinstance(level, int | float) or not 0 <= float(level) <= criteria.scoring.scale:
        problems.append(FieldProblem("level", f"ระดับต้องอยู่ระหว่าง 0 ถึง {criteria.scoring.scale}", "ระดับที่ผู้ประเมินให้"))
    if problems:
        raise ValidationFailed(problems)
    now = utcnow()
    row = session.exec(
        select(AssessorLevel).where(
            AssessorLevel.enterprise_id == enterprise_id, AssessorLevel.year == year,
            AssessorLevel.subtopic_code == subtopic_code,
        )
    ).first()
    before = snapshot_of(row) if row is not None else None
    if row is None:
        row = AssessorLevel(enterprise_id=enterprise_id, year=year, subtopic_code=subtopic_code, level=float(level),
                            rationale=reason, assessor=actor.username, created_by=actor.username,
                            updated_by=actor.username, created_at=now, updated_at=now)
        session.add(row)
    else:
        if expected_version is not None and row.version != expected_version:
            raise StaleVersion(
                f"มีผู้อื่นบันทึกระดับของหัวข้อย่อย {subtopic_code} ก่อนแล้ว (รุ่น {row.version} โดย {row.updated_by})",
                theirs=snapshot_of(row, keep_text=True), mine={"level": str(level), "rationale": reason},
            )
        row.level, row.rationale, row.assessor = float(level), reason, actor.username
        row.updated_by, row.updated_at = actor.username, now
    session.flush()
    record_audit(session, actor, "assessor-level", enterprise_id=enterprise_id, table_name="assessorlevel",
                 record_id=row.id, before=before, after=snapshot_of(row), summary=f"{subtopic_code} = {level:g}")
    return row


def list_assessor_levels(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> dict[str, AssessorLevel]:
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(
        select(AssessorLevel).where(AssessorLevel.enterprise_id == enterprise_id, AssessorLevel.year == year)
    ).all()
    return {r.subtopic_code: r for r in rows}


def snapshot_assessor_notes(session: Session, *, enterprise_id: int, year: int) -> dict[str, AssessorNote]:
    """Sub-topic code → the assessor's level and rationale (`criteria.snapshot.AssessorNote`), for the
    snapshot builder (no permission check, as `snapshot_claims`)."""
    rows = session.exec(
        select(AssessorLevel).where(AssessorLevel.enterprise_id == enterprise_id, AssessorLevel.year == year)
    ).all()
    return {row.subtopic_code: AssessorNote(row.level, row.rationale) for row in rows}

