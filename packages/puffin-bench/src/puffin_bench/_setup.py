"""The benchmark environment: puffin from the wheels in dist/, uv and pip-tools, in one venv."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from puffin_bench._measure import last_line
from puffin_bench.errors import SetupError

__all__ = ["REQUIREMENTS", "Toolchain", "install_stamp", "prepare"]

# uv is the anchor every figure is a ratio against: pinned, so that figures compare over time.
# pip-tools is left unpinned: pip picks the newest release that supports the interpreter.
REQUIREMENTS = ("uv==0.13.9", "pip-tools")
STAMP_NAME = ".puffin-bench-stamp"

_QUERY = """\
import importlib.metadata as m, json, platform, sys
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return None
print(json.dumps({
    "base": sys._base_executable,
    "python": platform.python_version(),
    "puffin": version("puffin-cli"),
    "uv": version("uv"),
    "pip-tools": version("pip-tools"),
}))
"""


@dataclass(frozen=True, slots=True)
class Toolchain:
    """The executables the benchmarks compare, all installed in one environment."""

    venv: Path
    base_python: Path
    versions: tuple[tuple[str, str], ...] = ()

    @property
    def python(self) -> Path:
        """The environment's interpreter (puffin runs on it)."""
        return self.venv / "bin" / "python"

    @property
    def puffin(self) -> Path:
        """The ``puffin`` console script, as the wheels install it."""
        return self.venv / "bin" / "puffin"

    @property
    def uv(self) -> Path:
        """The ``uv`` executable."""
        return self.venv / "bin" / "uv"

    @property
    def pip_compile(self) -> Path:
        """pip-tools' ``pip-compile``."""
        return self.venv / "bin" / "pip-compile"

    @property
    def pip_sync(self) -> Path:
        """pip-tools' ``pip-sync``."""
        return self.venv / "bin" / "pip-sync"

    def describe(self) -> str:
        """One line naming every tool and its version.

        >>> Toolchain(Path("v"), Path("p"), (("puffin", "0.1.0"), ("uv", "0.13.9"))).describe()
        'puffin 0.1.0, uv 0.13.9'
        """
        return ", ".join(f"{name} {version}" for name, version in self.versions)


def _file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def install_stamp(wheels: Sequence[Path], requirements: Sequence[str] = REQUIREMENTS) -> str:
    """A digest of what the environment should hold: each wheel's name and content, the pins.

    Rebuilt wheels with the same content keep the stamp, so that a benchmark
    after an unchanged `make wheels` installs nothing.
    """
    digest = hashlib.sha256()
    for wheel in sorted(wheels, key=lambda path: path.name):
        digest.update(f"{wheel.name} {_file_digest(wheel)}\n".encode())
    for requirement in requirements:
        digest.update(f"requirement {requirement}\n".encode())
    return digest.hexdigest()


def _run(step: str, argv: Sequence[str | Path], env: Mapping[str, str]) -> str:
    result = subprocess.run(
        [os.fspath(arg) for arg in argv],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(step, last_line(result.stderr) or f"exit status {result.returncode}")
    return result.stdout


def _query(venv: Path, env: Mapping[str, str]) -> Toolchain:
    found = json.loads(
        _run("query the benchmark environment", [venv / "bin/python", "-c", _QUERY], env)
    )
    versions = tuple(
        (name, found[name] or "missing") for name in ("puffin", "uv", "pip-tools", "python")
    )
    return Toolchain(venv=venv, base_python=Path(found["base"]), versions=versions)


def prepare(
    venv: Path,
    dist: Path,
    *,
    python: str | Path,
    env: Mapping[str, str],
    progress: Callable[[str], None] = lambda message: None,
) -> Toolchain:
    """Make *venv* hold puffin (from the wheels in *dist*), uv and pip-tools; return them.

    puffin is installed from its wheels, non-editable, as users get it; every
    wheel in *dist* is named by path, so that no sibling can come from an
    index instead. A stamp file in *venv* records what was installed: when
    it matches `install_stamp`, nothing is installed again. *env* should be
    `neutral_env`'s, so that third-party packages come from the default index.
    """
    wheels = sorted(dist.glob("*.whl"))
    if not wheels:
        raise SetupError("find wheels", f"no wheels in {dist}: run `make wheels` first")
    venv_python = venv / "bin" / "python"
    if not venv_python.exists():
        progress(f"creating {venv}")
        _run("create the benchmark environment", [python, "-m", "venv", venv], env)
    stamp = install_stamp(wheels)
    stamp_file = venv / STAMP_NAME
    tools = Toolchain(venv=venv, base_python=Path(python))
    current = stamp_file.read_text() if stamp_file.exists() else None
    wanted = (tools.puffin, tools.uv, tools.pip_compile, tools.pip_sync)
    if current != stamp or not all(path.exists() for path in wanted):
        progress(f"installing {len(wheels)} wheels from {dist}, {', '.join(REQUIREMENTS)}")
        pip: list[str | Path] = [
            venv_python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        _run("install the tools", [*pip, "--upgrade", *REQUIREMENTS, *wheels], env)
        # Same version numbers, new content: pip keeps what it has unless forced.
        _run("reinstall puffin's wheels", [*pip, "--force-reinstall", "--no-deps", *wheels], env)
        stamp_file.write_text(stamp)
    return _query(venv, env)
