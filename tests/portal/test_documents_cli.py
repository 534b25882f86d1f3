"""`scm-portal documents add|list|suggest` and `score --json` citations (issue 11)."""

import json

from evidence.demo_documents import demo_document
from portal.cli import main


def _score_items(capsys) -> dict[str, dict]:
    assert main(["score", "--enterprise", "DEMO", "--year", "2569", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {i["id"]: i for p in data["parts"] for t in p["topics"] for s in t["subtopics"] for i in s["items"]}


def test_score_json_cites_document_version_approval_meeting_file_and_page(demo, capsys):
    item = _score_items(capsys)["CM5.3-L1-b"]
    kinds = {c["kind"] for c in item["citations"]}
    assert {"document", "approval", "file", "passage"} <= kinds
    approval = next(c for c in item["citations"] if c["kind"] == "approval" and c["meeting_no"] == "4/2567")
    assert (approval["body"], approval["meeting_date"]) == ("คณะกรรมการองค์การน้ำสะอาดแห่งชาติ", "2024-04-25")
    file = next(c for c in item["citations"] if c["kind"] == "file")
    assert file["file_name"] == "นโยบายการจัดการข้อร้องเรียน-2567.docx" and len(file["sha256"]) == 12
    passage = next(c for c in item["citations"] if c["kind"] == "passage")
    assert passage["locator"].startswith("ย่อหน้า") and passage["quote"]


def test_a_declared_fact_missing_from_the_text_is_shown_as_not_found(demo, capsys):
    item = _score_items(capsys)["CM5.1-L2-c"]
    assert item["met"]  # the year counts declared facts (declared mode)
    assert any("ไม่พบในเอกสาร" in w and "ภาวะไม่ปกติ" in w for w in item["warnings"])


def test_documents_add_reads_the_file_and_list_shows_it_in_force(demo, tmp_path, capsys):
    path = tmp_path / "cg.docx"
    path.write_bytes(demo_document("complaint_policy").data)
    assert main(["documents", "add", str(path), "--enterprise", "DEMO", "--kind", "good_governance",
                 "--title", "นโยบายกำกับดูแลกิจการที่ดี", "--effective", "01/10/2568",
                 "--declared", "complaint_handling"]) == 0
    out = capsys.readouterr().out
    assert "เพิ่มเอกสาร" in out and "อ่านข้อความแล้ว" in out
    assert main(["documents", "list", "--enterprise", "DEMO", "--year", "2569", "--json"]) == 0
    rows = {r["title"]: r for r in json.loads(capsys.readouterr().out)}
    added = rows["นโยบายกำกับดูแลกิจการที่ดี"]
    assert (added["in_force"], added["effective_on"], added["not_found"]) == (True, "2025-10-01", [])
    assert added["files"][0]["reading"] == "read"
    assert rows["มาตรฐานการให้บริการลูกค้า (Service Standard) พ.ศ. 2569"]["not_found"] == ["recovery_abnormal"]


def test_documents_add_refuses_a_missing_file_and_a_bad_date_in_thai(demo, tmp_path, capsys):
    assert main(["documents", "add", str(tmp_path / "none.pdf"), "--enterprise", "DEMO", "--kind", "other",
                 "--title", "x"]) == 2
    assert "ไม่พบไฟล์" in capsys.readouterr().err
    path = tmp_path / "a.docx"
    path.write_bytes(demo_document("voc_report").data)
    assert main(["documents", "add", str(path), "--enterprise", "DEMO", "--kind", "other", "--title", "x",
                 "--effective", "31/02/2569"]) == 2
    assert "วันที่มีผลบังคับใช้" in capsys.readouterr().err


def test_documents_suggest_ranks_the_service_standard_items_first(demo, capsys):
    assert main(["documents", "suggest", "DOC-SVC-STD", "--enterprise", "DEMO", "--year", "2569", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found[0]["item_id"].startswith("CM5.1-L2")
    assert found[0]["locator_th"].startswith("หน้า")
