"""The stakeholder-management working group with a representative of every line (S9, FAQ SM10)."""

from datetime import date

from sqlmodel import Field, UniqueConstraint

from evidence.models.base import PersonalData, PIIKind, Record, Reviewed, pii_field


class WorkingGroup(Record, Reviewed, table=True):
    """A cross-functional team appointed for stakeholder management in a year (S9)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "code"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    code: str = Field(max_length=40, title="รหัสคณะทำงาน")
    name_th: str = Field(min_length=1, max_length=300, title="ชื่อคณะทำงาน")
    appointment_ref: str | None = Field(default=None, max_length=300, title="คำสั่งแต่งตั้ง")
    appointed_on: date | None = Field(default=None, title="วันที่แต่งตั้ง")
    duties: str | None = Field(default=None, max_length=2000, title="อำนาจหน้าที่")


class WorkingGroupMember(Record, PersonalData, table=True):
    """A member of a working group and the unit (line or department) they represent (S9)."""

    group_id: int = Field(foreign_key="workinggroup.id", index=True, title="คณะทำงาน")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงานที่เป็นผู้แทน")
    position: str = Field(min_length=1, max_length=200, title="ตำแหน่ง")
    role_in_group: str | None = Field(default=None, max_length=100, title="บทบาทในคณะทำงาน")
    member_name: str | None = pii_field(PIIKind.NAME, "ชื่อผู้แทน")
