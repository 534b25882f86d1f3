"""Service charters and service standards (C3, C4, C5, C6) and service-time standards (C9)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field

from evidence.models.base import Record, Reviewed, enum_field


class ServiceCharter(Record, Reviewed, table=True):
    """A customer service charter and/or service standard document with the components C3/C4 require."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    title: str = Field(min_length=1, max_length=300, title="ชื่อเอกสาร")
    has_blueprint_frontstage: bool = Field(default=False, title="Service Blueprint: ส่วนหน้าร้าน (frontstage)")
    has_blueprint_backstage: bool = Field(default=False, title="Service Blueprint: ส่วนหลังร้าน (backstage)")
    has_blueprint_support: bool = Field(default=False, title="Service Blueprint: กระบวนการสนับสนุน")
    has_guidelines: bool = Field(default=False, title="แนวทางการให้บริการ")
    has_measurable_protocols: bool = Field(default=False, title="ระเบียบปฏิบัติที่วัดผลและตรวจสอบได้")
    has_recovery_normal: bool = Field(default=False, title="แผนกู้คืนบริการ: กรณีปกติ")
    has_recovery_abnormal: bool = Field(default=False, title="แผนกู้คืนบริการ: กรณีไม่ปกติ/ภาวะวิกฤต (BCM)")
    from_journey_map: bool = Field(default=False, title="กำหนดขอบเขตจาก Customer Journey Map")
    covers_before: bool = Field(default=False, title="สนับสนุนลูกค้าก่อนเป็นลูกค้า")
    covers_during: bool = Field(default=False, title="สนับสนุนลูกค้าระหว่างเป็นลูกค้า")
    covers_after: bool = Field(default=False, title="สนับสนุนลูกค้าหลังเป็นลูกค้า")
    published_url: str | None = Field(default=None, max_length=500, title="ลิงก์เผยแพร่ (เว็บ/QR)")
    published_on: date | None = Field(default=None, title="วันที่เผยแพร่")


class ServiceKind(StrEnum):
    CORE = "core"
    SUPPORT = "support"


SERVICE_KIND_TH = {ServiceKind.CORE: "บริการหลัก", ServiceKind.SUPPORT: "บริการสนับสนุน"}


class ServiceStandard(Record, Reviewed, table=True):
    """A service-time standard of a core or support service (C9)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    charter_id: int | None = Field(default=None, foreign_key="servicecharter.id", title="กฎบัตร/มาตรฐาน")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงาน")
    service_name: str = Field(min_length=1, max_length=300, title="ชื่อบริการ")
    service_kind: ServiceKind = enum_field(ServiceKind, "ประเภทบริการ")
    standard_minutes: float = Field(gt=0, title="มาตรฐานเวลา (นาที)")
    achieved_share: float | None = Field(default=None, ge=0, le=100, title="ร้อยละที่ทำได้ตามมาตรฐาน")
