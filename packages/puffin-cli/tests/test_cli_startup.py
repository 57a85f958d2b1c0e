"""Start-up guards: what `puffin --version` and `puffin venv` import (not how long they take).

Each module named here costs milliseconds to import on every run and the command
has no use for it; a change that brings one back should be a deliberate one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Never needed to print the version or to create an environment.
HEAVY = (
    "asyncio",
    "dataclasses",
    "httpx",
    "platform_host",
    "platform_tags",
    "puffin_pep440",
    "puffin_pep508",
    "typing",
)
# Not needed by `venv` either once the interpreter's answer is cached (and its command
# line is plain: see puffin_cli._options).
HEAVY_FOR_VENV = (
    *HEAVY,
    "argparse",
    "gettext",
    "hashlib",
    "importlib.resources",
    "shutil",
    "subprocess",
    "tempfile",
)

_RUN = """
import json, sys
before = set(sys.modules)
import puffin_cli
code = puffin_cli.run(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"code": code, "imported": sorted(set(sys.modules) - before)}))
"""


def _imports(*argv: str, cache: Path | None = None, home: Path | None = None) -> list[str]:
    """Run puffin in a fresh interpreter and return the modules the run imported."""
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("VIRTUAL_ENV", "PUFFIN_CACHE_DIR", "XDG_CACHE_HOME"):
        env.pop(name, None)
    if cache is not None:
        env["PUFFIN_CACHE_DIR"] = str(cache)
    if home is not None:
        env["HOME"] = str(home)
    process = subprocess.run(
        [sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, env=env, check=True
    )
    result = json.loads(process.stdout.splitlines()[-1])
    assert result["code"] == 0, process.stderr
    imported: list[str] = result["imported"]
    return imported


def _among(imported: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in imported if any(m == n or m.startswith(f"{n}.") for n in names)]


class TestStartup:
    @pytest.mark.parametrize("flag", ["--version", "-V"])
    def test_version_imports_no_parser_and_nothing_heavy(self, flag: str) -> None:
        imported = _imports(flag)
        assert _among(imported, (*HEAVY, "argparse")) == []

    def test_venv_imports_nothing_heavy(self, tmp_path: Path) -> None:
        cache, env = tmp_path / "cache", tmp_path / "env"
        # The first run queries the interpreter (a subprocess) and fills the cache.
        _imports("venv", str(env), "--python", sys.executable, "-q", cache=cache)
        imported = _imports(
            "venv", str(env), "--python", sys.executable, "--clear", "-q", cache=cache
        )
        assert _among(imported, HEAVY_FOR_VENV) == []
        assert (env / "pyvenv.cfg").is_file()
        assert "puffin_interpreter" in imported
        assert "gourgeist" in imported

    @pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is computed on Linux")
    def test_default_cache_dir_imports_no_platformdirs(self, tmp_path: Path) -> None:
        env = tmp_path / "env"
        _imports("venv", str(env), "--python", sys.executable, "-q", home=tmp_path)
        imported = _imports(
            "venv", str(env), "--python", sys.executable, "--clear", "-q", home=tmp_path
        )
        assert _among(imported, (*HEAVY_FOR_VENV, "platformdirs")) == []
        assert (tmp_path / ".cache" / "puffin" / "interpreter-v0").is_dir()
