"""The search index: one row per searchable record, kept by database triggers (never by hand).

`body` holds the record's non-personal text, `people` its declared names and personal free text,
`phones` the digits of its declared phone numbers and `emails` its lower-cased e-mail addresses (both
space-delimited, ` 0812345678 `, so a whole number matches exactly). Triggers on every source table
write it at save time, whatever the path (services, the Excel import, a restore, a bulk load), so an
erasure or a correction changes it in the same statement. SQLite adds an FTS5 trigram index over it
(`searchdoc_fts`), PostgreSQL `pg_trgm` GIN indexes: see `evidence.services.search_index`.
"""

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SearchDoc(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("record_table", "record_id", name="uq_searchdoc_record"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int | None = Field(default=None, index=True, title="รัฐวิสาหกิจ")
    record_table: str = Field(max_length=60, title="ตาราง")
    record_id: int = Field(title="รหัสข้อมูล")
    org_unit_id: int | None = Field(default=None, title="หน่วยงาน")
    status: str | None = Field(default=None, max_length=32, title="สถานะการตรวจ")
    year: int | None = Field(default=None, title="ปี")
    body: str = Field(default="", sa_type=Text, title="ข้อความ")
    people: str = Field(default="", sa_type=Text, title="ชื่อบุคคล")
    phones: str = Field(default="", sa_type=Text, title="หมายเลขโทรศัพท์ (ตัวเลขล้วน)")
    emails: str = Field(default="", sa_type=Text, title="อีเมล (ตัวพิมพ์เล็ก)")
