"""A job on a page: its progress while it runs (polled every second by a fragment, so the rest of the
page stays usable), then its outcome; it is found again after a page reload or on another replica,
because the job and its result files live in the database and the data folder or the object store, not
in the Streamlit session. A result in the object store is a link to a pre-signed URL: its bytes go from
the store to the browser, never through Streamlit."""

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from evidence.access import Actor
from evidence.jobs import JobView, latest_of, remove_file, status
from evidence.jobs.store import file_url
from evidence.thai_dates import thai_datetime

POLL_SECONDS = 1.0


def current_job(actor: Actor, key: str, kinds: tuple[str, ...], *, enterprise_id: int | None,
                year: int | None) -> JobView | None:
    """The job this page follows: the one started in this session, else the user's newest of `kinds`."""
    job_id = st.session_state.get(key)
    if job_id is not None:
        job = status(actor, int(job_id))
        if job is not None:
            return job
    job = latest_of(actor, kinds, enterprise_id=enterprise_id, year=year)
    if job is not None:
        st.session_state[key] = job.id
    return job


def follow(job: JobView, actor: Actor, *, label: str, on_done: Callable[[JobView], None]) -> None:
    """Draw the job: a running status with a progress bar refreshed every second, or, once it ended,
    `on_done(job)` for a success and the Thai error for a failure."""
    if job.done:
        _ended(job, on_done)
        return

    @st.fragment(run_every=POLL_SECONDS)
    def _poll() -> None:
        now = status(actor, job.id) or job
        if now.done:
            st.rerun()  # the whole page: it shows the result and stops polling
        with st.status(f"{label} ({now.state_th})", state="running", expanded=True):
            st.progress(min(max(now.progress, 0.0), 1.0), text=now.message or now.state_th)
            st.caption(f"งานหมายเลข {now.id} สั่งเมื่อ {thai_datetime(now.created_at)} — ปิดหน้านี้หรือโหลดใหม่ได้ "
                       "งานยังทำต่อและผลจะแสดงเมื่อกลับมา")

    _poll()


def _ended(job: JobView, on_done: Callable[[JobView], None]) -> None:
    if job.state == "failed":
        st.error(job.error or "งานไม่สำเร็จ")
        return
    on_done(job)


def download(job: JobView, name: str, label: str, *, key: str, primary: bool = False, remove_after: bool = False,
             icon: str = ":material/download:") -> bool:
    """A download button for result file `name`; with `remove_after` the file is deleted as soon as it is
    downloaded (an evidence pack carries personal data). On the object store, a link to a fresh
    pre-signed URL instead (`remove_after` is left to the purge: a link cannot tell when it was used).
    False when the file is gone."""
    url = file_url(job, name)
    if url is not None:
        st.link_button(label, url, icon=icon, type="primary" if primary else "secondary")
        return True
    path = job.path(name)
    if path is None:
        return False
    file = next(f for f in job.files if f.name == name)

    def data() -> bytes:
        content = Path(path).read_bytes()
        if remove_after:
            remove_file(job, name)
        return content

    st.download_button(label, data, file_name=name, mime=file.media or "application/octet-stream", icon=icon,
                       type="primary" if primary else "secondary", on_click="ignore", key=key)
    return True
