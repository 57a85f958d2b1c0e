"""Fixtures: fake interpreter trees (wrapper scripts, venvs) around the real interpreter."""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from puffin_cache import Cache

#: The binary of the interpreter running the tests, outside any virtual environment.
BASE_PYTHON = Path(os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable))


def _write_script(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def base_python() -> Path:
    """The binary of the interpreter running the tests, outside any virtual environment."""
    return BASE_PYTHON


@pytest.fixture
def fake_python() -> Callable[..., Path]:
    """Write ``<directory>/<name>``: a shell script that ``exec``-s *target* (a pyenv-like shim)."""

    def make(directory: Path, name: str, target: Path = BASE_PYTHON) -> Path:
        return _write_script(directory / name, f'#!/bin/sh\nexec "{target}" "$@"\n')

    return make


@pytest.fixture
def fake_venv() -> Callable[..., Path]:
    """Make a minimal virtual environment at *root*: ``pyvenv.cfg`` and ``bin/python``.

    The interpreter is a symbolic link to *base* (or a copy, as ``venv --copies``
    makes, with ``copy=True``); Python itself recognises such a tree as a venv.
    """

    def make(
        root: Path, base: Path = BASE_PYTHON, *, copy: bool = False, extra_cfg: str = ""
    ) -> Path:
        (root / "bin").mkdir(parents=True, exist_ok=True)
        (root / "pyvenv.cfg").write_text(
            f"home = {base.parent}\ninclude-system-site-packages = false\n"
            f"version = {'.'.join(map(str, sys.version_info[:3]))}\n{extra_cfg}"
        )
        python = root / "bin" / "python"
        if copy:
            shutil.copy2(base, python)
        else:
            python.symlink_to(base)
        return root

    return make


# What a candidate interpreter says about itself, to check the query against.
_SELF_REPORT = """
import json, sys, sysconfig
scheme = "venv" if "venv" in sysconfig.get_scheme_names() else "posix_prefix"
print(json.dumps({
    "executable": sys.executable,
    "prefix": sys.prefix,
    "version": list(sys.version_info[:3]),
    "implementation": sys.implementation.name,
    "purelib": sysconfig.get_paths(scheme)["purelib"],
    "scripts": sysconfig.get_paths(scheme)["scripts"],
}))
"""


@functools.cache
def _pyenv_root() -> Path | None:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return None
    try:
        out = subprocess.run(
            [pyenv, "root"], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out) if out else None


@functools.cache
def _find_cpython(minor: int) -> tuple[Path, dict[str, Any]] | None:
    """A CPython 3.<minor> that runs, with its own report: on PATH, else under pyenv's root."""
    candidates = []
    on_path = shutil.which(f"python3.{minor}")
    if on_path:
        candidates.append(Path(on_path))
    root = _pyenv_root()
    if root is not None:
        candidates.extend(sorted(root.glob(f"versions/3.{minor}.*/bin/python3.{minor}")))
    for candidate in candidates:
        try:
            out = subprocess.run(
                [str(candidate), "-c", _SELF_REPORT],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue  # e.g. a pyenv shim of a version that is not selected
        report = json.loads(out)
        if report["implementation"] == "cpython" and report["version"][:2] == [3, minor]:
            return candidate, report
    return None


@pytest.fixture
def cpython() -> Callable[[int], tuple[Path, dict[str, Any]]]:
    """``cpython(minor)``: a CPython 3.<minor> and its self-report, or skip the test.

    Test-side only, PATH (``python3.X``) and then ``pyenv root``/versions are searched.
    """

    def find(minor: int) -> tuple[Path, dict[str, Any]]:
        found = _find_cpython(minor)
        if found is None:
            pytest.skip(f"no CPython 3.{minor} found")
        return found

    return find


@pytest.fixture
def old_python() -> Callable[[str, str], Path]:
    """``old_python("2.7", "python2.7")``: an interpreter installed under pyenv, or skip."""

    def find(version_prefix: str, name: str) -> Path:
        root = _pyenv_root()
        found = sorted(root.glob(f"versions/{version_prefix}*/bin/{name}")) if root else []
        if not found:
            pytest.skip(f"no Python {version_prefix} installed under pyenv")
        return found[0]

    return find


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    """A cache under the test's temporary directory."""
    yield Cache.from_path(tmp_path / "cache")


@pytest.fixture
def bare_env(tmp_path: Path) -> dict[str, str]:
    """An environment with an empty ``PATH`` directory and no active environment."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    return {"PATH": str(empty)}
