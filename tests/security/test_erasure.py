"""An erasure leaves nothing of the person behind: not in any table (the audit trail included), not in
the SQLite file or its WAL, not in the file store, not in a pack kept as a job result (issue 14
item 5). The person's name, phone and e-mail are searched for byte by byte afterwards."""

from pathlib import Path

import pytest
from sqlmodel import select

from evidence.db import get_engine
from evidence.errors import AuthenticationFailed
from evidence.jobs.runner import JobRun
from evidence.jobs.store import job_folder, remove_file, view
from evidence.models import AuditLog, ComplaintCase, VocRecord
from evidence.models.base import ReviewStatus
from evidence.models.files import EvidenceFile
from evidence.models.jobs import Job
from evidence.models.pdpa import RequestKind
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import CloseOutcome, close_request, erase_person, find_person, open_request
from evidence.services.files import upload_file
from evidence.services.records import set_review_status
from evidence.services.users import authenticate
from evidence.settings import get_settings
from tests.evidence.pdpa_world import PERSON, add_person_records, tables_mentioning

NEEDLES = ("มาลี", "ศรีสุข", "malee.s@example.com", "081-234-5678", "0812345678")
LETTER = b"%PDF-1.4\n% complaint letter of " + PERSON["name"].encode() + b" tel " + PERSON["phone"].encode() + b"\n%%EOF"
SHARED = b"%PDF-1.4\n% policy that is also attached to another case\n%%EOF"


def _leave_traces(session, world) -> dict[str, int]:
    """The person as the attack run found them: records, a return comment, attached files, a typed name."""
    ids = add_person_records(session, world)
    planner = world.actor("planner")
    upload_file(session, planner, enterprise_id=world.enterprise_id, year=2569, name=f"จดหมาย {PERSON['name']}.pdf",
                data=LETTER, record=("complaintcase", ids["case"]))
    upload_file(session, planner, enterprise_id=world.enterprise_id, year=2569, name="นโยบาย.pdf", data=SHARED,
                record=("complaintcase", ids["case"]))
    upload_file(session, planner, enterprise_id=world.enterprise_id, year=2569, name="นโยบาย.pdf", data=SHARED,
                record=("complaintcase", ids["other_case"]))
    voc = session.get(VocRecord, ids["voc"])
    set_review_status(session, planner, VocRecord, voc.id, ReviewStatus.RETURNED, expected_version=voc.version,
                      comment=f"โปรดโทรยืนยันกับ {PERSON['name']} ที่ {PERSON['phone']}")
    session.commit()
    with pytest.raises(AuthenticationFailed):
        authenticate(session, PERSON["name"], "x")  # a name typed into the user-name field
    session.commit()
    return ids


def _bytes_holding(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = [n for n in NEEDLES if n.encode() in data]
            if hits:
                found[str(path.relative_to(root))] = hits
    return found


def test_after_an_erasure_the_person_is_found_nowhere(session, world, tmp_path):
    ids = _leave_traces(session, world)
    admin = world.actor("admin")
    request = open_request(session, admin, enterprise_id=world.enterprise_id, kind=RequestKind.ERASURE)
    query = PersonQuery(name=PERSON["name"], phone=PERSON["phone"], email=PERSON["email"])
    assert {h.table for h in find_person(session, admin, request.id, query)} >= {"complaintcase", "evidencefile"}
    erase_person(session, admin, request.id, query)
    close_request(session, admin, request.id, CloseOutcome.DONE)
    session.commit()
    for needle in NEEDLES:
        assert tables_mentioning(session, needle) == {}, needle  # the audit trail included
    files = session.exec(select(EvidenceFile)).all()
    assert [f.name for f in files] == ["นโยบาย.pdf"]  # the shared file stays: another case links it
    assert session.get(ComplaintCase, ids["other_case"]).complainant_name == "นายสมปอง ดีใจ"
    assert session.exec(select(AuditLog).where(AuditLog.action == "dsr:erase",
                                               AuditLog.table_name == "evidencefile")).all()
    if get_engine().dialect.name == "sqlite":  # the database file and its WAL, byte by byte
        data_dir = get_settings().data_dir
        wal = data_dir / "scm-portal.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0
        assert _bytes_holding(data_dir) == {}  # the database, the WAL and the file store
    else:
        assert _bytes_holding(get_settings().files_dir) == {}


def test_a_pack_kept_as_a_job_result_is_deleted_as_soon_as_it_is_downloaded(engine):
    run = JobRun(job_id=999_002, kind="evidence_pack", params={})
    run.write("evidence-pack.zip", "application/zip", b"PK pack holding " + PERSON["name"].encode())
    job = view(Job(id=999_002, kind="evidence_pack", username="planner",
                   result={"files": [f.__dict__ for f in run.files]}))
    assert job.path("evidence-pack.zip").read_bytes().endswith(PERSON["name"].encode())
    remove_file(job, "evidence-pack.zip")  # what the page's download does with `remove_after`
    assert not job.has("evidence-pack.zip") and _bytes_holding(job_folder(999_002)) == {}
