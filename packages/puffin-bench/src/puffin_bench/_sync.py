"""``pip-sync`` of one set's pins: fresh environment with warm or cold cache, and no-op."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from puffin_bench._compile import compile_argv
from puffin_bench._pins import compare_pins, read_pins
from puffin_bench._runner import Context, failure_notes, figures, fresh_dir, missing_command
from puffin_bench._stats import PIP_TOOLS
from puffin_bench._table import Figure, Row, Table
from puffin_bench.errors import SetupError

__all__ = ["bench_sync", "sync_argv"]


def sync_argv(ctx: Context, tool: str, pins: Path, venv: Path, cache: Path) -> list[str | Path]:
    """The command line that makes *venv* match *pins* with *tool*, using *cache*."""
    python = venv / "bin" / "python"
    if tool == "puffin":
        return [ctx.tools.puffin, "pip-sync", pins, "--python", python, "--cache-dir", cache]
    if tool == "uv":
        argv: list[str | Path] = [ctx.tools.uv, "pip", "sync", pins, "--python", python]
        return [*argv, "--cache-dir", cache, "--no-config"]
    argv = [ctx.tools.pip_sync, pins, "--python-executable", python]
    return [*argv, "--pip-args", f"--cache-dir {shlex.quote(str(cache))}"]


def _new_venv(ctx: Context, tool: str, path: Path) -> Path:
    """An empty environment on the base interpreter (untimed); pip-sync needs pip in it."""
    if path.exists():
        shutil.rmtree(path)
    base = ctx.tools.base_python
    argv: list[str | Path]
    if tool == PIP_TOOLS:
        argv = [base, "-m", "venv", path]
    else:
        # The same bare environment for puffin and uv: no pip, nothing to keep or remove.
        argv = [ctx.tools.uv, "venv", path, "--python", base, "--no-config"]
        argv += ["--cache-dir", ctx.work / "cache-venv"]
    sample = ctx.run(argv)
    if not sample.ok:
        raise SetupError(f"create {path}", sample.stderr_tail)
    return path


def bench_sync(ctx: Context, requirements: Path) -> Table:
    """Sync the pins of *requirements* (compiled once by uv) into environments with each tool."""
    name = requirements.stem
    pins = ctx.work / f"{name}-pins.txt"
    pins.unlink(missing_ok=True)
    cache = fresh_dir(ctx.work / f"cache-pins-{name}")
    sample = ctx.run(compile_argv(ctx, "uv", requirements, pins, cache, offline=False))
    if not sample.ok:
        note = f"uv could not compile {name} into pins: {sample.stderr_tail}"
        return Table(f"sync {name}", (), (note,))
    pinned = read_pins(pins.read_text())
    missing = missing_command(ctx, "pip-sync")
    tools = ctx.tool_names(puffin=missing is None)
    warm = {tool: fresh_dir(ctx.work / f"cache-sync-warm-{name}-{tool}") for tool in tools}
    kept = {tool: ctx.work / f"sync-{name}-{tool}" for tool in tools}

    def warm_run(tool: str, index: int) -> list[str | Path]:
        return sync_argv(ctx, tool, pins, _new_venv(ctx, tool, kept[tool]), warm[tool])

    def no_op(tool: str, index: int) -> list[str | Path]:
        return sync_argv(ctx, tool, pins, kept[tool], warm[tool])

    def cold(tool: str, index: int) -> list[str | Path]:
        venv = _new_venv(ctx, tool, ctx.work / f"sync-cold-{tool}")
        cache = fresh_dir(ctx.work / f"cache-sync-cold-{tool}")
        return sync_argv(ctx, tool, pins, venv, cache)

    notes: list[str] = []
    rows: dict[str, Row] = {}
    label = "sync, warm cache (fresh venv)"
    found = figures(ctx.alternate(f"{name}: {label}", tools, warm_run, warmup=True))
    rows["warm"] = _row(label, found, missing)
    notes += failure_notes(label, found)
    notes += _environment_notes(ctx, pinned, {t: kept[t] for t in tools if found[t].ok})

    label = "sync, no-op (all installed)"
    synced = [tool for tool in tools if found[tool].ok]
    noop = figures(ctx.alternate(f"{name}: {label}", synced, no_op, warmup=True))
    for tool in tools:
        noop.setdefault(tool, Figure.missing("n/a (warm sync failed)"))
    rows["noop"] = _row(label, noop, missing)
    notes += failure_notes(label, noop)

    label = "sync, cold cache (fresh venv)"
    found = figures(ctx.alternate(f"{name}: {label}", tools, cold))
    rows["cold"] = _row(label, found, missing)
    notes += failure_notes(label, found)

    notes.append(
        f"{len(pinned)} pins compiled once by uv; puffin and uv sync into a bare venv "
        "(made by uv, untimed), pip-tools into one made by python -m venv (it needs pip)"
    )
    ordered = (rows["cold"], rows["warm"], rows["noop"])
    return Table(f"sync {name}", ordered, tuple(dict.fromkeys(notes)))


def _row(label: str, found: Mapping[str, Figure], missing: str | None) -> Row:
    puffin = found.get("puffin", Figure.missing(missing or "—"))
    return Row(label, puffin, found["uv"], found.get(PIP_TOOLS, Figure.missing()))


def _environment_notes(
    ctx: Context, pinned: Mapping[str, str], venvs: Mapping[str, Path]
) -> list[str]:
    """A note per environment (puffin's, uv's) whose installed packages differ from the pins."""
    notes: list[str] = []
    for tool, venv in venvs.items():
        if tool == PIP_TOOLS:
            continue
        python = venv / "bin" / "python"
        argv: list[str | Path] = [ctx.tools.uv, "pip", "freeze", "--python", python, "--no-config"]
        frozen = ctx.output(argv)
        if frozen is None:
            notes.append(f"could not list what {tool} installed into {venv}")
            continue
        diff = compare_pins(read_pins(frozen), pinned)
        if not diff.agree:
            detail = "; ".join(diff.describe(tool, "pins"))
            notes.append(f"{tool}'s environment differs from the pins: {detail}")
    return notes
