"""``pip-compile`` of one requirement set: cold cache, warm cache, warm and offline."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from puffin_bench._pins import compare_pins, read_pins
from puffin_bench._runner import Context, failure_notes, figures, fresh_dir, missing_command
from puffin_bench._stats import PIP_TOOLS
from puffin_bench._table import Figure, Row, Table

__all__ = ["EXCLUDE_NEWER", "PYTHON_VERSION", "bench_compile", "compile_argv"]

# Every tool resolves against the index as it was then (bench/README.md).
EXCLUDE_NEWER = "2026-11-01T00:00:00Z"
PYTHON_VERSION = "3.11"


def compile_argv(
    ctx: Context, tool: str, requirements: Path, output: Path, cache: Path, *, offline: bool
) -> list[str | Path]:
    """The command line that compiles *requirements* into *output* with *tool*."""
    pinned = ["--exclude-newer", EXCLUDE_NEWER, "--python-version", PYTHON_VERSION]
    argv: list[str | Path]
    if tool == "puffin":
        argv = [ctx.tools.puffin, "pip-compile", requirements, "-o", output, *pinned]
        argv += ["--cache-dir", cache]
    elif tool == "uv":
        argv = [ctx.tools.uv, "pip", "compile", requirements, "-o", output, *pinned]
        # --no-config: uv would otherwise read uv.toml files, as pip would read pip.conf.
        argv += ["--cache-dir", cache, "--no-config"]
    else:
        # pip-tools has no --exclude-newer nor --python-version; pip's own HTTP cache
        # goes into the same directory, so that a cold run is cold for pip too.
        argv = [ctx.tools.pip_compile, requirements, "-o", output, "--cache-dir", cache]
        argv += ["--pip-args", f"--cache-dir {shlex.quote(str(cache / 'pip'))}"]
    if offline:
        argv.append("--offline")
    return argv


def bench_compile(ctx: Context, requirements: Path) -> Table:
    """Compile *requirements* with each tool, cold, warm and warm offline; compare the pins."""
    name = requirements.stem
    missing = missing_command(ctx, "pip-compile")
    tools = ctx.tool_names(puffin=missing is None)
    warm = {tool: fresh_dir(ctx.work / f"cache-compile-warm-{name}-{tool}") for tool in tools}

    def output(kind: str, tool: str) -> Path:
        path = ctx.work / f"{name}-{kind}-{tool}.txt"
        # pip-compile keeps the pins of an existing output file: always start without one.
        path.unlink(missing_ok=True)
        return path

    def cold(tool: str, index: int) -> list[str | Path]:
        cache = fresh_dir(ctx.work / f"cache-compile-cold-{tool}")
        return compile_argv(ctx, tool, requirements, output("cold", tool), cache, offline=False)

    def warm_run(tool: str, index: int) -> list[str | Path]:
        return compile_argv(
            ctx, tool, requirements, output("warm", tool), warm[tool], offline=False
        )

    def offline(tool: str, index: int) -> list[str | Path]:
        out = output("offline", tool)
        return compile_argv(ctx, tool, requirements, out, warm[tool], offline=True)

    kinds: list[tuple[str, str, Callable[[str, int], list[str | Path]], bool]] = [
        ("cold", "compile, cold cache", cold, False),
        ("warm", "compile, warm cache", warm_run, True),
        ("offline", "compile, warm cache, --offline", offline, False),
    ]
    rows: list[Row] = []
    notes: list[str] = []
    # The same difference seen in several kinds is one note naming them all.
    differences: dict[str, list[str]] = {}
    for kind, label, make, warmup in kinds:
        kind_tools = [t for t in tools if not (kind == "offline" and t == PIP_TOOLS)]
        found = figures(ctx.alternate(f"{name}: {label}", kind_tools, make, warmup=warmup))
        notes.extend(failure_notes(label, found))
        for difference in _pins_notes(ctx, name, kind, found):
            differences.setdefault(difference, []).append(label)
        if PIP_TOOLS in tools and kind == "offline":
            found[PIP_TOOLS] = Figure.missing("n/a (no offline mode)")
        rows.append(
            Row(
                label,
                found.get("puffin", Figure.missing(missing or "—")),
                found["uv"],
                found.get(PIP_TOOLS, Figure.missing()),
            )
        )
    notes.extend(f"{text} ({'; '.join(labels)})" for text, labels in differences.items())
    flags = f"--exclude-newer {EXCLUDE_NEWER} --python-version {PYTHON_VERSION}"
    notes.append(f"puffin and uv: {flags}")
    if PIP_TOOLS in tools:
        notes.append(
            "pip-tools: pip-compile has no --exclude-newer (nor --python-version): it resolves "
            "today's index for the Python it runs on, so its pins are not held to uv's"
        )
    return Table(f"compile {name}", tuple(rows), tuple(dict.fromkeys(notes)))


def _pins_notes(ctx: Context, name: str, kind: str, found: dict[str, Figure]) -> list[str]:
    """What differs between puffin's pins and uv's (and pip-tools' and uv's) for one kind."""
    uv_file = ctx.work / f"{name}-{kind}-uv.txt"
    if not (found.get("uv", Figure()).ok and uv_file.exists()):
        return []
    uv_pins = read_pins(uv_file.read_text())
    if not uv_pins:
        return ["uv wrote no pins"]
    notes: list[str] = []
    for tool, prefix in (("puffin", "pins differ"), (PIP_TOOLS, "pip-tools' pins differ")):
        path = ctx.work / f"{name}-{kind}-{tool}.txt"
        if found.get(tool, Figure()).ok and path.exists():
            diff = compare_pins(read_pins(path.read_text()), uv_pins)
            if not diff.agree:
                notes.append(f"{prefix} from uv's: " + "; ".join(diff.describe(tool, "uv")))
    return notes
