"""The enterprise's target level per criteria topic for an assessment year (shown on the dashboard)."""

from sqlmodel import Field, UniqueConstraint

from evidence.models.base import Record


class TopicTarget(Record, table=True):
    """The level (0–5) the enterprise aims for on one topic (e.g. CM5) in one year."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "topic_code"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    topic_code: str = Field(min_length=1, max_length=20, title="หัวข้อ")
    target_level: float = Field(ge=0, le=5, title="ระดับเป้าหมาย")
