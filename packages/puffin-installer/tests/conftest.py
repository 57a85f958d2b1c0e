"""Fixtures of puffin-installer: helpers beside the tests, and an isolated environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The helper module sits beside the tests; with --import-mode=importlib this folder is
# not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pip or puffin settings of the machine reach the code under test."""
    for name in list(os.environ):
        if name.startswith(("PIP_", "PUFFIN_")) or name in ("VIRTUAL_ENV", "CONDA_PREFIX"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
