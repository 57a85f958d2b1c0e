"""The text and JSON reports of ``puffin-dev resolve-many``."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from puffin_dev._outcome import LineResult, Outcome, format_seconds

__all__ = ["report_json", "result_lines", "summary_lines"]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def result_lines(result: LineResult, width: int = 0) -> list[str]:
    """The report of one line: ``ok`` or ``FAIL``, uv's verdict, then any ``DIFF``; the
    requirement is padded to *width*.

    >>> result_lines(LineResult("a", Outcome(0.25, {"a": "1", "b": "2"})))
    ['ok   a  2 packages  250ms']
    >>> result_lines(LineResult("a", Outcome(1.5, error="Because...\\nAnd...")))
    ['FAIL a  Because...']
    >>> result_lines(LineResult("a", Outcome(0.1, {"a": "1"}), Outcome(0.2, {"a": "2"})))
    ['ok   a  1 package  100ms  uv: different, 200ms', 'DIFF a: a 1 (puffin) vs 2 (uv)']
    """
    puffin, uv, line = result.puffin, result.uv, result.line.ljust(width)
    if puffin.ok:
        text = f"ok   {line}  {_plural(len(puffin.pins), 'package')}  "
        text += format_seconds(puffin.seconds)
    else:
        text = f"FAIL {line}  {puffin.headline}"
    differences = result.differences
    if uv is not None:
        if differences:
            verdict = "different"
        else:
            verdict = "same" if uv.ok else "failed too"
        text += f"  uv: {verdict}, {format_seconds(uv.seconds)}"
    lines = [text]
    if differences:
        lines.append(f"DIFF {result.line}: {', '.join(differences)}")
    return lines


def _times(outcomes: Sequence[Outcome]) -> str:
    seconds = [outcome.seconds for outcome in outcomes]
    if not seconds:
        return "no lines"
    total, median = format_seconds(sum(seconds)), format_seconds(statistics.median(seconds))
    return f"{total} in all, median {median}"


def summary_lines(results: Sequence[LineResult], wall: float) -> list[str]:
    """The summary: counts, times (summed over lines, median, wall clock), the 5 slowest
    lines.

    >>> for text in summary_lines([LineResult("a", Outcome(0.5, {"a": "1"}))], 0.6):
    ...     print(text)
    1 line: 1 ok, 0 failed
    puffin: 500ms in all, median 500ms
    wall clock: 600ms
    slowest: a 500ms
    """
    failed = sum(not result.puffin.ok for result in results)
    counts = f"{_plural(len(results), 'line')}: {len(results) - failed} ok, {failed} failed"
    compared = [result for result in results if result.uv is not None]
    if compared:
        different = sum(bool(result.differences) for result in compared)
        both = sum(not r.puffin.ok and r.uv is not None and not r.uv.ok for r in compared)
        same = len(compared) - different - both
        counts += f"; uv: {same} same, {different} different, {both} failed in both"
    lines = [counts, f"puffin: {_times([r.puffin for r in results])}"]
    if compared:
        lines.append(f"uv: {_times([r.uv for r in compared if r.uv is not None])}")
    lines.append(f"wall clock: {format_seconds(wall)}")
    slowest = sorted(results, key=lambda result: result.puffin.seconds, reverse=True)[:5]
    if slowest:
        lines.append(
            "slowest: " + ", ".join(f"{r.line} {format_seconds(r.puffin.seconds)}" for r in slowest)
        )
    return lines


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "ok": outcome.ok,
        "seconds": round(outcome.seconds, 4),
        "packages": len(outcome.pins),
        "pins": dict(outcome.pins),
        "error": outcome.error,
    }


def report_json(results: Sequence[LineResult], wall: float) -> dict[str, Any]:
    """Every result and the summary counts, as JSON-ready values.

    >>> report = report_json([LineResult("a", Outcome(0.5, {"a": "1"}))], 0.6)
    >>> report["summary"]["ok"], report["results"][0]["puffin"]["pins"]
    (1, {'a': '1'})
    """
    entries = []
    for result in results:
        entry: dict[str, Any] = {"line": result.line, "puffin": _outcome_json(result.puffin)}
        if result.uv is not None:
            entry["uv"] = _outcome_json(result.uv)
            entry["same"] = not result.differences
            entry["differences"] = result.differences
        entries.append(entry)
    seconds = [result.puffin.seconds for result in results]
    failed = sum(not result.puffin.ok for result in results)
    summary = {
        "lines": len(results),
        "ok": len(results) - failed,
        "failed": failed,
        "different": sum(bool(result.differences) for result in results),
        "seconds": round(sum(seconds), 4),
        "median_seconds": round(statistics.median(seconds), 4) if seconds else 0.0,
        "wall_seconds": round(wall, 4),
        "slowest": [
            result.line
            for result in sorted(results, key=lambda r: r.puffin.seconds, reverse=True)[:5]
        ],
    }
    return {"results": entries, "summary": summary}
