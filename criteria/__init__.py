"""SE-AM SCM criteria as versioned data, the acceptance rules and the scoring engine.

- `criteria.loader`: read and validate a criteria file (`load_version(2569)`), save an edited copy.
- `criteria.snapshot`: `EvidenceSnapshot`, the aggregates the rules read (built by `evidence.snapshot`).
- `criteria.rules.registry.RULES`: rule id (S1, C2, P5 …) → pure function.
- `criteria.scoring.assess`: criteria + snapshot → a frozen `Assessment`.
"""
