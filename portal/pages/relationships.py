"""แผนและความเสี่ยงด้านความสัมพันธ์ (S7, S8, S10)."""

from evidence.models import RelationshipPlan, RelationshipRisk
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("แผนและความเสี่ยงด้านความสัมพันธ์")
record_table(ctx, RelationshipPlan, ["title", "org_unit_id", "objective", "aligned_existing_plan", "status"],
             key="plans", title="แผนสร้างความสัมพันธ์")
record_table(ctx, RelationshipRisk, ["description", "org_unit_id", "impact", "likelihood", "control", "erm_reference"],
             key="risks", title="ความเสี่ยงด้านความสัมพันธ์")
