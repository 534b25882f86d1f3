"""The demo's evidence pack built from the file store on the local disk and on the S3 server, and its
download: served by the page on the local disk, a pre-signed URL of the exact bytes on the object store."""

import csv
import hashlib
import io
import urllib.parse
import urllib.request
import zipfile

from sqlmodel import select

from evidence.models import EvidenceFile
from reports.evidence_pack import INDEX_NAME
from reports.file_source import StoreSource
from reports.jobs import fresh_pack_folder, make_evidence_pack
from reports.pack_download import offer_pack, pack_url
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


def test_on_the_object_store_the_pack_is_a_presigned_download_of_the_exact_bytes(session, demo, s3_env, tmp_path):
    from evidence.filestore import default_storage

    storage = default_storage()
    folder = fresh_pack_folder(tmp_path)
    pack = _pack(session, demo, storage, folder)
    expected = pack.zip_path.read_bytes()
    offer = offer_pack(pack.zip_path, storage)
    assert offer.path is None and offer.object_name and not folder.exists()  # nothing left on the portal's disk
    url = pack_url(offer, storage)
    assert url is not None and url.startswith(s3_env.endpoint)
    with urllib.request.urlopen(url, timeout=20) as answer:
        body = answer.read()
        disposition = answer.headers["Content-Disposition"]
        assert answer.headers["Content-Type"] == "application/zip"
    assert body == expected
    assert urllib.parse.unquote(disposition.split("filename*=UTF-8''")[1]) == pack.zip_path.name


def test_on_the_local_disk_the_page_serves_the_pack_from_its_file(session, demo, tmp_path):
    from evidence.filestore import default_storage

    pack = _pack(session, demo, default_storage(), fresh_pack_folder(tmp_path))
    offer = offer_pack(pack.zip_path)
    assert offer.path == pack.zip_path and offer.path.exists() and pack_url(offer) is None
