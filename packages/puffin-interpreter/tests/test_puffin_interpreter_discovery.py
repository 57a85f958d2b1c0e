"""Tests of interpreter discovery on fake trees: PATH order, versions, environments."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from puffin_interpreter import (
    InterpreterNotFound,
    InterpreterQueryError,
    InvalidPythonRequest,
    PythonRequest,
    find_executable,
    find_interpreter,
    python_in,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake trees are POSIX shells")

FakePython = Callable[..., Path]
FakeVenv = Callable[..., Path]

VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
FULL_VERSION = ".".join(map(str, sys.version_info[:3]))


def _path(*directories: Path) -> dict[str, str]:
    return {"PATH": os.pathsep.join(str(d) for d in directories)}


def _failing(directory: Path, name: str, message: str) -> Path:
    """A command that fails as a pyenv shim of an unselected version does."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 127\n")
    path.chmod(0o755)
    return path


class TestVersionRequest:
    def test_exact_name_before_python3(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        first, second = fake_venv(tmp_path / "a"), fake_venv(tmp_path / "b")
        fake_python(tmp_path / "dir1", "python3", first / "bin" / "python")
        fake_python(tmp_path / "dir2", f"python{VERSION}", second / "bin" / "python")
        env = _path(tmp_path / "dir1", tmp_path / "dir2")
        interpreter = find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path)
        assert interpreter.sys_prefix == second

    def test_first_on_path_wins(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        first, second = fake_venv(tmp_path / "a"), fake_venv(tmp_path / "b")
        fake_python(tmp_path / "dir1", f"python{VERSION}", first / "bin" / "python")
        fake_python(tmp_path / "dir2", f"python{VERSION}", second / "bin" / "python")
        env = _path(tmp_path / "dir1", tmp_path / "dir2")
        interpreter = find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path)
        assert interpreter.sys_prefix == first

    def test_falls_back_to_python3_then_python(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        venv = fake_venv(tmp_path / "venv")
        fake_python(tmp_path / "bin", "python", venv / "bin" / "python")
        for request in (VERSION, FULL_VERSION, str(sys.version_info[0])):
            found = find_interpreter(request, cache=None, env=_path(tmp_path / "bin"), cwd=tmp_path)
            assert found.sys_prefix == venv

    def test_skips_non_executables_and_directories(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        venv = fake_venv(tmp_path / "venv")
        (tmp_path / "dir1").mkdir()
        (tmp_path / "dir1" / f"python{VERSION}").write_text("#!/bin/sh\nexit 1\n")
        (tmp_path / "dir2" / f"python{VERSION}").mkdir(parents=True)
        fake_python(tmp_path / "dir3", f"python{VERSION}", venv / "bin" / "python")
        env = _path(tmp_path / "dir1", tmp_path / "dir2", tmp_path / "dir3")
        assert find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path).sys_prefix == venv

    def test_skips_candidates_that_fail(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        venv = fake_venv(tmp_path / "venv")
        _failing(tmp_path / "shims", f"python{VERSION}", "pyenv: command not found")
        fake_python(tmp_path / "bin", f"python{VERSION}", venv / "bin" / "python")
        env = _path(tmp_path / "shims", tmp_path / "bin")
        assert find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path).sys_prefix == venv

    def test_skips_wrong_versions(self, tmp_path: Path, fake_python: FakePython) -> None:
        # `python3` is the running version, so a request for the next minor skips it.
        fake_python(tmp_path / "bin", "python3")
        request = f"{sys.version_info[0]}.{sys.version_info[1] + 1}"
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter(request, cache=None, env=_path(tmp_path / "bin"), cwd=tmp_path)
        assert str(info.value) == (
            f"no interpreter found for `{request}`: searched PATH for "
            f"python{request}, python3, python; found only {FULL_VERSION}"
        )

    def test_not_found_lists_what_was_tried(self, bare_env: dict[str, str], tmp_path: Path) -> None:
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter("3.99", cache=None, env=bare_env, cwd=tmp_path)
        assert str(info.value) == (
            "no interpreter found for `3.99`: searched PATH for python3.99, python3, python"
        )
        assert info.value.request == "3.99"

    def test_not_found_mentions_failures(self, tmp_path: Path) -> None:
        failing = _failing(tmp_path / "shims", "python3.99", "pyenv: python3.99: command not found")
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter("3.99", cache=None, env=_path(tmp_path / "shims"), cwd=tmp_path)
        assert str(info.value).endswith(
            f"; 1 candidate could not be queried ({failing}: pyenv: python3.99: command not found)"
        )

    def test_empty_path_entry_is_the_working_directory(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        here, there = fake_venv(tmp_path / "here"), fake_venv(tmp_path / "there")
        fake_python(tmp_path / "cwd", f"python{VERSION}", here / "bin" / "python")
        fake_python(tmp_path / "bin", f"python{VERSION}", there / "bin" / "python")
        env = {"PATH": os.pathsep + str(tmp_path / "bin")}
        found = find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path / "cwd")
        assert found.sys_prefix == here

    def test_relative_path_entry_is_relative_to_cwd(
        self, tmp_path: Path, fake_python: FakePython, fake_venv: FakeVenv
    ) -> None:
        venv = fake_venv(tmp_path / "venv")
        fake_python(tmp_path / "tools" / "bin", f"python{VERSION}", venv / "bin" / "python")
        env = {"PATH": os.path.join("tools", "bin")}
        assert find_interpreter(VERSION, cache=None, env=env, cwd=tmp_path).sys_prefix == venv

    def test_accepts_parsed_request(self, tmp_path: Path, fake_python: FakePython) -> None:
        fake_python(tmp_path / "bin", f"python{VERSION}")
        request = PythonRequest.parse(VERSION)
        found = find_interpreter(request, cache=None, env=_path(tmp_path / "bin"), cwd=tmp_path)
        assert found.python_version == sys.version_info[:2]


class TestCommandRequest:
    def test_found_on_path(
        self, tmp_path: Path, fake_python: FakePython, base_python: Path
    ) -> None:
        fake_python(tmp_path / "bin", "pypy3")
        found = find_interpreter("pypy3", cache=None, env=_path(tmp_path / "bin"), cwd=tmp_path)
        assert found.executable == base_python

    def test_not_found(self, bare_env: dict[str, str], tmp_path: Path) -> None:
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter("pypy3", cache=None, env=bare_env, cwd=tmp_path)
        assert str(info.value) == "no interpreter found for `pypy3`: searched PATH for pypy3"

    def test_first_match_is_used_even_if_it_fails(
        self, tmp_path: Path, fake_python: FakePython
    ) -> None:
        _failing(tmp_path / "shims", "python3.12", "pyenv: python3.12: command not found")
        fake_python(tmp_path / "bin", "python3.12")
        env = _path(tmp_path / "shims", tmp_path / "bin")
        with pytest.raises(InterpreterQueryError) as info:
            find_interpreter("python3.12", cache=None, env=env, cwd=tmp_path)
        assert info.value.reason == "pyenv: python3.12: command not found"


class TestPathRequest:
    def test_file(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / "venv")
        found = find_interpreter(str(venv / "bin" / "python"), cache=None, env={}, cwd=tmp_path)
        assert found.sys_prefix == venv
        assert found.is_venv

    def test_venv_directory(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / "venv")
        found = find_interpreter(str(venv), cache=None, env={}, cwd=tmp_path)
        assert found.executable == venv / "bin" / "python"

    def test_relative_to_cwd(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / "project" / ".venv")
        found = find_interpreter(".venv", cache=None, env={}, cwd=tmp_path / "project")
        assert found.sys_prefix == venv

    def test_directory_without_interpreter(self, tmp_path: Path) -> None:
        (tmp_path / "empty").mkdir()
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter("./empty", cache=None, env={}, cwd=tmp_path)
        assert str(info.value) == (
            f"no interpreter found for `./empty`: {tmp_path / 'empty'} has no bin/python"
        )

    def test_missing(self, tmp_path: Path) -> None:
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter("./nope/python", cache=None, env={}, cwd=tmp_path)
        assert str(info.value) == (
            f"no interpreter found for `./nope/python`: {tmp_path / 'nope' / 'python'} "
            "does not exist"
        )

    def test_invalid_request(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidPythonRequest):
            find_interpreter("3.x", cache=None, env={}, cwd=tmp_path)


class TestActiveEnvironment:
    def test_virtual_env_first(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        active = fake_venv(tmp_path / "active")
        conda = fake_venv(tmp_path / "conda")
        fake_venv(tmp_path / "project" / ".venv")
        env = {"VIRTUAL_ENV": str(active), "CONDA_PREFIX": str(conda), "PATH": ""}
        found = find_interpreter(None, cache=None, env=env, cwd=tmp_path / "project")
        assert found.sys_prefix == active

    def test_conda_prefix_second(self, tmp_path: Path, base_python: Path) -> None:
        conda = tmp_path / "conda"
        (conda / "bin").mkdir(parents=True)
        (conda / "bin" / "python").symlink_to(base_python)
        (tmp_path / "project").mkdir()
        env = {"CONDA_PREFIX": str(conda), "VIRTUAL_ENV": ""}
        found = find_interpreter(None, cache=None, env=env, cwd=tmp_path / "project")
        assert found.executable == conda / "bin" / "python"

    def test_dot_venv_in_cwd(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / ".venv")
        assert find_interpreter(cache=None, env={}, cwd=tmp_path).sys_prefix == venv

    def test_dot_venv_in_parent(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / ".venv")
        (tmp_path / "a" / "b").mkdir(parents=True)
        assert find_interpreter(cache=None, env={}, cwd=tmp_path / "a" / "b").sys_prefix == venv

    def test_dot_venv_without_cfg_is_ignored(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        outer = fake_venv(tmp_path / ".venv")
        inner = fake_venv(tmp_path / "a" / ".venv")
        (inner / "pyvenv.cfg").unlink()
        assert find_interpreter(cache=None, env={}, cwd=tmp_path / "a").sys_prefix == outer

    def test_virtual_env_without_interpreter(self, tmp_path: Path) -> None:
        (tmp_path / "broken").mkdir()
        env = {"VIRTUAL_ENV": str(tmp_path / "broken")}
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter(cache=None, env=env, cwd=tmp_path)
        assert str(info.value) == (
            f"no interpreter found: VIRTUAL_ENV is {tmp_path / 'broken'}, which has no interpreter"
        )

    def test_system_only_when_allowed(
        self, tmp_path: Path, fake_python: FakePython, base_python: Path
    ) -> None:
        fake_python(tmp_path / "bin", "python3")
        env = _path(tmp_path / "bin")
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter(cache=None, env=env, cwd=tmp_path)
        assert str(info.value) == (
            "no interpreter found: VIRTUAL_ENV and CONDA_PREFIX are not set and there is no "
            f".venv in {tmp_path} or a parent (system interpreters not allowed)"
        )
        found = find_interpreter(cache=None, env=env, cwd=tmp_path, allow_system=True)
        assert found.executable == base_python

    def test_no_system_python(self, tmp_path: Path, bare_env: dict[str, str]) -> None:
        with pytest.raises(InterpreterNotFound) as info:
            find_interpreter(cache=None, env=bare_env, cwd=tmp_path, allow_system=True)
        assert str(info.value).endswith(", and no python3 on PATH")


class TestHelpers:
    def test_find_executable(self, tmp_path: Path, fake_python: FakePython) -> None:
        first = fake_python(tmp_path / "a", "tool")
        fake_python(tmp_path / "b", "tool")
        env = _path(tmp_path / "missing", tmp_path / "a", tmp_path / "b")
        assert find_executable("tool", env=env, cwd=tmp_path) == first
        assert find_executable("other", env=env, cwd=tmp_path) is None

    def test_python_in(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = fake_venv(tmp_path / "venv")
        assert python_in(venv) == venv / "bin" / "python"
        (venv / "bin" / "python").rename(venv / "bin" / "python3")
        assert python_in(venv) == venv / "bin" / "python3"
        assert python_in(tmp_path) is None
