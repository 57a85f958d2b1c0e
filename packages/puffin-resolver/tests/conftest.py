"""Fixtures: an isolated environment and a loopback index built in tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helper modules sit beside the tests; with --import-mode=importlib this folder is
# not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from puffin_resolver_index import Registry


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No pip or puffin settings, proxies or .netrc of the machine."""
    for name in list(os.environ):
        if name.startswith(("PIP_", "PUFFIN_")) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Registry]:
    """A running loopback index, empty until the test adds projects."""
    with Registry(tmp_path / "files") as served:
        yield served
