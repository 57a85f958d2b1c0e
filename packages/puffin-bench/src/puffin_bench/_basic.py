"""Start-up (``--version``) and ``venv`` creation, puffin against uv."""

from __future__ import annotations

from pathlib import Path

from puffin_bench._runner import Context, failure_notes, figures, fresh_dir, missing_command
from puffin_bench._stats import PIP_TOOLS
from puffin_bench._table import Figure, Row, Table, format_seconds

__all__ = ["bench_venv", "bench_version"]

_PYTHON = "python"


def bench_version(ctx: Context) -> Table:
    """``puffin --version`` against ``uv --version``, and against ``python -c pass``.

    The baseline runs the interpreter puffin itself runs on, so that the
    difference is what puffin's own start-up costs.
    """
    tools = (_PYTHON, *ctx.tool_names())
    commands: dict[str, list[str | Path]] = {
        _PYTHON: [ctx.tools.python, "-c", "pass"],
        "puffin": [ctx.tools.puffin, "--version"],
        "uv": [ctx.tools.uv, "--version"],
        PIP_TOOLS: [ctx.tools.pip_compile, "--version"],
    }
    samples = ctx.alternate("--version", tools, lambda tool, index: commands[tool], warmup=True)
    found = figures(samples)
    puffin, python = found["puffin"], found[_PYTHON]
    notes = failure_notes("--version", found)
    if puffin.seconds is not None and python.seconds is not None:
        extra = (puffin.seconds - python.seconds) * 1000
        notes.append(
            f"python -c pass (puffin's interpreter): {format_seconds(python.seconds)}; "
            f"puffin --version minus python -c pass: {extra:.1f} ms"
        )
    if PIP_TOOLS in found:
        notes.append("pip-tools: pip-compile --version")
    row = Row("`--version`", puffin, found["uv"], found.get(PIP_TOOLS, Figure.missing()))
    return Table("start-up", (row,), tuple(notes))


def bench_venv(ctx: Context) -> Table:
    """``puffin venv`` against ``uv venv`` on the same existing interpreter, with ``--clear``."""
    missing = missing_command(ctx, "venv")
    tools = ctx.tool_names(puffin=missing is None, pip_tools=False)
    cache = fresh_dir(ctx.work / "cache-venv")
    base = ctx.tools.base_python

    def make(tool: str, index: int) -> list[str | Path]:
        target = ctx.work / f"venv-{tool}"
        if tool == "puffin":
            return [
                ctx.tools.puffin,
                "venv",
                target,
                "--python",
                base,
                "--clear",
                "--cache-dir",
                cache,
            ]
        argv: list[str | Path] = [ctx.tools.uv, "venv", target, "--python", base, "--clear"]
        return [*argv, "--cache-dir", cache, "--no-config"]

    found = figures(ctx.alternate("venv", tools, make, warmup=True))
    notes = failure_notes("venv", found)
    notes.append(f"both on {base}, into the same directory each run (--clear)")
    puffin = found.get("puffin", Figure.missing(missing or "—"))
    return Table("venv", (Row("`venv`", puffin, found["uv"]),), tuple(notes))
