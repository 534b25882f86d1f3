"""Migration 0002 (issue 12) moves the data that was there into the new fields."""

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, MetaData, insert, select

from evidence import db


def _row(table, **values: object) -> dict[str, object]:  # noqa: ANN001
    """`values` plus a plain value for every other NOT NULL column of the 0001 schema."""
    filled: dict[str, object] = {}
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        kind = type(column.type)
        filled[column.name] = (
            False if issubclass(kind, Boolean) else 0 if issubclass(kind, Integer | Float)
            else datetime(2026, 1, 1) if issubclass(kind, DateTime) else date(2026, 1, 1) if issubclass(kind, Date)
            else "approved" if column.name == "status" else "x"
        )
    return filled | values


def test_0002_moves_importance_plans_recipients_and_complaint_plans(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0001")
    meta = MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.begin() as conn:
        conn.execute(insert(t["enterprise"]), _row(t["enterprise"], id=1, code="OLD"))
        conn.execute(insert(t["orgunit"]), _row(t["orgunit"], id=1, enterprise_id=1, code="L1", kind="line"))
        for sid, interest, influence in ((1, 4, 4), (2, 1, 2), (3, 5, 1), (4, None, None)):
            conn.execute(insert(t["stakeholder"]), _row(t["stakeholder"], id=sid, enterprise_id=1, year=2569,
                                                        org_unit_id=1, code=f"S{sid}", interest=interest,
                                                        influence=influence))
        conn.execute(insert(t["relationshipplan"]), [
            _row(t["relationshipplan"], id=1, enterprise_id=1, year=2569, title="แผนเอง", aligned_existing_plan=None),
            _row(t["relationshipplan"], id=2, enterprise_id=1, year=2569, title="แผนสื่อสาร",
                 aligned_existing_plan="แผนสื่อสารองค์กร")])
        conn.execute(insert(t["vocreport"]), [
            _row(t["vocreport"], id=q, enterprise_id=1, year=2569, quarter=q, reported_to=to)
            for q, to in ((1, "คณะกรรมการรัฐวิสาหกิจ"), (2, "คณะอนุกรรมการลูกค้า"), (3, "ผู้ว่าการและผู้บริหาร"))])
        conn.execute(insert(t["complaintpolicy"]), _row(t["complaintpolicy"], id=1, enterprise_id=1, year=2569,
                                                        kind="complaint_policy", in_customer_strategy=True))
        conn.execute(insert(t["strategyplan"]), [
            _row(t["strategyplan"], id=i, enterprise_id=1, year=2569, kind=kind, title=kind)
            for i, kind in ((1, "customer_strategy"), (2, "annual_action"), (3, "long_term_action"))])
    db.upgrade(engine)
    meta = MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.connect() as conn:
        importance = dict(conn.execute(select(t["stakeholder"].c.id, t["stakeholder"].c.importance)).all())
        plans = conn.execute(select(t["relationshipplan"].c.id, t["relationshipplan"].c.plan_source,
                                    t["relationshipplan"].c.aligned_with_strategy).order_by("id")).all()
        recipients = dict(conn.execute(select(t["vocreport"].c.quarter, t["vocreport"].c.recipient)).all())
        topics = dict(conn.execute(select(t["strategyplan"].c.kind, t["strategyplan"].c.improvement_topics)).all())
    engine.dispose()
    assert importance == {1: "high", 2: "low", 3: "medium", 4: None}
    assert [tuple(p) for p in plans] == [(1, "own", False), (2, "other_unit_plan", True)]
    assert recipients == {1: "board", 2: "committee", 3: "top_executives"}
    assert topics == {"customer_strategy": ["complaint_handling"], "annual_action": ["complaint_handling"],
                      "long_term_action": []}
