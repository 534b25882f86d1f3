"""Every refusal leaves a `denied` audit row, kept even when the caller rolls back (issue 14 item 15):
score, dashboard and comment reads across enterprises, year and target settings, unit and enterprise
creation, new criteria versions."""

import pytest
from sqlmodel import Session, select

from evidence.errors import PermissionDenied
from evidence.models import AuditLog
from evidence.models.org import UnitKind
from evidence.services.assessment import list_comments
from evidence.services.criteria_versions import create_version
from evidence.services.dashboard import overview, set_topic_target
from evidence.services.org import add_unit, configure_year, create_enterprise, open_year
from evidence.services.scoring import score_enterprise


def _attempts(world):
    other, own = world.other_enterprise_id, world.enterprise_id
    planner, staff = world.actor("planner"), world.actor("staff1")
    return {
        "score across enterprises": lambda s: score_enterprise(s, planner, enterprise_id=other, year=2569),
        "dashboard across enterprises": lambda s: overview(s, planner, enterprise_id=other, year=2569),
        "comments across enterprises": lambda s: list_comments(s, planner, enterprise_id=other, year=2569),
        "year opened by division staff": lambda s: open_year(s, staff, enterprise_id=own, year=2570),
        "year settings by division staff": lambda s: configure_year(
            s, staff, enterprise_id=own, year=2569, expected_version=1, criteria_version="2569.1",
            scoring_method="partial", claim_mode="confirmed"),
        "topic target by division staff": lambda s: set_topic_target(s, staff, enterprise_id=own, year=2569,
                                                                     topic_code="SM1", target_level=3),
        "unit created by division staff": lambda s: add_unit(s, staff, enterprise_id=own, code="ZZ",
                                                             name_th="ฝ่ายใหม่", kind=UnitKind.LINE),
        "enterprise created by the planning team": lambda s: create_enterprise(s, planner, code="NEW",
                                                                               name_th="ใหม่"),
        "criteria version by the planning team": lambda s: create_version(s, planner, based_on="2569.1",
                                                                          version="2569.9"),
    }


WHAT = ["score across enterprises", "dashboard across enterprises", "comments across enterprises",
        "year opened by division staff", "year settings by division staff", "topic target by division staff",
        "unit created by division staff", "enterprise created by the planning team",
        "criteria version by the planning team"]


@pytest.mark.parametrize("what", WHAT)
def test_a_refusal_leaves_a_denied_row_even_when_the_caller_rolls_back(engine, session, world, what):
    attempt = _attempts(world)[what]
    before = len(session.exec(select(AuditLog).where(AuditLog.action == "denied")).all())
    with pytest.raises(PermissionDenied):
        attempt(session)
    session.rollback()
    with Session(engine) as fresh:
        after = len(fresh.exec(select(AuditLog).where(AuditLog.action == "denied")).all())
    assert after == before + 1, what
