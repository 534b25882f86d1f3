"""Which division a page works on: division staff their own units, the planning team any line or
department (or the whole enterprise). The choice is shared by every page (sidebar)."""

from dataclasses import dataclass

import streamlit as st

from evidence.db import session_scope
from evidence.models import OrgUnit
from evidence.models.org import UnitKind
from evidence.models.users import Role
from evidence.services.org import list_units
from portal.session import WorkContext

WHOLE = 0


@dataclass(frozen=True)
class DivisionScope:
    unit_ids: frozenset[int] | None  # None: the whole enterprise
    label: str
    units: dict[int, str]  # every unit of the enterprise: id → "code name"
    writable: dict[int, str]  # units the user may enter records for, within the scope

    def unit_name(self, unit_id: int | None) -> str:
        return self.units.get(unit_id or 0, "")


def _subtree(units: list[OrgUnit], root: int) -> frozenset[int]:
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.id or 0)
    found, todo = set(), [root]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return frozenset(found)


def _ordered(units: list[OrgUnit]) -> list[OrgUnit]:
    """Lines, each followed by its departments."""
    lines = [u for u in units if u.kind == UnitKind.LINE]
    out: list[OrgUnit] = []
    for line in lines:
        out.append(line)
        out.extend(u for u in units if u.parent_id == line.id)
    out.extend(u for u in units if u not in out)
    return out


def division_scope(ctx: WorkContext) -> DivisionScope:
    """The sidebar picker of the division worked on, and the units it covers."""
    actor = ctx.actor
    with session_scope() as session:
        units = _ordered(list_units(session, actor, ctx.enterprise.id or 0))
    names = {u.id or 0: f"{u.code} {u.name_th}" for u in units}
    if actor.role == Role.DIVISION:
        options = [u.id or 0 for u in units if u.id in actor.org_unit_ids]
    else:
        options = [WHOLE] + [u.id or 0 for u in units]
    if not options:
        st.sidebar.warning("บัญชีนี้ยังไม่ได้ผูกกับหน่วยงาน")
        return DivisionScope(frozenset(), "", names, {})

    def label(unit_id: int) -> str:
        if unit_id == WHOLE:
            return "ทั้งองค์กร (ทุกสายงาน)"
        unit = next(u for u in units if u.id == unit_id)
        return names[unit_id] if unit.kind == UnitKind.LINE else f"  └ {names[unit_id]}"

    if st.session_state.get("ctx_unit") not in options:
        st.session_state["ctx_unit"] = options[0]
    chosen = st.sidebar.selectbox("หน่วยงาน (สายงาน/ฝ่าย)", options, format_func=label, key="ctx_unit")
    if chosen == WHOLE:
        scope, text = None, "ทั้งองค์กร"
    else:
        scope, text = _subtree(units, chosen), names[chosen]
    if actor.role == Role.DIVISION:
        scope = (scope or frozenset()) & actor.org_unit_ids
        writable = {i: names[i] for i in names if i in scope}
    elif actor.role in (Role.ADMIN, Role.PLANNING):
        writable = {i: n for i, n in names.items() if scope is None or i in scope}
    else:
        writable = {}
    return DivisionScope(scope, text, names, writable)
