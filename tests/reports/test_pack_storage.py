"""The demo's evidence pack built from the file store on the local disk and on the S3 server (its
download as a job result is tested in tests/evidence/test_job_results_s3.py)."""

import csv
import hashlib
import io
import zipfile

from sqlmodel import select

from evidence.models import EvidenceFile
from reports.evidence_pack import INDEX_NAME
from reports.file_source import StoreSource
from reports.jobs import make_evidence_pack
from tests.evidence.excel_support import demo_actor


def _pack(session, demo, storage, target):
    return make_evidence_pack(session, demo_actor(session, "planner"), enterprise_id=demo, year=2569,
                              target=target, source=StoreSource(storage))


def test_the_demo_pack_streams_every_evidence_file_from_the_store(session, demo, storage, tmp_path):
    pack = _pack(session, demo, storage, tmp_path)
    stored = {f.sha256: f for f in session.exec(select(EvidenceFile).where(EvidenceFile.enterprise_id == demo))}
    assert pack.files > 0 and pack.missing == 0
    with zipfile.ZipFile(pack.zip_path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(INDEX_NAME).decode("utf-8-sig"))))
        files = [r for r in rows if r["path"].startswith("files/")]
        assert len(files) == pack.files
        for row in files:
            data = archive.read(row["path"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"] and row["sha256"] in stored
            assert data == storage.get(stored[row["sha256"]].storage_key)
