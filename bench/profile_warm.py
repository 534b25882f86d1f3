"""What one warm dashboard opening costs a served replica process (issue 17): CPU by part, and bytes sent.

    nice python -m bench.profile_warm [--database warm_prof] [--port 8730] [--openings 40] [--no-prepare] \
        [--page search] [--root /work/main]

(`SCM_PROFILE_SAMPLER=0`: the server without the sampler, for its bare CPU figure; `--root`: serve
another checkout, e.g. main, as the baseline.)
(`STREAMLIT_RUNNER_POST_SCRIPT_GC=true` in the environment measures Streamlit's default of a full
garbage collection after every run, which portal/.streamlit/config.toml turns off.)

Makes (drops first) the PostgreSQL database `--database` with the demo enterprise, starts one
`streamlit run portal/app.py` in a child process with a sampling profiler inside it, signs in as the
executive through the real form over a websocket (bench.bench_replicas.Session), opens the dashboard
once (cold), then `--openings` more times (warm), and prints, for the warm openings only:

- the server process's CPU seconds per opening (utime + stime from /proc: the honest figure), the
  client's CPU per opening, and the bytes of the websocket messages per opening;
- where the server's CPU went: every 2 ms a thread reads each thread's CPU clock
  (`time.pthread_getcpuclockid`) and charges the CPU a thread used since the last sample to the stack
  it is on, grouped by the first frame of a known part (innermost wins). Samples of threads that used no
  CPU (waiting) count nothing. A bench, never a test.
"""

import argparse
import asyncio
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = (  # (label, path fragment, function name or "") — the innermost matching frame names the part
    ("tables: thai_widgets.table (frame, CSV, TSV, st.dataframe)", "components/thai_widgets.py", "table"),
    ("charts: st.plotly_chart", "elements/plotly_chart.py", ""),
    ("cached reads (st.cache_data: key, unpickle)", "runtime/caching/", ""),
    ("page_context (session checks, sidebar pickers)", "components/page.py", ""),
    ("claim mode toggle, captions", "components/scores.py", "claim_mode_toggle"),
    ("data version", "components/scores.py", "current_version"),
    ("blocker rows / owners", "services/blockers.py", ""),
    ("overdue_by_division (SQL)", "services/followup.py", ""),
    ("dashboard page script (other)", "views/dashboard.py", ""),
    ("shell: current_actor (user lookup)", "portal/session.py", "current_actor"),
    ("shell: navigation / sidebar / request log", "portal/app.py", ""),
    ("streamlit: script runner, messages", "streamlit/runtime/", ""),
    ("server: websocket, tornado", "tornado/", ""),
    ("server: streamlit web", "streamlit/web/", ""),
)


def serve_with_sampler(port: int, out: Path, root: Path = ROOT) -> None:
    """In the child: sample every thread's CPU by stack, run Streamlit, write the tally on SIGTERM."""
    tally: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    frames_tally: collections.Counter[str] = collections.Counter()
    state = {"on": False}
    last: dict[int, float] = {}

    def part_of(frame) -> str:  # noqa: ANN001
        while frame is not None:
            path, name = frame.f_code.co_filename, frame.f_code.co_name
            for label, fragment, function in PARTS:
                if fragment in path and (not function or function == name):
                    return label
            frame = frame.f_back
        return "other"

    def stack_of(frame, depth: int = 6) -> str:  # noqa: ANN001
        names = []
        while frame is not None and len(names) < depth:
            names.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}")
            frame = frame.f_back
        return " < ".join(names)

    def sample() -> None:
        me = threading.get_ident()
        while True:
            time.sleep(0.002)
            names = {t.ident: t.name.split("-")[0].split(" ")[0] for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                try:
                    cpu = time.clock_gettime(time.pthread_getcpuclockid(ident))
                except (OSError, ProcessLookupError):
                    continue
                used, last[ident] = cpu - last.get(ident, cpu), cpu
                if used > 0 and state["on"]:
                    tally[part_of(frame)] += used
                    threads[names.get(ident, "?")] += used
                    frames_tally[stack_of(frame)] += used

    def dump(*_: object) -> None:
        out.write_text(json.dumps({"parts": tally, "threads": threads, "leaves": frames_tally.most_common(40)}))

    def toggle(*_: object) -> None:
        state["on"] = not state["on"]

    signal.signal(signal.SIGUSR2, dump)
    signal.signal(signal.SIGUSR1, toggle)
    if os.environ.get("SCM_PROFILE_SAMPLER", "1") == "1":  # 0: the bare server (CPU figures without the sampler's own)
        threading.Thread(target=sample, daemon=True).start()
    from streamlit.web import cli

    os.chdir(root / "portal")
    sys.argv = ["streamlit", "run", str(root / "portal" / "app.py"), "--server.port", str(port),
                "--server.address", "127.0.0.1"]
    cli.main()


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drive(port: int):  # noqa: ANN201
    """A signed-in executive's session on the dashboard, opened once cold and once warm."""
    from bench import bench_replicas

    bench_replicas.PROXY = port
    session = bench_replicas.Session("a")
    await session.connect()
    await session.run()
    await session.run(("ชื่อผู้ใช้", bench_replicas.USER), ("รหัสผ่าน", bench_replicas.PASSWORD), ("เข้าสู่ระบบ", True))
    session.page = session.pages[bench_replicas.PAGE]
    await session.run()  # cold
    await session.run()  # the first warm one (figures kept from here)
    return session


def main() -> None:
    parser = argparse.ArgumentParser(description="ต้นทุนการเปิดแดชบอร์ดซ้ำในหนึ่งโปรเซส")
    parser.add_argument("--database", default="warm_prof")
    parser.add_argument("--port", type=int, default=8730)
    parser.add_argument("--openings", type=int, default=40)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-prepare", action="store_true")
    parser.add_argument("--root", type=Path, default=ROOT, help="the portal code served (another checkout: a baseline)")
    parser.add_argument("--page", default="dashboard", help="the page opened (search: the floor)")
    args = parser.parse_args()
    if args.serve:
        serve_with_sampler(args.port, args.serve, args.root)
        return
    from bench.bench_replicas import SERVER, prepare

    url = f"{SERVER}/{args.database}"
    data_dir = Path(tempfile.mkdtemp(prefix="profile-warm-"))
    if not args.no_prepare:
        os.environ["SCM_DATA_DIR"] = str(data_dir)
        prepare(url, args.database)
    out = data_dir / "profile.json"
    root = args.root.resolve()
    env = os.environ | {"DATABASE_URL": url, "SCM_DATA_DIR": str(data_dir), "PYTHONPATH": str(root),
                        "STREAMLIT_SERVER_COOKIE_SECRET": "bench-secret", "STREAMLIT_SERVER_HEADLESS": "true",
                        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "SCM_LOG_JSON": "true",
                        "SCM_SECRET_KEY": os.environ.get("SCM_SECRET_KEY", "bench-secret")}
    logs = (data_dir / "serve.log").open("ab")
    server = subprocess.Popen([sys.executable, __file__, "--port", str(args.port), "--serve", str(out),
                               "--root", str(root)], env=env, stdout=logs, stderr=logs, cwd=root)
    try:
        import urllib.request

        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)  # not up yet
        loop = asyncio.new_event_loop()
        from bench import bench_replicas

        bench_replicas.PAGE = args.page
        session = loop.run_until_complete(drive(args.port))
        session.received = 0
        server_cpu, client_cpu, started = cpu_of(server.pid), time.process_time(), time.perf_counter()
        print(f"server pid {server.pid}", flush=True)
        os.kill(server.pid, signal.SIGUSR1)
        walls = [loop.run_until_complete(session.run()) for _ in range(args.openings)]
        os.kill(server.pid, signal.SIGUSR1)
        os.kill(server.pid, signal.SIGUSR2)
        server_cpu, client_cpu = cpu_of(server.pid) - server_cpu, time.process_time() - client_cpu
        elapsed = time.perf_counter() - started
        rss = next(line for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS"))
        loop.run_until_complete(session.ws.close())
        time.sleep(1)  # the tally written
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    n = args.openings
    walls.sort()
    print(f"load average {os.getloadavg()[0]:.2f}; {n} warm openings in {elapsed:.2f} s; wall p50 "
          f"{walls[n // 2]:.3f} s, min {walls[0]:.3f} s")
    print(f"server CPU per opening {server_cpu / n:.3f} s; client CPU per opening {client_cpu / n:.3f} s; "
          f"websocket bytes per opening {session.received / n / 1024:.1f} KiB; server {rss}")
    profile = json.loads(out.read_text()) if out.exists() else {}
    if not profile.get("parts"):
        return  # SCM_PROFILE_SAMPLER=0: no samples
    total = sum(profile["parts"].values()) or 1
    print(f"sampled server CPU per opening {total / n:.3f} s, by part:")
    for label, cpu in sorted(profile["parts"].items(), key=lambda kv: -kv[1]):
        print(f"  {100 * cpu / total:5.1f} %  {cpu / n * 1000:6.1f} ms  {label}")
    print("by thread: " + ", ".join(f"{name} {cpu / n * 1000:.1f} ms" for name, cpu in
                                    sorted(profile["threads"].items(), key=lambda kv: -kv[1])))
    print("innermost frames:")
    for leaf, cpu in profile["leaves"][:25]:
        print(f"  {100 * cpu / total:5.1f} %  {leaf}")


if __name__ == "__main__":
    main()
