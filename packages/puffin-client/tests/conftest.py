"""Fixtures: the loopback index server, wheels built in tmp_path, an isolated environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The server module sits beside the tests; with --import-mode=importlib this folder is
# not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from puffin_client_index_server import IndexServer
from puffin_client_registry_setup import Setup

_CLEARED_PREFIXES = ("PIP_", "PUFFIN_")
_CLEARED = (
    "NETRC",
    "VIRTUAL_ENV",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "XDG_CONFIG_HOME",
    "XDG_CONFIG_DIRS",
)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No pip or puffin settings, proxies or .netrc of the machine; HOME is a fresh
    directory and pip's config files are off (``PIP_CONFIG_FILE=/dev/null``)."""
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES) or name in _CLEARED:
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return home


@pytest.fixture
def index_server() -> Iterator[IndexServer]:
    """A running loopback index (see `puffin_client_index_server`)."""
    with IndexServer() as server:
        yield server


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    """Runs of a RegistryClient over one cache in tmp_path."""
    return Setup(tmp_path / "cache")
