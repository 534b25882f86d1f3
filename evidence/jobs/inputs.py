"""The files a user hands to a job (an uploaded workbook), wherever the job runs.

On the local disk an input is written beside the job's results (`SCM_DATA_DIR/job-results/<id>/`) under
a temporary name and renamed when whole. On an object store (`SCM_STORAGE_URL=s3://…`) it is uploaded
under the store's `job-inputs/` instead and the job's parameters name the object, so a worker on another
host (no shared volume) downloads it when the job starts. Either way an input lives only while its job
may still run: it is removed when the job ends, succeeded or failed, on every attempt's final outcome
(PDPA: an uploaded workbook holds complainants' data), and the store's sweep of `job-inputs/` removes
what a job killed for good left behind.
"""

from pathlib import Path

from evidence.jobs.store import atomic_file, job_folder, keep_seconds, object_store
from evidence.observability import get_logger
from evidence.s3store import INPUTS

PARAM = "inputs"  # job.params[PARAM] = {input name: its object in the store, or "" on the local disk}


def stage_inputs(job_id: int, inputs: dict[str, bytes]) -> dict[str, str]:
    """Keep each input where the job's runner will find it; returns {name: its object in the store, or
    "" when it stays on the local disk} (the job's parameters keep it)."""
    store, staged = object_store(), {}
    for name, data in inputs.items():
        local = job_folder(job_id) / Path(name).name
        with atomic_file(local) as part:
            part.write_bytes(data)
        if store is None:
            staged[name] = ""
            continue
        try:
            staged[name] = store.publish(local, keep_seconds=keep_seconds(), area=INPUTS)
        except BaseException:
            drop_inputs(job_id, staged)
            raise
        finally:
            local.unlink(missing_ok=True)  # in the store: nothing of it stays on this host
    return staged


def input_path(job_id: int, params: dict, name: str) -> Path:  # type: ignore[type-arg]
    """The input `name` of the job on this host's disk, downloaded from the object store first when the
    job was given it there; FileNotFoundError when it is gone (removed after the job ended)."""
    local = job_folder(job_id) / Path(name).name
    if local.is_file():
        return local
    stored = (params.get(PARAM) or {}).get(name)
    store = object_store()
    if not stored or store is None:
        raise FileNotFoundError(f"job {job_id} has no input {name}")
    with atomic_file(local) as part:
        store.fetch(str(stored), part)
    return local


def drop_inputs(job_id: int, stored: dict[str, str] | None) -> None:
    """Remove the job's inputs from this host's disk and from the object store (the job has ended)."""
    folder = job_folder(job_id)
    for name in stored or {}:
        (folder / Path(name).name).unlink(missing_ok=True)
    store = object_store()
    for name in (stored or {}).values():
        if not name or store is None:
            continue
        try:
            store.delete_export(name)
        except Exception as exc:  # noqa: BLE001 — the store's sweep of job-inputs/ is the second net
            get_logger("scm.job").warning("job_input_delete_failed", object=name, error=str(exc))
