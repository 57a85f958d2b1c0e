"""Run one command and measure its wall time and the peak memory of that process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from puffin_bench import _zygote
from puffin_bench.errors import SetupError

__all__ = ["Sample", "Spawner", "last_line", "max_rss_bytes", "run_measured"]

# Enough of stderr to find its last line without reading a verbose log whole.
_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of one command: wall time, peak resident memory, exit status, stderr's last line.

    >>> Sample(seconds=0.5, max_rss=1_000_000, returncode=0).ok
    True
    """

    seconds: float
    max_rss: int
    returncode: int
    stderr_tail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the command exited with status 0."""
        return self.returncode == 0


def max_rss_bytes(ru_maxrss: int, platform: str = sys.platform) -> int:
    """Convert ``ru_maxrss`` to bytes: Linux counts kibibytes, macOS bytes.

    >>> max_rss_bytes(2, "linux"), max_rss_bytes(2, "darwin")
    (2048, 2)
    """
    return ru_maxrss if platform == "darwin" else ru_maxrss * 1024


def last_line(text: str) -> str:
    """The last non-blank line of *text*, stripped.

    >>> last_line("warning: x\\nerror: no such file\\n\\n")
    'error: no such file'
    """
    for line in reversed(text.splitlines()):
        if line.strip():
            return line.strip()
    return ""


def _tail(path: Path) -> str:
    with path.open("rb") as stream:
        size = stream.seek(0, os.SEEK_END)
        stream.seek(max(0, size - _TAIL_BYTES))
        return last_line(stream.read().decode(errors="replace"))


class Spawner:
    """A small helper process that forks, times and measures each command.

    Each command is forked from the helper (``python -S -I`` running
    ``_zygote``), not from this process: a child's peak RSS includes what its
    parent had mapped when it forked, and the helper's footprint (about
    5 MB) is far below this one's. The helper reads the peak with
    ``os.wait4`` on that one child, so the figure is the child's own (with
    any descendants it reaped), never a sum over runs. Output goes to files,
    not pipes, so that a chatty tool never blocks while nobody reads.

    Use it as a context manager; the helper ends when the block does.
    """

    def __init__(self, python: str | Path = sys.executable) -> None:
        self._python = python
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        self._process = subprocess.Popen(
            [os.fspath(self._python), "-S", "-I", _zygote.__file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the helper process (it exits when its input closes)."""
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None
            process.stdin.close()
            process.wait()
            assert process.stdout is not None
            process.stdout.close()

    def _ask(self, request: Mapping[str, object]) -> dict[str, object]:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            raise SetupError("measure a command", "the spawner is not running (use `with`)")
        _zygote.write_message(process.stdin, dict(request))
        answer = _zygote.read_message(process.stdout)
        if not isinstance(answer, dict):
            raise SetupError("measure a command", "the spawner process ended")
        return answer

    def run(
        self,
        argv: Sequence[str | Path],
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
        timeout: float | None = None,
    ) -> Sample:
        """Run *argv* to completion; return its wall time, peak RSS and stderr's last line."""
        with tempfile.TemporaryDirectory(prefix="puffin-bench-") as scratch:
            stdout, stderr = Path(scratch) / "stdout", Path(scratch) / "stderr"
            answer = self._ask(
                {
                    "argv": [os.fspath(arg) for arg in argv],
                    "env": dict(env),
                    "cwd": None if cwd is None else os.fspath(cwd),
                    "stdout": os.fspath(stdout),
                    "stderr": os.fspath(stderr),
                    "timeout": timeout,
                }
            )
            tail = _tail(stderr) if stderr.exists() else ""
        status, maxrss, seconds = answer["status"], answer["maxrss"], answer["seconds"]
        assert isinstance(status, int) and isinstance(maxrss, int)
        assert isinstance(seconds, float)
        if answer["timed_out"]:
            tail = f"timed out after {timeout:g} s"
        return Sample(
            seconds=seconds,
            max_rss=max_rss_bytes(maxrss),
            returncode=os.waitstatus_to_exitcode(status),
            stderr_tail=tail,
        )


def run_measured(
    argv: Sequence[str | Path],
    *,
    env: Mapping[str, str],
    cwd: Path | None = None,
    timeout: float | None = None,
) -> Sample:
    """Run one command through a `Spawner` of its own (see there for how it measures)."""
    with Spawner() as spawner:
        return spawner.run(argv, env=env, cwd=cwd, timeout=timeout)
