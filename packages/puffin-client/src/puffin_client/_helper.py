"""Helper processes: this interpreter again, with this process's import path."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

__all__ = ["start_helper"]


def start_helper(statement: str) -> subprocess.Popen[bytes] | None:
    """Run *statement* in a new process of this interpreter, with pipes for its standard
    input and output; None when no helper can start here (a frozen application, whose
    executable runs no ``-c``, or a failed spawn).

    The helper gets this process's ``sys.path``, so that it imports the same packages
    however this process found them (a virtual environment, ``PYTHONPATH``, a test's
    path). It runs in a session of its own on POSIX: Ctrl-C stops the parent only, and
    the helper ends when it reads the end of its input.

    >>> helper = start_helper("import sys; print(sys.stdin.read().upper())")
    >>> helper.communicate(b"ok")[0].strip()
    b'OK'
    """
    if not sys.executable or getattr(sys, "frozen", False):
        return None
    # Entries that are not strings (a Path some code appended) would not repr as
    # literals of the same value.
    path = [os.fspath(entry) for entry in sys.path]
    import subprocess  # here: importing puffin_client should not cost its import

    try:
        return subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.path[:] = {path!r}; {statement}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=os.name == "posix",
        )
    except (OSError, ValueError):
        return None
