"""Fixtures: the loopback file server and a registry client over a cache in tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The server module sits beside the tests; with --import-mode=importlib this folder is
# not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from puffin_distribution_server import FileServer


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No pip or puffin settings, proxies or .netrc of the machine."""
    for name in list(os.environ):
        if name.startswith(("PIP_", "PUFFIN_")) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def server() -> Iterator[FileServer]:
    """A running loopback file server."""
    file_server = FileServer()
    yield file_server
    file_server.close()
