"""Extract a document's text with its positions (issue 11 §2), in bounded time and memory.

`extract(data, media_type, name)` never raises for a bad file and never runs a parser in the caller's
process: a child (`python -m evidence.reading._child`) parses under an address-space limit and a CPU
limit, and is killed after `limits.timeout_s` seconds of wall clock. The caller gets an `Extraction`
whose `state` says what happened, with a Thai `message_th` for every state but a plain "read".

PDF: one passage per page (pypdf), pages without a text layer OCR'd with Tesseract `tha+eng` when
installed (pdftoppm renders the page), else "scanned_unread". DOCX: one passage per non-empty paragraph
(headings too, each paragraph carrying its nearest heading) and per table row (python-docx). Plain text:
one passage per blank-line-separated paragraph (UTF-8, UTF-16 with BOM, or TIS-620/cp874).

This call blocks for up to `timeout_s` seconds: a page should run it in a background job.
"""

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from evidence.reading.limits import DEFAULT_LIMITS, ReadingLimits
from evidence.reading.messages import message_th, truncated_th
from evidence.reading.passages import Extraction, Passage

_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


def extract(data: bytes, media_type: str, name: str, *, limits: ReadingLimits = DEFAULT_LIMITS) -> Extraction:
    """Read `data` (a file's bytes, its declared media type and file name) into an `Extraction`."""
    started = time.monotonic()
    if len(data) > limits.max_bytes:
        return _done(Extraction("too_large", message_th("too_large", limits, name=name)), started)
    header = json.dumps({"media_type": media_type or "", "name": name or "", "limits": asdict(limits)})
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PROJECT_ROOT, env.get("PYTHONPATH", "")) if p)
    env["OMP_THREAD_LIMIT"] = "1"
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "evidence.reading._child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, start_new_session=True,
        ) as child:
            try:
                out, err = child.communicate(header.encode() + b"\n" + data, timeout=limits.timeout_s)
            except subprocess.TimeoutExpired:
                _kill(child)
                return _done(Extraction("timeout", message_th("timeout", limits, name=name)), started)
    except OSError as error:  # could not start a process at all: say so, do not crash the page
        return _done(Extraction("corrupt", message_th("corrupt", limits, name=name, detail=str(error))), started)
    if child.returncode != 0 or not out:
        return _done(_died(child.returncode, err, limits, name), started)
    return _done(_from_child(json.loads(out), limits, name), started)


def _kill(child: subprocess.Popen[bytes]) -> None:
    """Kill the child and the tools it started (its own session), then reap it."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()
    child.communicate()


def _died(returncode: int, err: bytes, limits: ReadingLimits, name: str) -> Extraction:
    text = err.decode("utf-8", "replace")
    if "MemoryError" in text or "Cannot allocate memory" in text or returncode in (-signal.SIGKILL, -signal.SIGSEGV):
        return Extraction("too_large", message_th("too_large", limits, name=name, memory=True))
    if returncode in (-signal.SIGXCPU,):
        return Extraction("timeout", message_th("timeout", limits, name=name))
    return Extraction("corrupt", message_th("corrupt", limits, name=name, detail=f"รหัสออก {returncode}"))


def _from_child(raw: dict[str, object], limits: ReadingLimits, name: str) -> Extraction:
    state = raw["state"]
    pages = raw.get("pages")
    passages = tuple(Passage(**p) for p in raw.get("passages") or ())  # type: ignore[arg-type, union-attr]
    truncated = bool(raw.get("truncated"))
    message = message_th(state, limits, name=name, detail=str(raw.get("detail") or ""),  # type: ignore[arg-type]
                         pages=pages, memory=bool(raw.get("memory")))  # type: ignore[arg-type]
    if truncated:
        note = truncated_th(limits, pages=pages)  # type: ignore[arg-type]
        message = f"{message} {note}" if message else note
    return Extraction(state, message, pages, passages, truncated, raw.get("kind"))  # type: ignore[arg-type]


def _done(extraction: Extraction, started: float) -> Extraction:
    return Extraction(
        extraction.state, extraction.message_th, extraction.pages, extraction.passages,
        extraction.truncated, extraction.kind, seconds=round(time.monotonic() - started, 3),
    )
