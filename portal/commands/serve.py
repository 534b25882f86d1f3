"""`scm-portal serve [--port N] [--demo]`: migrate, optionally load the demo, start Streamlit."""

import argparse
import os
import socket
import sys
from pathlib import Path

from evidence import db
from evidence.demo import DEMO_PASSWORD, load_demo
from evidence.settings import get_settings

PORTAL_DIR = Path(__file__).resolve().parent.parent


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("serve", help="เปิดพอร์ทัล (Streamlit)")
    parser.add_argument("--port", type=int, default=8501, help="พอร์ต (ค่าเริ่มต้น 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="ที่อยู่ที่รับการเชื่อมต่อ (ค่าเริ่มต้น 127.0.0.1 เฉพาะเครื่องนี้; 0.0.0.0 ให้เครื่องอื่นในเครือข่ายสำนักงานเปิดได้)")
    parser.add_argument("--demo", action="store_true", help="โหลดรัฐวิสาหกิจตัวอย่างก่อนเปิด")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    db.upgrade()
    if args.demo:
        with db.session_scope() as session:
            result = load_demo(session)
        print(result.message)
        print(f"ผู้ใช้ตัวอย่าง: planner, cs.staff, executive, assessor, admin (รหัสผ่าน {DEMO_PASSWORD})")
    env = os.environ | {
        "SCM_DATA_DIR": str(settings.data_dir.resolve()),
        "DATABASE_URL": settings.resolved_database_url,
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(PORTAL_DIR / "app.py"),
        "--server.port", str(args.port), "--server.address", args.address,
    ]
    for url in portal_urls(args.address, args.port):
        print(f"เปิดพอร์ทัลที่ {url}")
    # Streamlit reads portal/.streamlit/config.toml (Thai font, static serving) from its working directory.
    # Streamlit replaces this process (exec), so a stop signal from a supervisor, a proxy's health restart
    # or a test reaches the server itself: a child under `subprocess.call` outlived a terminated parent.
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(PORTAL_DIR)
    os.execve(sys.executable, command, env)


def _lan_address() -> str | None:
    """This machine's address on the network it routes through (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return None


def portal_urls(address: str, port: int) -> list[str]:
    """The addresses to give colleagues: for 0.0.0.0 (every network card) this machine's own too."""
    if address not in ("0.0.0.0", "::", ""):
        return [f"http://{address}:{port}"]
    urls = [f"http://127.0.0.1:{port} (เครื่องนี้)"]
    lan = _lan_address()
    if lan and not lan.startswith("127."):
        urls.append(f"http://{lan}:{port} (เพื่อนร่วมงานในเครือข่ายเดียวกัน)")
    return urls
