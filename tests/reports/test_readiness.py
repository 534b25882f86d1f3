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
from reports.docx_style import THAI_FONT
from reports.jobs import make_readiness_report
from reports.readiness import (
    build_readiness_report,
    fmt_level,
    readiness_plan,
    topic_targets,
)
from tests.reports.conftest import ENTERPRISE, body_text, find_table, open_docx

PART_HEADERS = ("รหัส", "หัวข้อ / หัวข้อย่อย")


def _part_rows(document) -> dict[str, list[str]]:
    return {row[0]: row for table in find_table(document, *PART_HEADERS) for row in table[1:]}


# ---------------------------------------------------------------- from an assessment (no database)


def test_the_cover_gives_enterprise_buddhist_era_year_criteria_version_method_and_date(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    cover = [p.text for p in document.paragraphs[:12]]
    assert ENTERPRISE in cover
    assert "ปีประเมิน พ.ศ. 2569" in cover
    assert "เกณฑ์ฉบับ 2569.1" in cover
    assert any(line.startswith("วิธีคิดคะแนน:") and "(partial)" in line for line in cover)
    assert "จัดทำเมื่อ 30 กันยายน 2569" in cover  # 30 Sep 2026 in the Buddhist Era, Thai month name


def test_every_subtopic_appears_in_its_part_table_with_its_level(small_assessment, criteria, meta):
    rows = _part_rows(open_docx(build_readiness_report(small_assessment, criteria, meta)))
    for sub in small_assessment.subtopics():
        assert rows[sub.code][3] == fmt_level(sub.level)
        assert rows[sub.code][4] == str(sub.levels_met)
    assert rows["CM5.3"][5] == "2.00"  # the assessor's level beside the computed one


def test_the_executive_summary_gives_the_enabler_and_part_scores_and_the_three_best_actions(
    small_assessment, criteria, meta
):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    [scores] = find_table(document, "ส่วน", "ชื่อ")
    assert [row[0] for row in scores[1:]] == ["SCM", "SM", "CM"]
    assert scores[1][3] == fmt_level(small_assessment.score)
    assert scores[3][3] == fmt_level(small_assessment.part("CM").score)
    [actions] = find_table(document, "ที่", "หัวข้อย่อย")
    top = small_assessment.next_actions[:3]
    assert [row[1].split()[0] for row in actions[1:]] == [a.subtopic_code for a in top]
    assert actions[1][3] == f"+{top[0].score_gain:.2f}"
    assert all(item_id in actions[1][4] for item_id in top[0].items)
    assert "ผู้รับผิดชอบ:" in actions[1][4]


def test_each_subtopic_lists_every_item_with_its_verdict_reasons_and_evidence(small_assessment, criteria, meta):
    document = open_docx(build_readiness_report(small_assessment, criteria, meta))
    item_tables = find_table(document, "รายการเกณฑ์", "ผล")
    assert len(item_tables) == len(small_assessment.subtopics())
    rows = {row[0].split("\n")[0].split(" · ")[1]: row for table in item_tables for row in table[1:]}
    for sub in small_assessment.subtopics():
        for item in sub.items:
            assert rows[item.id][1] == STATUS_TH[item.status]
            settings = tuple(f"ค่าที่ใช้ตัดสิน: {x.text_th}" for x in item.settings)  # provisional values beside the verdict
            assert rows[item.id][2] == ("\n".join((*item.reasons, *settings)) or "-")
    claimed = next(i for s in small_assessment.subtopics() for i in s.items if i.status == "claimed")
    assert rows[claimed.id][3] == "• แผนยุทธศาสตร์ทดสอบ"


def test_what_blocks_the_next_level_is_named_with_its_owning_division(small_assessment, criteria, meta):
    text = body_text(open_docx(build_readiness_report(small_assessment, criteria, meta)))
    sub = next(s for s in small_assessment.subtopics() if s.blocking)
    item = next(i for i in sub.items if i.id == sub.blocking[0])
    expected_owner = ", ".join(item.owners) or "ฝ่ายแผน / คณะทำงาน SCM"
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


def test_chart_targets_are_the_levels_reached_once_blocking_items_are_met_or_a_uniform_target(small_assessment):
    lifted = topic_targets(small_assessment, None)
    for part in small_assessment.parts:
        for topic in part.topics:
            assert lifted[topic.code] >= topic.score
    assert set(topic_targets(small_assessment, 3.0).values()) == {3.0}


def test_a_report_refuses_criteria_other_than_those_it_was_scored_with(small_assessment, criteria, meta):
    other = criteria.model_copy(update={"version": "2569.9"})
    with pytest.raises(ValueError, match="2569.9"):
        readiness_plan(small_assessment, other, meta)


# ---------------------------------------------------------------- the demo enterprise through the services


def test_the_demo_report_shows_the_demo_levels_and_thai_styles(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    document = open_docx(make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569,
                                               made_on=date(2026, 9, 30)).data)
    rows = _part_rows(document)
    assert {code: (row[3], row[4]) for code, row in rows.items() if "." in code} == {
        s.code: (fmt_level(s.level), str(s.levels_met)) for s in result.subtopics()
    }
    assert rows["CM5.3"][4] == "0"  # the committee without delegated authority blocks level 1 (C2)
    for name in ("Normal", "Heading 1", "Heading 2"):
        assert document.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == THAI_FONT
    assert "ปีประเมิน พ.ศ. 2569" in [p.text for p in document.paragraphs[:12]]
    assert document.sections[0].header.paragraphs[0].text.startswith("องค์การน้ำสะอาดแห่งชาติ (ตัวอย่าง)")


def test_the_demo_report_carries_the_assessors_level_and_rationale(session, demo):
    assessor = actor_for(session, find_user(session, "assessor"))
    set_assessor_level(session, assessor, enterprise_id=demo, year=2569, subtopic_code="CM3.1", level=2.0,
                       rationale="มีช่องทางรับฟังครบทุกกลุ่ม แต่ยังไม่มีลูกค้าในอดีต")
    session.commit()
    document = open_docx(make_readiness_report(session, assessor, enterprise_id=demo, year=2569).data)
    assert _part_rows(document)["CM3.1"][5] == "2.00"
    assert "เหตุผลของผู้ประเมิน: มีช่องทางรับฟังครบทุกกลุ่ม แต่ยังไม่มีลูกค้าในอดีต" in body_text(document)


def test_a_report_for_one_line_of_business_names_the_line(session, demo):
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "L04")).one()
    document = make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, division_id=line.id)
    assert document.filename == "readiness-DEMO-2569-L04.docx"
    cover = [p.text for p in open_docx(document.data).paragraphs[:12]]
    assert "ขอบเขต: สายงานบริการลูกค้า" in cover


def test_nobody_outside_the_enterprise_gets_its_report(session):
    stranger = Actor(username="other", role=Role.ASSESSOR, assessed_enterprise_ids=frozenset({99}))
    with pytest.raises(PermissionDenied):
        make_readiness_report(session, stranger, enterprise_id=1, year=2569)

