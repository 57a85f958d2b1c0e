"""Fixtures of the `pip-compile` scenarios: one loopback server per module, one run per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puffin_scenarios import ScenarioRun, ScenarioServer, scenario_of
from puffin_test_support import Context


@pytest.fixture(scope="module")
def scenario_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScenarioServer]:
    """Serves the scenarios of one module, each built on first use."""
    with ScenarioServer(tmp_path_factory.mktemp("scenario-files")) as server:
        yield server


@pytest.fixture
def compile_scenario(
    request: pytest.FixtureRequest, context: Context, scenario_server: ScenarioServer
) -> ScenarioRun:
    """The test's scenario (see `puffin_scenarios.scenario`), its inputs written."""
    return ScenarioRun(context, scenario_server, scenario_of(request.function))
