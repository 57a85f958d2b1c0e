"""Fixtures for end-to-end tests of the `puffin` command."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from puffin_index import PackageIndex
from puffin_test_support import Context


@pytest.fixture
def context(tmp_path: Path) -> Iterator[Context]:
    """A fresh `Context` per test."""
    yield Context(tmp_path)
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)


@pytest.fixture
def package_index(tmp_path: Path) -> Iterator[PackageIndex]:
    """A loopback package index serving wheels built in tmp_path (see `puffin_index`)."""
    with PackageIndex(tmp_path / "index-files") as index:
        yield index
