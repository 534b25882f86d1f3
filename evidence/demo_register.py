"""The demo enterprise's register documents: standing policies approved in earlier fiscal years, one
resolution approving two documents (FAQ CM10), and a standard whose declared recovery plan for
abnormal events is nowhere in its text (so a newcomer sees "ไม่พบในเอกสาร")."""

from datetime import date

from sqlmodel import Session

from evidence.access import Actor
from evidence.models import GoverningBody, OrgUnit
from evidence.services.documents import add_document, record_approval

DEMO_YEAR = 2569


def _add(session: Session, actor: Actor, eid: int, year: int, code: str, kind: str, title: str,
         **version: object) -> int:
    created = add_document(session, actor, enterprise_id=eid, year=year,
                           data={"code": code, "kind": kind, "title": title}, version=version)
    return int(created.id or 0)


def load_service_documents(
    session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit], bodies: dict[str, GoverningBody]
) -> None:
    charter = add_document(
        session, actor, enterprise_id=eid, year=DEMO_YEAR,
        data={"code": "DOC-SVC-CHARTER", "kind": "service_charter", "org_unit_id": units["D044"].id,
              "title": "กฎบัตรการให้บริการลูกค้า (Customer Service Charter) พ.ศ. 2569"},
        version={"effective_on": date(2025, 12, 1), "declared": ["before", "during"],
                 "published_url": "https://example.go.th/service-charter", "published_on": date(2025, 12, 15)})
    standards = add_document(
        session, actor, enterprise_id=eid, year=DEMO_YEAR,
        data={"code": "DOC-SVC-STD", "kind": "service_standards", "org_unit_id": units["D044"].id,
              "title": "มาตรฐานการให้บริการลูกค้า (Service Standard) พ.ศ. 2569"},
        version={"effective_on": date(2025, 12, 1),
                 "declared": ["blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                              "measurable_protocols", "recovery_normal", "recovery_abnormal", "journey_map"],
                 "published_url": "https://example.go.th/service-standard", "published_on": date(2025, 12, 15)})
    record_approval(session, actor, enterprise_id=eid, version_ids=[int(charter.id or 0), int(standards.id or 0)], data={
        "code": "APR-CRM-5-2568", "body_id": bodies["CG-CRM"].id, "meeting_no": "5/2568",
        "meeting_date": date(2025, 11, 27), "resolution": "อนุมัติกฎบัตรและมาตรฐานการให้บริการ (มติเดียว สองเอกสาร)"})


def load_complaint_documents(session: Session, actor: Actor, eid: int, bodies: dict[str, GoverningBody]) -> None:
    policy = _add(session, actor, eid, DEMO_YEAR - 2, "DOC-CMP-POL", "complaint_policy",
                  "นโยบายการจัดการข้อร้องเรียน", effective_on=date(2024, 4, 1),
                  declared=["complaint_handling", "improvement_in_strategy"], last_reviewed_on=date(2025, 10, 20))
    record_approval(session, actor, enterprise_id=eid, version_ids=[policy], data={
        "code": "APR-BOD-6-2567", "body_id": bodies["BOD"].id, "meeting_no": "6/2567",
        "meeting_date": date(2024, 3, 28), "resolution": "อนุมัตินโยบายการจัดการข้อร้องเรียน",
        "signer_name": "ผู้ว่าการ", "signer_is_governor": True, "signed_on": date(2024, 4, 1)})
    procedure = _add(session, actor, eid, DEMO_YEAR, "DOC-CMP-PROC", "complaint_procedure",
                     "คู่มือขั้นตอนและมาตรฐานการจัดการข้อร้องเรียน", effective_on=date(2025, 11, 15),
                     declared=["complaint_standards", "stage_receive", "stage_acknowledge", "stage_respond",
                               "stage_resolve"], last_reviewed_on=date(2025, 11, 5))
    record_approval(session, actor, enterprise_id=eid, version_ids=[procedure], data={
        "code": "APR-WG-2-2568", "body_id": bodies["CS-WG"].id, "meeting_no": "2/2568",
        "meeting_date": date(2025, 11, 12),
        "resolution": "เห็นชอบคู่มือ (คณะทำงานไม่มีกรรมการรัฐวิสาหกิจและไม่ได้รับมอบอำนาจ)"})
