"""One evidence pass per enterprise, year and data version, shared by every reader (issue 18 §1, issue 17).

Scoring, the dashboard, the "what is missing" panels, the reports and the Excel template read the same
aggregates. They are computed once per enterprise, assessment year and *data version* and kept here,
at the service level, for every user of the process: never per user. The per-user part (the access
check, a division's own units, masking) is applied by each service after it takes the shared result.

The data version is the enterprise's own newest evidence write: the newest audit row of that
enterprise (or of no enterprise, e.g. a new criteria version) whose action changes evidence. Sign-ins,
refusals, exports and searches add audit rows too but change nothing, so they keep every cache; a
write in another enterprise keeps this one's. Every write through the services, an import, a restore
and a PDPA erasure add such a row (`evidence.audit.record_audit`), so a changed version means changed
evidence. The newest row's time is part of the key as well: SQLite may hand a rolled-back id out again.

Two readers asking for the same part of a pass at once wait for one computation (threads of one
server process). Behind this in-process level, a second level shared by every process on the same
database (replicas and the worker) stores the parts worth storing (`evidence.services.shared_parts`):
a part missing here is read from there, or computed once while the other processes wait.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from evidence.models.users import AuditLog
from evidence.thai_dates import bangkok_today

T = TypeVar("T")

# Audit actions that record an access, not a change of evidence (evidence.services.audit_query.ACTION_TH).
NON_EVIDENCE_ACTIONS = frozenset({
    "login", "login:failed", "login:locked", "login:refused", "logout", "session:expired", "denied",
    "export", "export:personal", "export:audit", "export:inventory", "dsr:search", "dsr:export",
    "backup", "inventory", "user:password", "user:password:failed", "user:unlock",
})
PASSES = 24  # enterprise-years kept per process (a pass of scale L holds a few MB)

Version = tuple[int, datetime | None]


def enterprise_version(session: Session, enterprise_id: int) -> Version:
    """(id, time) of the enterprise's newest evidence write, or of the newest one of no enterprise
    when that is newer. Two index look-ups on (enterprise_id, id), walking back over sign-in rows only."""
    newest: Version = (0, None)
    for owner in (enterprise_id, None):
        owned = col(AuditLog.enterprise_id).is_(None) if owner is None else col(AuditLog.enterprise_id) == owner
        row = session.exec(
            select(AuditLog.id, AuditLog.at).where(owned, col(AuditLog.action).not_in(NON_EVIDENCE_ACTIONS))
            .order_by(col(AuditLog.id).desc()).limit(1)
        ).first()
        if row is not None and int(row[0] or 0) > newest[0]:
            newest = (int(row[0] or 0), row[1])
    return newest


class EvidencePass:
    """The shared results of one enterprise, year and data version, computed on first use."""

    def __init__(self, key: tuple[object, ...], engine: Engine | None = None):
        from evidence.services.shared_parts import PassKey, SharedParts

        self.key = key
        self._values: dict[Hashable, object] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self.computed: list[Hashable] = []  # what this pass computed, in order (tests and benchmarks read it)
        self.loaded: list[Hashable] = []  # what it read from the parts other processes stored
        _, enterprise_id, year, version_id, version_at, day = key
        self._stored = None if engine is None else SharedParts(engine, PassKey(
            int(enterprise_id), int(year), int(version_id), version_at, day))  # type: ignore[call-overload, arg-type]

    def get(self, name: Hashable, compute: Callable[[], T]) -> T:
        """The part `name`, computed once by whichever reader asks first; the others wait for it. A part
        stored by another process on the same database is read instead of computed."""
        if name in self._values:
            return self._values[name]  # type: ignore[return-value]
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._values:
                if self._stored is None:
                    value, here = compute(), True
                else:
                    value, here = self._stored.get_or_compute(name, compute)
                self._values[name] = value
                (self.computed if here else self.loaded).append(name)
        return self._values[name]  # type: ignore[return-value]

    def __contains__(self, name: Hashable) -> bool:
        return name in self._values


_PASSES: OrderedDict[tuple[object, ...], EvidencePass] = OrderedDict()
_LOCK = threading.Lock()


def pass_key(session: Session, enterprise_id: int, year: int) -> tuple[object, ...]:
    """Database, enterprise, year, the enterprise's data version and today (profiles age, cases fall due)."""
    return (str(session.get_bind().url), enterprise_id, year, *enterprise_version(session, enterprise_id),
            bangkok_today())


def evidence_pass(session: Session, enterprise_id: int, year: int) -> EvidencePass:
    """The pass of the enterprise and year at its current data version (no access check: callers check)."""
    key = pass_key(session, enterprise_id, year)
    with _LOCK:
        found = _PASSES.get(key)
        if found is None:
            found = _PASSES[key] = EvidencePass(key, session.get_bind().engine)
            while len(_PASSES) > PASSES:
                _PASSES.popitem(last=False)
        else:
            _PASSES.move_to_end(key)
        return found


def forget_passes() -> None:
    """Drop every pass this process keeps (benchmarks measure cold work with it; tests start clean).
    Parts stored for other processes stay (`shared_parts.drop_stored_parts` removes those)."""
    with _LOCK:
        _PASSES.clear()


def forget_enterprise(enterprise_id: int) -> None:
    """Drop the passes this process keeps for the enterprise (a PDPA erasure: no old part stays in memory)."""
    with _LOCK:
        for key in [k for k in _PASSES if k[1] == enterprise_id]:
            del _PASSES[key]
