"""Backup and restore (issue 13 §6): identical scores, reports and files; bad input changes nothing."""

import io
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from evidence import db
from evidence.access import SYSTEM
from evidence.backup import BackupRefused, backup_enterprise, restore_backup
from evidence.filestore import LocalStorage
from evidence.models import Approval, Enterprise, EvidenceFile, User
from evidence.services.files import read_file, upload_file
from evidence.services.scoring import score_enterprise
from evidence.settings import get_settings
from portal.cli import main
from reports.jobs import make_readiness_report
from tests.cycles.support import empty_database
from tests.evidence.test_files import PDF

PG_URL = os.environ.get("SCM_TEST_DATABASE_URL", "")


def report_text(data: bytes) -> list[str]:
    """The report's words, without its document-control table (number, evidence version and time of
    making: a restore writes audit rows of its own, so the evidence version moves on by design)."""
    document = docx.Document(io.BytesIO(data))
    tables = [t for t in document.tables if not any(c.text == "เลขที่เอกสาร" for row in t.rows for c in row.cells)]
    cells = [c.text for t in tables for row in t.rows for c in row.cells]
    moving = ("เลขที่เอกสาร", "ฉบับหลักฐาน", "วันที่จัดทำ")  # the cover's control lines (the making time's minute
    # moves on between the two reports when the restore takes long)
    paragraphs = [p.text for p in document.paragraphs if not p.text.startswith(moving)]
    return paragraphs + cells


def state_of(session: Session, enterprise_id: int) -> dict[str, object]:
    """What must come back identical: the score (whole JSON), the readiness report's text, the files."""
    assessment = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=2569)
    report = make_readiness_report(session, SYSTEM, enterprise_id=enterprise_id, year=2569)
    files = {f.sha256: read_file(session, SYSTEM, f.id)[1] for f in session.exec(select(EvidenceFile)).scalars()}
    return {"score": json.dumps(assessment.to_json_dict(), sort_keys=True, default=str),
            "report": report_text(report.data), "files": files}


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in SQLModel.metadata.sorted_tables}


def with_a_file(session, demo) -> None:
    approval = session.exec(select(Approval).order_by(Approval.id)).scalars().first()
    upload_file(session, SYSTEM, enterprise_id=demo, year=2569, name="มติคณะกรรมการ.pdf", data=PDF,
                record=("approval", approval.id))
    session.commit()


def test_a_backup_restored_into_an_empty_database_gives_identical_scores_reports_and_files(
        engine, session, demo, tmp_path, capsys):
    with_a_file(session, demo)
    before, counts = state_of(session, demo), row_counts(engine)
    before_users = session.exec(select(User.username)).scalars().all()
    out = tmp_path / "demo.zip"
    assert main(["backup", "--enterprise", "DEMO", "--out", str(out)]) == 0
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["tables"]["vocrecord"]["rows"] == counts["vocrecord"]
    assert sorted(manifest["files"]) == sorted(before["files"])
    session.close()
    empty_database(engine)
    for path in Path(os.environ["SCM_DATA_DIR"]).rglob("*"):
        if path.is_file() and path.parent.name != "data" and len(path.name) == 64:
            path.unlink()  # the evidence files go too: restore must bring them back
    assert main(["restore", str(out)]) == 0, capsys.readouterr().err
    assert "กู้คืนรัฐวิสาหกิจ DEMO แล้ว" in capsys.readouterr().out
    with Session(engine) as fresh:
        assert state_of(fresh, demo) == before
    after = row_counts(engine)
    skip = ("auditlog", "user", "searchdoc")  # the audit log gains the restore; the portal's own administrator is not
    # the enterprise's (nor is the search index's row of that account)
    assert {t: n for t, n in after.items() if t not in skip} == {t: n for t, n in counts.items() if t not in skip}
    with Session(engine) as fresh:
        users = set(fresh.exec(select(User.username)).scalars())
    assert users == set(before_users) - {"admin"}


def test_a_restore_into_a_database_that_holds_the_enterprise_is_refused_and_changes_nothing(
        engine, session, demo, tmp_path, capsys):
    out = tmp_path / "demo.zip"
    assert main(["backup", "--enterprise", "DEMO", "--out", str(out)]) == 0
    counts = row_counts(engine)
    assert main(["restore", str(out)]) == 2
    assert "ฐานข้อมูลนี้มีรัฐวิสาหกิจรหัส 'DEMO' อยู่แล้ว" in capsys.readouterr().err
    assert row_counts(engine) == counts


def edited(data: bytes, name: str, change) -> bytes:  # noqa: ANN001
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            target.writestr(item, change(content) if item == name else content)
    return buffer.getvalue()


def test_an_edited_backup_is_refused_by_its_hashes_and_changes_nothing(engine, session, demo):
    with_a_file(session, demo)
    data = backup_enterprise(session, SYSTEM, enterprise_id=demo, storage=LocalStorage(get_settings().files_dir))
    session.commit()
    session.close()
    empty_database(engine)
    sha = next(iter(json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))["files"]))
    cases = {
        "tables/vocrecord.jsonl": ("SHA-256 ของตาราง vocrecord ไม่ตรงกับ manifest",
                                   lambda c: c.replace(b"VOC-69-0001", b"VOC-69-9999")),
        "manifest.json": ("SHA-256 ของ manifest.json ไม่ตรงกับที่บันทึกไว้", lambda c: c.replace(b'"format": 1', b'"format": 2')),
        f"files/{sha}": ("ไม่ตรงกับ SHA-256", lambda c: c + b"x"),
    }
    for name, (message, change) in cases.items():
        with Session(engine) as fresh:
            with pytest.raises(BackupRefused, match=message):
                restore_backup(fresh, SYSTEM, edited(data, name, change))
            fresh.rollback()
        assert sum(row_counts(engine).values()) == 0, name


@pytest.mark.skipif(not PG_URL, reason="runs in the PostgreSQL pass (SCM_TEST_DATABASE_URL): it restores a SQLite "
                                       "backup into PostgreSQL")
def test_a_sqlite_backup_restores_into_postgresql_with_identical_scores(engine, session, tmp_path):
    from evidence.demo import load_demo

    lite = db.make_engine(f"sqlite:///{tmp_path / 'embedded.db'}")
    db.upgrade(lite)
    with Session(lite, expire_on_commit=False) as source:
        load_demo(source)
        source.commit()
        eid = source.exec(select(Enterprise.id)).scalar_one()
        before = json.dumps(score_enterprise(source, SYSTEM, enterprise_id=eid, year=2569).to_json_dict(),
                            sort_keys=True, default=str)
        data = backup_enterprise(source, SYSTEM, enterprise_id=eid)
        source.commit()
    lite.dispose()
    assert engine.dialect.name == "postgresql"
    report = restore_backup(session, SYSTEM, data)
    session.commit()
    assert report.rows["vocrecord"] == 240
    after = json.dumps(score_enterprise(session, SYSTEM, enterprise_id=eid, year=2569).to_json_dict(),
                       sort_keys=True, default=str)
    assert after == before
