from evidence.access import SYSTEM
from evidence.services.blockers import SCM_TEAM, blocker_rows, blocker_summary, owners_of
from evidence.services.scoring import score_enterprise


def test_every_blocking_item_is_a_row_with_its_thai_text_owner_and_the_step_s_gain(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    rows = blocker_rows(result)
    expected = [(a.subtopic_code, i) for a in result.next_actions for i in a.items]
    assert [(r.subtopic_code, r.item_id) for r in rows] == expected
    for row in rows:
        action = next(a for a in result.next_actions if a.subtopic_code == row.subtopic_code)
        item = result.item(row.item_id)
        assert row.item_text == item.text_th and row.score_gain == action.score_gain
        assert (row.level, row.next_level, row.items_in_step) == (action.from_level, action.to_level, len(action.items))
        assert row.owners == item.owners and row.owner_text == (", ".join(item.owners) or SCM_TEAM)
        if item.reasons:
            assert row.missing.startswith(item.reasons[0])
    gains = [r.score_gain for r in rows]
    assert gains == sorted(gains, reverse=True)


def test_the_owner_filter_keeps_one_line_s_rows(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    line = "สายงานบริการลูกค้า"
    assert line in owners_of(result)
    mine = blocker_rows(result, owner=line)
    assert mine and all(line in r.owners for r in mine)
    assert len(mine) < len(blocker_rows(result))


def test_the_summary_says_how_many_items_and_the_score_they_would_bring(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    summary = blocker_summary(result)
    assert summary.items == sum(len(a.items) for a in result.next_actions)
    assert summary.subtopics == len(result.next_actions) <= summary.subtopics_total == len(result.subtopics())
    assert summary.reachable == min(5.0, result.score + sum(a.score_gain for a in result.next_actions))
    assert summary.headline == (f"ต้องทำอีก {summary.items:,} รายการ ใน {summary.subtopics:,} หัวข้อย่อย · "
                                f"ทำครบแล้วคะแนน SCM จะเป็น {summary.reachable:.2f} "
                                f"(+{summary.reachable - result.score:.2f})")
