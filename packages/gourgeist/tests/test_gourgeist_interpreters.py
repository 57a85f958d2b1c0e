"""Environments made by gourgeist, run for real on every CPython 3.8-3.13 found."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gourgeist import BaseInterpreter, InterpreterFacts, create_venv
from puffin_interpreter import Interpreter, InterpreterError

MINORS = range(8, 14)

# Printed by the environment's interpreter.
_CHECK_SCRIPT = """
import json, site, sys, sysconfig
print(json.dumps({
    "prefix": sys.prefix,
    "base_prefix": sys.base_prefix,
    "version": list(sys.version_info[:3]),
    "site_packages": site.getsitepackages(),
    "purelib": sysconfig.get_paths()["purelib"],
    "path": sys.path,
}))
"""


def _candidates(minor: int) -> list[str]:
    """Executables that may be CPython 3.<minor>: on PATH, then under pyenv's root."""
    found = []
    on_path = shutil.which(f"python3.{minor}")
    if on_path:
        found.append(on_path)
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            root = subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root:
            found.extend(str(p) for p in sorted(Path(root).glob(f"versions/*/bin/python3.{minor}")))
    return found


@functools.cache
def _found(minor: int) -> Interpreter | None:
    for candidate in _candidates(minor):
        try:
            interpreter = Interpreter.query(candidate, cache=None)
        except InterpreterError:
            continue  # e.g. a pyenv shim for a version that is not selected
        wanted = (3, minor)
        if interpreter.implementation_name == "cpython" and interpreter.python_version == wanted:
            return interpreter
    return None


def _conforms(interpreter: Interpreter) -> BaseInterpreter:  # checked by mypy
    return interpreter


def _interpreter(which: str) -> BaseInterpreter:
    if which == "current":
        return InterpreterFacts.current()
    if which == "queried-current":
        # The test runner's python is itself a venv's: the new one must point at the base.
        return Interpreter.query(sys.executable, cache=None)
    interpreter = _found(int(which.split(".")[1]))
    if interpreter is None:
        pytest.skip(f"no CPython {which} found")
    return interpreter


INTERPRETERS = ["current", "queried-current", *(f"3.{minor}" for minor in MINORS)]


def _run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without any active virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "_OLD_"))}
    env.pop("PYTHONHOME", None)
    env.update(extra)
    return env


@pytest.mark.parametrize("which", INTERPRETERS)
class TestInterpreter:
    def test_environment_python_runs_in_the_environment(self, tmp_path: Path, which: str) -> None:
        facts = _interpreter(which)
        venv = create_venv(tmp_path / "env", facts)
        out = json.loads(_run(venv.executable, "-c", _CHECK_SCRIPT, env=_clean_env()))
        assert out["prefix"] == str(venv.root)
        assert out["prefix"] != out["base_prefix"]
        assert Path(out["base_prefix"]) == facts.base_prefix
        assert tuple(out["version"]) == facts.version_info
        assert out["site_packages"] == [str(venv.site_packages)]
        assert out["purelib"] == str(venv.site_packages)
        assert str(venv.site_packages) in out["path"]
        # Isolated: the base interpreter's own site-packages is not visible.
        assert not any(
            p.startswith(str(facts.base_prefix)) and p.endswith("site-packages")
            for p in out["path"]
        )

    def test_system_site_packages(self, tmp_path: Path, which: str) -> None:
        facts = _interpreter(which)
        venv = create_venv(tmp_path / "env", facts, system_site_packages=True)
        out = json.loads(_run(venv.executable, "-c", _CHECK_SCRIPT, env=_clean_env()))
        assert out["site_packages"][0] == str(venv.site_packages)
        assert any(p.startswith(str(facts.base_prefix)) for p in out["site_packages"][1:])

    def test_bash_activation(self, tmp_path: Path, which: str) -> None:
        venv = create_venv(tmp_path / "env", _interpreter(which))
        script = (
            'old="$PATH"; source "$1/bin/activate" || exit 1; '
            'echo "$VIRTUAL_ENV"; command -v python; python -c "import sys; print(sys.prefix)"; '
            'deactivate; [ "$PATH" = "$old" ] && echo restored; '
            '[ -z "${VIRTUAL_ENV+x}" ] && echo unset'
        )
        out = _run("bash", "-c", script, "bash", venv.root, env=_clean_env())
        assert out.splitlines() == [
            str(venv.root),
            str(venv.executable),
            str(venv.root),
            "restored",
            "unset",
        ]
