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

`snapshot_claims` and `snapshot_assessor_notes` hand the claims and levels to the evidence snapshot
that the scoring engine reads (`criteria.snapshot.Claim`, `criteria.snapshot.AssessorNote`).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, SQLModel, col, select

from criteria.schema import Criteria
from criteria.snapshot import AssessorNote, Claim, ClaimState, EvidenceRef
from evidence.access import Actor, refuse, require_planning, require_read, unit_scope
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, NotFound, StaleVersion, ValidationFailed
from evidence.models import (
    Approval,
    AssessmentYear,
    AssessorLevel,
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    Document,
    DocumentVersion,
    EvidenceFile,
    EvidenceLink,
    GoverningBody,
    ImprovementAction,
    ItemClaim,
    ItemComment,
    ItemReview,
    ListeningChannel,
    MonitoringMinute,
    PlanKpi,
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StakeholderIssue,
    StrategyPlan,
    Survey,
    VocAspectRanking,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
    WorkingGroup,
)
from evidence.models.assessment import ReviewState
from evidence.models.base import Record, utcnow
from evidence.models.users import Role
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.records import create_record, update_record

VERDICTS = (ReviewState.ACCEPTED, ReviewState.NEEDS_MORE, ReviewState.REJECTED)
NOT_REVIEWED_TH = "ยังไม่ได้ตรวจ"
MIN_RATIONALE = 10

# Record families a claim may link to: table name → (model, Thai family name, columns that label a row).
LINKABLE: dict[str, tuple[type[Record], str, tuple[str, ...]]] = {
    "stakeholder": (Stakeholder, "Stakeholder Profile", ("code", "group_name")),
    "stakeholderissue": (StakeholderIssue, "ประเด็นของผู้มีส่วนได้ส่วนเสีย", ("issue",)),
    "voiceofstakeholder": (VoiceOfStakeholder, "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)", ("text",)),
    "relationshipplan": (RelationshipPlan, "แผนสร้างความสัมพันธ์", ("title",)),
    "relationshipactivity": (RelationshipActivity, "กิจกรรมตามแผนสร้างความสัมพันธ์", ("activity",)),
    "relationshiprisk": (RelationshipRisk, "ความเสี่ยงด้านความสัมพันธ์", ("description",)),
    "customersegment": (CustomerSegment, "กลุ่มลูกค้า", ("code", "name_th")),
    "listeningchannel": (ListeningChannel, "ช่องทางรับฟังเสียงลูกค้า", ("code", "name_th")),
    "vocrecord": (VocRecord, "เสียงของลูกค้า (VOC)", ("ref_no", "text")),
    "vocreport": (VocReport, "รายงาน VOC รายไตรมาส", ("quarter", "reported_to")),
    "improvementaction": (ImprovementAction, "การนำไปใช้/ปรับปรุง", ("title",)),
    "document": (Document, "เอกสารในทะเบียน", ("code", "title")),
    "documentversion": (DocumentVersion, "ฉบับเอกสารในทะเบียน", ("code", "label")),
    "servicestandard": (ServiceStandard, "มาตรฐานเวลาการให้บริการ", ("service_name",)),
    "complaintchannel": (ComplaintChannel, "ช่องทางรับข้อร้องเรียน", ("code", "name_th")),
    "complaintstandard": (ComplaintStandard, "มาตรฐานเวลาการจัดการข้อร้องเรียน", ("stage", "max_hours")),
    "complaintcase": (ComplaintCase, "เรื่องร้องเรียน", ("case_no", "subject")),
    "governingbody": (GoverningBody, "คณะกรรมการ/คณะทำงาน", ("code", "name_th")),
    "approval": (Approval, "การอนุมัติ", ("code", "meeting_no")),
    "monitoringminute": (MonitoringMinute, "รายงานการประชุมที่ติดตามผล", ("meeting_no", "summary")),
    "strategyplan": (StrategyPlan, "แผนยุทธศาสตร์/แผนปฏิบัติการ", ("title",)),
    "plankpi": (PlanKpi, "ตัวชี้วัดของแผน", ("name_th", "target")),
    "survey": (Survey, "การสำรวจ", ("title",)),
    "workinggroup": (WorkingGroup, "คณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย", ("code", "name_th")),
    "vocaspectranking": (VocAspectRanking, "ลำดับความสำคัญ VOC 4 ด้าน", ("aspect", "rank")),
    "developmentproject": (DevelopmentProject, "โครงการพัฒนาและนวัตกรรม", ("code", "title")),
}


@dataclass(frozen=True)
class LinkOption:
    """A record or file that a claim may link to, as the claims page lists it."""

    table: str
    record_id: int
    label: str


@dataclass(frozen=True)
class ItemState:
    """Where one item stands in the assessor's review: its claims, the verdict and the comments."""

    item_id: str
    kind: str  # rule / judgement
    review: ReviewState | None
    claims: tuple[ItemClaim, ...]
    comments: int


# ----------------------------------------------------------------------------- criteria pinned by a year


def _cycle(session: Session, enterprise_id: int, year: int) -> AssessmentYear:
    cycle = session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year == year)
    ).first()
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    return cycle


def pinned_criteria(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> Criteria:
    """The criteria version the assessment year is scored with."""
    require_read(actor, enterprise_id, session=session)
    return resolve_criteria(session, _cycle(session, enterprise_id, year).criteria_version)


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


def _item_kind(criteria: Criteria, item_id: str) -> str:
    try:
        return criteria.item(item_id).kind
    except KeyError:
        raise ValidationFailed(
            [FieldProblem("item_id", f"ไม่พบรายการ '{item_id}' ในเกณฑ์ฉบับ {criteria.version}", "รายการเกณฑ์")]
        ) from None


# ----------------------------------------------------------------------------- claims (planning team)


def record_label(table: str, record: SQLModel) -> str:
    """A short Thai label of a linked record, e.g. "แผนสร้างความสัมพันธ์: แผนสื่อสารองค์กร"."""
    _model, family, columns = LINKABLE[table]
    parts = [str(getattr(record, c)) for c in columns if getattr(record, c, None) not in (None, "")]
    text = " · ".join(parts)
    if table == "vocreport":
        text = f"ไตรมาส {text}"
    return f"{family}: {text[:120]}"


def _check_links(
    session: Session, enterprise_id: int, records: Sequence[Mapping[str, object]], file_ids: Sequence[int]
) -> tuple[list[dict[str, object]], list[int]]:
    problems: list[FieldProblem] = []
    links: list[dict[str, object]] = []
    for ref in records:
        table, record_id = str(ref.get("table", "")), ref.get("id")
        if table not in LINKABLE:
            problems.append(FieldProblem("linked_records", f"ไม่รู้จักประเภทข้อมูล '{table}'", "ข้อมูลที่อ้างถึง"))
            continue
        model = LINKABLE[table][0]
        record = session.get(model, int(record_id)) if isinstance(record_id, int | str) else None
        if record is None or record.enterprise_id != enterprise_id:
            problems.append(
                FieldProblem("linked_records", f"ไม่พบ{LINKABLE[table][1]} รหัส {record_id}", "ข้อมูลที่อ้างถึง")
            )
            continue
        link = {"table": table, "id": int(record.id or 0)}
        if link not in links:
            links.append(link)
    files: list[int] = []
    for file_id in file_ids:
        stored = session.get(EvidenceFile, int(file_id))
        if stored is None or stored.enterprise_id != enterprise_id:
            problems.append(FieldProblem("linked_file_ids", f"ไม่พบไฟล์หลักฐานรหัส {file_id}", "ไฟล์ที่อ้างถึง"))
        elif stored.id not in files:
            files.append(int(stored.id or 0))
    if not problems and not links and not files:
        problems.append(
            FieldProblem("linked_records", "การอ้างหลักฐานต้องเชื่อมโยงข้อมูลหรือไฟล์หลักฐานอย่างน้อย 1 รายการ",
                         "ข้อมูลที่อ้างถึง")
        )
    if problems:
        raise ValidationFailed(problems)
    return links, files


def save_claim(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    item_id: str,
    claim_text: str,
    linked_records: Sequence[Mapping[str, object]] = (),
    linked_file_ids: Sequence[int] = (),
    org_unit_id: int | None = None,
    expected_version: int | None = None,
) -> ItemClaim:
    """Create or change the planning team's claim on a judgement item (one per item and unit).

    `linked_records` are `{"table": "approval", "id": 12}`; a changed claim awaits review again.
    """
    require_planning(actor, enterprise_id, session=session)
    criteria = resolve_criteria(session, _cycle(session, enterprise_id, year).criteria_version)
    if _item_kind(criteria, item_id) == "rule":
        raise ValidationFailed([FieldProblem(
            "item_id", f"รายการ {item_id} ตรวจจากข้อมูลโดยกฎของระบบ จึงอ้างหลักฐานด้วยตนเองไม่ได้", "รายการเกณฑ์"
        )])
    text = (claim_text or "").strip()
    if not text:
        raise ValidationFailed([FieldProblem("claim_text", "ต้องเขียนคำอธิบายการอ้างหลักฐาน", "คำอธิบายการอ้างหลักฐาน")])
    links, files = _check_links(session, enterprise_id, linked_records, linked_file_ids)
    existing = session.exec(
        select(ItemClaim).where(
            ItemClaim.enterprise_id == enterprise_id, ItemClaim.year == year, ItemClaim.item_id == item_id,
            ItemClaim.org_unit_id == org_unit_id if org_unit_id is not None else col(ItemClaim.org_unit_id).is_(None),
        )
    ).first()
    values: dict[str, object] = {
        "claim_text": text, "linked_records": links, "linked_file_ids": files,
        "state": ReviewState.CLAIMED, "reviewed_by": None, "reviewed_at": None,
    }
    if existing is None:
        return create_record(session, actor, ItemClaim, {
            "enterprise_id": enterprise_id, "year": year, "item_id": item_id, "org_unit_id": org_unit_id, **values,
        })
    version = existing.version if expected_version is None else expected_version
    return update_record(session, actor, ItemClaim, existing.id or 0, expected_version=version, changes=values)


def withdraw_claim(session: Session, actor: Actor, claim_id: int, *, expected_version: int) -> None:
    """The planning team withdraws a claim; the item reads "not claimed" again."""
    claim = session.get(ItemClaim, claim_id)
    if claim is None:
        raise NotFound(f"ไม่พบการอ้างหลักฐานรหัส {claim_id}")
    require_planning(actor, claim.enterprise_id, session=session)
    if claim.version != expected_version:
        raise StaleVersion(f"มีผู้อื่นแก้ไขการอ้างหลักฐานนี้แล้ว (รุ่น {claim.version})",
                           theirs=snapshot_of(claim, keep_text=True), mine={})
    before = snapshot_of(claim)
    session.delete(claim)
    session.flush()
    record_audit(session, actor, "claim:withdraw", enterprise_id=claim.enterprise_id, table_name="itemclaim",
                 record_id=claim_id, before=before, summary=claim.item_id)


def list_claims(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, item_id: str | None = None
) -> list[ItemClaim]:
    require_read(actor, enterprise_id, session=session)
    query = select(ItemClaim).where(ItemClaim.enterprise_id == enterprise_id, ItemClaim.year == year)
    if item_id is not None:
        query = query.where(ItemClaim.item_id == item_id)
    return list(session.exec(query.order_by(ItemClaim.item_id, ItemClaim.id)).all())


def linkable_records(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, table: str, search: str = "", limit: int = 100
) -> list[LinkOption]:
    """Records of one family that a claim may link to (newest first; `search` filters the label columns)."""
    require_read(actor, enterprise_id, session=session)
    if table not in LINKABLE:
        raise ValidationFailed([FieldProblem("table", f"ไม่รู้จักประเภทข้อมูล '{table}'", "ประเภทข้อมูล")])
    model, _family, columns = LINKABLE[table]
    query = select(model).where(model.enterprise_id == enterprise_id)
    if "year" in model.model_fields:
        query = query.where(model.year == year)  # type: ignore[attr-defined]
    searchable = [c for c in columns if model.model_fields[c].annotation in (str, str | None)]
    if search.strip() and searchable:
        pattern = f"%{search.strip()}%"
        query = query.where(or_(*(col(getattr(model, c)).like(pattern) for c in searchable)))
    rows = session.exec(query.order_by(col(model.id).desc()).limit(limit)).all()
    return [LinkOption(table, int(r.id or 0), record_label(table, r)) for r in rows]


def linkable_files(session: Session, actor: Actor, *, enterprise_id: int, limit: int = 200) -> list[LinkOption]:
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(
        select(EvidenceFile).where(EvidenceFile.enterprise_id == enterprise_id)
        .order_by(col(EvidenceFile.id).desc()).limit(limit)
    ).all()
    return [LinkOption("evidencefile", int(f.id or 0), f.name) for f in rows]


def claim_evidence(session: Session, claims: Iterable[ItemClaim]) -> dict[int, tuple[EvidenceRef, ...]]:
    """Claim id → the records and files it links, labelled, with the files linked to each record."""
    claims = list(claims)
    wanted: dict[str, set[int]] = {}
    file_ids: set[int] = set()
    for claim in claims:
        for link in claim.linked_records:
            wanted.setdefault(str(link["table"]), set()).add(int(link["id"]))
        file_ids.update(int(f) for f in claim.linked_file_ids)
    labels: dict[tuple[str, int], str] = {}
    for table, ids in wanted.items():
        if table not in LINKABLE:
            continue
        model = LINKABLE[table][0]
        for record in session.exec(select(model).where(col(model.id).in_(ids))).all():
            labels[(table, int(record.id or 0))] = record_label(table, record)
    record_files: dict[tuple[str, int], list[int]] = {}
    if wanted:
        links = session.exec(
            select(EvidenceLink.record_table, EvidenceLink.record_id, EvidenceLink.file_id)
            .where(col(EvidenceLink.record_table).in_(list(wanted)))
            .where(col(EvidenceLink.record_id).in_({i for ids in wanted.values() for i in ids}))
        ).all()
        for table, record_id, file_id in links:
            if table is not None and record_id is not None and record_id in wanted.get(table, ()):
                record_files.setdefault((table, record_id), []).append(file_id)
    names = dict(
        session.exec(select(EvidenceFile.id, EvidenceFile.name).where(col(EvidenceFile.id).in_(file_ids))).all()
    ) if file_ids else {}
    out: dict[int, tuple[EvidenceRef, ...]] = {}
    for claim in claims:
        refs = [
            EvidenceRef(str(link["table"]), int(link["id"]),
                        labels.get((str(link["table"]), int(link["id"])), f"{link['table']} #{link['id']}"),
                        tuple(record_files.get((str(link["table"]), int(link["id"])), ())))
            for link in claim.linked_records
        ]
        refs += [
            EvidenceRef("evidencefile", int(f), f"ไฟล์: {names.get(int(f), f'#{f}')}", (int(f),))
            for f in claim.linked_file_ids
        ]
        out[int(claim.id or 0)] = tuple(refs)
    return out


STATE_ORDER: tuple[ClaimState, ...] = ("accepted", "claimed", "needs_more", "rejected")


def snapshot_claims(
    session: Session, *, enterprise_id: int, year: int, division_id: int | None = None
) -> dict[str, Claim]:
    """The claims of the enterprise, or of one line (`division_id`): `merge_claims` of `claim_rows`."""
    from evidence.snapshot_claims import claim_rows, merge_claims  # it reads this module's claim_evidence

    units = unit_scope(session, division_id) if division_id is not None else None
    return merge_claims(claim_rows(session, enterprise_id=enterprise_id, year=year), units)


# ----------------------------------------------------------------------------- assessor's review of items


def set_item_review(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, item_id: str, state: ReviewState | None
) -> ItemReview | None:
    """The assessor's status of an item: accepted / needs more evidence / not accepted, or None (not reviewed).

    On a judgement item the verdict is also the state of its claims (what the engine counts in the
    `confirmed` setting); a judgement item nobody has claimed cannot be accepted.
    """
    _require_assessor(session, actor, enterprise_id, "ตรวจรายการเกณฑ์")
    criteria = resolve_criteria(session, _cycle(session, enterprise_id, year).criteria_version)
    kind = _item_kind(criteria, item_id)
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
    _item_kind(resolve_criteria(session, _cycle(session, enterprise_id, year).criteria_version), item_id)
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
    criteria = resolve_criteria(session, _cycle(session, enterprise_id, year).criteria_version)
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


def evidence_files(
    session: Session, actor: Actor, *, enterprise_id: int, file_ids: Iterable[int]
) -> list[EvidenceFile]:
    """The evidence files (name, type, size, SHA-256, upload) of the given ids in the enterprise."""
    require_read(actor, enterprise_id, session=session)
    ids = {int(i) for i in file_ids}
    if not ids:
        return []
    return list(session.exec(
        select(EvidenceFile).where(EvidenceFile.enterprise_id == enterprise_id, col(EvidenceFile.id).in_(ids))
        .order_by(EvidenceFile.name)
    ).all())


def item_files(session: Session, actor: Actor, *, enterprise_id: int) -> dict[str, tuple[EvidenceRef, ...]]:
    """Criteria item id → the evidence files linked straight to it (not through a record)."""
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(
        select(EvidenceLink.criteria_item_id, EvidenceFile.id, EvidenceFile.name)
        .join(EvidenceFile, EvidenceFile.id == EvidenceLink.file_id)  # type: ignore[arg-type]
        .where(EvidenceLink.enterprise_id == enterprise_id, col(EvidenceLink.criteria_item_id).is_not(None))
        .order_by(EvidenceFile.name)
    ).all()
    out: dict[str, list[EvidenceRef]] = {}
    for item_id, file_id, name in rows:
        ref = EvidenceRef("evidencefile", int(file_id or 0), f"ไฟล์: {name}", (int(file_id or 0),))
        if ref not in out.setdefault(str(item_id), []):
            out[str(item_id)].append(ref)
    return {k: tuple(v) for k, v in out.items()}
