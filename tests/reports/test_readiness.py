from datetime import date

import pytest
from docx.oxml.ns import qn
from sqlmodel import select

from criteria.results import STATUS_TH
from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import PermissionDenied
from evidence.models import OrgUnit
from evidence.models.users import Role
from evidence.services.assessment import set_assessor_level
from evidence.services.scoring import score_enterprise
from evidence.services.users import find_user
from reports.cite_text import thai_sentence
from reports.docx_style import THAI_FONT
from reports.jobs import make_readiness_report
from reports.readiness import (
    METHOD_TH,
    build_readiness_report,
    fmt_level,
    readiness_plan,
    topic_targets,
)
from reports.readiness_summary import reachable_levels
from tests.reports.conftest import ENTERPRISE, body_text, find_table, open_docx


def _levels(document) -> dict[str, str]:
    """Sub-topic code → the computed level printed under its heading."""
    found, current = {}, None
    for p in document.paragraphs:
        if p.style.name == "Heading 3" and " " in p.text:
            current = p.text.split()[0]
        elif current and p.text.startswith("ระดับที่คำนวณได้: "):
            found[current] = p.text.removeprefix("ระดับที่คำนวณได้: ").split()[0]
            current = None
    return found


# ---------------------------------------------------------------- from an assessment (no database)


def test_the_cover_gives_enterprise_buddhist_era_year_criteria_version_method_and_date(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    cover = [p.text for p in document.paragraphs[:16]]
    assert ENTERPRISE in cover
    assert "ปีประเมิน พ.ศ. 2569" in cover
    assert "เกณฑ์ฉบับ 2569.1" in cover
    assert f"วิธีคิดคะแนน: {METHOD_TH['partial']}" in cover
    assert not any("(partial)" in line or "(self-assessment)" in line for line in cover)  # no English codes
    assert "จัดทำเมื่อ 30 กันยายน 2569" in cover  # 30 Sep 2026 in the Buddhist Era, Thai month name
    parts = " · ".join(f"{p.code} {fmt_level(p.score)}" for p in small_assessment.parts)
    assert f"ระดับที่คำนวณได้ (จาก 5): {parts}" in cover  # where the enterprise stands, on page 1


def test_the_body_follows_the_criteria_part_topic_subtopic_with_each_level(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    sm = headings.index(("Heading 1", f"3. ส่วน SM {small_assessment.part('SM').name_th} "
                                      f"(ระดับ {fmt_level(small_assessment.part('SM').score)})"))
    topic = small_assessment.part("SM").topics[0]
    assert headings[sm + 1] == ("Heading 2", f"3.1 {topic.code} {topic.name_th} (ระดับ {fmt_level(topic.score)})")
    assert headings[sm + 2] == ("Heading 3", f"{topic.subtopics[0].code} {topic.subtopics[0].name_th}")
    assert _levels(document) == {s.code: fmt_level(s.level) for s in small_assessment.subtopics()}


def test_every_subtopic_has_a_level_ladder_with_met_partly_met_not_met_and_the_text_source(
    small_assessment, criteria, meta
):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    ladders = find_table(document, "ระดับ", "ข้อความระดับ (แหล่งที่มา)")
    assert len(ladders) == len(small_assessment.subtopics())
    sm11 = ladders[0]
    assert [row[0] for row in sm11[1:]] == ["1", "2", "3", "4", "5"]
    assert sm11[1][1].endswith("[FAQ]")  # SM1.1 level 1 quotes the criteria (text_source: faq)
    assert sm11[2][1].endswith("[สังเคราะห์]")
    assert {row[2] for table in ladders for row in table[1:]} <= {"ผ่าน", "ผ่านบางส่วน", "ยังไม่ผ่าน"}


def test_the_executive_summary_gives_sm_and_cm_as_separate_headlines_and_every_blocker_with_its_owner(
    small_assessment, criteria, meta
):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    [scores] = find_table(document, "ส่วน", "ชื่อ")
    assert [row[0] for row in scores[1:]] == ["SM", "CM", "รวม"]  # SM and CM are the headlines; the sum is for reference
    assert scores[1][2] == fmt_level(small_assessment.part("SM").score)
    assert scores[2][2] == fmt_level(small_assessment.part("CM").score)
    [blockers] = find_table(document, "หัวข้อย่อย", "ระดับ")
    assert [row[0] for row in blockers[1:]] == [a.subtopic_code for a in small_assessment.next_actions]
    first = small_assessment.next_actions[0]
    assert all(item_id in blockers[1][2] for item_id in first.items)
    assert blockers[1][3]  # an owner (the division, or the planning team by default)


def test_each_subtopic_lists_its_reachable_items_with_verdict_reasons_and_citations(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    item_tables = find_table(document, "รายการเกณฑ์", "ผล")
    assert len(item_tables) == len(small_assessment.subtopics())
    rows = {row[0].split("\n")[0].split(" · ")[1]: row for table in item_tables for row in table[1:]}
    for sub in small_assessment.subtopics():
        for item in sub.items:
            if item.level > (sub.levels_met or 0) + 1:
                assert item.id not in rows  # not yet reachable: in annex ก
                continue
            assert rows[item.id][1] == STATUS_TH[item.status]
            settings = tuple(f"ค่าที่ใช้ตัดสิน: {x.text_th}" for x in item.settings)  # provisional values beside the verdict
            assert rows[item.id][2] == (thai_sentence("\n".join((*item.reasons, *settings))) or "-")
    claimed = next(i for s in small_assessment.subtopics() for i in s.items if i.status == "claimed")
    assert rows[claimed.id][3].startswith("• ทะเบียน: แผนยุทธศาสตร์ทดสอบ")
    annex = body_text(document)
    assert "ภาคผนวก ก ระดับที่ยังไปไม่ถึง" in annex


def test_what_blocks_the_next_level_is_named_with_its_owning_division(small_assessment, criteria, meta):
    text = body_text(open_docx(build_readiness_report(small_assessment, criteria, meta)))
    sub = next(s for s in small_assessment.subtopics() if s.blocking)
    item = next(i for i in sub.items if i.id == sub.blocking[0])
    expected_owner = ", ".join(item.owners) or "ฝ่ายแผน (คณะทำงาน SCM)"
    assert f"{item.id} {item.text_th}" in text
    assert f"(ผู้รับผิดชอบ: {expected_owner})" in text
    assert f"ระดับ {sub.levels_met + 1} ยังไม่ผ่าน" in text


def test_the_assessor_level_and_rationale_stand_beside_the_computed_level(small_assessment, criteria, meta):
    text = body_text(open_docx(build_readiness_report(small_assessment, criteria, meta)))
    assert "ระดับที่ผู้ประเมินให้: 2.00" in text
    assert "เหตุผลของผู้ประเมิน: ช่องทางครบ แต่คู่มือยังไม่ได้รับอนุมัติจากผู้มีอำนาจ" in text


def test_the_appendix_lists_every_weight_with_its_source(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    [weights] = find_table(document, "รหัส", "ชื่อ")
    by_code = {row[0]: row for row in weights[1:]}
    for part, topic, sub in criteria.walk():
        for node in (part, topic, sub):
            assert by_code[node.code][2] == f"{node.weight:g}"
            source = by_code[node.code][3]
            assert source == ("ค่าชั่วคราว (แหล่งข้อมูลยังไม่ระบุ)" if node.provisional else node.weight_source)
    assert by_code["CM5.3"][3] == "FAQ CM / เกณฑ์ 2563"


def test_the_chart_is_embedded_as_a_png_picture(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    images = [rel for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == 1 and images[0].target_part.content_type == "image/png"


def test_chart_targets_are_the_stored_targets_and_the_reachable_level_is_a_separate_labelled_series(small_assessment):
    stored = {"SM1": 3.0, "CM5": 2.5}
    targets = topic_targets(small_assessment, stored)
    assert targets["SM1"] == 3.0 and targets["CM5"] == 2.5 and targets["SM2"] is None  # nothing invented
    assert set(topic_targets(small_assessment, stored, 4.0).values()) == {4.0}  # a report-only uniform target
    for part in small_assessment.parts:
        for topic in part.topics:
            assert reachable_levels(small_assessment)[topic.code] >= topic.score


def test_a_report_refuses_criteria_other_than_those_it_was_scored_with(small_assessment, criteria, meta):
    other = criteria.model_copy(update={"version": "2569.9"})
    with pytest.raises(ValueError, match="2569.9"):
        readiness_plan(small_assessment, other, meta)


# ---------------------------------------------------------------- the demo enterprise through the services


def test_the_demo_report_shows_the_demo_levels_and_thai_styles(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    document = open_docx(make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569,
                                               made_on=date(2026, 9, 30)).data)
    assert _levels(document) == {s.code: fmt_level(s.level) for s in result.subtopics()}
    assert result.subtopic("CM5.3").levels_met == 0  # the committee without delegated authority blocks level 1 (C2)
    for name in ("Normal", "Heading 1", "Heading 2"):
        assert document.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == THAI_FONT
    assert "ปีประเมิน พ.ศ. 2569" in [p.text for p in document.paragraphs[:16]]
    assert document.sections[0].header.paragraphs[0].text.startswith("องค์การน้ำสะอาดแห่งชาติ (ตัวอย่าง)")


def test_the_demo_report_carries_the_assessors_level_and_rationale(session, demo):
    assessor = actor_for(session, find_user(session, "assessor"))
    set_assessor_level(session, assessor, enterprise_id=demo, year=2569, subtopic_code="CM3.1", level=2.0,
                       rationale="มีช่องทางรับฟังครบทุกกลุ่ม แต่ยังไม่มีลูกค้าในอดีต")
    session.commit()
    document = open_docx(make_readiness_report(session, assessor, enterprise_id=demo, year=2569).data)
    assert "ระดับที่ผู้ประเมินให้: 2.00" in body_text(document)
    assert "เหตุผลของผู้ประเมิน: มีช่องทางรับฟังครบทุกกลุ่ม แต่ยังไม่มีลูกค้าในอดีต" in body_text(document)


def test_a_report_for_one_line_of_business_names_the_line(session, demo):
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L04")).one()
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, division_id=line.id)
    assert document.filename == "readiness-DEMO-2569-L04.docx"
    cover = [p.text for p in open_docx(document.data).paragraphs[:16]]
    assert "ขอบเขต: สายงานบริการลูกค้า" in cover


def test_nobody_outside_the_enterprise_gets_its_report(session):
    stranger = Actor(username="other", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({99}))
    with pytest.raises(PermissionDenied):
        make_readiness_report(session, stranger, enterprise_id=1, year=2569)

