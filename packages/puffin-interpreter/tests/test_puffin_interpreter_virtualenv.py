"""Tests of Virtualenv and PyVenvCfg."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from puffin_interpreter import (
    Interpreter,
    InterpreterError,
    InterpreterInfo,
    NotAVirtualenv,
    PyVenvCfg,
    Virtualenv,
    _virtualenv,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake trees are POSIX shells")

FakeVenv = Callable[..., Path]
CPython = Callable[[int], tuple[Path, dict[str, Any]]]


class TestPyVenvCfg:
    def test_venv_module_format(self) -> None:
        cfg = PyVenvCfg.parse(
            "home = /usr/bin\n"
            "include-system-site-packages = false\n"
            "version = 3.11.7\n"
            "executable = /usr/bin/python3.11\n"
            "command = /usr/bin/python3 -m venv --prompt=x /tmp/v\n"
        )
        assert cfg.home == Path("/usr/bin")
        assert cfg.version_info == "3.11.7"
        assert cfg.include_system_site_packages is False
        assert cfg.puffin is None
        assert cfg.get("command") == "/usr/bin/python3 -m venv --prompt=x /tmp/v"

    def test_virtualenv_and_puffin_format(self) -> None:
        cfg = PyVenvCfg.parse(
            "home=/opt/py/bin\nimplementation = CPython\nversion_info = 3.12.1.final.0\n"
            "Include-System-Site-Packages = True\npuffin = 0.1.0\n"
        )
        assert cfg.home == Path("/opt/py/bin")
        assert cfg.version_info == "3.12.1.final.0"
        assert cfg.include_system_site_packages is True
        assert cfg.puffin == "0.1.0"
        assert cfg.get("IMPLEMENTATION") == "CPython"

    def test_lenient_like_site(self) -> None:
        cfg = PyVenvCfg.parse("# comment\n\njunk line\nhome = /a\nhome = /b\nprompt = =x=\n")
        assert cfg.home == Path("/b")
        assert cfg.get("prompt") == "=x="
        assert cfg.get("junk line") is None
        assert cfg.version_info is None

    def test_empty(self) -> None:
        cfg = PyVenvCfg.parse("")
        assert cfg.home is None
        assert cfg.include_system_site_packages is False

    def test_value(self) -> None:
        cfg = PyVenvCfg.parse("home = /a\nversion = 3.12\n")
        same = PyVenvCfg.parse("Version = 3.12\nhome = /a\n")
        assert cfg == same and hash(cfg) == hash(same)
        assert cfg != PyVenvCfg.parse("home = /b\nversion = 3.12\n")
        assert repr(cfg) == f"PyVenvCfg(values={cfg.values!r})"

    def test_read_missing(self, tmp_path: Path) -> None:
        with pytest.raises(NotAVirtualenv) as info:
            PyVenvCfg.read(tmp_path / "pyvenv.cfg")
        assert info.value.path == tmp_path
        assert str(info.value).startswith(f"`{tmp_path}` is not a virtual environment: cannot read")


class TestVirtualenv:
    def test_from_root(self, tmp_path: Path, fake_venv: FakeVenv, base_python: Path) -> None:
        root = fake_venv(tmp_path / "venv", extra_cfg="puffin = 0.1.0\n")
        venv = Virtualenv.from_root(root, cache=None)
        assert venv.root == root
        assert venv.interpreter.is_venv
        assert venv.interpreter.sys_prefix == root
        assert venv.python_executable == root / "bin" / "python"
        assert venv.pyvenv_cfg().puffin == "0.1.0"
        assert venv.pyvenv_cfg().home == base_python.parent

    def test_scheme_is_the_interpreters(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        venv = Virtualenv.from_root(fake_venv(tmp_path / "venv"), cache=None)
        assert venv.scheme == venv.interpreter.scheme
        version = "{}.{}".format(*sys.version_info)
        assert (
            venv.site_packages == tmp_path / "venv" / "lib" / f"python{version}" / "site-packages"
        )

    def test_from_root_requires_cfg(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        root = fake_venv(tmp_path / "venv")
        (root / "pyvenv.cfg").unlink()
        with pytest.raises(NotAVirtualenv) as info:
            Virtualenv.from_root(root, cache=None)
        assert str(info.value) == f"`{root}` is not a virtual environment: no pyvenv.cfg"

    def test_from_root_requires_interpreter(self, tmp_path: Path) -> None:
        (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\n")
        with pytest.raises(NotAVirtualenv, match="no interpreter in it"):
            Virtualenv.from_root(tmp_path, cache=None)

    def test_from_env(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        root = fake_venv(tmp_path / "active")
        venv = Virtualenv.from_env(cache=None, env={"VIRTUAL_ENV": str(root)}, cwd=tmp_path)
        assert venv.root == root
        assert venv.scheme == venv.interpreter.scheme

    def test_from_env_with_request(self, tmp_path: Path, fake_venv: FakeVenv) -> None:
        root = fake_venv(tmp_path / "venv")
        venv = Virtualenv.from_env(str(root), cache=None, env={}, cwd=tmp_path)
        assert venv.root == root

    def test_from_env_rejects_system_interpreter(self, tmp_path: Path, base_python: Path) -> None:
        with pytest.raises(NotAVirtualenv) as info:
            Virtualenv.from_env(str(base_python), cache=None, env={}, cwd=tmp_path)
        assert isinstance(info.value, InterpreterError)
        assert str(info.value).endswith(
            f"is not a virtual environment: the interpreter {base_python} is not in a "
            "virtual environment"
        )

    def test_from_env_accepts_conda(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        # A conda environment is a full prefix, not a venv; fake the interpreter's answer.
        conda = tmp_path / "conda"
        (conda / "conda-meta").mkdir(parents=True)
        real = Interpreter.query(sys.executable, None).info
        answer = {**real.to_dict(), "sys_prefix": str(conda), "sys_base_prefix": str(conda)}
        info = InterpreterInfo.from_dict(answer)
        monkeypatch.setattr(_virtualenv, "find_interpreter", lambda *a, **k: Interpreter(info))
        venv = Virtualenv.from_env(cache=None, env={"CONDA_PREFIX": str(conda)}, cwd=tmp_path)
        assert venv.root == conda

    def test_from_interpreter_queries_nothing(self, tmp_path: Path, base_python: Path) -> None:
        base = Interpreter.query(base_python, None)
        venv = Virtualenv.from_interpreter(tmp_path / "new", base)
        assert venv.root == tmp_path / "new"
        assert venv.interpreter is base
        assert venv == Virtualenv(tmp_path / "new", base)
        assert hash(venv) == hash(Virtualenv(tmp_path / "new", base))
        assert repr(venv) == f"Virtualenv(root={venv.root!r}, interpreter={base!r})"
        assert venv.python_executable == tmp_path / "new" / "bin" / "python"
        assert not (tmp_path / "new").exists()

    @pytest.mark.parametrize("minor", range(7, 14))
    def test_derived_scheme_matches_a_real_venv(
        self, minor: int, tmp_path: Path, cpython: CPython
    ) -> None:
        executable, _ = cpython(minor)
        root = tmp_path / "venv"
        subprocess.run(
            [str(executable), "-m", "venv", "--without-pip", str(root)], check=True, timeout=120
        )
        base = Interpreter.query(executable, None)
        derived = Virtualenv.from_interpreter(root, base)
        queried = Virtualenv.from_root(root, cache=None)
        assert derived.scheme == queried.scheme == queried.interpreter.scheme
        assert derived.python_executable == queried.interpreter.executable
        assert derived.python_executable.is_file()
        assert derived.pyvenv_cfg().version_info == ".".join(map(str, base.python_full_version))
