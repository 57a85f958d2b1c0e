"""Run order and medians."""

from __future__ import annotations

import pytest

from puffin_bench import median, schedule


class TestSchedule:
    def test_alternates_the_tools(self) -> None:
        assert schedule(["puffin", "uv"], 3) == [
            ("puffin", 0),
            ("uv", 0),
            ("puffin", 1),
            ("uv", 1),
            ("puffin", 2),
            ("uv", 2),
        ]

    def test_pip_tools_runs_fewer_times(self) -> None:
        order = schedule(["puffin", "uv", "pip-tools"], 4, pip_tools_runs=2)
        assert [tool for tool, _ in order] == [
            "puffin",
            "uv",
            "pip-tools",
            "puffin",
            "uv",
            "pip-tools",
            "puffin",
            "uv",
            "puffin",
            "uv",
        ]

    def test_pip_tools_absent_by_default(self) -> None:
        assert all(tool != "pip-tools" for tool, _ in schedule(["uv", "pip-tools"], 3))

    def test_other_tools_run_every_round(self) -> None:
        order = schedule(["python", "puffin", "uv"], 2)
        assert order[:3] == [("python", 0), ("puffin", 0), ("uv", 0)]
        assert len(order) == 6

    def test_no_runs(self) -> None:
        assert schedule(["puffin", "uv"], 0) == []


class TestMedian:
    def test_odd(self) -> None:
        assert median([5.0, 1.0, 3.0]) == 3.0

    def test_even_takes_the_mean_of_the_middle_two(self) -> None:
        assert median([1.0, 10.0, 2.0, 3.0]) == 2.5

    def test_outlier_does_not_move_it(self) -> None:
        assert median([1.0, 1.1, 0.9, 1.0, 100.0]) == 1.0

    def test_one(self) -> None:
        assert median([0.25]) == 0.25

    def test_empty(self) -> None:
        with pytest.raises(ValueError, match="no values"):
            median([])
