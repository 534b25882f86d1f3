"""A workbook re-import of a division's change to an approved record waits as a pending revision
(issue 13 §4): the approved values keep counting until the planning team approves it."""

import io

import openpyxl
from sqlmodel import Session, col, select

from evidence.excel.exporter import export_workbook
from evidence.excel.importer import import_file
from evidence.excel.schema import BY_KEY
from evidence.models import AuditLog, RecordRevision, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.services.revisions import compare_revision, decide_revision, pending_revisions
from evidence.services.scoring import score_enterprise
from tests.evidence.excel_support import demo_actor

STAKEHOLDERS = BY_KEY["stakeholders"]


def profiles_of(session, actor, status) -> list[Stakeholder]:
    return list(session.exec(select(Stakeholder).where(
        col(Stakeholder.org_unit_id).in_(actor.org_unit_ids), Stakeholder.year == 2569,
        Stakeholder.status == status, col(Stakeholder.role).is_not(None)).order_by(Stakeholder.id)).all())


def edited_export(session, actor, edits: dict[str, dict[str, object]]) -> bytes:
    """The division's own stakeholder sheet as exported, with `edits` (code → header → new value)."""
    data = export_workbook(session, actor, enterprise_id=actor.enterprise_id, year=2569, families=[STAKEHOLDERS])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[STAKEHOLDERS.sheet]
    headers = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1)}
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, headers[STAKEHOLDERS.by_field["code"].header]).value
        for header, value in edits.get(code, {}).items():
            sheet.cell(row, headers[header]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def score(session, enterprise_id) -> float:
    return score_enterprise(session, demo_actor(session, "planner"), enterprise_id=enterprise_id, year=2569).score


def run(session, actor, data, **kw):
    return import_file(session, actor, data=data, filename="stakeholders.xlsx", enterprise_id=actor.enterprise_id,
                       year=2569, **kw)


ROLE = STAKEHOLDERS.by_field["role"].header
ISSUES = STAKEHOLDERS.by_field["key_issues"].header


def test_a_reimported_change_to_an_approved_profile_waits_as_a_revision_and_the_score_stays(session, demo):
    staff = demo_actor(session, "cs.staff")
    profile = profiles_of(session, staff, ReviewStatus.APPROVED)[0]
    before_score, old = score(session, demo), (profile.role, profile.key_issues, profile.version)
    data = edited_export(session, staff, {profile.code: {ROLE: None, ISSUES: "ประเด็นจากไฟล์ Excel"}})
    report = run(session, staff, data)
    session.commit()
    assert report.stored, [str(p) for p in report.problems]
    assert [(s.created, s.updated, s.revisions) for s in report.sheets] == [(0, 0, 1)]
    assert "เสนอฉบับแก้ไขรออนุมัติ 1 รายการ" in report.summary()
    with Session(session.get_bind()) as fresh:
        stored = fresh.get(Stakeholder, profile.id)
        assert (stored.role, stored.key_issues, stored.version, stored.status) == (*old, ReviewStatus.APPROVED)
        assert score(fresh, demo) == before_score
        revision = fresh.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder",
                                                           RecordRevision.record_id == profile.id)).one()
        assert revision.changes == {"role": None, "key_issues": "ประเด็นจากไฟล์ Excel"}
        audit = fresh.exec(select(AuditLog).where(AuditLog.action == "import")).one()
        assert audit.after["sheets"][STAKEHOLDERS.sheet]["revisions"] == 1


def test_the_planner_sees_both_versions_and_approving_applies_the_reimported_change(session, demo):
    staff, planner = demo_actor(session, "cs.staff"), demo_actor(session, "planner")
    profile = profiles_of(session, staff, ReviewStatus.APPROVED)[0]
    old_issues, old_version = profile.key_issues, profile.version
    run(session, staff, edited_export(session, staff, {profile.code: {ISSUES: "ประเด็นจากไฟล์ Excel"}}))
    session.commit()
    waiting = pending_revisions(session, planner, enterprise_id=demo)
    assert [(r.record_table, r.record_id) for r in waiting] == [("stakeholder", profile.id)]
    comparison = compare_revision(session, planner, waiting[0].id)
    changed = {f.label: (f.approved, f.proposed) for f in comparison.fields if f.changed}
    assert changed == {ISSUES: (old_issues or "—", "ประเด็นจากไฟล์ Excel")}
    decide_revision(session, planner, waiting[0].id, ReviewStatus.APPROVED, expected_version=waiting[0].version)
    session.commit()
    session.expire_all()
    stored = session.get(Stakeholder, profile.id)
    assert (stored.key_issues, stored.status, stored.version) == ("ประเด็นจากไฟล์ Excel", ReviewStatus.APPROVED,
                                                                   old_version + 1)


def test_unchanged_rows_do_nothing_and_draft_rows_are_updated_as_before(session, demo):
    staff = demo_actor(session, "cs.staff")
    draft = profiles_of(session, staff, ReviewStatus.APPROVED)[1]  # made a draft the division edits in place
    draft.status = ReviewStatus.DRAFT
    session.add(draft)
    session.commit()
    again = run(session, staff, edited_export(session, staff, {}))
    assert [(s.created, s.updated, s.revisions) for s in again.sheets] == [(0, 0, 0)]
    session.commit()
    report = run(session, staff, edited_export(session, staff, {draft.code: {ISSUES: "แก้ฉบับร่าง"}}))
    session.commit()
    assert [(s.updated, s.revisions) for s in report.sheets] == [(1, 0)]
    session.expire_all()
    assert session.get(Stakeholder, draft.id).key_issues == "แก้ฉบับร่าง"
    assert session.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder")).all() == []


def test_a_bad_row_elsewhere_keeps_the_revision_from_being_made(session, demo):
    staff = demo_actor(session, "cs.staff")
    first, second = profiles_of(session, staff, ReviewStatus.APPROVED)[:2]
    data = edited_export(session, staff, {first.code: {ISSUES: "ประเด็นใหม่"},
                                          second.code: {STAKEHOLDERS.by_field["interest"].header: "มาก"}})
    report = run(session, staff, data)
    session.commit()
    assert not report.stored and report.problem_count == 1
    assert session.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder")).all() == []
    session.expire_all()
    assert session.get(Stakeholder, first.id).key_issues != "ประเด็นใหม่"


def test_a_dry_run_counts_the_revision_without_keeping_it(session, demo):
    staff = demo_actor(session, "cs.staff")
    profile = profiles_of(session, staff, ReviewStatus.APPROVED)[0]
    report = run(session, staff, edited_export(session, staff, {profile.code: {ISSUES: "ลองดู"}}), dry_run=True)
    session.commit()
    assert report.ok and not report.stored and [s.revisions for s in report.sheets] == [1]
    assert session.exec(select(RecordRevision).where(RecordRevision.record_table == "stakeholder")).all() == []
