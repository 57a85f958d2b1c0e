"""Fixtures: a directory of wheels to resolve over, a fake uv, an environment without pip's
configuration."""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest

# name, version, Requires-Dist lines.
WHEELS = [
    ("alpha", "1.0", ["beta>=1"]),
    ("beta", "1.0", []),
    ("beta", "2.0", []),
    ("gamma", "1.0", ["beta<1"]),
    ("delta", "1.0", ["alpha", "beta"]),
]

# What the fake uv prints for each line: pins, or (exit code, error output).
FAKE_UV = """\
import json, os, sys
line = sys.stdin.read().strip()
with open(os.environ["FAKE_UV_LOG"], "a") as log:
    env = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "UV_"))}
    log.write(json.dumps({"argv": sys.argv[1:], "line": line, "env": env}) + "\\n")
answers = {
    "alpha": "alpha==1.0\\nbeta==2.0\\n",
    "delta": "alpha==1.0\\nbeta==1.0\\ndelta==1.0\\nextra-thing==3.0\\n",
    "nosuch": "nosuch==1.0\\n",
}
if line in answers:
    sys.stderr.write("Resolved some packages\\n")
    sys.stdout.write(answers[line])
    raise SystemExit(0)
sys.stderr.write("  x No solution found when resolving dependencies:\\n  Because ...\\n")
raise SystemExit(1)
"""


def write_wheel(directory: Path, name: str, version: str, requires: list[str]) -> Path:
    """A pure-Python wheel holding only its metadata."""
    dist = f"{name}-{version}"
    path = directory / f"{dist}-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{dist}.dist-info/METADATA", metadata)
        archive.writestr(f"{dist}.dist-info/WHEEL", wheel)
        archive.writestr(f"{dist}.dist-info/RECORD", "")
    return path


@pytest.fixture(autouse=True)
def _neutral_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pip, uv or puffin setting of the machine leaks into a test."""
    for key in list(os.environ):
        if key.startswith(("PIP_", "UV_", "PUFFIN_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    """A find-links directory with the `WHEELS`."""
    directory = tmp_path / "wheels"
    directory.mkdir()
    for name, version, requires in WHEELS:
        write_wheel(directory, name, version, requires)
    return directory


@pytest.fixture
def fake_uv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An executable that answers as `FAKE_UV` says and logs each call to ``uv.log``."""
    path = tmp_path / "uv"
    path.write_text(f"#!{sys.executable}\n{FAKE_UV}")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_UV_LOG", str(tmp_path / "uv.log"))
    # Set to check that uv runs without the pip and uv configuration of the caller.
    monkeypatch.setenv("UV_INDEX_URL", "https://example.com/simple")
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    return path
