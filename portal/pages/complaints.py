"""การจัดการข้อร้องเรียน (C1, C10, P5)."""

from evidence.models import ComplaintCase, ComplaintPolicy, ComplaintStandard
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("การจัดการข้อร้องเรียน", "นโยบาย ขั้นตอน มาตรฐานเวลา และเรื่องร้องเรียน (ISO 10002)")
record_table(ctx, ComplaintPolicy, ["title", "kind", "covers_complaint_handling", "reviewed_on"], key="policies",
             title="นโยบายและขั้นตอน")
record_table(ctx, ComplaintStandard, ["stage", "max_hours"], key="cstd", title="มาตรฐานเวลา")
record_table(ctx, ComplaintCase, ["case_no", "subject", "received_at", "acknowledged_at", "responded_at",
                                  "resolved_at", "complainant_name", "complainant_phone"], key="cases",
             title="เรื่องร้องเรียน")
