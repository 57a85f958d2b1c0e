"""Figures per tool, rows per benchmark, and their Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Self

from puffin_bench._measure import Sample
from puffin_bench._stats import median

__all__ = ["Figure", "Row", "Table", "format_bytes", "format_ratio", "format_seconds"]

HEADER = (
    "benchmark",
    "puffin",
    "uv",
    "pip-tools",
    "puffin/uv",
    "puffin mem",
    "uv mem",
    "mem ratio",
)
_MISSING = "—"


def format_seconds(seconds: float) -> str:
    """A duration for the table: milliseconds below one second, seconds above.

    >>> format_seconds(0.01234), format_seconds(1.5), format_seconds(12.345)
    ('12.3 ms', '1.50 s', '12.35 s')
    """
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def format_bytes(size: int) -> str:
    """A memory size in megabytes (10**6 bytes).

    >>> format_bytes(52_428_800)
    '52.4 MB'
    """
    return f"{size / 1_000_000:.1f} MB"


def format_ratio(mine: float | None, theirs: float | None) -> str:
    """``mine / theirs`` with two decimals, or a dash when either is missing.

    >>> format_ratio(3.0, 2.0), format_ratio(None, 2.0)
    ('1.50', '—')
    """
    if mine is None or theirs is None or theirs == 0:
        return _MISSING
    return f"{mine / theirs:.2f}"


@dataclass(frozen=True, slots=True)
class Figure:
    """What one tool scored on one benchmark: median time and peak memory, or why there is none.

    >>> figure = Figure.from_samples([Sample(1.0, 10, 0), Sample(3.0, 30, 0), Sample(2.0, 20, 0)])
    >>> figure.seconds, figure.max_rss, figure.runs
    (2.0, 20, 3)
    """

    seconds: float | None = None
    max_rss: int | None = None
    runs: int = 0
    note: str | None = None
    error: str | None = None
    times: tuple[float, ...] = ()
    peaks: tuple[int, ...] = ()

    @classmethod
    def from_samples(cls, samples: Sequence[Sample]) -> Self:
        """Median wall time and median peak RSS of *samples*; a failure if any run failed."""
        if not samples:
            return cls(note=_MISSING)
        times = tuple(s.seconds for s in samples)
        peaks = tuple(s.max_rss for s in samples)
        for sample in samples:
            if not sample.ok:
                detail = sample.stderr_tail or f"exit status {sample.returncode}"
                return cls(note="failed", error=detail, runs=len(samples), times=times, peaks=peaks)
        return cls(
            seconds=median(times),
            max_rss=round(median(peaks)),
            runs=len(samples),
            times=times,
            peaks=peaks,
        )

    @classmethod
    def missing(cls, note: str = _MISSING) -> Self:
        """A figure that was not measured, shown as *note*."""
        return cls(note=note)

    @property
    def ok(self) -> bool:
        """Whether the figure holds a measured time."""
        return self.seconds is not None

    def to_json(self) -> dict[str, object]:
        """The figure and every run's time and peak, for ``--json``."""
        return {
            "seconds": self.seconds,
            "max_rss": self.max_rss,
            "runs": self.runs,
            "note": self.note,
            "error": self.error,
            "times": list(self.times),
            "peaks": list(self.peaks),
        }

    def time_cell(self) -> str:
        """The time as the table shows it."""
        if self.seconds is None:
            return self.note or _MISSING
        return format_seconds(self.seconds)

    def memory_cell(self) -> str:
        """The peak memory as the table shows it."""
        return _MISSING if self.max_rss is None else format_bytes(self.max_rss)


@dataclass(frozen=True, slots=True)
class Row:
    """One benchmark's figures for puffin, uv and (when measured) pip-tools."""

    benchmark: str
    puffin: Figure
    uv: Figure
    pip_tools: Figure = field(default_factory=Figure.missing)

    def cells(self) -> tuple[str, ...]:
        """The row's cells, in `HEADER` order."""
        mem_puffin = None if self.puffin.max_rss is None else float(self.puffin.max_rss)
        mem_uv = None if self.uv.max_rss is None else float(self.uv.max_rss)
        return (
            self.benchmark,
            self.puffin.time_cell(),
            self.uv.time_cell(),
            self.pip_tools.time_cell(),
            format_ratio(self.puffin.seconds, self.uv.seconds),
            self.puffin.memory_cell(),
            self.uv.memory_cell(),
            format_ratio(mem_puffin, mem_uv),
        )


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


@dataclass(frozen=True, slots=True)
class Table:
    """A titled group of rows with notes underneath (failures, pins that disagree)."""

    title: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The table's data, for ``--json``."""
        return {
            "title": self.title,
            "rows": [
                {
                    "benchmark": row.benchmark,
                    "puffin": row.puffin.to_json(),
                    "uv": row.uv.to_json(),
                    "pip-tools": row.pip_tools.to_json(),
                }
                for row in self.rows
            ],
            "notes": list(self.notes),
        }

    def render(self) -> str:
        """The table as Markdown: a heading, the rows, then one bullet per note.

        >>> row = Row("venv", Figure(0.02, 30_000_000), Figure(0.01, 10_000_000))
        >>> print(Table("venv", (row,)).render())
        ### venv
        <BLANKLINE>
        | benchmark | puffin | uv | pip-tools | puffin/uv | puffin mem | uv mem | mem ratio |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | venv | 20.0 ms | 10.0 ms | — | 2.00 | 30.0 MB | 10.0 MB | 3.00 |
        <BLANKLINE>
        """
        lines = [f"### {self.title}", "", _line(HEADER), _line(("---",) * len(HEADER))]
        lines.extend(_line(row.cells()) for row in self.rows)
        if self.notes:
            lines.append("")
            lines.extend(f"- {note}" for note in self.notes)
        lines.append("")
        return "\n".join(lines)


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape(cell) for cell in cells) + " |"
