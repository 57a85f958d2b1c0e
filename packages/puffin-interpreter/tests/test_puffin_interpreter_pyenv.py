"""pyenv shims: the executable they would run, found from pyenv's files, and cached."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from puffin_cache import Cache
from puffin_interpreter import Interpreter
from puffin_interpreter._pyenv import pyenv_target


def _tree(root: Path, base_python: Path, versions: tuple[str, ...] = ("3.11.7", "3.12.1")) -> Path:
    """A pyenv root with *versions* (their python3 links to the real interpreter) and the
    shim `python3`, written as pyenv writes them; returns the shim."""
    for version in versions:
        bin_dir = root / "versions" / version / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "python3").symlink_to(base_python)
    shim = root / "shims" / "python3"
    shim.parent.mkdir(parents=True)
    shim.write_text(
        "#!/usr/bin/env bash\nset -e\n"
        f'export PYENV_ROOT="{root}"\n'
        f'exec "{root}/libexec/pyenv" exec "$program" "$@"\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return shim


class TestPyenvTarget:
    def test_global_version_file(self, tmp_path: Path, base_python: Path) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        (tmp_path / "pyenv" / "version").write_text("3.12.1\n")
        work = tmp_path / "work"
        work.mkdir()
        target = pyenv_target(shim, env={}, cwd=work)
        assert target == tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3"

    def test_local_file_in_a_parent_wins_over_global(
        self, tmp_path: Path, base_python: Path
    ) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        (tmp_path / "pyenv" / "version").write_text("3.12.1\n")
        (tmp_path / "project").mkdir()
        (tmp_path / "project" / ".python-version").write_text("# pinned\n3.11.7\n")
        deep = tmp_path / "project" / "src" / "pkg"
        deep.mkdir(parents=True)
        target = pyenv_target(shim, env={}, cwd=deep)
        assert target is not None and target.parts[-3] == "3.11.7"

    def test_environment_variable_wins(self, tmp_path: Path, base_python: Path) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        (tmp_path / ".python-version").write_text("3.11.7\n")
        target = pyenv_target(shim, env={"PYENV_VERSION": "3.12.1"}, cwd=tmp_path)
        assert target is not None and target.parts[-3] == "3.12.1"

    def test_first_version_that_has_the_command(self, tmp_path: Path, base_python: Path) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        (tmp_path / "pyenv" / "versions" / "3.11.7" / "bin" / "python3").unlink()
        target = pyenv_target(shim, env={"PYENV_VERSION": "3.11.7:3.12.1"}, cwd=tmp_path)
        assert target is not None and target.parts[-3] == "3.12.1"

    @pytest.mark.parametrize("version", ["system", "3.12", "9.9.9"])
    def test_uncertain_answers_are_left_to_the_shim(
        self, tmp_path: Path, base_python: Path, version: str
    ) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        assert pyenv_target(shim, env={"PYENV_VERSION": version}, cwd=tmp_path) is None

    def test_no_version_file_means_system(self, tmp_path: Path, base_python: Path) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        assert pyenv_target(shim, env={}, cwd=tmp_path) is None

    def test_other_scripts_are_not_shims(self, tmp_path: Path, base_python: Path) -> None:
        script = tmp_path / "python3"
        script.write_text(f'#!/bin/sh\nexec "{base_python}" "$@"\n')
        assert pyenv_target(script, env={}, cwd=tmp_path) is None
        assert pyenv_target(base_python, env={}, cwd=tmp_path) is None
        assert pyenv_target(tmp_path / "missing", env={}, cwd=tmp_path) is None


class TestQueryThroughAShim:
    def test_the_real_executable_is_queried_and_cached(
        self, tmp_path: Path, base_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        shim = _tree(tmp_path / "pyenv", base_python)
        monkeypatch.setenv("PYENV_VERSION", "3.11.7")
        cache = Cache.from_path(tmp_path / "cache")
        first = Interpreter.query(shim, cache)
        # The shim itself cannot run (its pyenv does not exist): only its target was run.
        target = tmp_path / "pyenv" / "versions" / "3.11.7" / "bin" / "python3"
        assert first.executable == target
        second = Interpreter.query(shim, cache)
        assert second == first
