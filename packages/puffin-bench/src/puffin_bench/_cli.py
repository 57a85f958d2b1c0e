"""The ``puffin-bench`` command: set up the tools, run the benchmarks, print the tables."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from puffin_bench._basic import bench_venv, bench_version
from puffin_bench._compile import bench_compile
from puffin_bench._env import neutral_env
from puffin_bench._measure import Spawner
from puffin_bench._runner import Context
from puffin_bench._setup import prepare
from puffin_bench._sync import bench_sync
from puffin_bench._table import Table
from puffin_bench.errors import BenchError, InvalidOption

__all__ = ["build_parser", "main", "resolve_sets"]

KINDS = ("version", "venv", "compile", "sync")


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``puffin-bench``."""
    parser = argparse.ArgumentParser(
        prog="puffin-bench",
        description=(
            "Benchmark puffin (installed from the wheels in dist/) against uv and pip-tools: "
            "median wall time and peak memory per tool, in alternating runs."
        ),
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: .)")
    parser.add_argument("--dist", type=Path, help="the wheels to install (default: ROOT/dist)")
    parser.add_argument(
        "--bench-dir", type=Path, help="environment and scratch space (default: ROOT/.bench)"
    )
    parser.add_argument(
        "--sets-dir", type=Path, help="requirement sets (default: ROOT/../shared/bench)"
    )
    parser.add_argument(
        "--sets",
        default="trio,jupyter,mixed",
        help="sets to compile, comma-separated (default: trio,jupyter,mixed)",
    )
    parser.add_argument(
        "--sync-sets", default="jupyter", help="sets to sync, comma-separated (default: jupyter)"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per tool, alternating (default 5)"
    )
    parser.add_argument(
        "--only", action="append", choices=KINDS, help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--pip-tools", action="store_true", help="also measure pip-tools")
    parser.add_argument(
        "--pip-tools-runs", type=int, default=2, help="runs of pip-tools (default 2; slow)"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter for a new benchmark environment"
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before a run is killed (default 900)"
    )
    return parser


def resolve_sets(directory: Path, names: str, option: str = "--sets") -> list[Path]:
    """The ``NAME.in`` files of *directory* for comma-separated *names*, in that order."""
    found: list[Path] = []
    for name in filter(None, (part.strip() for part in names.split(","))):
        path = directory / f"{name}.in"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in directory.glob("*.in"))) or "none"
            raise InvalidOption(option, name, f"no {path} (sets there: {known})")
        found.append(path)
    return found


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _progress(message: str) -> None:
    sys.stderr.write(f"puffin-bench: {message}\n")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; exit status 1 if setup or the anchor (uv) failed."""
    args = build_parser().parse_args(argv)
    root = args.root.resolve()
    bench_dir = (args.bench_dir or root / ".bench").resolve()
    sets_dir = (args.sets_dir or root.parent / "shared" / "bench").resolve()
    kinds = [kind for kind in KINDS if kind in (args.only or KINDS)]
    if args.runs < 1 or args.pip_tools_runs < 1:
        sys.stderr.write("puffin-bench: --runs and --pip-tools-runs must be at least 1\n")
        return 1
    env = neutral_env()
    try:
        sets = resolve_sets(sets_dir, args.sets) if "compile" in kinds else []
        sync_sets = resolve_sets(sets_dir, args.sync_sets, "--sync-sets") if "sync" in kinds else []
        tools = prepare(
            bench_dir / "venv",
            (args.dist or root / "dist").resolve(),
            python=args.python,
            env=env,
            progress=_progress,
        )
    except BenchError as error:
        sys.stderr.write(f"puffin-bench: {error}\n")
        return 1
    pip_tools_runs = min(args.pip_tools_runs, args.runs) if args.pip_tools else 0
    _write(f"## puffin benchmarks\n\n{tools.describe()}.")
    _write(
        f"Median of {args.runs} runs per tool"
        + (f" ({pip_tools_runs} for pip-tools)" if pip_tools_runs else "")
        + ", tools alternating; memory: each run's peak RSS, median over runs.\n"
    )
    tables: list[Table] = []
    with (
        tempfile.TemporaryDirectory(prefix="run-", dir=bench_dir) as scratch,
        Spawner() as spawner,
    ):
        ctx = Context(
            tools=tools,
            env=env,
            work=Path(scratch),
            spawner=spawner,
            runs=args.runs,
            pip_tools_runs=pip_tools_runs,
            timeout=args.timeout,
            progress=_progress,
        )
        try:
            for kind in kinds:
                for table in _run_kind(ctx, kind, sets, sync_sets):
                    _write(table.render())
                    tables.append(table)
        except BenchError as error:
            sys.stderr.write(f"puffin-bench: {error}\n")
            return 1
    if args.json is not None:
        data = {
            "tools": dict(tools.versions),
            "runs": args.runs,
            "pip_tools_runs": pip_tools_runs,
            "tables": [table.to_json() for table in tables],
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    anchor_failed = any(row.uv.error is not None for table in tables for row in table.rows)
    return 1 if anchor_failed else 0


def _run_kind(ctx: Context, kind: str, sets: list[Path], sync_sets: list[Path]) -> list[Table]:
    if kind == "version":
        return [bench_version(ctx)]
    if kind == "venv":
        return [bench_venv(ctx)]
    if kind == "compile":
        return [bench_compile(ctx, path) for path in sets]
    return [bench_sync(ctx, path) for path in sync_sets]
