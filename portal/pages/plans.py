"""แผนยุทธศาสตร์และตัวชี้วัด (CM 1.1)."""

from evidence.models import StrategyPlan
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("แผนยุทธศาสตร์และตัวชี้วัด")
record_table(ctx, StrategyPlan, ["title", "kind", "period", "components_complete", "communicated"], key="plans")
