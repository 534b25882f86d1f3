from sqlalchemy import func
from sqlmodel import Session, select

from bench.generate import SCALES, generate
from evidence.models import ComplaintCase, OrgUnit, VocRecord
from evidence.models.org import UnitKind


def test_scale_s_generates_the_declared_row_counts(engine):
    stats = generate(engine, SCALES["S"])
    with Session(engine) as session:
        voc = session.exec(select(func.count()).select_from(VocRecord)).one()
        cases = session.exec(select(func.count()).select_from(ComplaintCase)).one()
        lines = session.exec(select(func.count()).where(OrgUnit.kind == UnitKind.LINE)).one()
    assert (voc, cases, lines) == (240, 160, 5)
    assert stats.rows["vocrecord"] == 240


def test_generated_rows_pass_the_models_validation(engine):
    generate(engine, SCALES["S"])
    with Session(engine) as session:
        for row in session.exec(select(ComplaintCase).limit(50)).all():
            ComplaintCase.model_validate(row.model_dump(warnings=False))
