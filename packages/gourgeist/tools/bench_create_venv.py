"""Time gourgeist's create_venv against the stdlib's venv, on the running interpreter.

    .venv/bin/python packages/gourgeist/tools/bench_create_venv.py [--rounds N]

Three ways to get the same environment (no pip), and the cost of starting Python:

- gourgeist, in process: ``create_venv`` (what puffin does);
- venv, in process: ``venv.EnvBuilder(symlinks=True, with_pip=False).create``;
- venv, new process: ``python -m venv --without-pip`` (what a user runs);
- ``python -c pass`` on the base interpreter, for scale.

Set TMPDIR to compare file systems: creating a file or link is most of the time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from pathlib import Path

from gourgeist import InterpreterFacts, create_venv


def _time(rounds: int, work: Callable[[Path], object]) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            target = Path(tmp, f"env{i}")
            start = time.perf_counter()
            work(target)
            times.append(time.perf_counter() - start)
            shutil.rmtree(target)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    facts = InterpreterFacts.current()
    base = str(facts.base_executable)
    create_venv(Path(tempfile.mkdtemp()) / "warm", facts)  # load the templates once

    def startup(target: Path) -> None:
        subprocess.run([base, "-c", "pass"], check=True)
        target.mkdir()

    def venv_process(target: Path) -> None:
        subprocess.run([base, "-m", "venv", "--without-pip", str(target)], check=True)

    cases: list[tuple[str, Callable[[Path], object]]] = [
        ("gourgeist create_venv, in process", lambda t: create_venv(t, facts)),
        ("venv.EnvBuilder, in process", venv.EnvBuilder(symlinks=True, with_pip=False).create),
        ("python -m venv --without-pip", venv_process),
        ("python -c pass (no environment)", startup),
    ]
    version = ".".join(map(str, facts.version_info))
    sys.stdout.write(f"{base} ({version}) in {tempfile.gettempdir()}, {rounds} rounds\n")
    sys.stdout.write(f"{'':40} {'median':>8} {'min':>8} (ms)\n")
    for name, work in cases:
        times = _time(rounds, work)
        median, fastest = statistics.median(times) * 1e3, min(times) * 1e3
        sys.stdout.write(f"{name:40} {median:8.2f} {fastest:8.2f}\n")


if __name__ == "__main__":
    main()
