import io
import zipfile
from functools import cache

import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied, ValidationFailed
from evidence.filestore import LocalStorage, content_key, sniff_media_type
from evidence.models import Approval, EvidenceFile, EvidenceLink, OrgUnit, Stakeholder
from evidence.services.files import FileRefused, file_counts, link_file, list_files, read_file, upload_file
from evidence.settings import get_settings
from tests.evidence.excel_support import demo_actor

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@cache
def office(kind: str) -> bytes:
    """A minimal DOCX or XLSX, built once (zip entries carry the time they were written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return out.getvalue()



def _record(session, model, **where):
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.exec(query).first()


def test_media_types_are_decided_from_the_bytes_not_the_name():
    assert sniff_media_type(PDF) == "application/pdf"
    assert sniff_media_type(PNG) == "image/png"
    assert sniff_media_type(office("docx")).endswith("wordprocessingml.document")
    assert sniff_media_type(office("xlsx")).endswith("spreadsheetml.sheet")
    assert sniff_media_type(b"MZ\x90\x00 an executable") is None
    assert sniff_media_type(b"PK\x03\x04 not really a zip") is None


def test_the_same_file_uploaded_twice_is_stored_once_and_linked_twice(session, demo, storage):
    planner = demo_actor(session, "planner")
    approval = _record(session, Approval, meeting_no="5/2568")
    before = len(session.exec(select(EvidenceFile)).all())  # the demo's own evidence files
    first = upload_file(session, planner, enterprise_id=demo, year=2569, name="มติ.pdf", data=PDF,
                        record=("approval", approval.id))
    second = upload_file(session, planner, enterprise_id=demo, year=2569, name="สำเนามติ.pdf", data=PDF,
                         record=("approval", approval.id + 1))
    session.commit()
    assert first.id == second.id and first.size == len(PDF)
    assert len(session.exec(select(EvidenceFile)).all()) == before + 1
    links = session.exec(select(EvidenceLink).where(EvidenceLink.file_id == first.id)).all()
    assert sorted((link.record_table, link.record_id) for link in links) == [
        ("approval", approval.id), ("approval", approval.id + 1)]
    assert storage.get(first.storage_key) == PDF and first.storage_key == first.sha256
    if isinstance(storage, LocalStorage):
        assert first.sha256 in {p.name for p in get_settings().files_dir.rglob("*")}
    assert file_counts(session, enterprise_id=demo, table="approval", record_ids=[approval.id]) == {approval.id: 1}


def test_a_user_file_name_never_becomes_a_path(session, demo):
    planner = demo_actor(session, "planner")
    approval = _record(session, Approval, meeting_no="5/2568")
    before = {p for p in get_settings().files_dir.rglob("*") if p.is_file()}
    file = upload_file(session, planner, enterprise_id=demo, year=2569, name="../../etc/passwd\x00.pdf", data=PDF,
                       record=("approval", approval.id))
    assert file.name == "passwd.pdf"
    files = [p for p in get_settings().files_dir.rglob("*") if p.is_file() and p not in before]
    assert [p.name for p in files] == [file.sha256]
    assert all(get_settings().files_dir in p.parents for p in files)


def test_disallowed_oversize_and_empty_files_are_refused_and_nothing_is_stored(session, demo, monkeypatch, storage):
    planner = demo_actor(session, "planner")
    approval = _record(session, Approval, meeting_no="5/2568")
    upload = dict(enterprise_id=demo, year=2569, record=("approval", approval.id))
    stored_before = session.exec(select(EvidenceFile)).all()
    bytes_before = sorted(get_settings().files_dir.rglob("*"))
    with pytest.raises(FileRefused, match="ไม่ใช่ชนิดที่รับ"):
        upload_file(session, planner, name="script.pdf", data=b"#!/bin/sh\nrm -rf /\n", **upload)
    with pytest.raises(FileRefused, match="ว่างเปล่า"):
        upload_file(session, planner, name="empty.pdf", data=b"", **upload)
    monkeypatch.setattr(get_settings(), "max_upload_mb", 0)
    with pytest.raises(FileRefused, match="เกินขนาดที่อนุญาต 0 MB"):
        upload_file(session, planner, name="big.pdf", data=PDF, **upload)
    assert session.exec(select(EvidenceFile)).all() == stored_before
    assert sorted(get_settings().files_dir.rglob("*")) == bytes_before
    assert not any(storage.exists(content_key(data)) for data in (PDF, b"#!/bin/sh\nrm -rf /\n"))


def test_division_staff_attach_files_to_their_own_records_only(session, demo):
    staff = demo_actor(session, "cs.staff")
    l04 = _record(session, OrgUnit, code="L04")
    own = _record(session, Stakeholder, org_unit_id=l04.id)
    other = _record(session, Stakeholder, code="SH-L03-01")
    file = upload_file(session, staff, enterprise_id=demo, year=2569, name="profile.png", data=PNG,
                       record=("stakeholder", own.id))
    assert file.media_type == "image/png"
    with pytest.raises(PermissionDenied):
        upload_file(session, staff, enterprise_id=demo, year=2569, name="x.pdf", data=PDF,
                    record=("stakeholder", other.id))
    with pytest.raises(PermissionDenied):
        upload_file(session, staff, enterprise_id=demo, year=2569, name="x.pdf", data=PDF, item_ids=["SM1.1-L1-a"])


def test_files_link_to_the_criteria_items_they_prove_and_unknown_items_are_refused(session, demo, storage):
    planner = demo_actor(session, "planner")
    file = upload_file(session, planner, enterprise_id=demo, year=2569, name="แผน.docx", data=office("docx"),
                       item_ids=["SM1.1-L1-a", "SM1.1-L1-a"])
    link_file(session, planner, file.id, year=2569, item_id="SM1.1-L2-a")
    with pytest.raises(ValidationFailed, match="ไม่พบรายการเกณฑ์ XX-9"):
        link_file(session, planner, file.id, year=2569, item_id="XX-9")
    entries, total = list_files(session, planner, enterprise_id=demo, item_id="SM1.1-L2-a")
    assert total == 1 and sorted(link.criteria_item_id for link in entries[0].links) == ["SM1.1-L1-a", "SM1.1-L2-a"]
    stored, data = read_file(session, demo_actor(session, "assessor"), file.id)
    assert (stored.name, data) == ("แผน.docx", office("docx"))
