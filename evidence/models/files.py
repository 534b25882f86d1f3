"""Evidence files, stored once by SHA-256, linked to any record and to the criteria items they prove."""


from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel, UniqueConstraint

from evidence.models.base import utcnow


class EvidenceFile(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("enterprise_id", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    sha256: str = Field(max_length=64, index=True, title="SHA-256")
    name: str = Field(max_length=300, title="ชื่อไฟล์")
    media_type: str = Field(max_length=120, title="ชนิดไฟล์")
    size: int = Field(ge=0, title="ขนาด (ไบต์)")
    storage_key: str = Field(max_length=200, title="ตำแหน่งจัดเก็บ")
    uploaded_at: NaiveDatetime = Field(default_factory=utcnow, title="อัปโหลดเมื่อ")
    uploaded_by: str = Field(max_length=100, title="อัปโหลดโดย")


class EvidenceLink(SQLModel, table=True):
    """Links a file to a record (table + id) and/or to a criteria item it proves."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    file_id: int = Field(foreign_key="evidencefile.id", index=True)
    record_table: str | None = Field(default=None, max_length=60, index=True)
    record_id: int | None = Field(default=None, index=True)
    criteria_item_id: str | None = Field(default=None, max_length=40, index=True)
    linked_at: NaiveDatetime = Field(default_factory=utcnow)
    linked_by: str = Field(max_length=100)
