"""The claims the snapshot reads (C-items judged by the assessor): read once per enterprise and year,
merged per scope in Python (`evidence.snapshot` keeps the rows in the evidence pass).

Several claims on one item (per unit) merge: their evidence and units together, and the state that
counts most (accepted, then claimed, then needs more, then not accepted). No permission check: the
snapshot builder reads them after the scoring service checked the reader.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from criteria.snapshot import Claim, EvidenceRef
from evidence.models import ItemClaim, OrgUnit
from evidence.models.assessment import ReviewState
from evidence.services.claims import STATE_ORDER, claim_evidence


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the snapshot reads it (kept in the evidence pass: plain values only)."""

    item_id: str
    org_unit_id: int | None
    state: str
    text: str
    evidence: tuple[EvidenceRef, ...]
    unit_name: str | None


def claim_rows(session: Session, *, enterprise_id: int, year: int) -> tuple[ClaimRow, ...]:
    """Every claim of the enterprise's year, with its evidence labelled, in item and id order (no
    permission check: the snapshot builder reads it after the scoring service checked the reader)."""
    claims = list(session.exec(
        select(ItemClaim).where(ItemClaim.enterprise_id == enterprise_id, ItemClaim.year == year)
        .order_by(ItemClaim.item_id, ItemClaim.id)
    ).all())
    if not claims:
        return ()
    evidence = claim_evidence(session, claims)
    unit_ids = {c.org_unit_id for c in claims if c.org_unit_id is not None}
    unit_names = dict(
        session.exec(select(OrgUnit.id, OrgUnit.name_th).where(col(OrgUnit.id).in_(unit_ids))).all()
    ) if unit_ids else {}
    return tuple(ClaimRow(c.item_id, c.org_unit_id, ReviewState(c.state).value, c.claim_text,
                          evidence[int(c.id or 0)], unit_names.get(c.org_unit_id))  # type: ignore[arg-type]
                 for c in claims)


def merge_claims(rows: Iterable[ClaimRow], units: frozenset[int] | None = None) -> dict[str, Claim]:
    """Item id → the claim the scoring engine reads (`criteria.snapshot.Claim`).

    With `units` (a line and every unit under it), only claims of those units and enterprise-wide claims
    count. Several claims on one item (per unit) merge: their evidence and units together, and the state
    that counts most (accepted, then claimed, then needs more, then not accepted)."""
    grouped: dict[str, list[ClaimRow]] = {}
    for row in rows:
        if units is None or row.org_unit_id is None or row.org_unit_id in units:
            grouped.setdefault(row.item_id, []).append(row)
    out: dict[str, Claim] = {}
    for item_id, group in grouped.items():
        states = {r.state for r in group}
        state = next(s for s in STATE_ORDER if s in states)
        refs = tuple(dict.fromkeys(ref for r in group for ref in r.evidence))
        names = tuple(dict.fromkeys(r.unit_name for r in group if r.unit_name is not None))
        out[item_id] = Claim(item_id, state, "\n".join(r.text for r in group), refs, names)
    return out
