"""The second level of the evidence pass: computed parts stored in the database for every process on it.

Replicas and the worker each keep their own passes in memory (`evidence.services.evidence_pass`); this
level lets a part computed by one process be read by the others. A row of `sharedpart` holds one part
of one pass, keyed on the SHA-256 of the code fingerprint, enterprise, year, data version (id and time),
day and part name. The fingerprint hashes the computing code and the criteria files (and the Python
version), so a deploy with new code never reads a part computed by old code.

Values are pickled, compressed and signed with an HMAC-SHA256 whose key is derived from the
deployment's secret (`SCM_SECRET_KEY`, or `STREAMLIT_SERVER_COOKIE_SECRET`, which every replica already
shares). A row whose signature does not verify (written by anyone without the secret, or altered) is
never unpickled: it is refused, logged, recomputed and overwritten. Without a secret the level is off
and every process computes its own passes, as before.

Which parts are stored was decided by measurement (`STORED_PARTS`, `bench/bench_shared_pass.py`); other
parts stay in the process. A part over `SCM_SHARED_PART_MAX_KB` serialised is not stored. Writing a
part removes the enterprise's rows of older versions, of earlier days and of other code, and keeps at
most `SCM_SHARED_PARTS_PER_ENTERPRISE` rows per enterprise. A part is stored only when its data version
is committed and still the enterprise's newest (checked in the inserting statement itself).

One process computes a cold part while the others wait, on PostgreSQL: the first takes
`pg_advisory_xact_lock` on a hash of the row's key, computes, stores and commits (which releases the
lock); a waiter then reads the stored part. A waiter that waited `SCM_SHARED_PASS_WAIT_SECONDS` computes
the part itself. On SQLite waiting is in-process only (threads of one server, `EvidencePass.get`).

PDPA: parts hold record labels and free text (stakeholder groups, risk descriptions, working-group
names, the Excel template's drop-down values), so an erasure, a correction or a retention run drops the
enterprise's stored parts in its own transaction (`drop_enterprise_parts`). On PostgreSQL it takes an
exclusive advisory lock on the enterprise that every writer takes shared, so no part computed before the
erasure is written after it.
"""

import hashlib
import hmac
import pickle
import sys
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, cast, delete, exists, literal, or_, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, col

from evidence.models.shared_pass import SharedPart
from evidence.models.users import AuditLog
from evidence.settings import get_settings

log = structlog.get_logger("evidence.shared_parts")
ROOT = Path(__file__).resolve().parents[2]
FINGERPRINTED = ("evidence", "criteria", "reports")  # the code (and criteria files) that computes parts
FINGERPRINT_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".toml")
# Parts worth storing (serialise + store + load well under recomputing; bench/RESULTS.md "Shared pass").
# `file_links` is not: at scale L it computes in 2–3 ms and costs 5–12 ms to store.
STORED_PARTS = frozenset({"scan:voc", "scan:complaints", "assessment", "overview", "completeness", "family_counts",
                          "excel-template"})
SQLITE_WRITE_WAIT_MS = 100  # SQLite: a store waits this long for the write lock, then gives up (a cache)
_MISSING = object()
_PART = SharedPart.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PassKey:
    """The shared part of an evidence pass's key (the database itself is the namespace)."""

    enterprise_id: int
    year: int
    version_id: int
    version_at: datetime | None
    day: date


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 of the computing code and criteria files, the Python version and the pickle protocol."""
    digest = hashlib.sha256(f"{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for package in FINGERPRINTED:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in FINGERPRINT_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _signing_key() -> bytes | None:
    settings = get_settings()
    if not settings.shared_pass or not settings.secret_key:
        return None
    return hmac.new(settings.secret_key.encode(), b"scm-portal shared evidence pass v1", hashlib.sha256).digest()


def is_stored(name: Hashable) -> bool:
    """True for parts kept in the database (by the part's kind: a name or a tuple starting with it)."""
    kind = name[0] if isinstance(name, tuple) and name else name
    return kind in STORED_PARTS


def key_hash(key: PassKey, name: Hashable) -> str:
    raw = repr((code_fingerprint(), key.enterprise_id, key.year, key.version_id,
                key.version_at.isoformat() if key.version_at else None, key.day.isoformat(), name))
    return hashlib.sha256(raw.encode()).hexdigest()


def _lock_id(*parts: object) -> int:
    """A signed 64-bit advisory lock number for `parts`."""
    return int.from_bytes(hashlib.sha256(repr(parts).encode()).digest()[:8], "big", signed=True)


def _sign(secret: bytes, digest: str, blob: bytes) -> str:
    return hmac.new(secret, digest.encode() + b"\0" + blob, hashlib.sha256).hexdigest()


def encode(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(blob: bytes) -> object:
    return pickle.loads(zlib.decompress(blob))  # noqa: S301 — only after the HMAC verified (see _read)


class SharedParts:
    """The stored parts of one database, for the passes of one process (`EvidencePass` holds one)."""

    def __init__(self, engine: Engine, key: PassKey):
        self.engine, self.key = engine, key

    def get_or_compute(self, name: Hashable, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """(value, computed here): the stored part, or computed once while other processes wait."""
        secret = _signing_key()
        if secret is None or not is_stored(name):
            return compute(), True
        digest = key_hash(self.key, name)
        try:
            with self.engine.connect() as conn:
                found = self._read(conn, secret, digest, name)
        except SQLAlchemyError as exc:  # no table yet (a database before 0005), or the database is away
            log.warning("shared_part_unavailable", part=repr(name), error=type(exc).__name__)
            return compute(), True
        if found is not _MISSING:
            return found, False
        if self.engine.dialect.name == "postgresql":
            return self._computed_once(secret, digest, name, compute)
        value = compute()
        self._store(secret, digest, name, value)
        return value, True

    def _computed_once(self, secret: bytes, digest: str, name: Hashable, compute: Callable[[], Any]) -> tuple[Any, bool]:
        wait_ms = max(1, int(get_settings().shared_pass_wait_seconds * 1000))
        with self.engine.connect() as conn:
            conn.begin()
            try:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{wait_ms}ms'")
                conn.execute(select(_pg_lock(_lock_id("part", digest))))
            except DBAPIError:  # waited too long for another process: compute it here
                conn.rollback()
                log.info("shared_part_wait_timed_out", part=repr(name), waited_ms=wait_ms)
                value = compute()
                self._store(secret, digest, name, value)
                return value, True
            found = self._read(conn, secret, digest, name)
            if found is not _MISSING:  # computed by the process we waited for
                conn.commit()
                return found, False
            try:
                value = compute()
            except BaseException:
                conn.rollback()
                raise
            self._write(conn, secret, digest, name, value)  # commits: the lock goes with the transaction
            return value, True

    def _store(self, secret: bytes, digest: str, name: Hashable, value: object) -> None:
        try:
            with self.engine.connect() as conn:
                if self.engine.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_WRITE_WAIT_MS}")
                try:
                    self._write(conn, secret, digest, name, value)  # in the connection's own transaction
                finally:
                    if self.engine.dialect.name == "sqlite":
                        conn.exec_driver_sql(f"PRAGMA busy_timeout = {_sqlite_timeout_ms()}")
        except SQLAlchemyError as exc:
            log.info("shared_part_not_stored", part=repr(name), error=type(exc).__name__)

    def _read(self, conn: Connection, secret: bytes, digest: str, name: Hashable) -> object:
        row = conn.execute(select(_PART.c.value, _PART.c.signature).where(_PART.c.key_hash == digest)).first()
        if row is None:
            return _MISSING
        blob = bytes(row[0])
        if not hmac.compare_digest(_sign(secret, digest, blob), str(row[1])):
            log.warning("shared_part_refused", part=repr(name), enterprise_id=self.key.enterprise_id,
                        reason="signature does not verify")
            return _MISSING
        try:
            return decode(blob)
        except Exception as exc:  # noqa: BLE001 — a signed part of a class that changed: recompute it
            log.warning("shared_part_unreadable", part=repr(name), error=type(exc).__name__)
            return _MISSING

    def _write(self, conn: Connection, secret: bytes, digest: str, name: Hashable, value: object) -> None:
        """Store `value` in the open transaction of `conn` and commit; a failure only rolls it back."""
        key, settings = self.key, get_settings()
        try:
            blob = encode(value)
        except Exception as exc:  # noqa: BLE001 — a part that cannot be pickled stays in the process
            conn.rollback()
            log.info("shared_part_not_serialisable", part=repr(name), error=type(exc).__name__)
            return
        if len(blob) > settings.shared_part_max_kb * 1024:
            conn.rollback()
            log.info("shared_part_too_large", part=repr(name), size=len(blob))
            return
        try:
            if conn.dialect.name == "postgresql":  # an erasure of the enterprise holds it exclusively
                conn.execute(select(_pg_lock(_lock_id("enterprise", key.enterprise_id), shared=True)))
            conn.execute(delete(_PART).where(_PART.c.key_hash == digest))  # a refused (or racing) row
            row = {"key_hash": digest, "for_enterprise_id": key.enterprise_id, "year": key.year,
                   "version_id": key.version_id, "version_at": key.version_at, "day": key.day,
                   "name": repr(name)[:200], "fingerprint": code_fingerprint(), "value": blob, "size": len(blob),
                   "signature": _sign(secret, digest, blob), "created_at": datetime.now()}
            values = select(*(_bound(conn, k, v) for k, v in row.items())).where(*_current(key))
            inserted = conn.execute(_PART.insert().from_select(list(row), values)).rowcount
            if inserted:
                self._prune(conn, settings.shared_parts_per_enterprise)
            conn.commit()
        except SQLAlchemyError as exc:
            conn.rollback()
            log.info("shared_part_not_stored", part=repr(name), error=type(exc).__name__)

    def _prune(self, conn: Connection, cap: int) -> None:
        key, part = self.key, _PART.c
        conn.execute(delete(_PART).where(part.for_enterprise_id == key.enterprise_id, or_(
            part.version_id < key.version_id, part.day < key.day, part.fingerprint != code_fingerprint())))
        newest = (select(part.id).where(part.for_enterprise_id == key.enterprise_id)
                  .order_by(part.id.desc()).limit(cap))
        conn.execute(delete(_PART).where(part.for_enterprise_id == key.enterprise_id, part.id.not_in(newest)))

def _current(key: PassKey) -> list[Any]:
    """The version is committed (visible here) and no newer evidence write of the enterprise exists."""
    from evidence.services.evidence_pass import NON_EVIDENCE_ACTIONS

    a = AuditLog.__table__.c  # type: ignore[attr-defined]
    newer = exists().where(or_(a.enterprise_id == key.enterprise_id, a.enterprise_id.is_(None)),
                           a.id > key.version_id, a.action.not_in(NON_EVIDENCE_ACTIONS))
    conditions: list[Any] = [~newer]
    if key.version_id:
        conditions.append(exists().where(a.id == key.version_id))
    return conditions


def _bound(conn: Connection, column: str, value: object) -> Any:
    """A typed bound value for INSERT … SELECT (PostgreSQL needs the cast to type a NULL or a text)."""
    bound = literal(value, _PART.c[column].type)
    return (cast(bound, _PART.c[column].type) if conn.dialect.name == "postgresql" else bound).label(column)


def _pg_lock(number: int, *, shared: bool = False) -> Any:
    from sqlalchemy import func

    return (func.pg_advisory_xact_lock_shared if shared else func.pg_advisory_xact_lock)(number)


def _sqlite_timeout_ms() -> int:
    return 30_000  # evidence.db.make_engine's `timeout` (30 s)


def drop_enterprise_parts(session: Session, enterprise_id: int) -> None:
    """Remove every stored part of the enterprise in the session's transaction (PDPA erasure, correction,
    retention), and the passes this process keeps for it. On PostgreSQL no writer can store a part of
    the enterprise until the transaction ends (the writers take the same lock shared)."""
    from evidence.services.evidence_pass import forget_enterprise

    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(_pg_lock(_lock_id("enterprise", enterprise_id))))
    session.execute(delete(_PART).where(_PART.c.for_enterprise_id == enterprise_id))
    forget_enterprise(enterprise_id)


def drop_stored_parts(engine: Engine, enterprise_id: int | None = None) -> int:
    """Remove stored parts (of one enterprise, or all): benchmarks measure cold work with it."""
    with engine.begin() as conn:
        query = delete(_PART)
        if enterprise_id is not None:
            query = query.where(_PART.c.for_enterprise_id == enterprise_id)
        return int(conn.execute(query).rowcount or 0)


def stored_names(session: Session, enterprise_id: int) -> list[str]:
    """The names of the enterprise's stored parts (tests and the bench read them)."""
    return [str(n) for n in session.execute(select(SharedPart.name).where(  # type: ignore[call-overload]
        col(SharedPart.for_enterprise_id) == enterprise_id).order_by(col(SharedPart.id))).scalars()]
