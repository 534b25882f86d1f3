"""กฎบัตรและมาตรฐานการให้บริการ (C3, C4, C5, C6, C9)."""

from evidence.models import ServiceCharter, ServiceStandard
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("กฎบัตรและมาตรฐานการให้บริการ", "Customer Service Charter, Service Standard และ Service Blueprint")
record_table(ctx, ServiceCharter, ["title", "has_blueprint_frontstage", "has_blueprint_backstage", "has_guidelines",
                                   "has_recovery_normal", "has_recovery_abnormal", "published_url"], key="charters")
record_table(ctx, ServiceStandard, ["service_name", "service_kind", "standard_minutes", "achieved_share"],
             key="standards", title="มาตรฐานระยะเวลาการให้บริการ")
