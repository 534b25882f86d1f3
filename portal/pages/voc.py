"""เสียงของลูกค้า (VOC) (C7, P3)."""

from evidence.models import VocRecord, VocReport
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("เสียงของลูกค้า (VOC)")
record_table(ctx, VocRecord, ["ref_no", "received_on", "quarter", "aspect", "kind", "lifecycle_group", "priority",
                              "voc_status", "text", "customer_name", "customer_phone"], key="voc")
record_table(ctx, VocReport, ["quarter", "reported_to", "reported_on", "summary"], key="voc_reports",
             title="รายงาน VOC รายไตรมาส")
