"""Which parts of the evidence pass are worth storing for other processes (issue 18 §1, item 2).

    SCM_SECRET_KEY=… python -m bench.bench_shared_pass --db sqlite:////tmp/bench-L.db \\
        [--db postgresql+psycopg://…/perf_l] [--rounds 3] [--code BENCH-L]

Per round: a cold dashboard (`bench.bench_pass.dashboard_calls`, plus the home page's family counts) with
the pass and the stored parts dropped, timing each part's computation inclusive (with the parts it asks
for) and exclusive (without them); then for every part: serialise (pickle + zlib), store (one row, the
portal's own write path), and load (read, verify the HMAC, decompress, unpickle) on a fresh connection.
A part is worth storing when loading it costs well under recomputing it. Min and median over the rounds,
with the load average.
"""

import argparse
import os
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable

from sqlmodel import Session, select

YEAR = 2569


def _measure_round(url: str, code: str) -> dict[str, dict[str, float]]:
    from bench.bench_pass import dashboard_calls
    from evidence import db
    from evidence.access import Actor
    from evidence.models import Enterprise
    from evidence.models.users import Role
    from evidence.services import evidence_pass as ep
    from evidence.services.shared_parts import SharedParts, _signing_key, drop_stored_parts, encode, key_hash
    from evidence.services.summary import family_counts

    engine = db.make_engine(url)
    with Session(engine) as s:
        eid = int(s.exec(select(Enterprise.id).where(Enterprise.code == code)).one())
    actor = Actor(username="bench.exec", role=Role.EXECUTIVE, enterprise_id=eid)
    ep.forget_passes()
    drop_stored_parts(engine, eid)
    inclusive: dict[Hashable, float] = {}
    exclusive: dict[Hashable, float] = {}
    stack = threading.local()
    original = ep.EvidencePass.get

    def timed_get(self: ep.EvidencePass, name: Hashable, compute: Callable[[], object]) -> object:
        def wrapped() -> object:
            frames = getattr(stack, "frames", None) or []
            stack.frames = frames
            frames.append(0.0)
            started = time.perf_counter()
            try:
                return compute()
            finally:
                spent = time.perf_counter() - started
                nested = frames.pop()
                if self.key[2] == YEAR:  # not the earlier years' passes (year over year) of the same names
                    inclusive[name], exclusive[name] = spent, spent - nested
                if frames:
                    frames[-1] += spent
        return original(self, name, wrapped)

    ep.EvidencePass.get = timed_get  # type: ignore[method-assign]
    os.environ["SCM_SHARED_PASS"] = "false"  # compute everything here (no store yet)
    from evidence.settings import get_settings

    get_settings.cache_clear()
    try:
        with Session(engine) as s:
            dashboard_calls(s, actor, eid)
            family_counts(s, actor, enterprise_id=eid, year=YEAR)
            shared = ep.evidence_pass(s, eid, YEAR)
    finally:
        ep.EvidencePass.get = original  # type: ignore[method-assign]
        os.environ.pop("SCM_SHARED_PASS")
        get_settings.cache_clear()
    secret = _signing_key()
    assert secret is not None, "set SCM_SECRET_KEY"
    store = SharedParts(engine, shared._stored.key)  # type: ignore[union-attr]
    figures: dict[str, dict[str, float]] = {}
    for name, value in list(shared._values.items()):
        started = time.perf_counter()
        blob = encode(value)
        t_encode = time.perf_counter() - started
        digest = key_hash(store.key, name)
        started = time.perf_counter()
        store._store(secret, digest, name, value)
        t_store = time.perf_counter() - started
        started = time.perf_counter()
        with engine.connect() as conn:
            loaded = store._read(conn, secret, digest, name)
        t_load = time.perf_counter() - started
        assert loaded is not None and type(loaded) is type(value), name
        figures[repr(name)] = {"inclusive": inclusive.get(name, float("nan")), "exclusive": exclusive.get(name, float("nan")),
                               "encode": t_encode, "store": t_store, "load": t_load, "kb": len(blob) / 1024}
    drop_stored_parts(engine, eid)
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", default="BENCH-L")
    args = parser.parse_args()
    os.nice(10)
    for url in args.db:
        series: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        loads = []
        for _ in range(args.rounds):
            for name, fig in _measure_round(url, args.code).items():
                for what, value in fig.items():
                    series[name][what].append(value)
            loads.append(os.getloadavg()[0])
        print(f"\n== {url.split('://')[0]} ({args.code}), {args.rounds} rounds, load {min(loads):.1f}–{max(loads):.1f}")
        print("| part | compute incl. min / median | compute excl. min / median | serialise | store | load | size |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, fig in series.items():
            def mm(what: str, f: dict[str, list[float]] = fig) -> str:
                return f"{min(f[what]) * 1000:.1f} / {statistics.median(f[what]) * 1000:.1f} ms"
            print(f"| `{name}` | {mm('inclusive')} | {mm('exclusive')} | {mm('encode')} | {mm('store')} | {mm('load')} "
                  f"| {statistics.median(fig['kb']):.0f} KB |")


if __name__ == "__main__":
    main()
