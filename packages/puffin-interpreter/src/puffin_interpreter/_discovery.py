"""Find the interpreter a command should use: ``--python``, else the active environment.

Without a request the order is ``VIRTUAL_ENV``, ``CONDA_PREFIX``, a ``.venv``
(with a ``pyvenv.cfg``) in the working directory or a parent, and only when
allowed the first ``python3`` on ``PATH``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from puffin_interpreter._interpreter import Interpreter
from puffin_interpreter._request import PythonRequest, RequestKind
from puffin_interpreter.errors import InterpreterNotFound, InterpreterQueryError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Final

    from puffin_cache import Cache

__all__ = ["find_executable", "find_interpreter", "python_in"]

_WINDOWS: Final = sys.platform == "win32"
_DEFAULT_PATHEXT: Final = ".COM;.EXE;.BAT;.CMD"


def find_interpreter(
    request: PythonRequest | str | None = None,
    *,
    cache: Cache | None,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    allow_system: bool = False,
) -> Interpreter:
    """Find and query the interpreter *request* names, or the active one if it is None.

    *env* (default ``os.environ``) supplies ``PATH``, ``VIRTUAL_ENV`` and
    ``CONDA_PREFIX``; *cwd* (default the working directory) anchors relative
    paths and the ``.venv`` search. A version request queries each candidate
    on ``PATH`` (``python3.12``, then ``python3``, then ``python``) and takes
    the first whose version matches; candidates that fail to run are skipped.

    :raises InvalidPythonRequest: *request* is a string that is not a valid request.
    :raises InterpreterNotFound: nothing matched; the message lists what was tried.
    :raises InterpreterQueryError: a path, command or active environment named an
        interpreter that could not be queried.
    """
    environ = os.environ if env is None else env
    directory = _absolute(cwd)
    if request is None:
        return _find_active(cache, environ, directory, allow_system)
    if isinstance(request, str):
        request = PythonRequest.parse(request)
    if request.kind is RequestKind.PATH:
        return Interpreter.query(_requested_path(request, directory), cache)
    if request.kind is RequestKind.COMMAND:
        found = find_executable(request.text, env=environ, cwd=directory)
        if found is None:
            raise InterpreterNotFound(request.text, f"searched PATH for {request.text}")
        return Interpreter.query(found, cache)
    return _find_version(request, cache, environ, directory)


def find_executable(
    name: str, *, env: Mapping[str, str] | None = None, cwd: str | os.PathLike[str] | None = None
) -> Path | None:
    """The first executable file called *name* on ``PATH``, as a shell would find it.

    Empty or relative ``PATH`` entries are relative to *cwd*; on Windows the
    extensions of ``PATHEXT`` are tried too.
    """
    return next(_on_path(name, os.environ if env is None else env, _absolute(cwd)), None)


def python_in(root: Path) -> Path | None:
    """The interpreter of the environment (venv, conda env, prefix) at *root*, if any.

    >>> python_in(Path("/nonexistent")) is None
    True
    """
    if _WINDOWS:
        candidates = [root / "Scripts" / "python.exe", root / "python.exe"]
    else:
        candidates = [root / "bin" / "python", root / "bin" / "python3"]
    return next((path for path in candidates if _is_executable(path)), None)


def _absolute(cwd: str | os.PathLike[str] | None) -> Path:
    return Path(os.path.abspath(Path.cwd() if cwd is None else cwd))


def _requested_path(request: PythonRequest, cwd: Path) -> Path:
    path = cwd / Path(request.text).expanduser()
    if path.is_dir():
        found = python_in(path)
        if found is None:
            expected = "Scripts\\python.exe" if _WINDOWS else "bin/python"
            raise InterpreterNotFound(request.text, f"{path} has no {expected}")
        return found
    if not path.exists():
        raise InterpreterNotFound(request.text, f"{path} does not exist")
    return path


def _find_version(
    request: PythonRequest, cache: Cache | None, env: Mapping[str, str], cwd: Path
) -> Interpreter:
    names = request.command_names()
    seen: set[Path] = set()
    mismatched: list[str] = []
    failures: list[InterpreterQueryError] = []
    for name in names:
        for candidate in _on_path(name, env, cwd):
            if candidate in seen:
                continue
            seen.add(candidate)
            try:
                interpreter = Interpreter.query(candidate, cache)
            except InterpreterQueryError as exc:
                failures.append(exc)
                continue
            if request.matches_version(interpreter.python_full_version):
                return interpreter
            mismatched.append(".".join(map(str, interpreter.python_full_version)))
    parts = [f"searched PATH for {', '.join(names)}"]
    if mismatched:
        parts.append(f"found only {', '.join(dict.fromkeys(mismatched))}")
    if failures:
        first = failures[0]
        count = f"{len(failures)} candidate{'s' if len(failures) > 1 else ''}"
        parts.append(f"{count} could not be queried ({first.executable}: {first.reason})")
    raise InterpreterNotFound(request.text, "; ".join(parts))


def _find_active(
    cache: Cache | None, env: Mapping[str, str], cwd: Path, allow_system: bool
) -> Interpreter:
    for variable in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        value = env.get(variable)
        if value:
            root = cwd / value
            found = python_in(root)
            if found is None:
                raise InterpreterNotFound(None, f"{variable} is {root}, which has no interpreter")
            return Interpreter.query(found, cache)
    for directory in (cwd, *cwd.parents):
        venv = directory / ".venv"
        if (venv / "pyvenv.cfg").is_file():
            found = python_in(venv)
            if found is None:
                raise InterpreterNotFound(None, f"{venv} has no interpreter")
            return Interpreter.query(found, cache)
    searched = (
        f"VIRTUAL_ENV and CONDA_PREFIX are not set and there is no .venv in {cwd} or a parent"
    )
    if not allow_system:
        raise InterpreterNotFound(None, f"{searched} (system interpreters not allowed)")
    names = ("python3", "python") if _WINDOWS else ("python3",)
    for name in names:
        found = find_executable(name, env=env, cwd=cwd)
        if found is not None:
            return Interpreter.query(found, cache)
    raise InterpreterNotFound(None, f"{searched}, and no {' or '.join(names)} on PATH")


def _on_path(name: str, env: Mapping[str, str], cwd: Path) -> Iterator[Path]:
    """Every executable called *name* on ``PATH``, in order."""
    path_value = env.get("PATH")
    if path_value is None:
        path_value = os.defpath
    suffixes = [""]
    if _WINDOWS and not os.path.splitext(name)[1]:
        pathext = env.get("PATHEXT") or _DEFAULT_PATHEXT
        suffixes = [ext.lower() for ext in pathext.split(os.pathsep) if ext]
    for entry in path_value.split(os.pathsep):
        # As in a POSIX shell, an empty entry means the working directory.
        directory = cwd / entry if entry else cwd
        for suffix in suffixes:
            candidate = directory / (name + suffix)
            if _is_executable(candidate):
                yield candidate


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)
