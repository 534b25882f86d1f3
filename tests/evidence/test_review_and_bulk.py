from datetime import date

import pytest
from sqlmodel import select

from evidence.models import OrgUnit, Stakeholder, VocRecord
from evidence.models.base import ReviewStatus
from evidence.services.bulk import BulkRefused, RowChange, apply_changes
from evidence.services.records import create_record, set_review_status, update_record
from evidence.services.review import queue_counts, review_queue
from tests.evidence.excel_support import demo_actor


def _unit(session, code):
    return session.exec(select(OrgUnit).where(OrgUnit.code == code)).one()


def test_submitted_drafts_wait_in_the_queue_until_approved_or_returned(session, demo):
    staff, planner = demo_actor(session, "cs.staff"), demo_actor(session, "planner")
    unit = _unit(session, "D041")
    drafts = [create_record(session, staff, Stakeholder, {"enterprise_id": demo, "year": 2569, "org_unit_id": unit.id,
                                                          "code": f"SH-Q-{n}", "group_name": f"กลุ่ม {n}"})
              for n in (1, 2)]
    for draft in drafts:
        set_review_status(session, staff, Stakeholder, draft.id, ReviewStatus.SUBMITTED, expected_version=draft.version)
    assert queue_counts(session, planner, enterprise_id=demo, year=2569) == {"Stakeholder Profile": 2}
    queue = review_queue(session, planner, enterprise_id=demo, year=2569)
    assert [(i.family, i.label, i.unit_id, i.status) for i in queue] == [
        ("Stakeholder Profile", "SH-Q-1", unit.id, "submitted"), ("Stakeholder Profile", "SH-Q-2", unit.id, "submitted")]
    set_review_status(session, planner, Stakeholder, queue[0].record_id, ReviewStatus.APPROVED,
                      expected_version=queue[0].version)
    set_review_status(session, planner, Stakeholder, queue[1].record_id, ReviewStatus.RETURNED,
                      expected_version=queue[1].version, comment="กรุณาระบุผู้แทน")
    assert queue_counts(session, planner, enterprise_id=demo, year=2569) == {}
    assert review_queue(session, planner, enterprise_id=demo, year=2569, statuses=(ReviewStatus.RETURNED,))[0].comment \
        == "กรุณาระบุผู้แทน"


def _voc(n: int, **extra: object) -> dict[str, object]:
    return {"ref_no": f"B-{n}", "org_unit_id": extra.pop("unit"), "received_on": date(2026, 1, 10), "quarter": 2,
            "aspect": "transaction", "kind": "need", "text": f"แถว {n}", **extra}


def test_table_edits_are_saved_together_or_not_at_all(session, demo):
    planner = demo_actor(session, "planner")
    unit = _unit(session, "D041").id
    newest = session.exec(select(VocRecord).order_by(VocRecord.id.desc())).first()
    changes = [
        RowChange(1, newest.id, newest.version, {"text": "แก้ไขแล้ว"}),
        RowChange(2, values=_voc(1, unit=unit)),
        RowChange(3, values=_voc(2, unit=unit, quarter=7)),
        RowChange(4, values=_voc(3, unit=unit, received_on=date(2020, 1, 1))),
    ]
    with pytest.raises(BulkRefused) as refused:
        apply_changes(session, planner, VocRecord, enterprise_id=demo, year=2569, changes=changes)
    session.rollback()
    assert [row for row, _ in refused.value.problems] == [3, 4]
    assert "ไตรมาส: ไตรมาส 7 ไม่ตรงกับวันที่ได้รับ" in refused.value.problems[0][1]  # it follows from the date
    assert session.exec(select(VocRecord).where(VocRecord.ref_no.like("B-%"))).all() == []
    session.refresh(newest)
    assert newest.text != "แก้ไขแล้ว"
    result = apply_changes(session, planner, VocRecord, enterprise_id=demo, year=2569, changes=changes[:2])
    session.commit()
    assert (result.created, result.updated, result.deleted) == (1, 1, 0)


def test_a_row_someone_else_saved_meanwhile_is_refused_with_both_versions(session, demo):
    planner = demo_actor(session, "planner")
    record = session.exec(select(VocRecord).order_by(VocRecord.id)).first()
    opened = record.version
    update_record(session, planner, VocRecord, record.id, expected_version=opened, changes={"text": "ของคนอื่น"})
    session.commit()
    with pytest.raises(BulkRefused) as refused:
        apply_changes(session, planner, VocRecord, enterprise_id=demo, year=2569,
                      changes=[RowChange(1, record.id, opened, {"text": "ของฉัน"})])
    row, stale = refused.value.stale[0]
    assert row == 1 and stale.theirs["text"] == "ของคนอื่น" and stale.mine["text"] == "ของฉัน"
