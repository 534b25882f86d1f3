"""Job results on the S3 server (issue 17 items 1–2): a finished job's files are uploaded to the store,
nothing of them stays on the portal's disk, the file list records each object, a pre-signed link
downloads the exact bytes under their (Thai) name, and the purge deletes the objects when their time is
up: SCM_JOB_RESULT_HOURS, or SCM_SESSION_MINUTES for a pack holding unmasked personal data."""

import urllib.error
import urllib.parse
import urllib.request
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.jobs import enqueue, status
from evidence.jobs.runner import JobRun
from evidence.jobs.store import file_url, job_folder, object_store, publish_results, purge_expired
from evidence.models.base import utcnow
from evidence.models.jobs import JobState
from evidence.services.users import find_user


def user(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def fetch(url: str) -> tuple[bytes, str, str]:
    with urllib.request.urlopen(url, timeout=20) as answer:
        return answer.read(), answer.headers["Content-Type"], answer.headers["Content-Disposition"]


def exists(name: str) -> bool:
    store = object_store()
    assert store is not None
    listed = store.client.list_objects_v2(Bucket=store.location.bucket, Prefix=name)  # type: ignore[attr-defined]
    return any(item["Key"] == name for item in listed.get("Contents", []))


def test_an_export_job_on_the_object_store_leaves_its_workbook_in_the_store_and_nothing_on_disk(
        session, demo, s3_env):
    planner = user(session, "planner")
    job = enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="inline")
    assert job.state == JobState.SUCCEEDED, job.error
    [file] = job.files
    assert file.name == "scm-DEMO-2569.xlsx" and file.object.startswith(f"{object_store().location.prefix}exports/")
    assert job.path(file.name) is None and job.has(file.name)
    assert not job_folder(job.id).exists()  # nothing of the job on the portal's (or worker's) disk
    url = file_url(status(planner, job.id), file.name)
    assert url is not None and url.startswith(s3_env.endpoint) and "X-Amz-Signature=" in url
    body, media, _ = fetch(url)
    assert len(body) == file.size and media == file.media
    with zipfile.ZipFile(BytesIO(body)) as book:
        assert "xl/workbook.xml" in book.namelist()


def test_a_result_with_a_thai_name_is_downloaded_under_that_name(engine, s3_env):
    run = JobRun(job_id=999_101, kind="readiness", params={})
    run.write("รายงานความพร้อม 2569.docx", "application/octet-stream", b"PK report")
    [file] = publish_results(999_101, run.files)
    assert not job_folder(999_101).exists()
    store = object_store()
    body, _, disposition = fetch(store.export_url(file.object, filename=file.name, media_type=file.media))
    assert body == b"PK report"
    assert urllib.parse.unquote(disposition.split("filename*=UTF-8''")[1]) == "รายงานความพร้อม 2569.docx"


def test_the_purge_deletes_a_jobs_objects_after_the_hours_kept(session, demo, s3_env):
    planner = user(session, "planner")
    job = enqueue("export", planner, enterprise_id=demo, year=2569, params={"enterprise_id": demo, "year": 2569},
                  runner="inline")
    [file] = job.files
    assert exists(file.object)
    assert purge_expired(session, now=utcnow() + timedelta(hours=23)) == 0
    assert exists(file.object)
    assert purge_expired(session, now=utcnow() + timedelta(hours=25)) == 1
    session.commit()
    assert not exists(file.object)
    gone = status(planner, job.id)
    assert gone.files == () and not gone.has(file.name) and file_url(gone, file.name) is None


def test_an_unmasked_pack_in_the_store_is_deleted_once_the_session_time_has_passed(session, demo, s3_env):
    planner = user(session, "planner")
    job = enqueue("evidence_pack", planner, enterprise_id=demo, year=2569, runner="inline",
                  params={"enterprise_id": demo, "year": 2569, "unmasked": True})
    assert job.state == JobState.SUCCEEDED, job.error
    objects = [f.object for f in job.files]
    assert {f.name for f in job.files} == {"evidence-pack-DEMO-2569.zip", "evidence-pack-DEMO-2569.docx"}
    assert all(exists(name) for name in objects)
    url = file_url(job, "evidence-pack-DEMO-2569.zip")
    assert purge_expired(session, now=utcnow() + timedelta(minutes=59)) == 0
    assert purge_expired(session, now=utcnow() + timedelta(minutes=61)) == 1
    session.commit()
    assert not any(exists(name) for name in objects)
    with pytest.raises(urllib.error.HTTPError) as refused:  # a link handed out before is dead too
        fetch(url or "")
    assert refused.value.code == 404
