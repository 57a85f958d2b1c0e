"""`compile`: byte-compile installed modules with the target interpreter (``--compile``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from install_wheel.errors import CompileError

__all__ = ["Compiled", "compile"]

# Runs in the target interpreter: NUL-separated paths on stdin, a JSON list of the
# files that failed on stdout. A process pool pays off from a few hundred files.
_SCRIPT: Final = """\
import compileall, functools, json, os, sys
paths = [os.fsdecode(p) for p in sys.stdin.buffer.read().split(b"\\0") if p]
work = functools.partial(compileall.compile_file, force=True, quiet=2)
workers = min(os.cpu_count() or 1, 8)
if len(paths) >= 200 and workers > 1:
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(work, paths, chunksize=64))
else:
    results = [work(path) for path in paths]
json.dump([p for p, ok in zip(paths, results) if not ok], sys.stdout)
"""


@dataclass(frozen=True, slots=True)
class Compiled:
    """How many files were byte-compiled, and those that did not compile (syntax errors)."""

    compiled: int
    failed: tuple[str, ...]


def compile(
    paths: Iterable[str | os.PathLike[str]],
    python_executable: str | os.PathLike[str],
    *,
    timeout: float | None = None,
) -> Compiled:
    """Byte-compile *paths* with *python_executable*, in one subprocess.

    The target interpreter compiles, so the ``.pyc`` files match its version and
    land in its ``__pycache__`` layout. Files with syntax errors (test data, code
    for another Python) are reported in `Compiled.failed`, not raised, as pip does.

    :raises CompileError: the interpreter could not be run or crashed.
    """
    import json
    import subprocess

    names = [os.fsencode(path) for path in paths]
    python = Path(python_executable)
    if not names:
        return Compiled(0, ())
    try:
        result = subprocess.run(
            [os.fspath(python), "-c", _SCRIPT],
            input=b"\0".join(names),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CompileError(python, str(exc)) from exc
    if result.returncode != 0:
        tail = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise CompileError(python, f"exit code {result.returncode}: {tail[0]}")
    try:
        failed = tuple(json.loads(result.stdout))
    except ValueError as exc:
        raise CompileError(python, f"unexpected output {result.stdout[:200]!r}") from exc
    return Compiled(len(names) - len(failed), failed)
