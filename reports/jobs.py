"""Make a readiness report or an evidence pack for the portal page and the CLI: score through the
scoring service, gather evidence through `evidence.services.report_data`, build, and report progress.
"""

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from evidence.access import SYSTEM, Actor
from evidence.audit import record_export
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.report_data import ReportScope, gather_evidence, report_scope
from evidence.services.scoring import score_enterprise
from evidence.services.submissions import version_label
from evidence.settings import get_settings
from reports.evidence_pack import FileSource, build_evidence_pack_docx, pack_layout, write_evidence_zip
from reports.readiness import ReportMeta, build_readiness_report

Progress = Callable[[float, str], None]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _quiet(_share: float, _message: str) -> None:
    return None


def author(actor: Actor) -> str:
    """The name on the cover: the user's display name, or the portal itself for the system actor."""
    if actor.username == SYSTEM.username:
        return "พอร์ทัล SE-AM SCM (คำสั่ง scm-portal)"
    return actor.display_name or actor.username


def file_stem(kind: str, scope: ReportScope, year: int) -> str:
    """`readiness-DEMO-2569` or `evidence-pack-DEMO-2569-L04` (ASCII: safe in every file system)."""
    parts = [kind, scope.enterprise_code, str(year)] + ([scope.division_code] if scope.division_code else [])
    return "-".join(parts)


@dataclass(frozen=True)
class ReadinessDocument:
    filename: str
    data: bytes
    score: float | None


def make_readiness_report(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    division_id: int | None = None,
    method: str | None = None,
    claim_mode: str | None = None,
    target_level: float | None = None,
    made_on: date | None = None,
    made_by: str | None = None,
    progress: Progress = _quiet,
) -> ReadinessDocument:
    scope = report_scope(session, actor, enterprise_id=enterprise_id, division_id=division_id)
    progress(0.05, "กำลังคำนวณระดับตามเกณฑ์")
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=division_id,
                                  method=method, claim_mode=claim_mode, reuse=True)
    criteria = resolve_criteria(session, assessment.criteria_version)
    progress(0.4, "กำลังจัดทำเอกสาร Word")
    meta = ReportMeta(made_on=made_on or date.today(), made_by=made_by or author(actor), target_level=target_level,
                      version_label=version_label(session, enterprise_id, year))
    data = build_readiness_report(assessment, criteria, meta)
    progress(1.0, "จัดทำรายงานเสร็จแล้ว")
    return ReadinessDocument(f"{file_stem('readiness', scope, year)}.docx", data, assessment.score)


@dataclass(frozen=True)
class EvidencePack:
    docx_path: Path
    zip_path: Path
    files: int  # entries under files/ (a file listed by two sub-topics counts twice)
    missing: int
    bytes_in_files: int


PACKS_DIR = "scm-evidence-packs"
def fresh_pack_folder(root: Path | None = None) -> Path:
    """A new folder for one pack made in the portal, under the temp folder. A pack is deleted as soon
    as it is downloaded (`take_pack`); one never downloaded goes when the session that made it has
    expired (SCM_SESSION_MINUTES), removed here on the way."""
    parent = (root or Path(tempfile.gettempdir())) / PACKS_DIR
    parent.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - get_settings().session_minutes * 60
    for old in parent.iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix="pack-", dir=parent))


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary name beside `path`, renamed to `path` when the block ends; on any failure (a killed
    or failed job) the partial file is removed and nothing appears under the real name."""
    part = path.with_name(f".{path.name}.part-{os.getpid()}")
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)


def write_atomically(path: Path, data: bytes) -> None:
    """`path.write_bytes(data)`, but all or nothing."""
    with atomic_target(path) as part:
        part.write_bytes(data)


def take_pack(path: Path) -> bytes:
    """The bytes of a pack file for its download; its folder (the .zip and the .docx) is deleted at once,
    so no copy of the evidence (personal data among it) stays in the temp folder."""
    data = path.read_bytes()
    if path.parent.parent.name == PACKS_DIR:
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return data


def make_evidence_pack(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    year: int,
    target: Path,
    source: FileSource,
    division_id: int | None = None,
    method: str | None = None,
    claim_mode: str | None = None,
    made_on: date | None = None,
    made_by: str | None = None,
    progress: Progress = _quiet,
) -> EvidencePack:
    """Write the pack's .zip to `target` and its .docx beside it (same name); when `target` is a folder,
    as `evidence-pack-<enterprise>-<year>[-<line>].zip` inside it."""
    scope = report_scope(session, actor, enterprise_id=enterprise_id, division_id=division_id)
    progress(0.02, "กำลังคำนวณระดับตามเกณฑ์")
    assessment = score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=division_id,
                                  method=method, claim_mode=claim_mode, reuse=True)
    progress(0.1, "กำลังรวบรวมข้อมูล การอนุมัติ และไฟล์หลักฐานของแต่ละรายการ")
    refs = {item.id: item.evidence for sub in assessment.subtopics() for item in sub.items}
    evidence = gather_evidence(session, actor, enterprise_id=enterprise_id, refs_by_item=refs)
    layout = pack_layout(assessment, evidence, available=source.exists)
    progress(0.2, "กำลังจัดทำเอกสาร Word")
    meta = ReportMeta(made_on=made_on or date.today(), made_by=made_by or author(actor),
                      version_label=version_label(session, enterprise_id, year))
    docx = build_evidence_pack_docx(assessment, evidence, layout, meta)
    zip_path = target / f"{file_stem('evidence-pack', scope, year)}.zip" if target.is_dir() else target
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    docx_path = zip_path.with_suffix(".docx")

    def zipped(done: int, total: int) -> None:
        progress(0.3 + 0.7 * done / max(total, 1), f"กำลังรวมไฟล์หลักฐานลงไฟล์ .zip ({done:,}/{total:,})")

    progress(0.3, "กำลังรวมไฟล์หลักฐานลงไฟล์ .zip")
    with atomic_target(zip_path) as zip_part, atomic_target(docx_path) as docx_part:
        write_evidence_zip(zip_part, docx_name=docx_path.name, docx=docx, layout=layout, source=source,
                           progress=zipped)
        docx_part.write_bytes(docx)
    with_contacts = [r for e in evidence.values() for r in e.records if r.contacts]
    record_export(session, actor, "ชุดหลักฐาน (evidence pack)", enterprise_id=enterprise_id,
                  rows=len(layout.entries), personal=bool(with_contacts) and actor.sees_contacts)
    progress(1.0, "จัดทำชุดหลักฐานเสร็จแล้ว")
    return EvidencePack(docx_path, zip_path, len(layout.entries), len(layout.missing), layout.total_bytes)
