"""Aggregation of audit rows anyone can cause without signing in (forged URL parameters, sign-ins with
user names that do not exist): one row per kind of attempt and minute, carrying how many identical
attempts it stands for, so anonymous page loads cannot fill the audit trail at will (issue 14 item 18).
The counters live in the server process (thread-safe); a restart starts them again."""

import threading
import time
from dataclasses import dataclass

WINDOW_SECONDS = 60.0
MAX_KEYS = 10_000


@dataclass
class _Window:
    started: float
    suppressed: int = 0


_lock = threading.Lock()
_windows: dict[str, _Window] = {}


def admit(key: str, *, now: float | None = None) -> int | None:
    """None when an identical attempt was already recorded in this window (this one is only counted);
    otherwise the number of attempts left unrecorded since the last row (to name in the new row)."""
    moment = time.monotonic() if now is None else now
    with _lock:
        window = _windows.get(key)
        if window is not None and moment - window.started < WINDOW_SECONDS:
            window.suppressed += 1
            return None
        if len(_windows) >= MAX_KEYS:
            _windows.clear()
        _windows[key] = _Window(moment)
        return window.suppressed if window is not None else 0


def reset() -> None:
    with _lock:
        _windows.clear()
