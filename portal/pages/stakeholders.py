"""ผู้มีส่วนได้ส่วนเสียและ VOS (S1, S2, S5, S6)."""

from evidence.models import Stakeholder, VoiceOfStakeholder
from portal.components.page import page_context
from portal.components.record_table import record_table

ctx = page_context("ผู้มีส่วนได้ส่วนเสียและ VOS", "Stakeholder Profile และเสียงของผู้มีส่วนได้ส่วนเสีย")
record_table(ctx, Stakeholder, ["code", "group_name", "subgroup_name", "org_unit_id", "interest", "influence",
                                "representative_name", "representative_phone", "reviewed_on", "status"],
             key="stakeholders", title="Stakeholder Profile")
record_table(ctx, VoiceOfStakeholder, ["received_on", "stakeholder_id", "polarity", "source", "text", "status"],
             key="vos", title="เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)")
