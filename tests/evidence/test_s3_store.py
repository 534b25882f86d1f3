"""The S3 object store against a real S3 server (SeaweedFS, started by `tests/s3_server.py`): the same
`Storage` behaviour as the local disk, checksums verified on the way in, and pre-signed downloads."""

import hashlib
import urllib.error
import urllib.parse
import urllib.request

import pytest

from evidence.filestore import default_storage
from evidence.s3store import S3Storage, StorageError, content_disposition
from evidence.services.files import file_download, upload_file
from tests.evidence.excel_support import demo_actor

PDF = b"%PDF-1.4\n% \xe0\xb8\x97\xe0\xb8\x94\xe0\xb8\xaa\xe0\xb8\xad\xe0\xb8\x9a\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def test_storage_url_selects_the_object_store_and_keys_are_the_sha256(s3_env):
    store = default_storage()
    assert isinstance(store, S3Storage)
    key = store.put(PDF)
    assert key == hashlib.sha256(PDF).hexdigest()
    assert store.exists(key) and store.get(key) == PDF
    with store.open(key) as stream:
        assert stream.read(10) + stream.read() == PDF
    assert store.put(PDF) == key  # the same bytes are stored once
    store.delete(key)
    store.delete(key)  # already gone: not an error
    assert not store.exists(key)
    with pytest.raises(FileNotFoundError):
        store.open(key)


def test_a_put_whose_bytes_do_not_match_the_checksum_leaves_no_object(s3_env):
    store = default_storage()
    assert isinstance(store, S3Storage)
    key = hashlib.sha256(PDF).hexdigest()
    wrong = "A" * 43 + "="  # the SHA-256 of other bytes: the server must refuse the body
    with pytest.raises(Exception, match="BadDigest|Checksum|digest"):
        store.client.put_object(Bucket=store.location.bucket, Key=store._object(key), Body=PDF,
                                ChecksumSHA256=wrong)
    assert not store.exists(key)


def test_a_stored_object_altered_behind_the_portal_is_refused_on_read(s3_env):
    store = default_storage()
    assert isinstance(store, S3Storage)
    key = store.put(PDF)
    store.client.put_object(Bucket=store.location.bucket, Key=store._object(key), Body=b"tampered")
    with pytest.raises(StorageError, match="ไม่ตรงกับค่า SHA-256"):
        store.get(key)


def test_a_presigned_url_downloads_the_exact_bytes_under_the_thai_name(s3_env, session, demo):
    planner = demo_actor(session, "planner")
    stored = upload_file(session, planner, enterprise_id=demo, year=2569, name="มติคณะกรรมการ 5-2568.pdf",
                         data=PDF, item_ids=["SM1.1-L1-a"])
    session.commit()
    file, url = file_download(session, demo_actor(session, "assessor"), stored.id)
    assert file.id == stored.id and url is not None and url.startswith(s3_env.endpoint)
    assert "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=10) as answer:  # plain HTTP: the portal is not in the path
        body = answer.read()
        disposition = answer.headers["Content-Disposition"]
        media_type = answer.headers["Content-Type"]
    assert body == PDF
    assert media_type == "application/pdf"
    assert urllib.parse.unquote(disposition.split("filename*=UTF-8''")[1]) == "มติคณะกรรมการ 5-2568.pdf"
    forged = url.replace(stored.storage_key, hashlib.sha256(b"other").hexdigest())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=10)
    assert refused.value.code == 403


def test_content_disposition_carries_the_thai_name_and_an_ascii_fallback():
    header = content_disposition('รายงาน "ปี" 2569.pdf')
    assert header.startswith('attachment; filename="')
    assert header.split('filename="')[1].split('"')[0].isascii()
    assert urllib.parse.unquote(header.split("filename*=UTF-8''")[1]) == 'รายงาน "ปี" 2569.pdf'


def test_an_unknown_storage_url_is_refused_in_thai(monkeypatch):
    from evidence.settings import get_settings

    monkeypatch.setenv("SCM_STORAGE_URL", "ftp://files.example/evidence")
    get_settings.cache_clear()
    with pytest.raises(StorageError, match="ไม่รองรับ"):
        default_storage()
    get_settings.cache_clear()
