"""Declarative `puffin pip-compile` scenarios (see tests/puffin_scenarios.py)."""
