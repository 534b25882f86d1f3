"""One settings object for the whole portal, read from the environment once."""

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Environment variables: SCM_DATA_DIR, DATABASE_URL, SCM_MAX_UPLOAD_MB, SCM_SESSION_MINUTES."""

    model_config = SettingsConfigDict(env_prefix="SCM_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL", "SCM_DATABASE_URL"))
    max_upload_mb: int = 25
    max_inflated_mb: int = 300  # an import workbook unzipped (decompression bombs)
    max_import_rows: int = 500_000
    max_import_cells: int = 10_000_000
    sqlite_lock_wait_seconds: int = 30  # how long an import waits for SQLite's write lock
    session_minutes: int = 60
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    profile_max_age_months: int = 12
    # E-mail notifications (off while smtp_host is empty): SCM_SMTP_HOST, _PORT, _TLS, _SENDER, _USER, _PASSWORD
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_tls: str = "none"  # none | starttls | ssl
    smtp_sender: str = ""
    smtp_user: str = ""
    smtp_password: str = ""
    # Evidence file store: empty = SCM_DATA_DIR/files; `s3://bucket/prefix` = an S3-compatible object
    # store (evidence/s3store.py). SCM_S3_ENDPOINT_URL for a store other than AWS, SCM_S3_REGION; the
    # credentials are boto3's own (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile or a role).
    storage_url: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = ""
    s3_addressing_style: str = ""  # path | virtual; empty: path with an endpoint, boto3's choice on AWS
    s3_url_seconds: int = 300  # how long a pre-signed download link works
    # Jobs (issue 17): auto = the PostgreSQL queue read by `scm-portal worker`, threads of the portal on SQLite
    job_runner: str = "auto"  # auto | queue | thread | inline
    worker_concurrency: int = 2  # jobs one worker process runs at once
    worker_heartbeat_seconds: float = 10.0
    worker_stalled_seconds: float = 30.0  # a job whose worker sent no heartbeat for this long is run again
    job_result_hours: int = 24  # result files are removed this long after the job ended
    # PostgreSQL connection discipline (issue 17 item 7): per process
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_pool_timeout: int = 30  # seconds to wait for a free connection
    db_statement_timeout_ms: int = 60_000  # 0 = none; the worker may be given a longer one
    db_pgbouncer: bool = False  # PgBouncer in transaction mode: no prepared statements (prepare_threshold=None)
    # Observability (issue 17 item 6)
    metrics_port: int = 0  # 0 = off; the portal process (or the worker, with --metrics-port) serves /metrics
    log_json: bool = True  # structured JSON logs on stderr
    # Evidence passes shared by every process on one database (issue 18 §1): parts are signed with an HMAC
    # keyed from this secret (the same on every replica and worker); without one, each process keeps its own.
    secret_key: str = Field(default="", validation_alias=AliasChoices("SCM_SECRET_KEY", "STREAMLIT_SERVER_COOKIE_SECRET"))
    shared_pass: bool = True  # false: in-process passes only, even with a secret
    shared_part_max_kb: int = 8192  # a larger part (serialised) is not stored
    shared_parts_per_enterprise: int = 400  # rows kept per enterprise (newest first)
    shared_pass_wait_seconds: float = 20.0  # PostgreSQL: a process waits this long for another's computation

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'scm-portal.db').resolve()}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
