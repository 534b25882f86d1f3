"""Benchmarks on generated data at named scales (S, M, L). Speed is measured here, never asserted in tests."""
