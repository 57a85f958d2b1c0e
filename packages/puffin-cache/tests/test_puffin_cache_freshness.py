"""Tests of Timestamp, Freshness and Refresh."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from puffin_cache import Freshness, Refresh, Timestamp
from puffin_normalize import PackageName

FOO = PackageName.parse("foo")
BAR = PackageName.parse("bar")


def _entry(tmp_path: Path, mtime_ns: int) -> Path:
    path = tmp_path / "entry"
    path.write_text("x")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


class TestTimestamp:
    def test_from_path(self, tmp_path: Path) -> None:
        path = _entry(tmp_path, 1_000_000_000_123)
        assert Timestamp.from_path(path) == Timestamp(1_000_000_000_123)

    def test_missing_path_raises(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            Timestamp.from_path(tmp_path / "missing")

    def test_now_is_ordered(self) -> None:
        assert Timestamp(0) < Timestamp.now()


class TestRefresh:
    def test_none_trusts_everything(self, tmp_path: Path) -> None:
        path = _entry(tmp_path, 1)
        assert Refresh.none().freshness(path, FOO) is Freshness.FRESH
        assert Refresh.none().freshness(tmp_path / "missing") is Freshness.MISSING

    def test_everything_before_the_run_is_stale(self, tmp_path: Path) -> None:
        refresh = Refresh.everything(timestamp=Timestamp(2_000))
        assert refresh.freshness(_entry(tmp_path, 1_000)) is Freshness.STALE
        assert refresh.freshness(_entry(tmp_path, 3_000), FOO) is Freshness.FRESH

    def test_packages(self, tmp_path: Path) -> None:
        refresh = Refresh.packages(["Foo"], timestamp=Timestamp(2_000))
        old = _entry(tmp_path, 1_000)
        assert refresh.freshness(old, FOO) is Freshness.STALE
        assert refresh.freshness(old, BAR) is Freshness.FRESH
        assert refresh.freshness(old) is Freshness.FRESH
        assert refresh.names == {FOO}

    def test_default_timestamp_is_now(self) -> None:
        before = Timestamp.now()
        assert Refresh.everything().timestamp >= before
