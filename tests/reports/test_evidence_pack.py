import csv
import hashlib
import io
import zipfile
from datetime import datetime

import pytest

from criteria.results import Assessment
from evidence.services.report_data import ApprovalFact, FileFact, ItemEvidence, RecordFact
from reports.evidence_pack import (
    INDEX_NAME,
    EvidencePackError,
    build_evidence_pack_docx,
    entry_path,
    pack_layout,
    safe_name,
    write_evidence_zip,
)
from tests.reports.conftest import body_text, find_table, open_docx


class MemorySource:
    """Evidence files held in memory by storage key (stands in for the file store)."""

    def __init__(self, contents: dict[str, bytes]) -> None:
        self.contents = contents
        self.opened: list[str] = []

    def exists(self, file: FileFact) -> bool:
        return file.storage_key in self.contents

    def open(self, file: FileFact) -> io.BytesIO:
        self.opened.append(file.storage_key)
        return io.BytesIO(self.contents[file.storage_key])


def _file(n: int, content: bytes, name: str) -> FileFact:
    return FileFact(n, hashlib.sha256(content).hexdigest(), name, "application/pdf", len(content),
                    datetime(2026, 1, 15, 9, 30), "planner", f"key-{n}")


CONTENTS = {1: b"%PDF-1.7 policy approved by the board", 2: "บันทึกการประชุม ครั้งที่ 11/2568".encode() * 50,
            3: b"service charter v2"}
FILES = {1: _file(1, CONTENTS[1], "นโยบายข้อร้องเรียน.pdf"), 2: _file(2, CONTENTS[2], "รายงาน/การประชุม?.txt"),
         3: _file(3, CONTENTS[3], "charter.pdf")}
APPROVAL = ApprovalFact(4, "นโยบายการจัดการข้อร้องเรียน พ.ศ. 2569", "คณะกรรมการองค์การทดสอบ", "คณะกรรมการรัฐวิสาหกิจ",
                        "11/2568", datetime(2025, 10, 30).date(), "อนุมัตินโยบาย", "ผู้ว่าการ",
                        datetime(2025, 11, 3).date(), "อนุมัติแล้ว")
RECORD = RecordFact("stakeholder", 9, "Stakeholder Profile", "SH-01 · ชุมชน", "อนุมัติแล้ว", None,
                    "ชื่อผู้แทน: คุ***; โทรศัพท์ผู้แทน: xxx-xxx-5678")


def _source() -> MemorySource:
    return MemorySource({FILES[n].storage_key: CONTENTS[n] for n in FILES})


@pytest.fixture
def evidence(small_assessment: Assessment) -> dict[str, ItemEvidence]:
    """Files on two CM5.3 items (file 1 on both), one on SM1.1; an approval and a masked record."""
    cm53 = small_assessment.subtopic("CM5.3").items
    sm11 = small_assessment.subtopic("SM1.1").items
    found = {i.id: ItemEvidence(i.id) for s in small_assessment.subtopics() for i in s.items}
    found[cm53[0].id] = ItemEvidence(cm53[0].id, (RECORD,), (APPROVAL,), (FILES[1], FILES[2]))
    found[cm53[1].id] = ItemEvidence(cm53[1].id, (), (), (FILES[1],))
    found[sm11[0].id] = ItemEvidence(sm11[0].id, (), (), (FILES[3], FILES[1]))
    return found


def _zip(tmp_path, small_assessment, evidence, meta, source=None):
    source = source or _source()
    layout = pack_layout(small_assessment, evidence, available=source.exists)
    docx = build_evidence_pack_docx(small_assessment, evidence, layout, meta)
    target = tmp_path / "pack.zip"
    write_evidence_zip(target, docx_name="pack.docx", docx=docx, layout=layout, source=source)
    return target, layout, docx


def test_each_file_is_stored_once_and_linked_from_every_subtopic_that_cites_it(small_assessment, evidence):
    layout = pack_layout(small_assessment, evidence, available=_source().exists)
    assert sorted(e.path for e in layout.entries) == sorted(entry_path(FILES[n]) for n in (1, 2, 3))
    shared = next(e for e in layout.entries if e.file.id == 1)
    assert shared.subtopics == ("SM1.1", "CM5.3")  # criteria order
    cm53 = small_assessment.subtopic("CM5.3").items
    assert shared.items == (small_assessment.subtopic("SM1.1").items[0].id, cm53[0].id, cm53[1].id)
    assert layout.path_of("SM1.1", 1) == layout.path_of("CM5.3", 1) == entry_path(FILES[1])
    assert entry_path(FILES[2]) == f"files/{FILES[2].sha256[:12]}_รายงาน_การประชุม_.txt"


def test_the_zip_index_matches_the_files_it_holds(tmp_path, small_assessment, evidence, meta):
    target, layout, docx = _zip(tmp_path, small_assessment, evidence, meta)
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        rows = list(csv.DictReader(io.StringIO(archive.read(INDEX_NAME).decode("utf-8-sig"))))
        assert {r["path"] for r in rows} == names - {INDEX_NAME}
        for row in rows:
            data = archive.read(row["path"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"]
            assert int(row["size_bytes"]) == len(data)
        assert archive.read("pack.docx") == docx
    by_path = {r["path"]: r for r in rows}
    entry = by_path[entry_path(FILES[2])]
    assert (entry["name"], entry["subtopics"], entry["uploaded_at"], entry["uploaded_at_th"]) == (
        "รายงาน/การประชุม?.txt", "CM5.3", "2026-01-15T16:30:00+07:00", "15 มกราคม 2569")  # Bangkok time
    assert by_path[entry_path(FILES[1])]["subtopics"] == "SM1.1 CM5.3"
    assert "pages" in rows[0]


def test_files_are_streamed_from_the_store_one_by_one(tmp_path, small_assessment, evidence, meta):
    source = _source()
    _zip(tmp_path, small_assessment, evidence, meta, source)
    assert sorted(source.opened) == ["key-1", "key-2", "key-3"]  # the shared file is read and stored once


def test_a_stored_file_that_no_longer_matches_its_hash_stops_the_pack(tmp_path, small_assessment, evidence, meta):
    source = _source()
    source.contents["key-2"] = b"changed after upload"
    with pytest.raises(EvidencePackError, match="SHA-256"):
        _zip(tmp_path, small_assessment, evidence, meta, source)


def test_a_file_missing_from_the_store_is_named_in_the_document_and_left_out_of_the_zip(
    tmp_path, small_assessment, evidence, meta
):
    source = _source()
    del source.contents["key-3"]
    target, layout, docx = _zip(tmp_path, small_assessment, evidence, meta, source)
    assert [f.id for f in layout.missing] == [3]
    with zipfile.ZipFile(target) as archive:
        assert not any("charter.pdf" in name for name in archive.namelist())
    text = body_text(open_docx(docx))
    assert "1 ไฟล์ไม่พบในที่จัดเก็บ จึงไม่อยู่ในไฟล์ .zip: charter.pdf" in text
    assert "charter.pdf\nไม่พบไฟล์ในที่จัดเก็บ" in text


def test_the_document_lists_per_item_records_approvals_and_files_with_hashes(small_assessment, evidence, meta):
    layout = pack_layout(small_assessment, evidence, available=_source().exists)
    document = open_docx(build_evidence_pack_docx(small_assessment, evidence, layout, meta))
    text = body_text(document)
    item = small_assessment.subtopic("CM5.3").items[0]
    assert f"{item.id} (ระดับ {item.level}): " in text
    [records] = find_table(document, "ประเภทข้อมูล", "รายการ")
    assert records[1] == ["Stakeholder Profile", "SH-01 · ชุมชน", "อนุมัติแล้ว",
                          "ชื่อผู้แทน: คุ***; โทรศัพท์ผู้แทน: xxx-xxx-5678"]
    [approvals] = find_table(document, "เอกสารที่อนุมัติ", "ผู้อนุมัติ")
    assert approvals[1][1] == "คณะกรรมการองค์การทดสอบ (คณะกรรมการรัฐวิสาหกิจ)"
    assert approvals[1][2] == "ครั้งที่ 11/2568 30 ตุลาคม 2568"
    assert approvals[1][3] == "อนุมัตินโยบาย\nลงนามโดย ผู้ว่าการ 3 พฤศจิกายน 2568"
    files = [row for table in find_table(document, "ไฟล์ / ตำแหน่งใน .zip", "SHA-256") for row in table[1:]]
    hashes = {row[1].replace("\n", "") for row in files}
    assert hashes == {FILES[n].sha256 for n in FILES}
    assert files[0][3] == "15 ม.ค. 2569"


def test_an_item_not_met_gives_its_reason(small_assessment, evidence, meta):
    layout = pack_layout(small_assessment, evidence, available=_source().exists)
    text = body_text(open_docx(build_evidence_pack_docx(small_assessment, evidence, layout, meta)))
    not_met = next(i for s in small_assessment.subtopics() for i in s.items if not i.met)
    assert f"เหตุที่ยังไม่ผ่าน: {'; '.join(not_met.reasons)}" in text


def test_file_names_never_carry_separators_or_control_characters():
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name("a\x00b:c.pdf") == "a_b_c.pdf"
    assert safe_name("ก" * 200 + ".pdf").endswith(".pdf") and len(safe_name("ก" * 200 + ".pdf")) == 80

