"""Benchmarks of puffin against uv on the same work, as ratios (puffin / uv).

puffin is measured as users get it: installed from the wheels of `make wheels`
into its own environment (not the editable .venv). Each figure alternates the
two tools (A B A B …) and reports the median of each and their ratio.

    python tools/bench.py [--runs N] [--only NAME …]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = ROOT / ".bench"
UV_VERSION = "0.13.9"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PUFFIN_", "UV_"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env.pop("VIRTUAL_ENV", None)
    return env


def prepare(python: str) -> tuple[Path, Path]:
    """Install puffin from dist/ and uv into .bench/venv; return both executables."""
    wheels = sorted((ROOT / "dist").glob("*.whl"))
    if not wheels:
        sys.exit("no wheels in dist/: run `make wheels` first")
    venv = BENCH_ENV / "venv"
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    # Third-party dependencies and uv come from the configured index; puffin from dist/.
    subprocess.run([*pip, "--find-links", str(ROOT / "dist"), "puffin-cli"], check=True)
    subprocess.run([*pip, f"uv=={UV_VERSION}"], check=True)
    return venv / "bin" / "puffin", venv / "bin" / "uv"


def alternate(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median seconds of *a* and *b*, timed alternately after one warm-up each."""
    a()
    b()
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(runs):
        for func, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def _run(argv: Sequence[str | Path], env: dict[str, str]) -> None:
    subprocess.run(list(map(str, argv)), env=env, check=True, capture_output=True)


def bench_version(puffin: Path, uv: Path, python: str, runs: int) -> str:
    env = _clean_env()
    # The interpreter puffin itself runs on, so that the difference is puffin's own start-up.
    own_python = puffin.with_name("python")
    bare, version = alternate(
        lambda: _run([own_python, "-c", "pass"], env),
        lambda: _run([puffin, "--version"], env),
        runs,
    )
    return (
        f"puffin --version: {version * 1000:.1f} ms; python -c pass: {bare * 1000:.1f} ms; "
        f"difference {(version - bare) * 1000:.1f} ms"
    )


def bench_venv(puffin: Path, uv: Path, python: str, runs: int) -> str:
    env = _clean_env()
    # The binary itself, not a wrapper script (such as a pyenv shim) that finds it each time.
    interpreter = subprocess.run(
        [python, "-c", "import sys; print(sys.executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env["PUFFIN_CACHE_DIR"] = env["UV_CACHE_DIR"] = str(cache)
        target_a, target_b = Path(tmp) / "a", Path(tmp) / "b"
        mine, theirs = alternate(
            lambda: _run([puffin, "venv", target_a, "--python", interpreter, "--clear"], env),
            lambda: _run([uv, "venv", target_b, "--python", interpreter, "--clear"], env),
            runs,
        )
    return (
        f"venv: puffin {mine * 1000:.1f} ms, uv {theirs * 1000:.1f} ms, ratio {mine / theirs:.2f}"
    )


BENCHES: dict[str, Callable[[Path, Path, str, int], str]] = {
    "version": bench_version,
    "venv": bench_venv,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="pairs per figure (median)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES))
    parser.add_argument("--python", default="python3", help="interpreter for environments")
    args = parser.parse_args()
    puffin, uv = prepare(args.python)
    for name in args.only or BENCHES:
        print(BENCHES[name](puffin, uv, args.python, args.runs))


if __name__ == "__main__":
    main()
