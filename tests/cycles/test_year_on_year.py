"""Year on year (issue 15): last year's assessor level beside this year's computed level, and what
changed between the years; on its page, and from the service the page and the report share."""

from sqlalchemy import event
from sqlmodel import func, select

from evidence.access import SYSTEM
from evidence.errors import NotFound
from evidence.models import AssessorLevel, ComplaintCase, OrgUnit, Stakeholder, VoiceOfStakeholder
from evidence.services.evidence_pass import forget_passes
from evidence.services.scoring import score_enterprise
from evidence.services.submissions import version_label
from evidence.services.year_on_year import compare_years
from tests.portal.conftest import open_app


def test_the_comparison_puts_the_assessors_level_of_2568_beside_the_levels_computed_for_both_years(session, demo):
    years = compare_years(session, SYSTEM, enterprise_id=demo, year=2569)
    before = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2568)
    now = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    assessed = session.exec(select(AssessorLevel.subtopic_code, AssessorLevel.level).where(
        AssessorLevel.year == 2568)).all()
    assert assessed
    shown = {s.code: (s.earlier_level, s.assessor_level, s.level) for s in years.subtopics}
    assert shown == {s.code: ({b.code: b.level for b in before.subtopics()}.get(s.code),
                              dict(assessed).get(s.code), s.level) for s in now.subtopics()}
    assert (years.earlier_year, years.earlier_score, years.score) == (2568, before.score, now.score)
    assert years.earlier_version.startswith("ฉบับที่ส่ง ")


def test_what_changed_counts_records_documents_in_force_and_flipped_verdicts(session, demo):
    years = compare_years(session, SYSTEM, enterprise_id=demo, year=2569)
    cases = {y: len(session.exec(select(ComplaintCase.id).where(ComplaintCase.year == y)).all()) for y in (2568, 2569)}
    complaints = next(f for f in years.families if f.family == "เรื่องร้องเรียน")
    assert (complaints.earlier, complaints.now) == (cases[2568], cases[2569])
    before = {i.id: i.met for s in score_enterprise(session, SYSTEM, enterprise_id=demo, year=2568).subtopics()
              for i in s.items}
    now = {i.id: i.met for s in score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569).subtopics()
           for i in s.items}
    assert [i for i, *_ in years.items] == [i for i in now if i in before and before[i] != now[i]]
    assert all((a, b) in (("ผ่าน", "ไม่ผ่าน"), ("ไม่ผ่าน", "ผ่าน")) for *_, a, b in years.items)
    assert any(change == "เริ่มมีผล" and b.startswith("ฉบับ ") for change, _, _, b in years.documents)
    text = "\n".join(years.lines())
    assert text.startswith(f"ปี 2568 ({years.earlier_version}) → ปี 2569: คะแนนรวม")


def _counts(years, family: str) -> tuple[int, int, int, int, int]:
    f = next(f for f in years.families if f.family == family)
    return f.earlier, f.now, f.added, f.removed, f.changed


def test_records_are_matched_by_label_across_years_and_counted_added_removed_or_changed(session, demo):
    before = _counts(compare_years(session, SYSTEM, enterprise_id=demo, year=2569), "Stakeholder Profile")
    rows = {y: {s.code: s for s in session.exec(select(Stakeholder).where(Stakeholder.year == y)).all()}
            for y in (2568, 2569)}
    assert before == (len(rows[2568]), len(rows[2569]), 0, 0, len(rows[2569]))  # every profile reviewed anew
    same, renamed = sorted(set(rows[2568]) & set(rows[2569]))[:2]
    rows[2569][same].reviewed_on = rows[2568][same].reviewed_on  # now as it was last year: not changed
    rows[2569][renamed].code = "SH-NEW-01"  # last year's record no longer there, a new one added
    session.add_all([rows[2569][same], rows[2569][renamed]])
    session.commit()
    forget_passes()
    after = _counts(compare_years(session, SYSTEM, enterprise_id=demo, year=2569), "Stakeholder Profile")
    assert after == (before[0], before[1], 1, 1, before[4] - 2)


def test_a_family_held_in_one_year_only_is_counted_without_reading_its_records(session, demo):
    for year in (2568, 2569):  # the scores and the submitted version's check kept in the pass
        score_enterprise(session, SYSTEM, enterprise_id=demo, year=year)
        version_label(session, demo, year)
    statements: list[str] = []

    def seen(conn, cursor, statement, *_):  # noqa: ANN001, ANN202, ARG001
        statements.append(statement)

    event.listen(session.get_bind(), "before_cursor_execute", seen)
    try:
        years = compare_years(session, SYSTEM, enterprise_id=demo, year=2569)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", seen)
    vos = {y: session.exec(select(func.count()).select_from(VoiceOfStakeholder).where(
        VoiceOfStakeholder.year == y)).one() for y in (2568, 2569)}
    assert vos[2568] == 0 and vos[2569] > 0
    assert _counts(years, "VOS") == (0, vos[2569], vos[2569], 0, 0)
    units = session.exec(select(func.count()).select_from(OrgUnit).where(OrgUnit.enterprise_id == demo)).one()
    assert _counts(years, "หน่วยงาน") == (units, units, 0, 0, 0)  # no year column: the same records both years
    read = [s for s in statements if "FROM voiceofstakeholder" in s]
    assert read and all(s.startswith("SELECT voiceofstakeholder.year, count(*)") for s in read)


def test_a_first_year_has_nothing_to_compare_with(session, demo):
    try:
        compare_years(session, SYSTEM, enterprise_id=demo, year=2568)
    except NotFound as error:
        assert error.message == "ยังไม่มีปีประเมินก่อนปี 2568 ให้เปรียบเทียบ"
    else:
        raise AssertionError("2568 is the demo's first year")


def test_the_page_shows_both_years_side_by_side_for_the_assessor(session, demo):
    at = open_app("assessor", "views/year_on_year.py")
    assert not at.exception and [e.value for e in at.error] == []
    levels = next(d.value for d in at.dataframe if "ปี 2568 ผู้ประเมินให้" in d.value.columns)
    sm11 = levels[levels["รหัส"] == "SM1.1"].iloc[0]
    years = compare_years(session, SYSTEM, enterprise_id=demo, year=2569)
    expected = next(s for s in years.subtopics if s.code == "SM1.1")
    assert (sm11["ปี 2568 ผู้ประเมินให้"], sm11["ปี 2569 คำนวณได้"]) == (f"{expected.assessor_level:.2f}",
                                                                       f"{expected.level:.2f}")
    assert [m.label for m in at.metric] == ["คะแนนรวมปี 2568", "คะแนนรวมปี 2569 (คำนวณ)"]
    flipped = next(d.value for d in at.dataframe if "ข้อกำหนด" in d.value.columns)
    assert len(flipped) == len(years.items)
