"""โครงสร้างองค์กร: lines of business and departments (S3)."""

from evidence.models import OrgUnit
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("โครงสร้างองค์กร", "สายงานที่รายงานตรงต่อผู้บริหารสูงสุด และฝ่ายภายใต้สายงาน (S3)")
record_table(ctx, OrgUnit, ["code", "name_th", "kind", "parent_id", "reports_to_top"], key="units")
