"""Computed parts of an evidence pass, stored for every process on the same database (issue 18 §1).

One row per part of one enterprise's pass: the key of the pass (enterprise, year, data version id and
time, day), the part's name and the code/criteria fingerprint of the code that computed it, the value
serialised and signed (`evidence.services.shared_parts`). A cache, not the enterprise's data: it is kept
out of backups (no `enterprise_id` column, no foreign key) and dropped for an enterprise on a PDPA
erasure, correction or retention run (parts may hold record labels and free text).
"""

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from evidence.models.base import utcnow


class SharedPart(SQLModel, table=True):
    __tablename__ = "sharedpart"
    __table_args__ = (Index("ix_sharedpart_for_enterprise_id_version_id", "for_enterprise_id", "version_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True)  # SHA-256 of everything below that names the part
    for_enterprise_id: int  # not `enterprise_id`: a cache is kept out of backups (evidence.backup)
    year: int
    version_id: int
    version_at: NaiveDatetime | None = Field(default=None)
    day: date
    name: str = Field(max_length=200)
    fingerprint: str = Field(max_length=64)
    value: bytes = Field(sa_type=LargeBinary)
    size: int
    signature: str = Field(max_length=64)  # HMAC-SHA256 of key_hash and value under the deployment's secret
    created_at: NaiveDatetime = Field(default_factory=utcnow)
