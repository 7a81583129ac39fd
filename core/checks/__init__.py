"""Checks: the validator and its rules (findings as data)."""
