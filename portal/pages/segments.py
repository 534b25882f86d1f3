"""กลุ่มลูกค้าและช่องทางรับฟัง (P2, P3)."""

from evidence.models import CustomerSegment, ListeningChannel
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("กลุ่มลูกค้าและช่องทางรับฟัง")
record_table(ctx, CustomerSegment, ["code", "name_th", "variables", "customer_count", "is_target", "status"],
             key="segments", title="กลุ่มลูกค้า (Customer Segment Profile)")
record_table(ctx, ListeningChannel, ["code", "name_th", "kind", "is_digital", "segment_codes", "lifecycle_groups"],
             key="channels", title="ทะเบียนช่องทางการรับฟัง")
