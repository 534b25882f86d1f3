"""A frozen submission (issue 13 §3): manifest and hashes, versions, diff, reports naming the version."""

import hashlib
import json

import pytest
from sqlmodel import col, select

from evidence.access import SYSTEM
from evidence.excel.schema import FAMILIES
from evidence.models import Approval, Submission, VocRecord
from evidence.models.base import ReviewStatus
from evidence.services.files import upload_file
from evidence.services.records import set_review_status, update_record
from evidence.services.submissions import SubmissionRefused, diff_submissions, submit_year, version_label
from portal.cli import main
from tests.cycles.test_backup import PDF


def review_everything(session) -> None:
    for family in FAMILIES:
        model = family.model
        if "status" not in model.model_fields:
            continue
        for record in session.exec(select(model).where(col(model.status).in_(["draft", "submitted"]))).all():
            set_review_status(session, SYSTEM, model, record.id, ReviewStatus.APPROVED, expected_version=record.version)
    session.commit()


def test_a_submission_while_records_are_in_draft_is_refused_and_stores_nothing(session, demo):
    record = session.exec(select(VocRecord).order_by(VocRecord.id)).first()
    set_review_status(session, SYSTEM, VocRecord, record.id, ReviewStatus.DRAFT, expected_version=record.version)
    session.commit()
    with pytest.raises(SubmissionRefused, match=r"มีข้อมูลที่เป็นร่างหรือรอการตรวจ \(VOC 1 รายการ\)"):
        submit_year(session, SYSTEM, enterprise_id=demo, year=2569)
    session.rollback()
    assert session.exec(select(Submission).where(Submission.year == 2569)).all() == []


def test_a_submission_freezes_scores_records_and_files_under_its_own_hash(session, demo):
    review_everything(session)
    first = submit_year(session, SYSTEM, enterprise_id=demo, year=2569)
    session.commit()
    canonical = json.dumps(first.manifest, sort_keys=True, ensure_ascii=False).encode()
    assert first.manifest_sha256 == hashlib.sha256(canonical).hexdigest()
    assert first.number == 1 and first.manifest["score"] == first.score
    voc = first.manifest["records"]["vocrecord"]
    assert len(voc) == 240 and all(len(v["sha256"]) == 64 for v in voc.values())
    assert first.manifest["items"] and first.manifest["subtopics"]
    assert version_label(session, demo, 2569).startswith("ฉบับที่ส่ง 1 (SHA-256 ")


def test_later_edits_make_a_new_version_and_the_diff_names_records_files_and_verdicts(session, demo, capsys):
    review_everything(session)
    submit_year(session, SYSTEM, enterprise_id=demo, year=2569)
    session.commit()
    assert version_label(session, demo, 2569).startswith("ฉบับที่ส่ง 1 ")  # kept in the year's pass from here
    record = session.exec(select(VocRecord).order_by(VocRecord.id)).first()
    update_record(session, SYSTEM, VocRecord, record.id, expected_version=record.version,
                  changes={"text": "ลูกค้าขอให้ขยายเวลาทำการ"})
    approval = session.exec(select(Approval).order_by(Approval.id)).first()
    upload_file(session, SYSTEM, enterprise_id=demo, year=2569, name="มติ.pdf", data=PDF,
                record=("approval", approval.id))
    session.commit()
    assert version_label(session, demo, 2569) == "ข้อมูลปัจจุบัน (แก้ไขหลังฉบับที่ส่ง 1)"
    second = submit_year(session, SYSTEM, enterprise_id=demo, year=2569)
    session.commit()
    assert second.number == 2
    diff = diff_submissions(session, SYSTEM, enterprise_id=demo, year=2569, before=1, after=2)
    assert diff.records == [("VOC", "แก้ไข", record.ref_no)]
    assert diff.files == [("เพิ่ม", "มติ.pdf")]
    assert main(["diff", "--enterprise", "DEMO", "--year", "2569", "--from", "1", "--to", "2"]) == 0
    out = capsys.readouterr().out
    assert f"ข้อมูล VOC: แก้ไข '{record.ref_no}'" in out and "ไฟล์: เพิ่ม 'มติ.pdf'" in out
    assert main(["diff", "--enterprise", "DEMO", "--year", "2569", "--from", "1", "--to", "9"]) == 2
    assert "ไม่พบผลการประเมินที่ส่งปี 2569 ฉบับที่ 9" in capsys.readouterr().err
