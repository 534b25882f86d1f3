"""evidence.services.documents and suggestions: the register across years, through the services."""

from datetime import date

import pytest
from sqlmodel import select

from evidence.errors import DomainError, ValidationFailed
from evidence.models import ApprovalDocument, Document, DocumentVersion, EvidenceFile, GoverningBody
from evidence.services.documents import add_document, add_version, record_approval, register
from evidence.services.suggestions import ItemSuggestion, confirm_suggestion
from tests.evidence.excel_support import demo_actor


def test_a_new_version_supersedes_the_old_one_in_the_year_it_takes_effect(session, demo):
    planner = demo_actor(session, "planner")
    first = add_document(session, planner, enterprise_id=demo, year=2568,
                         data={"code": "DOC-T", "kind": "complaint_policy", "title": "นโยบายทดสอบ"},
                         version={"effective_on": date(2024, 10, 1)})
    second = add_version(session, planner, document_id=first.document_id, year=2569,
                         data={"effective_on": date(2026, 3, 1)})
    session.refresh(first)
    assert (first.superseded_by_id, second.code, second.label) == (second.id, "DOC-T/2", "2")
    in_2568 = {r.version.code for r in register(session, planner, enterprise_id=demo, year=2568) if r.in_force}
    in_2569 = {r.version.code for r in register(session, planner, enterprise_id=demo, year=2569) if r.in_force}
    assert "DOC-T/1" in in_2568 and "DOC-T/2" not in in_2568
    assert "DOC-T/2" in in_2569 and "DOC-T/1" not in in_2569
    with pytest.raises(ValidationFailed) as refused:
        add_version(session, planner, document_id=first.document_id, year=2569, data={"label": "2"})
    assert refused.value.problems[0].message == "เอกสารนี้มีฉบับที่ '2' อยู่แล้ว"


def test_one_resolution_approves_two_documents_and_needs_at_least_one(session, demo):
    planner = demo_actor(session, "planner")
    board = session.exec(select(GoverningBody).where(GoverningBody.code == "BOD")).one()
    versions = session.exec(select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
                            .where(Document.code.in_(["DOC-CMP-POL", "DOC-CMP-PROC"]))).all()
    approval = record_approval(session, planner, enterprise_id=demo, version_ids=[v.id for v in versions],
                               data={"body_id": board.id, "meeting_no": "2/2569", "meeting_date": date(2026, 2, 20)})
    linked = session.exec(select(ApprovalDocument.version_id).where(ApprovalDocument.approval_id == approval.id)).all()
    assert sorted(linked) == sorted(v.id for v in versions)
    with pytest.raises(ValidationFailed):
        record_approval(session, planner, enterprise_id=demo, version_ids=[], data={"meeting_no": "3/2569"})


def test_a_division_officer_cannot_record_an_approval(session, demo):
    staff = demo_actor(session, "cs.staff")
    version = session.exec(select(DocumentVersion)).first()
    with pytest.raises(DomainError):
        record_approval(session, staff, enterprise_id=demo, version_ids=[version.id],
                        data={"meeting_no": "9/2569", "meeting_date": date(2026, 1, 1)})


def test_a_confirmed_suggestion_is_a_claim_citing_the_file_and_page_and_rule_items_cannot_be_claimed(session, demo):
    planner = demo_actor(session, "planner")
    file = session.exec(select(EvidenceFile).where(EvidenceFile.name.like("%VOC%"))).first()
    assert file is not None
    judged = ItemSuggestion("CM3.1-L4-c", "ใช้ VOC ปรับปรุง", "CM3.1", True, 3.2, "ย่อหน้า 4", "นำ VOC ไปปรับปรุงบริการ")
    claim = confirm_suggestion(session, planner, enterprise_id=demo, year=2569, file_id=file.id, suggestion=judged)
    assert claim.linked_file_ids == [file.id] and "ย่อหน้า 4" in claim.claim_text
    ruled = ItemSuggestion("CM5.1-L2-b", "มาตรฐานบริการ", "CM5.1", False, 9.0, "หน้า 1", "…")
    with pytest.raises(DomainError) as refused:
        confirm_suggestion(session, planner, enterprise_id=demo, year=2569, file_id=file.id, suggestion=ruled)
    assert "ตรวจด้วยกฎ" in refused.value.message
