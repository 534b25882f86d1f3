"""Concurrent users on two replicas (issue 17 figures): N = 1, 4, 16, 32 simulated sessions — websocket
clients speaking Streamlit's own protocol on loopback, through HAProxy with sticky sessions, half on
each `scm-portal serve` replica — sign in, open the executive dashboard, and keep re-opening it
(warm) while saving VOC records; p50 / p95 latency, errors, and lost writes (records acknowledged
but not in the database afterwards).

    nice python -m bench.bench_replicas [--sessions 1 4 16 32] [--seconds 20] [--no-save] \
        [--database jobs_concurrency] [--port 8663] [--level shared|process] [--root /work/main] \
        [--no-message-cache] [--page search]

Makes (drops first) the database `--database` with the demo enterprise; starts and stops its own
replicas (ports `--port` and the next) and HAProxy (the one after). `--level process` turns the
shared evidence pass off (`SCM_SHARED_PASS=false`: each replica computes its own, the code path before
it); `shared` (the default) lets the replicas share the parts one of them computed. Saves go through the records service from the client
process (the same call the record form makes), on the same PostgreSQL database. A bench, never a test.

Each client names the large messages it already holds when it asks for a rerun, as Streamlit's
frontend does (`cached_message_hashes`), so the server sends a reference for them (`--no-message-cache`:
the client of the bench before h-warm, which never did). Besides the latencies, each row gives both
replicas' CPU seconds during the round divided by the dashboard openings (sign-ins included), the bench
process's own CPU per opening (its websocket clients and saves, on the same cores) and the kilobytes
received per opening.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect as websocket_connect

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
DATABASE = "jobs_concurrency"
REPLICAS, PROXY = {"a": 8663, "b": 8664}, 8665
USER, PASSWORD = "executive", "demo-scm-2569"
PREFIX = "BENCH-CC-"
PAGE = "dashboard"  # --page search: the same shell around a page with three widgets (the floor)
MESSAGE_CACHE = True  # --no-message-cache: a client that never names the messages it holds (the bench before h-warm)


@dataclass
class Tally:
    first: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved_refs: list[str] = field(default_factory=list)
    received: int = 0  # websocket bytes the sessions received


class Session:
    """One browser tab, as Streamlit's frontend speaks to the server."""

    def __init__(self, replica: str) -> None:
        self.replica = replica
        self.widgets: dict[str, str] = {}  # label → widget id
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page = ""
        self.exceptions = 0
        self.cached: set[str] = set()  # hashes of the large messages received, as the frontend keeps them
        self.received = 0  # bytes of websocket messages received

    async def connect(self) -> None:
        self.ws = await websocket_connect(f"ws://127.0.0.1:{PROXY}/_stcore/stream", subprotocols=["streamlit"],
                                          additional_headers={"Cookie": f"SCMSRV={self.replica}"}, max_size=None)

    async def run(self, *states: tuple[str, str | bool]) -> float:
        """Rerun the script (with widget values) and wait until it finished; returns the seconds."""
        message = BackMsg()
        client = message.rerun_script
        client.page_script_hash = self.page
        if MESSAGE_CACHE:  # the browser names the messages it holds; the server sends a reference instead
            client.cached_message_hashes.extend(sorted(self.cached))
        for label, value in states:
            widget = client.widget_states.widgets.add()
            widget.id = self.widgets[label]
            if isinstance(value, bool):
                widget.trigger_value = value
            else:
                widget.string_value = value
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), 120)
            self.received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.metadata.cacheable and msg.hash:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "script_finished" and msg.script_finished in (0, 1):
                return time.perf_counter() - started

    def _element(self, element) -> None:  # noqa: ANN001
        which = element.WhichOneof("type")
        if which in ("text_input", "button"):
            widget = getattr(element, which)
            self.widgets[widget.label] = widget.id
        elif which == "exception":
            self.exceptions += 1


async def user_session(replica: str, seconds: float, tally: Tally, save) -> None:  # noqa: ANN001
    session = Session(replica)
    try:
        await session.connect()
        await session.run()
        await session.run(("ชื่อผู้ใช้", USER), ("รหัสผ่าน", PASSWORD), ("เข้าสู่ระบบ", True))
        if PAGE not in session.pages:
            raise RuntimeError(f"sign-in failed on replica {replica}")
        session.page = session.pages[PAGE]
        tally.first.append(await session.run())
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            tally.warm.append(await session.run())
            if save is None:  # --no-save: warm renders only
                continue
            started = time.perf_counter()
            tally.saved_refs.append(await asyncio.to_thread(save))
            tally.saves.append(time.perf_counter() - started)
        tally.received += session.received
        if session.exceptions:
            tally.errors.append(f"{session.exceptions} exception element(s) on replica {replica}")
    except Exception as exc:  # noqa: BLE001 — every failure is a counted error of the figure
        tally.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        if getattr(session, "ws", None) is not None:
            await session.ws.close()


def saver(url: str):  # noqa: ANN201
    """A function that stores one new VOC record as the planner (copying a demo record's fields)."""
    from itertools import count

    from sqlmodel import Session as DbSession
    from sqlmodel import select

    from evidence.access import actor_for
    from evidence.db import make_engine
    from evidence.models import VocRecord
    from evidence.services.records import create_record
    from evidence.services.users import find_user

    engine = make_engine(url)
    with DbSession(engine) as s:
        actor = actor_for(s, find_user(s, "planner"))  # type: ignore[arg-type]
        model = s.exec(select(VocRecord).where(VocRecord.year == 2569).order_by(VocRecord.id)).first()
        template = model.model_dump(exclude={"id", "ref_no", "version", "created_at", "updated_at"})  # type: ignore[union-attr]
    numbers = count(1)

    def save() -> str:
        ref = f"{PREFIX}{os.getpid()}-{next(numbers)}"
        with DbSession(engine) as s:
            create_record(s, actor, VocRecord, {**template, "ref_no": ref})
            s.commit()
        return ref

    return save, engine


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that are still running (a replica: `scm-portal
    serve` and the Streamlit process it started), from /proc."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            pending += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (OSError, ValueError):
            continue  # a process that ended meanwhile: its CPU is no longer readable
    return total


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def prepare(url: str, database: str) -> None:
    from sqlalchemy import text
    from sqlmodel import Session as DbSession

    from evidence import db
    from evidence.demo import load_demo

    admin = db.make_engine(f"{SERVER}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    engine = db.make_engine(url)
    db.upgrade(engine)
    with DbSession(engine) as s:
        load_demo(s)
        s.commit()
    engine.dispose()


def start_stack(url: str, data_dir: Path, level: str, root: Path = ROOT) -> list[subprocess.Popen]:  # type: ignore[type-arg]
    """Two replicas running the portal code under `root` (this tree, or another checkout for a baseline)
    and HAProxy in front of them; returns when both answer through the proxy."""
    env = os.environ | {"SCM_SHARED_PASS": "true" if level == "shared" else "false", "DATABASE_URL": url,
                        "SCM_DATA_DIR": str(data_dir), "PYTHONPATH": str(root),
                        "STREAMLIT_SERVER_COOKIE_SECRET": "bench-secret", "STREAMLIT_SERVER_HEADLESS": "true",
                        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "SCM_LOG_JSON": "true",
                        "SCM_PROXY_BIND": f"127.0.0.1:{PROXY}", "SCM_REPLICA_A": f"127.0.0.1:{REPLICAS['a']}",
                        "SCM_REPLICA_B": f"127.0.0.1:{REPLICAS['b']}"}
    logs = (data_dir / "stack.log").open("ab")
    scm = str(Path(sys.executable).parent / "scm-portal")
    processes = [subprocess.Popen([scm, "serve", "--port", str(port)], env=env, stdout=logs, stderr=logs,
                                  start_new_session=True) for port in REPLICAS.values()]
    processes.append(subprocess.Popen(["haproxy", "-db", "-f", str(root / "docs/deploy/haproxy.cfg")], env=env,
                                      stdout=logs, stderr=logs, start_new_session=True))
    deadline = time.monotonic() + 180
    for replica in REPLICAS:
        while True:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{PROXY}/_stcore/health",
                                                 headers={"Cookie": f"SCMSRV={replica}"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.headers.get("X-SCM-Replica") == replica:
                        break
            except OSError:
                pass  # the replica is not up yet: ask again
            if time.monotonic() > deadline:
                raise RuntimeError("the replicas did not start")
            time.sleep(0.5)
    return processes


async def round_of(n: int, seconds: float, save) -> Tally:  # noqa: ANN001
    tally = Tally()
    await asyncio.gather(*(user_session("ab"[i % 2], seconds, tally, save) for i in range(n)))
    return tally


def main() -> None:
    global PROXY, MESSAGE_CACHE, PAGE
    parser = argparse.ArgumentParser(description="ผู้ใช้พร้อมกันบนสองเครื่อง (replica)")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 16, 32])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-save", action="store_true", help="open the dashboard only (warm renders)")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--port", type=int, default=REPLICAS["a"], help="replica a; b and HAProxy take the next two")
    parser.add_argument("--level", default="shared", choices=["shared", "process"])
    parser.add_argument("--no-message-cache", action="store_true",
                        help="clients never name the messages they hold (the browser does; the bench before h-warm did not)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the portal code the replicas run (default this tree; another checkout for a baseline)")
    parser.add_argument("--page", default=PAGE, help="the page opened (url path): search, an empty search box, "
                        "measures the shell and Streamlit around a trivial page")
    args = parser.parse_args()
    MESSAGE_CACHE, PAGE = not args.no_message_cache, args.page
    REPLICAS.update(a=args.port, b=args.port + 1)
    PROXY = args.port + 2
    url = f"{SERVER}/{args.database}"
    data_dir = Path(tempfile.mkdtemp(prefix="bench-cc-"))
    os.environ["SCM_DATA_DIR"] = str(data_dir)
    prepare(url, args.database)
    processes = start_stack(url, data_dir, args.level, args.root.resolve())
    save, engine = saver(url)
    try:
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.seconds:.0f} s per round; "
              f"level {args.level}, {'no saves' if args.no_save else 'a save after each opening'}")
        print(f"page {PAGE}; replicas run {args.root}; post-script GC {os.environ.get('STREAMLIT_RUNNER_POST_SCRIPT_GC', 'as config.toml')}; "
              f"message cache {'on' if MESSAGE_CACHE else 'off'}")
        print("| sessions | first dashboard p50 / p95 | warm dashboard p50 / p95 | save p50 / p95 | requests | errors "
              "| lost writes | load avg | replica CPU per opening | client CPU per opening | KiB per opening |")
        replicas = processes[:2]
        for n in args.sessions:
            cpu, client = sum(cpu_seconds(p.pid) for p in replicas), time.process_time()
            tally = asyncio.run(round_of(n, args.seconds, None if args.no_save else save))
            cpu, client = sum(cpu_seconds(p.pid) for p in replicas) - cpu, time.process_time() - client
            openings = max(1, len(tally.warm) + len(tally.first))
            from sqlalchemy import text

            with engine.connect() as conn:
                stored = set(conn.execute(text("SELECT ref_no FROM vocrecord WHERE ref_no = ANY(:refs)"),
                                          {"refs": tally.saved_refs}).scalars())
            lost = len(set(tally.saved_refs) - stored)
            print(f"| {n} | {pct(tally.first, .5):.2f} / {pct(tally.first, .95):.2f} s "
                  f"| {pct(tally.warm, .5):.2f} / {pct(tally.warm, .95):.2f} s "
                  f"| {pct(tally.saves, .5):.3f} / {pct(tally.saves, .95):.3f} s "
                  f"| {len(tally.warm) + len(tally.saves)} | {len(tally.errors)} | {lost} | {os.getloadavg()[0]:.1f} "
                  f"| {cpu / openings:.3f} s | {client / openings:.3f} s | {tally.received / openings / 1024:.0f} |")
            for error in tally.errors[:3]:
                print(f"    error: {error}")
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(30)
        engine.dispose()


if __name__ == "__main__":
    main()
