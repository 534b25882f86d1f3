"""N users opening the same enterprise's dashboard at once: cold and warm, processes and threads (issue 18).

    SCM_SECRET_KEY=… python -m bench.bench_concurrency --db sqlite:////tmp/bench-L.db \\
        [--db postgresql+psycopg://…] [--users 1 2 4 8] [--repeat 2] [--levels process shared]

A "dashboard" is every service call the page makes on a first render (`bench.bench_pass.dashboard_calls`,
each user signed in as a different executive of the enterprise). All N start together (a barrier):

- threads: N threads of one server process (as Streamlit serves its sessions). Cold: the process's
  evidence passes are dropped before the batch, so the first reader computes the pass and the others
  wait for it (`EvidencePass.get`); warm: the pass is kept.
- processes: N worker processes (as N replicas or a process per user would be). Cold: each process has
  no pass yet (a pass is per process); warm: each process rendered once before the batch.

Levels: `process` is every process keeping its own passes (`SCM_SHARED_PASS=false`, the code path
before the shared level); `shared` adds the parts stored in the database for every process
(`evidence.services.shared_parts`). Cold always starts with no pass in memory and no stored part.

Per batch the wall time gives the throughput (dashboards per second); p95 is over every latency of
the batches of that size. Load averages are printed with each line (2 shared cores).
"""

import argparse
import multiprocessing as mp
import os
import statistics
import threading
import time

from sqlmodel import Session, select

YEAR = 2569


def _actor(eid: int, n: int):  # noqa: ANN202
    from evidence.access import Actor
    from evidence.models.users import Role

    return Actor(username=f"bench.exec{n}", role=Role.EXECUTIVE, enterprise_id=eid)


CODE = "BENCH-L"


def _enterprise(url: str) -> int:
    from evidence import db
    from evidence.models import Enterprise

    engine = db.make_engine(url)
    with Session(engine) as session:
        eid = int(session.exec(select(Enterprise.id).where(Enterprise.code == CODE)).one())
    engine.dispose()
    return eid


def _render(engine, eid: int, n: int) -> float:  # noqa: ANN001
    from bench.bench_pass import dashboard_calls

    started = time.perf_counter()
    with Session(engine) as session:
        dashboard_calls(session, _actor(eid, n), eid)
    return time.perf_counter() - started


def _cold(engine, eid: int) -> None:  # noqa: ANN001
    from evidence.services.evidence_pass import forget_passes
    from evidence.services.shared_parts import drop_stored_parts

    forget_passes()
    drop_stored_parts(engine, eid)


def _level(level: str) -> None:
    from evidence.settings import get_settings

    os.environ["SCM_SHARED_PASS"] = "true" if level == "shared" else "false"  # spawned processes inherit it
    get_settings.cache_clear()


def thread_batch(engine, eid: int, users: int, warm: bool) -> tuple[list[float], float]:  # noqa: ANN001
    if warm:
        _render(engine, eid, 0)
    else:
        _cold(engine, eid)
    barrier = threading.Barrier(users + 1)
    latencies: list[float] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        barrier.wait()
        seconds = _render(engine, eid, n)
        with lock:
            latencies.append(seconds)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started


def _process_user(url: str, eid: int, n: int, warm: bool, barrier, out) -> None:  # noqa: ANN001
    os.nice(10)
    from evidence import db

    engine = db.make_engine(url)
    if warm:
        _render(engine, eid, n)
    else:  # connect and read the criteria file, as a running server process already has
        from evidence.services import dashboard

        with Session(engine) as session:
            dashboard.data_version(session, _actor(eid, n), enterprise_id=eid)
            from evidence.services.criteria_versions import resolve_criteria
            from evidence.services.org import find_year

            resolve_criteria(session, find_year(session, eid, YEAR).criteria_version)  # type: ignore[union-attr]
    barrier.wait()
    out.put(_render(engine, eid, n))
    engine.dispose()


def process_batch(url: str, eid: int, users: int, warm: bool) -> tuple[list[float], float]:
    from evidence import db

    if not warm:
        engine = db.make_engine(url)
        _cold(engine, eid)
        engine.dispose()
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(users + 1), ctx.Queue()
    procs = [ctx.Process(target=_process_user, args=(url, eid, n, warm, barrier, out)) for n in range(users)]
    for p in procs:
        p.start()
    barrier.wait()
    started = time.perf_counter()
    latencies = [out.get() for _ in procs]
    wall = time.perf_counter() - started
    for p in procs:
        p.join()
    return latencies, wall


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def _row(url: str, engine, eid: int, level: str, mode: str, warm: bool, users: int, repeat: int) -> None:  # noqa: ANN001
    repeat = 1 if (mode == "processes" and not warm) else repeat
    latencies: list[float] = []
    rates = []
    for _ in range(repeat):
        batch, wall = (thread_batch(engine, eid, users, warm) if mode == "threads"
                       else process_batch(url, eid, users, warm))
        latencies += batch
        rates.append(users / wall)
    print(f"{level:8s} {mode:10s} {'warm' if warm else 'cold':5s} {users:2d}  {statistics.median(rates):11.2f}  "
          f"{p95(latencies):5.2f}  {statistics.median(latencies):7.2f}  {os.getloadavg()[0]:4.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--repeat", type=int, default=2, help="batches per size (cold processes: once)")
    parser.add_argument("--modes", nargs="+", default=["threads", "processes"], choices=["threads", "processes"])
    parser.add_argument("--code", default="BENCH-L", help="the enterprise's code (DEMO for the demo)")
    parser.add_argument("--levels", nargs="+", default=["process", "shared"], choices=["process", "shared"])
    args = parser.parse_args()
    global CODE
    CODE = args.code
    if "shared" in args.levels and not os.environ.get("SCM_SECRET_KEY"):
        parser.error("the shared level needs SCM_SECRET_KEY")
    os.nice(10)
    from evidence import db

    for url in args.db:
        eid = _enterprise(url)
        engine = db.make_engine(url)
        _render(engine, eid, 0)  # imports, connection, criteria file
        print(f"\n== {url.split('://')[0]}: N users opening the dashboard of one enterprise at once")
        print("level    mode       state  N  throughput/s  p95 s  median s  load")
        for mode in args.modes:
            for warm in (False, True):
                for users in args.users:
                    for level in args.levels:  # interleaved: the two levels one after the other per size
                        _level(level)
                        _row(url, engine, eid, level, mode, warm, users, args.repeat)
        engine.dispose()


if __name__ == "__main__":
    main()
