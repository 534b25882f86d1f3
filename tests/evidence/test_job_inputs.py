"""A job's input files (the workbook handed to an import job, issue 17 item 1): on an object store they
are uploaded there, so a worker on another host with an empty disk runs the job; on the local disk they
sit beside the job's results. Either way they are removed when the job ends (PDPA: an uploaded workbook
holds complainants' data), whether it succeeded, failed or was only a check."""

import shutil

from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.db import session_scope
from evidence.excel.exporter import export_workbook
from evidence.jobs import enqueue
from evidence.jobs.inputs import PARAM, stage_inputs
from evidence.jobs.runner import execute
from evidence.jobs.store import create, job_folder, object_store, view
from evidence.models.jobs import Job, JobState
from evidence.services.users import find_user


def user(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def in_store(name: str) -> bool:
    store = object_store()
    assert store is not None
    listed = store.client.list_objects_v2(Bucket=store.location.bucket, Prefix=name)  # type: ignore[attr-defined]
    return any(item["Key"] == name for item in listed.get("Contents", []))


def params(demo: int, *, dry_run: bool) -> dict:  # type: ignore[type-arg]
    return {"filename": "scm-DEMO-2569.xlsx", "enterprise_id": demo, "year": 2569, "dry_run": dry_run}


def test_a_checked_workbook_is_removed_from_the_disk_when_its_job_ends(session, demo):
    planner = user(session, "planner")
    workbook = export_workbook(session, planner, enterprise_id=demo, year=2569)
    job = enqueue("import", planner, enterprise_id=demo, year=2569, inputs={"upload": workbook},
                  params=params(demo, dry_run=True), runner="inline")
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.summary["report"]["dry_run"] is True and job.summary["report"]["problems"] == []
    assert job.params[PARAM] == {"upload": ""}  # kept on this disk, not in a store
    assert not (job_folder(job.id) / "upload").exists()


def test_a_refused_upload_is_removed_too(session, demo):
    planner = user(session, "planner")
    job = enqueue("import", planner, enterprise_id=demo, year=2569, inputs={"upload": b"just some text"},
                  params=params(demo, dry_run=True), runner="inline")
    assert job.state == JobState.FAILED
    assert not (job_folder(job.id) / "upload").exists()


def test_on_the_object_store_a_worker_with_an_empty_disk_runs_the_import(session, demo, s3_env):
    planner = user(session, "planner")
    workbook = export_workbook(session, planner, enterprise_id=demo, year=2569)
    session.commit()  # the export's audit row: the job's own transaction writes next (SQLite: one writer)
    with session_scope() as jobs:  # what `enqueue` does on a portal replica, without running the job
        job = create(jobs, kind="import", actor=planner, enterprise_id=demo, year=2569,
                     params=params(demo, dry_run=True), runner="queue")
        job.params = {**job.params, PARAM: stage_inputs(job.id or 0, {"upload": workbook})}
        jobs.add(job)
        job_id = job.id or 0
    stored = view(session.get(Job, job_id)).params[PARAM]["upload"]
    assert stored.startswith(f"{object_store().location.prefix}job-inputs/") and in_store(stored)
    shutil.rmtree(job_folder(job_id), ignore_errors=True)  # the worker's host never saw the replica's disk
    assert execute(job_id) == JobState.SUCCEEDED
    session.expire_all()
    done = view(session.get(Job, job_id))
    assert done.summary["report"]["dry_run"] is True and done.summary["report"]["problems"] == []
    assert sum(sheet["rows"] for sheet in done.summary["report"]["sheets"]) > 0
    assert not in_store(stored)  # the job ended: its input is gone from the store
    assert not (job_folder(job_id) / "upload").exists()


def test_an_input_already_gone_fails_the_job_in_thai(session, demo, s3_env):
    planner = user(session, "planner")
    with session_scope() as jobs:
        job = create(jobs, kind="import", actor=planner, enterprise_id=demo, year=2569,
                     params=params(demo, dry_run=True), runner="queue")
        job.params = {**job.params, PARAM: stage_inputs(job.id or 0, {"upload": b"PK whatever"})}
        jobs.add(job)
        job_id = job.id or 0
    store = object_store()
    store.delete_export(view(session.get(Job, job_id)).params[PARAM]["upload"])
    assert execute(job_id) == JobState.FAILED
    session.expire_all()
    assert session.get(Job, job_id).error == "ไม่พบไฟล์ที่อัปโหลดไว้สำหรับงานนี้แล้ว กรุณาอัปโหลดไฟล์ใหม่"
