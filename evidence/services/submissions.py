"""A frozen submission: the year's self-assessment as the planning team sends it to the assessor.

The manifest holds the scores and every item's verdict, each evidence record of the year with the
SHA-256 of its content, and every evidence file with its SHA-256; the manifest's own SHA-256 is kept
beside it. Later edits make a new version; reports name the version they show; `diff_submissions`
tells what changed between two versions (records, files, item verdicts).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from sqlmodel import Session, col, func, select

from evidence.access import Actor, require_planning, require_read
from evidence.audit import record_audit
from evidence.errors import DomainError, NotFound
from evidence.excel.schema import FAMILIES, Family
from evidence.models.base import ReviewStatus
from evidence.models.cycles import Submission
from evidence.models.files import EvidenceFile
from evidence.services.evidence_pass import evidence_pass
from evidence.services.review import FAMILY_TH, record_label
from evidence.services.scoring import score_enterprise

CONTENT_SKIP = frozenset({"id", "created_at", "created_by", "updated_at", "updated_by", "version"})
NOT_READY = (ReviewStatus.DRAFT.value, ReviewStatus.SUBMITTED.value)


class SubmissionRefused(DomainError):
    """The year cannot be submitted as it is; nothing was stored."""


def _sha(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain).encode()).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _family_rows(session: Session, family: Family, enterprise_id: int, year: int) -> list:  # type: ignore[type-arg]
    model = family.model
    query = select(model).where(model.enterprise_id == enterprise_id)  # type: ignore[attr-defined]
    if family.has_year:
        query = query.where(model.year == year)  # type: ignore[attr-defined]
    return list(session.exec(query.order_by(model.id)).all())  # type: ignore[attr-defined]


def record_contents(session: Session, enterprise_id: int, year: int, *,
                    skip: frozenset[str] = CONTENT_SKIP) -> dict[str, dict[str, dict[str, str]]]:
    """table → id → {sha256, label} of every evidence record (`skip`: fields left out of the hash)."""
    records: dict[str, dict[str, dict[str, str]]] = {}
    for family in FAMILIES:
        table = str(family.model.__tablename__)
        rows = _family_rows(session, family, enterprise_id, year)
        records[table] = {str(r.id): {"sha256": _sha({k: v for k, v in r.model_dump(warnings=False).items()
                                                      if k not in skip}),
                                      "label": record_label(family.model, r)} for r in rows}
    return records


def _content(session: Session, enterprise_id: int, year: int) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """table → id → {sha256, label} of every evidence record, and file sha256 → name."""
    records = record_contents(session, enterprise_id, year)
    files = {sha: name for sha, name in session.exec(select(EvidenceFile.sha256, EvidenceFile.name).where(
        EvidenceFile.enterprise_id == enterprise_id).order_by(EvidenceFile.sha256)).all()}
    return records, files


def content_sha256(session: Session, enterprise_id: int, year: int) -> str:
    records, files = _content(session, enterprise_id, year)
    return _sha({"records": records, "files": files})


def _not_ready(session: Session, enterprise_id: int, year: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for family in FAMILIES:
        model = family.model
        if "status" not in model.model_fields:
            continue
        query = select(func.count()).select_from(model).where(
            model.enterprise_id == enterprise_id, col(model.status).in_(NOT_READY))  # type: ignore[attr-defined]
        if family.has_year:
            query = query.where(model.year == year)  # type: ignore[attr-defined]
        n = int(session.exec(query).one())
        if n:
            counts[FAMILY_TH.get(str(model.__tablename__), family.sheet)] = n
    return counts


def submit_year(session: Session, actor: Actor, *, enterprise_id: int, year: int, note: str | None = None) -> Submission:
    """Freeze the year's self-assessment as the next version; refused while records wait in draft."""
    require_planning(actor, enterprise_id, session=session, attempt="submission")
    waiting = _not_ready(session, enterprise_id, year)
    if waiting:
        listed = ", ".join(f"{name} {n:,} รายการ" for name, n in waiting.items())
        raise SubmissionRefused(f"ยังส่งผลการประเมินไม่ได้: มีข้อมูลที่เป็นร่างหรือรอการตรวจ ({listed}) "
                                "ให้ตรวจอนุมัติหรือส่งกลับให้ครบก่อน", field="status")
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year)
    records, files = _content(session, enterprise_id, year)
    number = int(session.exec(select(func.coalesce(func.max(Submission.number), 0)).where(
        Submission.enterprise_id == enterprise_id, Submission.year == year)).one()) + 1
    manifest = {
        "enterprise_id": enterprise_id, "year": year, "number": number,
        "criteria_version": assessment.criteria_version, "method": assessment.method,
        "claim_mode": str(assessment.claim_mode), "score": assessment.score,
        "subtopics": {s.code: s.level for s in assessment.subtopics()},
        "items": {i.id: {"met": i.met, "status": str(i.status), "text": i.text_th}
                  for s in assessment.subtopics() for i in s.items},
        "records": records, "files": files, "content_sha256": _sha({"records": records, "files": files}),
    }
    submission = Submission(enterprise_id=enterprise_id, year=year, number=number, score=assessment.score,
                            manifest=manifest, manifest_sha256=_sha(manifest), note=note, submitted_by=actor.username)
    session.add(submission)
    session.flush()
    record_audit(session, actor, "submission", enterprise_id=enterprise_id, table_name="submission",
                 record_id=submission.id, summary=f"ส่งผลการประเมินตนเองปี {year} ฉบับที่ {number}",
                 after={"number": number, "manifest_sha256": submission.manifest_sha256})
    return submission


def list_submissions(session: Session, actor: Actor, *, enterprise_id: int, year: int) -> list[Submission]:
    require_read(actor, enterprise_id, session=session)
    return list(session.exec(select(Submission).where(Submission.enterprise_id == enterprise_id,
                                                      Submission.year == year).order_by(Submission.number)).all())


def get_submission(session: Session, actor: Actor, *, enterprise_id: int, year: int, number: int) -> Submission:
    require_read(actor, enterprise_id, session=session)
    found = session.exec(select(Submission).where(Submission.enterprise_id == enterprise_id, Submission.year == year,
                                                  Submission.number == number)).first()
    if found is None:
        raise NotFound(f"ไม่พบผลการประเมินที่ส่งปี {year} ฉบับที่ {number}", field="version")
    return found


def _current_sha256(session: Session, enterprise_id: int, year: int) -> str:
    """`content_sha256` kept in the year's evidence pass: every record and file write adds an audit row,
    which moves the data version (a report asks for its year's label twice and for last year's once; the
    evidence pack and the comparison page ask again)."""
    return evidence_pass(session, enterprise_id, year).get(
        "content_sha256", lambda: content_sha256(session, enterprise_id, year))


def version_label(session: Session, enterprise_id: int, year: int) -> str:
    """Which version a report shows: a submitted version when nothing changed since, else the working data."""
    latest = session.exec(select(Submission).where(Submission.enterprise_id == enterprise_id, Submission.year == year)
                          .order_by(col(Submission.number).desc())).first()
    if latest is None:
        return "ข้อมูลปัจจุบัน (ยังไม่ได้ส่งผลการประเมิน)"
    if latest.manifest.get("content_sha256") == _current_sha256(session, enterprise_id, year):
        return f"ฉบับที่ส่ง {latest.number} (SHA-256 {latest.manifest_sha256[:12]}…)"
    return f"ข้อมูลปัจจุบัน (แก้ไขหลังฉบับที่ส่ง {latest.number})"


@dataclass(frozen=True)
class SubmissionDiff:
    before: int
    after: int
    score: tuple[float | None, float | None]
    records: list[tuple[str, str, str]] = field(default_factory=list)  # (family, change, label)
    files: list[tuple[str, str]] = field(default_factory=list)  # (change, name)
    items: list[tuple[str, str, str, str]] = field(default_factory=list)  # (item, text, before, after)

    def lines(self) -> list[str]:
        out = [f"เปรียบเทียบฉบับที่ {self.before} กับฉบับที่ {self.after}: คะแนนรวม "
               f"{_fmt(self.score[0])} → {_fmt(self.score[1])}"]
        out += [f"ข้อมูล {family}: {change} '{label}'" for family, change, label in self.records]
        out += [f"ไฟล์: {change} '{name}'" for change, name in self.files]
        out += [f"รายการเกณฑ์ {item} ({text[:60]}): {a} → {b}" for item, text, a, b in self.items]
        if len(out) == 1:
            out.append("ไม่มีความเปลี่ยนแปลง")
        return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _verdict(item: dict | None) -> str:  # type: ignore[type-arg]
    if item is None:
        return "ไม่มีในฉบับนี้"
    return "ผ่าน" if item["met"] else "ไม่ผ่าน"


def diff_submissions(session: Session, actor: Actor, *, enterprise_id: int, year: int, before: int,
                     after: int) -> SubmissionDiff:
    old = get_submission(session, actor, enterprise_id=enterprise_id, year=year, number=before).manifest
    new = get_submission(session, actor, enterprise_id=enterprise_id, year=year, number=after).manifest
    diff = SubmissionDiff(before, after, (old.get("score"), new.get("score")))
    for table in sorted(set(old["records"]) | set(new["records"])):
        family = FAMILY_TH.get(table, table)
        a, b = old["records"].get(table, {}), new["records"].get(table, {})
        for rid in sorted(set(a) | set(b), key=int):
            if rid not in a:
                diff.records.append((family, "เพิ่ม", b[rid]["label"]))
            elif rid not in b:
                diff.records.append((family, "ลบ", a[rid]["label"]))
            elif a[rid]["sha256"] != b[rid]["sha256"]:
                diff.records.append((family, "แก้ไข", b[rid]["label"]))
    for sha in sorted(set(old["files"]) | set(new["files"])):
        if sha not in old["files"]:
            diff.files.append(("เพิ่ม", new["files"][sha]))
        elif sha not in new["files"]:
            diff.files.append(("ลบ", old["files"][sha]))
    for item in sorted(set(old["items"]) | set(new["items"])):
        a, b = old["items"].get(item), new["items"].get(item)
        if _verdict(a) != _verdict(b):
            diff.items.append((item, (b or a or {}).get("text", ""), _verdict(a), _verdict(b)))
    return diff
