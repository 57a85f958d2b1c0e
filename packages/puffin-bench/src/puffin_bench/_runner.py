"""What every benchmark shares: the tools, the environment, scratch space, the run loop."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from puffin_bench._measure import Sample, Spawner
from puffin_bench._setup import Toolchain
from puffin_bench._stats import PIP_TOOLS, schedule
from puffin_bench._table import Figure, format_bytes, format_seconds

__all__ = ["Context", "failure_notes", "figures", "fresh_dir", "missing_command"]

# One sample's command line, built (with any untimed preparation) for a tool and run index.
Make = Callable[[str, int], Sequence[str | Path]]


def _quiet(message: str) -> None:
    """Drop a progress message."""


@dataclass(frozen=True, slots=True)
class Context:
    """The tools, their neutral environment, scratch space and how often to run each."""

    tools: Toolchain
    env: Mapping[str, str]
    work: Path
    spawner: Spawner
    runs: int = 5
    pip_tools_runs: int = 0
    timeout: float = 900.0
    progress: Callable[[str], None] = field(default=_quiet)

    def tool_names(self, *, puffin: bool = True, pip_tools: bool = True) -> tuple[str, ...]:
        """The tools that take part: puffin and pip-tools only when present and asked for."""
        names = ["puffin"] if puffin else []
        names.append("uv")
        if pip_tools and self.pip_tools_runs > 0:
            names.append(PIP_TOOLS)
        return tuple(names)

    def run(self, argv: Sequence[str | Path]) -> Sample:
        """Run one command in the neutral environment, from the scratch directory."""
        return self.spawner.run(argv, env=self.env, cwd=self.work, timeout=self.timeout)

    def output(self, argv: Sequence[str | Path]) -> str | None:
        """Standard output of an untimed helper command, or None if it failed."""
        result = subprocess.run(
            [os.fspath(arg) for arg in argv],
            env=dict(self.env),
            cwd=self.work,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
        )
        return result.stdout if result.returncode == 0 else None

    def alternate(
        self, label: str, tools: Sequence[str], make: Make, *, warmup: bool = False
    ) -> dict[str, list[Sample]]:
        """Run *tools* in alternation (see `schedule`); a tool that fails runs no more.

        With *warmup*, each tool first runs once untimed (file caches, a
        tool's own cache that the benchmark wants warm).
        """
        samples: dict[str, list[Sample]] = {tool: [] for tool in tools}
        failed: set[str] = set()
        if warmup:
            for tool in tools:
                sample = self.run(make(tool, -1))
                self.progress(f"{label}: {tool} warm-up {_summary(sample)}")
                if not sample.ok:
                    samples[tool].append(sample)
                    failed.add(tool)
        order = schedule(tools, self.runs, pip_tools_runs=self.pip_tools_runs)
        for tool, index in order:
            if tool in failed:
                continue
            sample = self.run(make(tool, index))
            samples[tool].append(sample)
            self.progress(f"{label}: {tool} run {index + 1} {_summary(sample)}")
            if not sample.ok:
                failed.add(tool)
        return samples


def _summary(sample: Sample) -> str:
    if not sample.ok:
        return f"failed: {sample.stderr_tail}"
    return f"{format_seconds(sample.seconds)}, {format_bytes(sample.max_rss)}"


def figures(samples: Mapping[str, Sequence[Sample]]) -> dict[str, Figure]:
    """One `Figure` per tool."""
    return {tool: Figure.from_samples(runs) for tool, runs in samples.items()}


def failure_notes(benchmark: str, found: Mapping[str, Figure]) -> list[str]:
    """A note per tool that failed: its name, the benchmark, its stderr's last line."""
    return [
        f"{tool} failed ({benchmark}): {figure.error}"
        for tool, figure in found.items()
        if figure.error is not None
    ]


def fresh_dir(path: Path) -> Path:
    """Remove *path* if it exists and create it empty."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def missing_command(ctx: Context, command: str) -> str | None:
    """None when puffin knows *command* (``puffin COMMAND --help`` exits 0), else a cell text."""
    if ctx.run([ctx.tools.puffin, command, "--help"]).ok:
        return None
    return f"n/a (puffin has no {command} yet)"
