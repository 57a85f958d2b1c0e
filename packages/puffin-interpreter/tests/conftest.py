"""Fixtures: fake interpreter trees (wrapper scripts, venvs) around the real interpreter."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

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
