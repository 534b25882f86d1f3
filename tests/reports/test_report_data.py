import hashlib

import pytest
from sqlmodel import Session, select

from criteria.snapshot import EvidenceRef
from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import PermissionDenied
from evidence.models import Document, DocumentVersion, EvidenceFile, EvidenceLink, Stakeholder
from evidence.models.users import Role
from evidence.services.org import create_enterprise
from evidence.services.report_data import gather_evidence, report_scope
from evidence.services.scoring import score_enterprise
from evidence.services.users import find_user

YEAR = 2569


def actor(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def add_file(session: Session, enterprise_id: int, name: str, **link: object) -> EvidenceFile:
    content = name.encode()
    stored = EvidenceFile(enterprise_id=enterprise_id, sha256=hashlib.sha256(content).hexdigest(), name=name,
                          media_type="application/pdf", size=len(content), storage_key=f"k/{name}",
                          uploaded_by="planner")
    session.add(stored)
    session.flush()
    session.add(EvidenceLink(enterprise_id=enterprise_id, file_id=stored.id, linked_by="planner", **link))
    session.flush()
    return stored


def test_an_item_gets_its_documents_the_approvals_that_make_them_count_and_their_files(session, demo):
    policy = session.exec(select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
                          .where(Document.kind == "complaint_policy").order_by(DocumentVersion.id)).first()
    on_policy = add_file(session, demo, "มติคณะกรรมการ.pdf", record_table="documentversion", record_id=policy.id)
    on_item = add_file(session, demo, "คู่มือ.pdf", criteria_item_id="CM5.3-L1-b")
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    item = result.item("CM5.3-L1-b")
    found = gather_evidence(session, SYSTEM, enterprise_id=demo, refs_by_item={item.id: item.evidence})[item.id]

    assert ("documentversion", policy.id) in {(r.table, r.record_id) for r in found.records}
    board = next(a for a in found.approvals if a.document_title == "นโยบายการจัดการข้อร้องเรียน (ฉบับ 1)")
    assert (board.body_name, board.meeting_no, board.meeting_date.isoformat()) == (
        "คณะกรรมการองค์การน้ำสะอาดแห่งชาติ", "4/2567", "2024-04-25")
    assert board.body_kind_th == "คณะกรรมการรัฐวิสาหกิจ" and board.signer == "ผู้ว่าการ"
    files = [(f.name, f.sha256) for f in found.files]
    assert files[0][0] == "นโยบายการจัดการข้อร้องเรียน-2567.docx"  # the demo's own file of the policy version
    assert {(on_policy.name, on_policy.sha256), (on_item.name, on_item.sha256)} <= set(files)


def test_personal_data_is_masked_by_default_and_shown_unmasked_only_to_a_role_that_may_see_it(session, demo):
    profile = session.exec(select(Stakeholder).where(Stakeholder.code == "SH-L01-01", Stakeholder.year == 2569)).one()
    refs = {"SM1.1-L1-c": [EvidenceRef("stakeholder", profile.id, "SH-L01-01")]}
    by_default = gather_evidence(session, actor(session, "planner"), enterprise_id=demo, refs_by_item=refs)
    assert profile.representative_phone not in by_default["SM1.1-L1-c"].records[0].contacts
    for_assessor = gather_evidence(session, actor(session, "assessor"), enterprise_id=demo, refs_by_item=refs,
                                   unmasked=True)
    for_planner = gather_evidence(session, actor(session, "planner"), enterprise_id=demo, refs_by_item=refs,
                                  unmasked=True)
    masked = for_assessor["SM1.1-L1-c"].records[0].contacts
    shown = for_planner["SM1.1-L1-c"].records[0].contacts
    assert profile.representative_phone not in masked and "xxx-xxx-" + profile.representative_phone[-4:] in masked
    assert profile.representative_email not in masked
    assert f"โทรศัพท์ผู้แทน: {profile.representative_phone}" in shown
    assert for_planner["SM1.1-L1-c"].records[0].family_th == "Stakeholder Profile"


def test_files_and_records_of_another_enterprise_never_appear(session, demo):
    other = create_enterprise(session, SYSTEM, code="OTHER", name_th="รัฐวิสาหกิจอื่น")
    foreign = add_file(session, other.id, "ของหน่วยงานอื่น.pdf", criteria_item_id="CM5.3-L1-b")
    found = gather_evidence(session, SYSTEM, enterprise_id=demo, refs_by_item={
        "CM5.3-L1-b": [EvidenceRef("evidencefile", foreign.id, "ไฟล์อื่น", (foreign.id,))],
    })["CM5.3-L1-b"]
    assert found.files == ()


def test_only_readers_of_the_enterprise_gather_its_evidence(session):
    stranger = Actor(username="other", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({99}))
    with pytest.raises(PermissionDenied):
        gather_evidence(session, stranger, enterprise_id=1, refs_by_item={})
    with pytest.raises(PermissionDenied):
        report_scope(session, stranger, enterprise_id=1, division_id=None)
