"""Service-time standards of core and support services (C9); charters and standards are register documents."""

from enum import StrEnum

from sqlmodel import Field

from evidence.models.base import Record, Reviewed, enum_field


class ServiceKind(StrEnum):
    CORE = "core"
    SUPPORT = "support"


SERVICE_KIND_TH = {ServiceKind.CORE: "บริการหลัก", ServiceKind.SUPPORT: "บริการสนับสนุน"}


class ServiceStandard(Record, Reviewed, table=True):
    """A service-time standard of a core or support service (C9)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    document_id: int | None = Field(default=None, foreign_key="document.id", title="เอกสารมาตรฐานการให้บริการ")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงาน")
    service_name: str = Field(min_length=1, max_length=300, title="ชื่อบริการ")
    service_kind: ServiceKind = enum_field(ServiceKind, "ประเภทบริการ")
    standard_minutes: float = Field(gt=0, title="มาตรฐานเวลา (นาที)")
    achieved_share: float | None = Field(default=None, ge=0, le=100, title="ร้อยละที่ทำได้ตามมาตรฐาน")
