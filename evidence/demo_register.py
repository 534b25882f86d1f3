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
        version={"effective_on": date(2025, 12, 1), "declared": ["before", "during", "journey_map"],
                 "published_url": "https://example.go.th/service-charter", "published_on": date(2025, 12, 15)})
    standards = add_document(
        session, actor, enterprise_id=eid, year=DEMO_YEAR,
        data={"code": "DOC-SVC-STD", "kind": "service_standards", "org_unit_id": units["D044"].id,
              "title": "มาตรฐานการให้บริการลูกค้า (Service Standard) พ.ศ. 2569"},
        version={"effective_on": date(2025, 12, 1),
                 "declared": ["blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                              "measurable_protocols", "recovery_normal", "recovery_abnormal"],
                 "published_url": "https://example.go.th/service-standard", "published_on": date(2025, 12, 15)})
    record_approval(session, actor, enterprise_id=eid, version_ids=[int(charter.id or 0), int(standards.id or 0)], data={
        "code": "APR-CRM-5-2568", "body_id": bodies["CG-CRM"].id, "meeting_no": "5/2568",
        "meeting_date": date(2025, 11, 27), "resolution": "อนุมัติกฎบัตรและมาตรฐานการให้บริการ (มติเดียว สองเอกสาร)"})


def load_complaint_documents(session: Session, actor: Actor, eid: int, bodies: dict[str, GoverningBody]) -> None:
    policy = _add(session, actor, eid, DEMO_YEAR - 2, "DOC-CMP-POL", "complaint_policy",
                  "นโยบายการจัดการข้อร้องเรียน", effective_on=date(2024, 5, 1),
                  declared=["complaint_handling", "improvement_in_strategy"], last_reviewed_on=date(2025, 10, 20))
    record_approval(session, actor, enterprise_id=eid, version_ids=[policy], data={
        "code": "APR-BOD-4-2567", "body_id": bodies["BOD"].id, "meeting_no": "4/2567",
        "meeting_date": date(2024, 4, 25), "resolution": "อนุมัตินโยบายการจัดการข้อร้องเรียน",
        "signer_name": "ผู้ว่าการ", "signer_is_governor": True, "signed_on": date(2024, 4, 30)})
    procedure = _add(session, actor, eid, DEMO_YEAR, "DOC-CMP-PROC", "complaint_procedure",
                     "คู่มือขั้นตอนและมาตรฐานการจัดการข้อร้องเรียน", effective_on=date(2025, 11, 15),
                     declared=["complaint_standards", "stage_receive", "stage_acknowledge", "stage_respond",
                               "stage_resolve"], last_reviewed_on=date(2025, 11, 5))
    record_approval(session, actor, enterprise_id=eid, version_ids=[procedure], data={
        "code": "APR-WG-2-2568", "body_id": bodies["CS-WG"].id, "meeting_no": "2/2568",
        "meeting_date": date(2025, 11, 12),
        "resolution": "เห็นชอบคู่มือ (คณะทำงานไม่มีกรรมการรัฐวิสาหกิจและไม่ได้รับมอบอำนาจ)"})


# register document code → the demo evidence file of `evidence.demo_documents` attached to its version
DEMO_FILES = {
    "DOC-CMP-POL": "complaint_policy",
    "DOC-SVC-CHARTER": "service_charter",
    "DOC-SVC-STD": "service_standards",
    "DOC-MIN-BOD-4-2567": "board_minutes",
    "DOC-SURVEY-2569": "survey_report",
    "DOC-VOC-Q1-2569": "voc_report",
}


def load_evidence_files(session: Session, actor: Actor, eid: int) -> None:
    """Real-looking Thai DOCX and PDF files on the register's versions (and on the survey and VOC report
    records they back), their text read with page or paragraph, so citations name file and page."""
    from sqlmodel import select

    from evidence.demo_documents import demo_document
    from evidence.models import Document, DocumentVersion, Survey, VocReport
    from evidence.services.files import upload_file
    from evidence.services.readings import read_many

    _add(session, actor, eid, DEMO_YEAR - 2, "DOC-MIN-BOD-4-2567", "minutes",
         "รายงานการประชุมคณะกรรมการ ครั้งที่ 4/2567", effective_on=date(2024, 4, 25))
    survey = session.exec(select(Survey).where(Survey.enterprise_id == eid, Survey.scope == "annual_major")).first()
    report = session.exec(select(VocReport).where(VocReport.enterprise_id == eid, VocReport.quarter == 1)).first()
    _add(session, actor, eid, DEMO_YEAR, "DOC-SURVEY-2569", "survey_report",
         "รายงานผลการสำรวจความพึงพอใจและความผูกพันของลูกค้า ปี 2569", effective_on=date(2026, 8, 28))
    _add(session, actor, eid, DEMO_YEAR, "DOC-VOC-Q1-2569", "voc_report",
         "รายงานเสียงของลูกค้า (VOC) ไตรมาสที่ 1/2569", effective_on=date(2026, 1, 15))
    files = []
    for code, key in DEMO_FILES.items():
        version = session.exec(select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
                               .where(Document.enterprise_id == eid, Document.code == code)).one()
        demo = demo_document(key)
        stored = upload_file(session, actor, enterprise_id=eid, year=DEMO_YEAR, name=demo.file_name, data=demo.data,
                             record=("documentversion", int(version.id or 0)))
        if key == "survey_report" and survey is not None:
            upload_file(session, actor, enterprise_id=eid, year=DEMO_YEAR, name=demo.file_name, data=demo.data,
                        record=("survey", int(survey.id or 0)))
        if key == "voc_report" and report is not None:
            upload_file(session, actor, enterprise_id=eid, year=DEMO_YEAR, name=demo.file_name, data=demo.data,
                        record=("vocreport", int(report.id or 0)))
        files.append((stored, demo.data))
    read_many(session, files)
