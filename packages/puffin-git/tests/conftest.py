"""Fixtures: an isolated git configuration, a cache, an origin repository with history."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Helpers sit beside the tests; with --import-mode=importlib this folder is not on
# sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from puffin_cache import Cache
from puffin_git_origin import History, Origin


@pytest.fixture(autouse=True)
def git_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No user or system git configuration; a fixed identity for commits."""
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text("")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Puffin Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    """An empty cache."""
    return Cache.from_path(tmp_path / "cache")


@pytest.fixture
def origin(tmp_path: Path) -> Origin:
    """An empty origin repository."""
    return Origin(tmp_path / "origin")


@pytest.fixture
def history(origin: Origin) -> History:
    """The origin with tags v1 (light) and v2 (annotated) on main, a branch `feature`,
    and a commit reachable only from refs/pull/1/head."""
    return History(origin)
