"""Errors of puffin-interpreter.

::

    InterpreterError
    ├── InterpreterNotFound
    ├── InterpreterQueryError
    ├── InvalidInterpreterInfo (also ValueError)
    ├── InvalidPythonRequest (also ValueError)
    ├── NotAVirtualenv
    └── UnsupportedInterpreter
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "InterpreterError",
    "InterpreterNotFound",
    "InterpreterQueryError",
    "InvalidInterpreterInfo",
    "InvalidPythonRequest",
    "NotAVirtualenv",
    "UnsupportedInterpreter",
]


class InterpreterError(Exception):
    """Root of every error raised by puffin-interpreter."""


class InterpreterNotFound(InterpreterError):
    """Discovery found no interpreter; *searched* says where it looked.

    >>> str(InterpreterNotFound("3.99", "searched PATH for python3.99, python3, python"))
    'no interpreter found for `3.99`: searched PATH for python3.99, python3, python'
    """

    def __init__(self, request: str | None, searched: str) -> None:
        self.request = request
        self.searched = searched
        super().__init__(request, searched)

    def __str__(self) -> str:
        if self.request is None:
            return f"no interpreter found: {self.searched}"
        return f"no interpreter found for `{self.request}`: {self.searched}"


class InterpreterQueryError(InterpreterError):
    """Running the query script in *executable* failed; *reason* is the last line of stderr.

    >>> str(InterpreterQueryError(Path("/bin/true"), "no answer on stdout"))
    'failed to query the interpreter `/bin/true`: no answer on stdout'
    """

    def __init__(self, executable: Path, reason: str) -> None:
        self.executable = executable
        self.reason = reason
        super().__init__(executable, reason)

    def __str__(self) -> str:
        return f"failed to query the interpreter `{self.executable}`: {self.reason}"


class InvalidInterpreterInfo(InterpreterError, ValueError):
    """A query answer (or a cached one) that does not have the expected shape."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return f"invalid interpreter information: {self.reason}"


class InvalidPythonRequest(InterpreterError, ValueError):
    """A ``--python`` value that is neither a path, a command name nor a version.

    >>> str(InvalidPythonRequest("3.x", "a version is 3, 3.12 or 3.12.1"))
    "invalid Python request '3.x': a version is 3, 3.12 or 3.12.1"
    """

    def __init__(self, request: str, reason: str) -> None:
        self.request = request
        self.reason = reason
        super().__init__(request, reason)

    def __str__(self) -> str:
        return f"invalid Python request {self.request!r}: {self.reason}"


class NotAVirtualenv(InterpreterError):
    """A directory or interpreter that is not a virtual environment.

    >>> str(NotAVirtualenv(Path("/usr"), "no pyvenv.cfg"))
    '`/usr` is not a virtual environment: no pyvenv.cfg'
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"`{self.path}` is not a virtual environment: {self.reason}"


class UnsupportedInterpreter(InterpreterError):
    """An interpreter that runs, but on a platform or in a form puffin cannot install for.

    >>> str(UnsupportedInterpreter(Path("/opt/py"), "unknown implementation 'jython'"))
    "the interpreter `/opt/py` is not supported: unknown implementation 'jython'"
    """

    def __init__(self, executable: Path, reason: str) -> None:
        self.executable = executable
        self.reason = reason
        super().__init__(executable, reason)

    def __str__(self) -> str:
        return f"the interpreter `{self.executable}` is not supported: {self.reason}"
