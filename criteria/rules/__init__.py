"""Acceptance rules: one small module per family; `registry.RULES` maps a rule id to its function."""
