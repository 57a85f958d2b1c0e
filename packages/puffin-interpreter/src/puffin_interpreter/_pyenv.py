"""What a pyenv shim would run, found the way pyenv finds it, without running it.

A shim is a small script that runs ``pyenv exec``: a bash start-up and pyenv's
version lookup on every call, 100 ms or more, and its answer cannot be cached
under the shim's path (the version it picks depends on the directory and the
environment). Reading pyenv's version files directly names the real executable,
whose query answer is cached like any other.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["pyenv_target"]

_ROOT = re.compile(rb'^export PYENV_ROOT="([^"\n]+)"$', re.MULTILINE)
_MAX_SHIM_SIZE = 4096


def _shim_root(path: Path) -> Path | None:
    """pyenv's root if *path* is one of its shims, else None."""
    try:
        with open(path, "rb") as file:
            head = file.read(_MAX_SHIM_SIZE + 1)
    except OSError:
        return None
    if len(head) > _MAX_SHIM_SIZE or not head.startswith(b"#!") or b'pyenv" exec' not in head:
        return None
    match = _ROOT.search(head)
    return Path(os.fsdecode(match[1])) if match else None


def _read_versions(path: Path) -> list[str] | None:
    """The version names of a ``.python-version`` / ``version`` file (None if unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return [
        word
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    ]


def _selected_versions(root: Path, env: Mapping[str, str], cwd: Path) -> list[str]:
    """pyenv's version names, in its order: ``PYENV_VERSION``, a ``.python-version`` in
    ``PYENV_DIR`` (the working directory) or a parent, then the global ``version`` file."""
    chosen = env.get("PYENV_VERSION")
    if chosen:
        return chosen.split(":")
    start = Path(env.get("PYENV_DIR") or cwd)
    for directory in (start, *start.parents):
        found = _read_versions(directory / ".python-version")
        if found is not None:
            return found
    return _read_versions(root / "version") or ["system"]


def pyenv_target(
    path: Path, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Path | None:
    """The executable the pyenv shim *path* runs, or None when *path* is not a shim or the
    answer is not certain (the ``system`` version, a version prefix pyenv would expand,
    a version that lacks the command): then only running the shim tells."""
    root = _shim_root(path)
    if root is None:
        return None
    environ = os.environ if env is None else env
    for version in _selected_versions(root, environ, cwd or Path.cwd()):
        if version == "system":
            return None
        directory = root / "versions" / version
        if not directory.is_dir():
            return None
        candidate = directory / "bin" / path.name
        if os.access(candidate, os.X_OK) and candidate.is_file():
            return candidate
    return None
