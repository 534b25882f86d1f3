"""Background jobs (reports, evidence packs, exports, imports, backups, PDPA retention, digests).

One row per job, on every backend: what was asked (kind, parameters, by whom, for which enterprise),
where it is (state, progress share and Thai message, attempts) and what it made (result files under
`SCM_DATA_DIR/job-results/<id>/`, a small JSON summary). On PostgreSQL the row is paired with a
procrastinate job (`queue_job_id`); on SQLite the same row is run by a thread of the portal process.
"""

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from evidence.models.base import utcnow


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


JOB_STATE_TH = {
    JobState.QUEUED: "รอคิว",
    JobState.RUNNING: "กำลังทำงาน",
    JobState.SUCCEEDED: "เสร็จแล้ว",
    JobState.FAILED: "ไม่สำเร็จ",
}


class Job(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, index=True, title="ประเภทงาน")
    username: str = Field(max_length=100, index=True, title="ผู้สั่งงาน")
    # not `enterprise_id`: jobs are the portal's working state, not the enterprise's data (kept out of backups)
    for_enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    year: int | None = Field(default=None)
    params: dict = Field(default_factory=dict, sa_type=JSON)  # type: ignore[type-arg]
    state: str = Field(default=JobState.QUEUED, sa_type=String(16), index=True)
    progress: float = Field(default=0.0)
    message: str = Field(default="", max_length=500)
    attempts: int = Field(default=0)
    result: dict = Field(default_factory=dict, sa_type=JSON)  # type: ignore[type-arg]
    error: str = Field(default="", max_length=2000)
    runner: str = Field(default="", max_length=20)  # queue | thread | inline
    queue_job_id: int | None = Field(default=None)
    created_at: NaiveDatetime = Field(default_factory=utcnow, index=True)
    started_at: NaiveDatetime | None = Field(default=None)
    finished_at: NaiveDatetime | None = Field(default=None)
