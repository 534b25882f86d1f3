"""Cached reads for the score, dashboard and assessor pages, and the Thai wording they share.

Every cached function is keyed by the acting user, the enterprise, the year and `version`, the data
version of `evidence.services.dashboard.data_version` (the enterprise's newest evidence write): any
write of its evidence changes it, so the caches clear when evidence changes; sign-ins do not. Behind
these per-session caches the services share one evidence pass per data version among all users.
"""

import streamlit as st

from criteria.results import STATUS_TH, Assessment, ItemResult
from evidence.access import Actor
from evidence.db import session_scope
from evidence.services import dashboard
from evidence.services.scoring import score_enterprise
from portal.components.safe_text import md

CLAIM_MODE_TH = {
    "self-assessment": "ประเมินตนเอง (นับรายการที่อ้างหลักฐานแล้วแม้ยังไม่ผ่านการตรวจ)",
    "confirmed": "ยืนยันผล (นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว)",
}
FACT_MODE_TH = {
    "declared": "นับตามที่ระบุ (แสดง 'ไม่พบในเอกสาร' กำกับ)",
    "strict": "เคร่งครัด (นับเฉพาะข้อที่พบในเนื้อหาเอกสาร)",
}
METHOD_TH = {
    "partial": "นับบางส่วน (ระดับที่ผ่านครบ + สัดส่วนรายการของระดับถัดไป)",
    "whole-levels": "นับเต็มระดับ (ระดับที่ผ่านครบทุกรายการเท่านั้น)",
}
CLAIM_MODE_SHORT = {"self-assessment": "ประเมินตนเอง", "confirmed": "ยืนยันผล"}
CLAIM_MODE_NOTE = (
    "**ประเมินตนเอง** นับรายการที่ฝ่ายแผนอ้างหลักฐานแล้วแม้ผู้ประเมินยังไม่ได้ตรวจ (ภาพที่องค์กรคาดว่าจะได้) · "
    "**ยืนยันผล** นับเฉพาะรายการที่ผู้ประเมินยอมรับแล้ว (ภาพที่ผ่านการตรวจจริง) "
    "ระดับของสองแบบจึงต่างกันได้ในรายการที่ยังรอตรวจ"
)
STATUS_ICON = {  # Material icons (bundled with Streamlit, so they render without an emoji font)
    "met": ":green[:material/check_circle:]",
    "accepted": ":green[:material/check_circle:]",
    "claimed": ":orange[:material/schedule:]",
    "needs_more": ":orange[:material/help:]",
    "not_met": ":red[:material/cancel:]",
    "rejected": ":red[:material/cancel:]",
    "not_claimed": ":gray[:material/radio_button_unchecked:]",
}
TTL = 3600


def current_version(actor: Actor, enterprise_id: int) -> int:
    """The data version (cheap: one index lookup); read on every run, it keys the caches below."""
    with session_scope() as session:
        return dashboard.data_version(session, actor, enterprise_id=enterprise_id)


@st.cache_data(ttl=TTL, show_spinner="กำลังคำนวณระดับตามเกณฑ์…", max_entries=64)
def assessment(
    actor: Actor, enterprise_id: int, year: int, version: int, *, division_id: int | None = None,
    claim_mode: str | None = None,
) -> Assessment:
    with session_scope() as session:
        return score_enterprise(session, actor, enterprise_id=enterprise_id, year=year, division_id=division_id,
                                claim_mode=claim_mode)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def history(
    actor: Actor, enterprise_id: int, year: int, version: int, claim_mode: str | None
) -> list[dashboard.YearScore]:
    with session_scope() as session:
        return dashboard.year_over_year(session, actor, enterprise_id=enterprise_id, year=year, claim_mode=claim_mode)


@st.cache_data(ttl=TTL, show_spinner="กำลังสรุปผลการดำเนินงานและความครบถ้วนของหลักฐาน…", max_entries=32)
def overview(actor: Actor, enterprise_id: int, year: int, version: int) -> dashboard.Overview:
    with session_scope() as session:
        return dashboard.overview(session, actor, enterprise_id=enterprise_id, year=year)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def targets(actor: Actor, enterprise_id: int, year: int, version: int) -> dict[str, float]:
    with session_scope() as session:
        return dashboard.topic_targets(session, actor, enterprise_id=enterprise_id, year=year)


def claim_mode_toggle(year_mode: str, *, key: str) -> str:
    """Which claims count on this page: a toggle that starts at the year's setting, says so, and explains
    the difference (the dashboard and the assessor's workspace then never differ without a sign)."""
    mode = st.segmented_control(
        "การนับรายการที่อ้างหลักฐานในหน้านี้", list(CLAIM_MODE_TH), default=year_mode,
        format_func=lambda m: CLAIM_MODE_SHORT.get(m, m) + (" (ค่าของรอบประเมิน)" if m == year_mode else ""),
        key=key,
    ) or year_mode
    shown = CLAIM_MODE_SHORT.get(mode, mode)
    (st.info if mode == year_mode else st.warning)(
        f"หน้านี้แสดงผลแบบ **{shown}**" + ("" if mode == year_mode else
                                          f" (ต่างจากค่าของรอบประเมิน: {CLAIM_MODE_SHORT.get(year_mode, year_mode)})")
        + "  \n" + CLAIM_MODE_NOTE, icon=":material/info:")
    return mode


def level_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def item_line(item: ItemResult) -> str:
    """One line for an item: status icon, Thai status and text (its code small, for reference)."""
    return (f"{STATUS_ICON.get(item.status, '')} **{STATUS_TH[item.status]}** — {md(item.text_th)} "
            f":gray[({md(item.id)})]")


def setting_caption(result: Assessment) -> str:
    """Which criteria version, method, claim and fact setting produced `result` (every view says so)."""
    return (f"เกณฑ์ฉบับ {result.criteria_version} · วิธีคิดคะแนน {METHOD_TH.get(result.method, result.method)} · "
            f"การนับรายการที่อ้างหลักฐาน: {CLAIM_MODE_TH.get(result.claim_mode, result.claim_mode)} · "
            f"ข้อเท็จจริงที่ไม่พบในเอกสาร: {FACT_MODE_TH.get(result.fact_mode, result.fact_mode)}")
