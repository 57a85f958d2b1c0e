"""Benchmarks of puffin against uv and pip-tools: wall time and peak memory, as ratios."""

from puffin_bench._cli import main, resolve_sets
from puffin_bench._env import neutral_env
from puffin_bench._measure import Sample, Spawner, run_measured
from puffin_bench._pins import PinsDiff, compare_pins, read_pins
from puffin_bench._runner import Context
from puffin_bench._setup import Toolchain, install_stamp, prepare
from puffin_bench._stats import median, schedule
from puffin_bench._table import Figure, Row, Table
from puffin_bench.errors import BenchError, InvalidOption, SetupError

__all__ = [
    "BenchError",
    "Context",
    "Figure",
    "InvalidOption",
    "PinsDiff",
    "Row",
    "Sample",
    "SetupError",
    "Spawner",
    "Table",
    "Toolchain",
    "compare_pins",
    "install_stamp",
    "main",
    "median",
    "neutral_env",
    "prepare",
    "read_pins",
    "resolve_sets",
    "run_measured",
    "schedule",
]
