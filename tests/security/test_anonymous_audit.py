"""Anonymous page loads cannot fill the audit trail (issue 14 item 18): forged URL parameters and
sign-ins with unknown user names are aggregated into one row per kind and minute, with a count."""

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from evidence import audit_rate
from evidence.errors import AuthenticationFailed
from evidence.models import AuditLog
from evidence.services.users import authenticate
from tests.portal.conftest import APP


def _rows(session, action: str) -> list[AuditLog]:
    session.expire_all()
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all())


def test_twenty_anonymous_loads_with_a_forged_parameter_write_one_row(demo, session, monkeypatch):
    monkeypatch.setattr(audit_rate, "WINDOW_SECONDS", 3600.0)  # however slow the machine, one window
    for _ in range(20):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["role"] = "admin"
        at.run()
    rows = _rows(session, "denied")
    assert [r.actor for r in rows] == ["anonymous"]


def test_a_new_window_records_again_and_names_how_many_were_folded_in(session, world, monkeypatch):
    clock = [1000.0]
    real = audit_rate.admit
    monkeypatch.setattr(audit_rate, "admit", lambda key, now=None: real(key, now=clock[0]))
    import evidence.services.users as users

    monkeypatch.setattr(users, "admit", audit_rate.admit)
    for _ in range(30):
        with pytest.raises(AuthenticationFailed):
            authenticate(session, "no.such.user", "x")
    clock[0] += audit_rate.WINDOW_SECONDS + 1
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "no.such.user", "x")
    summaries = [r.summary for r in _rows(session, "login:failed")]
    assert len(summaries) == 2 and "29" in summaries[1]
