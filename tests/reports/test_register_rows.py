"""The pack's register workbooks hold exactly the rows each rule read, with the rule's verdict per row
where it judges rows (issue 15 §2); the rows are cross-checked against the snapshot scoring reads."""

import io
import zipfile

import openpyxl
from sqlmodel import col, select

from criteria.vocabulary import COMPLAINT_STAGES
from evidence.access import SYSTEM, actor_for, unit_scope
from evidence.models import ComplaintCase, OrgUnit, Stakeholder, VocRecord
from evidence.models.base import ReviewStatus
from evidence.services.assessment import pinned_criteria
from evidence.services.rule_rows import subtopic_rule_rows
from evidence.services.scoring import score_enterprise
from evidence.services.users import find_user
from evidence.snapshot import build_snapshot
from reports.file_source import store_source
from reports.jobs import make_evidence_pack


def sheet_rows(archive: zipfile.ZipFile, path: str, sheet: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(io.BytesIO(archive.read(path)), read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def reads_of(session, demo, subtopic, **kw):
    criteria = pinned_criteria(session, SYSTEM, enterprise_id=demo, year=2569)
    return subtopic_rule_rows(session, SYSTEM, enterprise_id=demo, year=2569, criteria=criteria,
                              subtopic_code=subtopic, **kw)


def test_a_rule_that_counts_two_profiles_puts_exactly_those_two_rows_in_the_workbook(session, demo, tmp_path):
    line = session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == demo,
                                              OrgUnit.name_th == "สายงานบริหารองค์กร")).one()
    assessment = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569, division_id=line.id)
    s3 = next(i for s in assessment.subtopics() for i in s.items if i.rule_id == "S3")
    assert [e.label for e in s3.evidence] == ["Stakeholder Profile 2 ราย ของสายงานบริหารองค์กร"]
    counted = session.exec(select(Stakeholder.code).where(
        Stakeholder.year == 2569, Stakeholder.status == ReviewStatus.APPROVED,
        col(Stakeholder.org_unit_id).in_(unit_scope(session, line.id)))).all()
    planner = actor_for(session, find_user(session, "planner"))
    pack = make_evidence_pack(session, planner, enterprise_id=demo, year=2569, division_id=line.id, target=tmp_path,
                              source=store_source(tmp_path / "files"))
    with zipfile.ZipFile(pack.zip_path) as archive:
        rows = sheet_rows(archive, "registers/SM1.1.xlsx", "S3 ผู้มีส่วนได้ส่วนเสีย")
        book = openpyxl.load_workbook(io.BytesIO(archive.read("registers/SM1.1.xlsx")), read_only=True)
        summary = [r for r in book["คำอธิบาย"].iter_rows(values_only=True) if r[:2] == ("S3 ผู้มีส่วนได้ส่วนเสีย", "S3")]
    assert sorted(r["รหัส"] for r in rows) == sorted(counted) and len(rows) == 2
    assert [(r[2], r[4]) for r in summary] == [(s3.id, "2 แถว (กฎนับจากแถวเหล่านี้)")]


def test_complaint_cases_carry_their_stage_times_and_the_p5_verdict_the_snapshot_counts(session, demo):
    [read] = [r for r in reads_of(session, demo, "CM5.3") if r.rule_id == "P5" and r.family == "complaints"]
    rows = list(read.rows())
    cases = session.exec(select(ComplaintCase.case_no).where(
        ComplaintCase.year == 2569, ComplaintCase.status == ReviewStatus.APPROVED)).all()
    assert read.judged and sorted(r.code for r in rows) == sorted(cases)
    snapshot = build_snapshot(session, enterprise_id=demo, year=2569)
    stages = {s.stage: s for s in snapshot.complaints.stages}
    for stage in ("acknowledge", "respond", "resolve"):
        header = next(h for h in read.headers if h.startswith(COMPLAINT_STAGES[stage]))
        position = read.headers.index(header)
        hours = [r.cells[position] for r in rows]
        timed = [float(h.replace(",", "")) for h in hours if h[0].isdigit()]
        overdue = sum(h == "ยังไม่ถึงขั้นตอน (เกินกำหนด)" for h in hours)
        standard = stages[stage].standard_hours
        assert f"มาตรฐาน {standard:g}" in header
        assert (len(timed) + overdue, sum(t <= standard for t in timed)) == (stages[stage].measured,
                                                                              stages[stage].within)
    failed = [r for r in rows if r.verdict == "fail"]
    assert failed and all("เกิน" in r.reason for r in failed)
    assert all(r.verdict == "pass" and r.reason == "" for r in rows if r not in failed)


def test_profile_rows_fail_for_the_reasons_the_currency_rule_gives(session, demo):
    assessment = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    s1 = next(i for s in assessment.subtopics() for i in s.items if i.rule_id == "S1" and not i.met)
    stale = sum(int(r.split("Stakeholder Profile ")[1].split(" ราย")[0]) for r in s1.reasons if "ไม่ได้ทบทวน" in r)
    [read] = [r for r in reads_of(session, demo, "SM1.1") if r.rule_id == "S1"]
    rows = list(read.rows())
    failed = [r for r in rows if r.verdict == "fail"]
    assert len([r for r in failed if "ทบทวน" in r.reason]) == stale
    lacking = [r.reason.removeprefix("ขาด") for r in failed if r.reason.startswith("ขาด")]
    assert all(any(f"ขาดข้อมูล {field}" in reason for reason in s1.reasons) for field in lacking)
    assert len(failed) == len(lacking) + stale
    assert len(rows) == sum(u.profiles for u in build_snapshot(session, enterprise_id=demo, year=2569).stakeholders)


def test_actions_are_those_of_the_source_and_kind_the_u1_item_names(session, demo):
    snapshot = build_snapshot(session, enterprise_id=demo, year=2569)
    totals = {(a.source, a.kind): a.total for a in snapshot.actions}
    criteria = pinned_criteria(session, SYSTEM, enterprise_id=demo, year=2569)
    for sub in criteria.subtopics():
        for read in reads_of(session, demo, sub.code):
            if read.rule_ids != ("U1",):
                continue
            item = next(i for _, i in sub.items() if i.id == read.item_ids[0])
            source = str(item.rule.params.get("source", "voc"))
            kinds = tuple(item.rule.params.get("kinds") or ("improvement",))
            assert len(list(read.rows())) == sum(totals.get((source, k), 0) for k in kinds), item.id


def test_rules_reading_the_same_rows_share_one_sheet(session, demo):
    voc = [r for r in reads_of(session, demo, "CM3.1") if r.family == "voc"]
    assert [r.rule_ids for r in voc] == [("C7", "P3")]
    approved = session.exec(select(VocRecord.ref_no).where(VocRecord.year == 2569,
                                                           VocRecord.status == ReviewStatus.APPROVED)).all()
    assert sorted(r.code for r in voc[0].rows()) == sorted(approved)
