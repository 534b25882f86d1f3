"""Claims on judgement items and the records and files they link (the planning team's side of an
assessment; the assessor's review, comments and levels are in `evidence.services.assessment`).

- The planning team claims a judgement item (`judgement: assessor` in the criteria): it links records
  and/or evidence files and writes a short Thai claim. A claim needs at least one linked record or file;
  an item that a rule checks can never be claimed by hand (the data answers it). A changed claim goes
  back to "claimed, awaiting review".
- Every write leaves an audit row (`evidence.audit.record_audit`).

`snapshot_claims` hands the claims to the evidence snapshot that the scoring engine reads
(`criteria.snapshot.Claim`).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, SQLModel, col, select

from criteria.snapshot import Claim, ClaimState, EvidenceRef
from evidence.access import Actor, require_planning, require_read, unit_scope
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, NotFound, StaleVersion, ValidationFailed
from evidence.models import (
    Approval,
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
from evidence.models.base import Record
from evidence.services.criteria_versions import item_kind, year_criteria
from evidence.services.records import create_record, update_record

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
    criteria = year_criteria(session, enterprise_id, year)
    if item_kind(criteria, item_id) == "rule":
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
