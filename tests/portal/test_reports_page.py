import io
import shutil
import urllib.request
import zipfile
from pathlib import Path

from sqlmodel import Session

from evidence.access import Actor, actor_for
from evidence.models.users import Role
from evidence.services.files import upload_file
from evidence.services.users import find_user
from portal.session import menu_for
from reports.evidence_pack import INDEX_NAME
from tests.portal.conftest import open_app

PAGE = "views/reports.py"
PACK = "ชุดหลักฐานสำหรับผู้ประเมิน (.zip พร้อม .docx)"
PDF = b"%PDF-1.4\n% service charter approved 5/2568\n%%EOF\n"


def actor(session: Session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def downloads(at) -> list[str]:  # noqa: ANN001
    return [e.proto.label for e in at.get("download_button")]


def test_the_reports_page_is_in_the_menu_of_planning_executives_assessors_and_administrators():
    having = {role for role in Role if PAGE in {p.path for p in menu_for(role)}}
    assert having == {Role.PLANNING, Role.EXECUTIVE, Role.ASSESSOR, Role.ADMIN}


def test_the_reports_page_offers_both_documents_and_nothing_to_download_before_one_is_made(demo):
    at = open_app("planner", PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "รายงาน"
    assert at.radio(key="reports_kind").options == ["รายงานผลการประเมินความพร้อม (.docx)", PACK]
    assert [b.label for b in at.button if b.label == "จัดทำเอกสาร"] == ["จัดทำเอกสาร"]
    assert downloads(at) == []


def test_an_executive_makes_the_readiness_report_and_is_offered_the_download(demo):
    at = open_app("executive", PAGE)
    at.button(key="reports_make").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success][0].startswith("รายงานพร้อมแล้ว: คะแนนด้าน SCM ")
    assert downloads(at) == ["ดาวน์โหลดรายงาน (.docx)"]
    result = at.session_state["reports_result"]
    assert result["name"] == "readiness-DEMO-2569.docx" and result["data"][:2] == b"PK"


def test_an_assessor_makes_the_evidence_pack_for_one_line_and_gets_zip_and_docx(session, demo):
    upload_file(session, actor(session, "planner"), enterprise_id=demo, year=2569, name="กฎบัตร.pdf", data=PDF,
                item_ids=["CM5.1-L1-a"])
    session.commit()
    at = open_app("assessor", PAGE)
    at.radio(key="reports_kind").set_value(PACK).run()
    at.selectbox(key="reports_scope").select_index(4).run()  # the fourth line: สายงานบริการลูกค้า (L04)
    at.button(key="reports_make").click().run()
    assert not at.exception, at.exception
    assert downloads(at) == ["ดาวน์โหลดชุดหลักฐาน (.zip)", "ดาวน์โหลดเฉพาะเอกสาร (.docx)"]
    zip_path = Path(at.session_state["reports_result"]["zip"])
    assert zip_path.name == "evidence-pack-DEMO-2569-L04.zip"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
    assert INDEX_NAME in names and "evidence-pack-DEMO-2569-L04.docx" in names
    assert any(name.startswith("files/") and name.endswith("_กฎบัตร.pdf") for name in names)
    shutil.rmtree(zip_path.parent)


def test_on_the_object_store_the_pack_is_a_link_to_the_store_and_nothing_stays_on_the_portals_disk(
        session, demo, s3_env):
    upload_file(session, actor(session, "planner"), enterprise_id=demo, year=2569, name="กฎบัตร.pdf", data=PDF,
                item_ids=["CM5.1-L1-a"])
    session.commit()
    at = open_app("assessor", PAGE)
    at.radio(key="reports_kind").set_value(PACK).run()
    at.button(key="reports_make").click().run()
    assert not at.exception, at.exception
    assert downloads(at) == ["ดาวน์โหลดเฉพาะเอกสาร (.docx)"]  # the .zip is not served by the page
    [link] = [e.proto for e in at.get("link_button")]
    assert link.label == "ดาวน์โหลดชุดหลักฐาน (.zip)"
    assert link.url.startswith(s3_env.endpoint) and "X-Amz-Signature=" in link.url
    assert not Path(at.session_state["reports_result"]["zip"]).parent.exists()
    with urllib.request.urlopen(link.url, timeout=20) as answer, zipfile.ZipFile(io.BytesIO(answer.read())) as archive:
        assert any(name.startswith("files/") and name.endswith("_กฎบัตร.pdf") for name in archive.namelist())
