"""การอนุมัติและการติดตาม (C1, C2, C9)."""

from evidence.models import Approval, MonitoringMinute
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("การอนุมัติและการติดตาม")
record_table(ctx, Approval, ["document_title", "subject_type", "body_id", "meeting_no", "meeting_date", "resolution",
                             "signer_is_governor"], key="approvals", title="การอนุมัติ")
record_table(ctx, MonitoringMinute, ["body_id", "meeting_no", "meeting_date", "subjects"], key="minutes",
             title="รายงานการประชุมที่ติดตามผล")
