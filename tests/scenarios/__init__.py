"""Declarative `puffin pip-compile` scenarios (the fixture is tests/puffin_scenarios.py).

A scenario is a test decorated with `puffin_scenarios.scenario` (the registry's releases,
requirements.in, other inputs, arguments) that asks for the `compile_scenario` fixture and
asserts the whole transcript. The expected transcript is uv's, converted to puffin's
header: ``python tools/scenario_oracle.py tests/scenarios/<module>.py::<test>`` prints it.
"""
