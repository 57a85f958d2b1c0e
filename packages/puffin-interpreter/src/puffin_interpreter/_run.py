"""Run the query script in an interpreter: one subprocess, one JSON answer."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Final

from platform_host import probe_source
from puffin_interpreter._info import InterpreterInfo
from puffin_interpreter.errors import InterpreterQueryError, InvalidInterpreterInfo

__all__ = ["QUERY_TIMEOUT", "run_query"]

#: Seconds an interpreter gets to answer; a first start on a cold disk can take several.
QUERY_TIMEOUT: Final = 120.0

#: What Python 2 (and 3.0-3.3) say when asked for isolated mode.
_NO_ISOLATED_MODE: Final = "Unknown option: -I"


@functools.cache
def _probe_bytes() -> bytes:
    return probe_source().encode("utf-8")


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else None


def run_query(executable: Path) -> InterpreterInfo:
    """Run ``_query.py`` in *executable* (with ``-I``, see the script's docstring) and read it.

    The platform probe of platform-host is fed on stdin, so that the platform
    facts come from the same single process.

    :raises InterpreterQueryError: the interpreter could not be started, crashed,
        is not Python, is too old, or answered something unreadable.
    """
    script = os.path.join(os.path.dirname(__file__), "_query.py")
    if os.path.isfile(script):
        # The file itself: importing importlib.resources costs about as much as the query.
        process = _start(executable, script)
    else:
        # Not a file on disk (puffin_interpreter imported from a zip archive, say).
        from importlib import resources

        traversable = resources.files("puffin_interpreter").joinpath("_query.py")
        with resources.as_file(traversable) as script_path:
            process = _start(executable, str(script_path))
    stderr = process.stderr.decode("utf-8", "replace")
    if _NO_ISOLATED_MODE in stderr:
        raise InterpreterQueryError(
            executable, "Python older than 3.4 (it has no -I option); puffin needs Python >= 3.7"
        )
    if process.returncode != 0:
        reason = _last_line(stderr) or f"exited with code {process.returncode}"
        raise InterpreterQueryError(executable, reason)
    answer = _decode(executable, process.stdout, stderr)
    if answer.get("result") == "error":
        raise InterpreterQueryError(executable, str(answer.get("message", "unknown error")))
    if answer.get("sys_executable") == "":
        # An embedding host may leave sys.executable empty; what we ran is the best name.
        answer["sys_executable"] = str(executable)
    try:
        return InterpreterInfo.from_dict(answer)
    except InvalidInterpreterInfo as exc:
        raise InterpreterQueryError(executable, str(exc)) from exc


def _start(executable: Path, script: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [str(executable), "-I", script],
            input=_probe_bytes(),
            capture_output=True,
            timeout=QUERY_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InterpreterQueryError(
            executable, f"no answer within {QUERY_TIMEOUT:g} seconds"
        ) from exc
    except OSError as exc:
        raise InterpreterQueryError(executable, exc.strerror or str(exc)) from exc


def _decode(executable: Path, stdout: bytes, stderr: str) -> dict[str, Any]:
    try:
        answer = json.loads(stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        detail = _last_line(stderr)
        reason = "not a Python interpreter (its output is not the expected JSON)"
        raise InterpreterQueryError(executable, f"{reason}: {detail}" if detail else reason)
    return answer
