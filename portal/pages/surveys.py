"""การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพัน (C8)."""

from evidence.models import Survey
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("การสำรวจความพึงพอใจ")
record_table(ctx, Survey, ["title", "kind", "conductor", "scope", "sample_size", "response_rate", "completed_on"],
             key="surveys")
