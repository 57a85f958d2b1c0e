"""Tests of the interpreter query: the running interpreter, every CPython found, failures."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from packaging import tags as packaging_tags

from platform_host import Platform
from puffin_interpreter import (
    Interpreter,
    InterpreterError,
    InterpreterQueryError,
    UnsupportedInterpreter,
    _run,
)
from puffin_pep508 import MarkerEnvironment

FakePython = Callable[..., Path]
BASE_PYTHON = Path(os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable))

CPython = Callable[[int], tuple[Path, dict[str, Any]]]


class TestRunningInterpreter:
    def test_matches_sys(self) -> None:
        interpreter = Interpreter.query(sys.executable, None)
        assert interpreter.executable == Path(sys.executable)
        assert interpreter.sys_prefix == Path(sys.prefix)
        assert interpreter.sys_base_prefix == Path(sys.base_prefix)
        assert interpreter.sys_base_exec_prefix == Path(sys.base_exec_prefix)
        assert interpreter.base_prefix == Path(sys.base_prefix)
        assert interpreter.is_venv is (sys.prefix != sys.base_prefix)
        assert interpreter.python_version == sys.version_info[:2]
        assert interpreter.python_full_version == sys.version_info[:3]
        assert interpreter.version_info == sys.version_info[:3]
        assert interpreter.implementation_name == sys.implementation.name
        assert interpreter.is_windows is (os.name == "nt")
        info = interpreter.info
        assert info.pointer_size == struct.calcsize("P") * 8
        assert info.abiflags == getattr(sys, "abiflags", "")
        assert info.platlibdir == sys.platlibdir
        assert info.gil_disabled is bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
        assert info.debug is hasattr(sys, "gettotalrefcount")
        assert info.version_info == tuple(sys.version_info)

    def test_base_executable_is_resolved(self) -> None:
        interpreter = Interpreter.query(sys.executable, None)
        assert interpreter.base_executable == BASE_PYTHON

    def test_markers(self) -> None:
        assert Interpreter.query(sys.executable, None).markers == MarkerEnvironment.current()

    def test_marker_values(self) -> None:
        interpreter = Interpreter.query(sys.executable, None)
        assert interpreter.marker_values == dict(interpreter.info.markers)
        full_version = interpreter.marker_values["python_full_version"]
        assert full_version == interpreter.markers.python_full_version
        with pytest.raises(TypeError):
            interpreter.marker_values["os_name"] = "nt"  # type: ignore[index]

    def test_scheme_is_sysconfig_default(self) -> None:
        # The test runner is in a venv, where the default scheme is the prefix's own.
        scheme = Interpreter.query(sys.executable, None).scheme
        paths = sysconfig.get_paths()
        assert scheme.purelib == Path(paths["purelib"])
        assert scheme.platlib == Path(paths["platlib"])
        assert scheme.scripts == Path(paths["scripts"])
        assert scheme.data == Path(paths["data"])
        if sys.prefix != sys.base_prefix:
            assert scheme.include == Path(
                sys.prefix, "include", "site", f"python{sys.version_info[0]}.{sys.version_info[1]}"
            )

    def test_platform_and_tags(self) -> None:
        interpreter = Interpreter.query(sys.executable, None)
        assert interpreter.platform == Platform.current()
        tags = interpreter.tags()
        assert tags is interpreter.tags()
        # The order is platform-tags' business; here: the same interpreter, same tags.
        expected = {(tag.interpreter, tag.abi, tag.platform) for tag in packaging_tags.sys_tags()}
        assert expected <= set(tags)
        assert ("py3", "none", "any") in tags

    def test_equality_and_repr(self) -> None:
        one = Interpreter.query(sys.executable, None)
        two = Interpreter.query(sys.executable, None)
        assert one == two
        assert hash(one) == hash(two)
        assert repr(one).startswith(f"<Interpreter({sys.executable!r}, cpython 3.")


class TestEveryCPython:
    @pytest.mark.parametrize("minor", range(7, 14))
    def test_query(self, minor: int, cpython: CPython) -> None:
        executable, report = cpython(minor)
        interpreter = Interpreter.query(executable, None)
        assert interpreter.python_version == (3, minor)
        assert list(interpreter.python_full_version) == report["version"]
        assert interpreter.implementation_name == "cpython"
        assert interpreter.executable == Path(str(report["executable"]))
        assert interpreter.sys_prefix == Path(str(report["prefix"]))
        assert interpreter.is_venv is False
        assert interpreter.scheme.purelib == Path(str(report["purelib"]))
        assert interpreter.scheme.scripts == Path(str(report["scripts"]))
        assert interpreter.markers.python_version == f"3.{minor}"
        assert interpreter.tags()[0][0] == f"cp3{minor}"
        assert (f"cp3{minor}", "none", "any") in interpreter.tags()

    @pytest.mark.parametrize("minor", range(7, 14))
    def test_query_in_venv(self, minor: int, tmp_path: Path, cpython: CPython) -> None:
        found = cpython(minor)
        venv = tmp_path / "venv"
        subprocess.run(
            [str(found[0]), "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
        )
        interpreter = Interpreter.query(venv / "bin" / "python", None)
        assert interpreter.is_venv
        assert interpreter.sys_prefix == venv
        assert interpreter.executable == venv / "bin" / "python"
        assert interpreter.sys_base_prefix == Path(str(found[1]["prefix"]))
        site = f"python3.{minor}"
        assert interpreter.scheme.purelib == venv / "lib" / site / "site-packages"
        assert interpreter.scheme.scripts == venv / "bin"
        assert interpreter.scheme.include == venv / "include" / "site" / site
        assert interpreter.base_executable == Path(os.path.realpath(str(found[1]["executable"])))


class TestWrappers:
    def test_shim_reports_the_real_binary(self, tmp_path: Path, fake_python: FakePython) -> None:
        shim = fake_python(tmp_path / "shims", "python3")
        interpreter = Interpreter.query(shim, None)
        assert interpreter.executable == BASE_PYTHON
        assert interpreter.python_full_version == sys.version_info[:3]

    def test_chain_of_wrappers(self, tmp_path: Path, fake_python: FakePython) -> None:
        inner = fake_python(tmp_path / "inner", "python")
        outer = fake_python(tmp_path / "outer", "python3", inner)
        assert Interpreter.query(outer, None).executable == BASE_PYTHON


def _script(tmp_path: Path, body: str, name: str = "python") -> Path:
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


class TestQueryErrors:
    def _error(self, executable: Path) -> InterpreterQueryError:
        with pytest.raises(InterpreterQueryError) as info:
            Interpreter.query(executable, None)
        error = info.value
        assert isinstance(error, InterpreterError)
        assert error.executable == executable
        assert f"`{executable}`" in str(error)
        assert "\n" not in str(error)
        return error

    def test_missing(self, tmp_path: Path) -> None:
        error = self._error(tmp_path / "nope")
        assert error.reason == "No such file or directory"

    def test_not_executable(self, tmp_path: Path) -> None:
        path = tmp_path / "python"
        path.write_text("#!/bin/sh\n")
        error = self._error(path)
        assert error.reason == "Permission denied"

    def test_not_python(self, tmp_path: Path) -> None:
        error = self._error(_script(tmp_path, "echo hello"))
        assert error.reason.startswith("not a Python interpreter")

    def test_silent_success_is_not_python(self, tmp_path: Path) -> None:
        error = self._error(_script(tmp_path, "exit 0"))
        assert error.reason.startswith("not a Python interpreter")

    def test_crash_names_last_stderr_line(self, tmp_path: Path) -> None:
        body = (
            'echo "Traceback (most recent call last):" >&2\necho "RuntimeError: boom" >&2\nexit 1'
        )
        error = self._error(_script(tmp_path, body))
        assert error.reason == "RuntimeError: boom"

    def test_crash_without_stderr(self, tmp_path: Path) -> None:
        error = self._error(_script(tmp_path, "exit 3"))
        assert error.reason == "exited with code 3"

    def test_no_isolated_mode(self, tmp_path: Path) -> None:
        body = "echo 'Unknown option: -I' >&2\necho \"Try 'python -h' for more.\" >&2\nexit 2"
        error = self._error(_script(tmp_path, body))
        assert "older than 3.4" in error.reason

    def test_malformed_answer(self, tmp_path: Path) -> None:
        error = self._error(_script(tmp_path, """echo '{"result": "success", "format": 1}'"""))
        assert error.reason.startswith("invalid interpreter information:")

    def test_error_answer(self, tmp_path: Path) -> None:
        body = """echo '{"result": "error", "message": "Python 3.6 is not supported"}'"""
        error = self._error(_script(tmp_path, body))
        assert error.reason == "Python 3.6 is not supported"

    def test_timeout(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_run, "QUERY_TIMEOUT", 0.5)
        error = self._error(_script(tmp_path, "exec sleep 30"))
        assert error.reason == "no answer within 0.5 seconds"

    def test_python_36_is_too_old(self, old_python: Callable[[str, str], Path]) -> None:
        error = self._error(old_python("3.6", "python3.6"))
        assert error.reason == "Python 3.6 is not supported: puffin needs Python >= 3.7"

    def test_python_27_is_too_old(self, old_python: Callable[[str, str], Path]) -> None:
        error = self._error(old_python("2.7", "python2.7"))
        assert "older than 3.4" in error.reason


class TestUnsupported:
    def test_no_platform_facts(self) -> None:
        info = Interpreter.query(sys.executable, None).info
        data = info.to_dict()
        data["platform"] = None
        interpreter = Interpreter(type(info).from_dict(data))
        with pytest.raises(UnsupportedInterpreter, match="its platform is unknown"):
            _ = interpreter.platform
        with pytest.raises(UnsupportedInterpreter):
            interpreter.tags()

    def test_unknown_implementation(self) -> None:
        info = Interpreter.query(sys.executable, None).info
        data = info.to_dict()
        data["implementation_name"] = "jython"
        interpreter = Interpreter(type(info).from_dict(data))
        with pytest.raises(UnsupportedInterpreter) as raised:
            interpreter.tags()
        assert "jython" in str(raised.value)
        assert str(raised.value).startswith(f"the interpreter `{sys.executable}` is not supported")

    def test_unknown_os(self) -> None:
        info = Interpreter.query(sys.executable, None).info
        data = info.to_dict()
        data["platform"] = dict(data["platform"], system="Plan9", sys_platform="plan9")
        interpreter = Interpreter(type(info).from_dict(data))
        with pytest.raises(UnsupportedInterpreter, match="Plan9"):
            _ = interpreter.platform
