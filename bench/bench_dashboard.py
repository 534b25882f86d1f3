"""Executive dashboard speed at a bench scale (issue 7): first render with cold caches, and a re-render
with warm caches, measured with Streamlit's AppTest; plus the service calls behind it, for context.

    python -m bench.bench_dashboard [--scale L] [--db /tmp/bench-L.db] [--runs 3]

Without `--db` the scale is generated into a temporary database first (about 15 s for L).
Requirement at scale L: first render under 2 s, warm re-render under 0.3 s.
"""

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

APP = str(Path(__file__).resolve().parents[1] / "portal" / "app.py")
USER = "bench.executive"
YEAR = 2569


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _both(fn: Callable[[], object]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.thread_time()
    fn()
    return time.perf_counter() - started, time.thread_time() - cpu


def prepare(db_path: Path, scale: str) -> int:
    """Point the portal at `db_path` (generating the scale when absent); return the enterprise id."""
    os.environ["SCM_DATA_DIR"] = str(db_path.parent)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path.resolve()}"
    from bench.generate import SCALES, generate
    from evidence import db
    from evidence.access import SYSTEM
    from evidence.models import Enterprise
    from evidence.models.users import Role
    from evidence.services.users import create_user, find_user
    from evidence.settings import get_settings

    get_settings.cache_clear()
    db.get_engine.cache_clear()
    engine = db.get_engine()
    if not db_path.exists() or db_path.stat().st_size == 0:
        db.upgrade(engine)
        generate(engine, SCALES[scale])
    db.upgrade(engine)
    with Session(engine) as session:
        eid = session.exec(select(Enterprise.id).where(Enterprise.code == f"BENCH-{scale}")).one()
        if find_user(session, USER) is None:
            create_user(session, SYSTEM, username=USER, display_name="ผู้บริหาร (bench)", role=Role.EXECUTIVE,
                        enterprise_id=eid)
            session.commit()
    return int(eid)


def services(eid: int) -> dict[str, tuple[float, float]]:
    """The calls behind the page, once each with nothing cached: (wall, CPU of this thread) seconds;
    the CPU time does not grow when other work shares the machine."""
    from evidence.access import actor_for
    from evidence.db import get_engine
    from evidence.services import dashboard
    from evidence.services.scoring import score_enterprise
    from evidence.services.users import find_user

    with Session(get_engine()) as session:
        actor = actor_for(session, find_user(session, USER))  # type: ignore[arg-type]
        kw = {"enterprise_id": eid, "year": YEAR}
        return {
            "score_enterprise": _both(lambda: score_enterprise(session, actor, **kw)),
            "overview": _both(lambda: dashboard.overview(session, actor, **kw)),
            "  complaint_quarters": _both(lambda: dashboard.complaint_quarters(session, actor, **kw)),
            "  voc_volume": _both(lambda: dashboard.voc_volume(session, actor, **kw)),
            "  completeness": _both(lambda: dashboard.completeness(session, actor, **kw)),
            "data_version": _both(lambda: dashboard.data_version(session, actor, enterprise_id=eid)),
        }


def _sign_in(at, utcnow) -> None:  # noqa: ANN001
    """The session state a sign-in leaves (user, time, the account's credential mark)."""
    from evidence.db import get_engine
    from evidence.services.users import credential_mark, find_user

    with Session(get_engine()) as session:
        user = find_user(session, USER)
        at.session_state["auth_credential"] = credential_mark(user) if user else ""
    at.session_state["auth_username"] = USER
    at.session_state["auth_at"] = utcnow()


def warm_pairs(runs: int) -> list[tuple[float, float]]:
    """(warm re-render with the figures built afresh, with the figures kept), interleaved, per run: the
    same AppTest session re-runs the page (every service result cached) once each way, three times."""
    from streamlit.testing.v1 import AppTest

    from evidence.models.base import utcnow
    from portal.components import dashboard_charts

    kept = dashboard_charts.kept
    at = AppTest.from_file(APP, default_timeout=120)
    _sign_in(at, utcnow)
    at.run()
    at.switch_page("views/dashboard.py")
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "แดชบอร์ดผู้บริหาร", [t.value for t in at.title]
    pairs = []
    try:
        for _ in range(runs):
            dashboard_charts.kept = lambda kind, key, build: build()  # type: ignore[assignment]  # before: built per render
            afresh = min(_timed(at.run) for _ in range(3))
            dashboard_charts.kept = kept
            at.run()  # the figures of this version built once
            pairs.append((afresh, min(_timed(at.run) for _ in range(3))))
    finally:
        dashboard_charts.kept = kept
    return pairs


def render(runs: int) -> tuple[list[float], list[float]]:
    """(first renders, warm re-renders) of the dashboard as the bench executive.

    Every run starts a new AppTest session with the data caches cleared; the first run of the process
    also pays one-off costs (the page's imports, SQLite's first reads of the file)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from evidence.models.base import utcnow

    first, warm = [], []
    for _ in range(runs):
        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=120)
        _sign_in(at, utcnow)
        at.run()  # the home page (default); the sign-in happens here, not in the figure
        at.switch_page("views/dashboard.py")
        first.append(_timed(at.run))
        assert not at.exception, at.exception
        assert at.title[0].value == "แดชบอร์ดผู้บริหาร"
        warm.append(min(_timed(at.run) for _ in range(3)))
    return first, warm


def main() -> None:
    parser = argparse.ArgumentParser(description="วัดความเร็วแดชบอร์ดผู้บริหาร")
    parser.add_argument("--scale", default="L", choices=["S", "M", "L"])
    parser.add_argument("--db", type=Path, help="ฐานข้อมูลที่สร้างด้วย bench.generate แล้ว (ไม่ระบุ: สร้างใหม่)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.mkdtemp()) / f"bench-{args.scale}.db"
    eid = prepare(db_path, args.scale)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, (wall, cpu) in services(eid).items():
        print(f"  {name:<20} {wall:6.3f} s (CPU {cpu:.3f} s)")
    pairs = warm_pairs(args.runs)
    print("warm re-render, figures built per render / kept per data version (min of 3 each, per round): "
          + "; ".join(f"{a:.3f} / {b:.3f} s" for a, b in pairs) + f" (load {os.getloadavg()[0]:.1f})")
    print(f"  median {statistics.median(a for a, _ in pairs):.3f} / {statistics.median(b for _, b in pairs):.3f} s, "
          f"min {min(a for a, _ in pairs):.3f} / {min(b for _, b in pairs):.3f} s")
    first, warm = render(args.runs)
    later = first[1:] or first
    print(f"scale {args.scale}: first render {statistics.median(later):.2f} s median with cold caches "
          f"(runs {', '.join(f'{t:.2f}' for t in first)}; the first includes the process's one-off costs), "
          f"warm re-render {statistics.median(warm):.3f} s (runs {', '.join(f'{t:.3f}' for t in warm)})")
    print("requirement: first render < 2 s, warm re-render < 0.3 s")


if __name__ == "__main__":
    main()
