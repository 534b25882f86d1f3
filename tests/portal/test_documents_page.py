"""ทะเบียนเอกสาร and the score page: the register, facts not found in the text, and item citations."""

from tests.portal.conftest import open_app


def _texts(at) -> str:
    parts = [str(t.value) for t in at.table] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts)


def test_the_register_page_shows_versions_in_force_files_and_a_fact_not_found(demo):
    at = open_app("planner", "views/documents.py")
    assert not at.exception
    table = at.table[0].value
    standard = table.loc[next(i for i in table.index if i.startswith("มาตรฐานการให้บริการลูกค้า"))]
    assert "มีผลในปีนี้" in standard["มีผล"]
    assert "APR-CRM-5-2568" in standard["การอนุมัติ"]
    assert "มาตรฐานการให้บริการ-2569.pdf" in standard["ไฟล์"] and "อ่านข้อความแล้ว" in standard["ไฟล์"]
    assert "✗ แผนรับมือในภาวะไม่ปกติ (เชื่อมโยง BCM): ไม่พบในเอกสาร" in standard["ข้อเท็จจริงที่ระบุ"]
    assert "✓ แผนรับมือในภาวะปกติ (บริการผิดพลาด) (หน้า 4)" in standard["ข้อเท็จจริงที่ระบุ"]


def test_the_executive_and_the_assessor_read_the_register_without_editing(demo):
    for user in ("executive", "assessor"):
        at = open_app(user, "views/documents.py")
        assert not at.exception
        assert "บทบาทนี้ดูข้อมูลได้อย่างเดียว" in [c.value for c in at.caption]


def test_the_score_page_cites_the_approval_meeting_file_and_page_of_an_item(demo):
    at = open_app("planner", "views/score.py")
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]  # user text is markdown-escaped
    assert any("การอนุมัติ: คณะกรรมการองค์การน้ำสะอาดแห่งชาติ ครั้งที่ 4/2567" in c for c in captions)
    assert any("ไฟล์: นโยบายการจัดการข้อร้องเรียน-2567.docx" in c and "SHA-256" in c for c in captions)
    assert any("ข้อความในเอกสาร" in c and "ย่อหน้า" in c for c in captions)
    assert any("ไม่พบในเอกสาร" in w.value for w in at.warning)
    assert any("ข้อเท็จจริงที่ไม่พบในเอกสาร" in c for c in captions)
