"""Run order and summaries: alternate the tools, take medians."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

__all__ = ["PIP_TOOLS", "median", "schedule"]

PIP_TOOLS = "pip-tools"


def schedule(tools: Sequence[str], runs: int, *, pip_tools_runs: int = 0) -> list[tuple[str, int]]:
    """The order of runs: each round runs every tool once, in the order given.

    Alternating (A B A B …) spreads slow drifts of the machine (other load,
    thermal state, network) evenly over the tools. pip-tools is slow, so it
    takes part only in the first *pip_tools_runs* rounds.

    >>> schedule(["puffin", "uv", "pip-tools"], 3, pip_tools_runs=1)
    [('puffin', 0), ('uv', 0), ('pip-tools', 0), ('puffin', 1), ('uv', 1), ('puffin', 2), ('uv', 2)]
    """
    return [
        (tool, index)
        for index in range(runs)
        for tool in tools
        if tool != PIP_TOOLS or index < pip_tools_runs
    ]


def median(values: Sequence[float]) -> float:
    """The median of *values*; the mean of the middle two for an even count.

    >>> median([3.0, 1.0, 2.0]), median([4.0, 1.0, 2.0, 3.0])
    (2.0, 2.5)
    """
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))
