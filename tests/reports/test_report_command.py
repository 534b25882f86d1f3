import csv
import hashlib
import io
import zipfile

from sqlmodel import Session, select

from evidence.access import Actor, actor_for
from evidence.models import Document, DocumentVersion, Stakeholder
from evidence.services.files import upload_file
from evidence.services.users import find_user
from portal.cli import main
from reports.evidence_pack import INDEX_NAME
from tests.reports.conftest import body_text, open_docx

PDF = b"%PDF-1.4\n% board resolution 11/2568 approving the complaint policy\n%%EOF\n"


def actor(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def test_readiness_command_writes_the_report_to_the_given_file(demo, tmp_path, capsys):
    out = tmp_path / "รายงาน.docx"
    assert main(["report", "readiness", "--enterprise", "DEMO", "--year", "2569", "--out", str(out)]) == 0
    cover = [p.text for p in open_docx(out.read_bytes()).paragraphs[:12]]
    assert "ปีประเมิน พ.ศ. 2569" in cover and "องค์การน้ำสะอาดแห่งชาติ (ตัวอย่าง)" in cover
    assert f"เขียนรายงานความพร้อมแล้ว: {out}" in capsys.readouterr().out


def test_readiness_command_names_the_file_after_enterprise_year_and_line_when_given_a_folder(demo, tmp_path):
    assert main(["report", "readiness", "--enterprise", "DEMO", "--year", "2569", "--division", "L04",
                 "--out", str(tmp_path)]) == 0
    assert (tmp_path / "readiness-DEMO-2569-L04.docx").exists()


def test_evidence_pack_command_zips_the_files_with_an_index_and_masks_contacts_for_the_assessor(
    session, demo, tmp_path
):
    policy = session.exec(select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
                          .where(Document.kind == "complaint_policy")).one()
    stored = upload_file(session, actor(session, "planner"), enterprise_id=demo, year=2569, name="มติคณะกรรมการ.pdf",
                         data=PDF, record=("documentversion", policy.id), item_ids=["CM5.3-L1-b"])
    profile = session.exec(select(Stakeholder).where(Stakeholder.code == "SH-L01-01", Stakeholder.year == 2569)).one()
    session.commit()

    out = tmp_path / "pack.zip"
    assert main(["report", "evidence-pack", "--enterprise", "DEMO", "--year", "2569", "--out", str(out),
                 "--user", "assessor"]) == 0
    with zipfile.ZipFile(out) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(INDEX_NAME).decode("utf-8-sig"))))
        assert {r["path"] for r in rows} == set(archive.namelist()) - {INDEX_NAME}
        for row in rows:
            assert hashlib.sha256(archive.read(row["path"])).hexdigest() == row["sha256"]
        ours = [r for r in rows if r["sha256"] == stored.sha256]
        assert [r["path"].split("/")[1] for r in ours] == ["CM5.3"]
        assert "CM5.3-L1-b" in ours[0]["items"].split()
        document = open_docx(archive.read("pack.docx"))
    text = body_text(document)
    assert stored.sha256[:32] in text and stored.sha256[32:] in text
    assert (tmp_path / "pack.docx").exists()
    assert profile.representative_phone not in text  # the assessor sees contacts masked (PDPA)
    assert "xxx-xxx-" + profile.representative_phone[-4:] in text


def test_an_unknown_enterprise_is_a_thai_error_and_a_non_zero_exit(demo, tmp_path, capsys):
    assert main(["report", "readiness", "--enterprise", "NOPE", "--year", "2569", "--out", str(tmp_path)]) == 2
    assert "ไม่พบรัฐวิสาหกิจรหัส 'NOPE'" in capsys.readouterr().err
