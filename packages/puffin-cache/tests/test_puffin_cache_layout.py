"""Tests of the cache root, buckets, shards and entries."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

import puffin_cache
from puffin_cache import (
    CACHEDIR_TAG,
    Cache,
    CacheBucket,
    CacheDirError,
    CacheEntry,
    InvalidCacheKey,
    PuffinCacheError,
)
from puffin_cache._cache import user_cache_dir


class TestCacheRoot:
    def test_root_is_absolute_and_created_on_first_use(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        cache = Cache.from_path("relative/cache")
        assert cache.root == tmp_path / "relative" / "cache"
        assert cache.root.is_absolute()
        assert not cache.root.exists()
        assert cache.init() == cache.root
        assert cache.root.is_dir()

    def test_writes_cachedir_tag_and_gitignore(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path / "c")
        cache.bucket(CacheBucket.SIMPLE)
        tag = (cache.root / "CACHEDIR.TAG").read_text()
        assert tag == CACHEDIR_TAG
        assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
        assert (cache.root / ".gitignore").read_text() == "*\n"
        assert sorted(p.name for p in cache.root.iterdir()) == [
            ".gitignore",
            "CACHEDIR.TAG",
            "simple-v0",
        ]

    def test_existing_tag_files_are_kept(self, tmp_path: Path) -> None:
        tmp_path.joinpath(".gitignore").write_text("*\n# mine\n")
        Cache.from_path(tmp_path).init()
        assert tmp_path.joinpath(".gitignore").read_text() == "*\n# mine\n"

    def test_root_that_is_a_file_is_an_error(self, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("x")
        with pytest.raises(CacheDirError) as info:
            Cache.from_path(tmp_path / "file").init()
        assert isinstance(info.value, PuffinCacheError)
        assert str(tmp_path / "file") in str(info.value)

    def test_expands_user(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        assert Cache.from_path("~/c").root == tmp_path / "c"


class TestFromSettings:
    def test_explicit_dir_wins(self, tmp_path: Path) -> None:
        env = {"PUFFIN_CACHE_DIR": str(tmp_path / "env")}
        cache = Cache.from_settings(tmp_path / "flag", False, env)
        assert cache.root == tmp_path / "flag"

    def test_environment_variable_next(self, tmp_path: Path) -> None:
        env = {"PUFFIN_CACHE_DIR": str(tmp_path / "env")}
        assert Cache.from_settings(None, False, env).root == tmp_path / "env"

    def test_platform_dir_last(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        cache = Cache.from_settings(None, False, {"PUFFIN_CACHE_DIR": ""})
        assert cache.root.name == "puffin"
        assert cache.root.is_absolute()
        if os.name == "posix" and "darwin" not in os.uname().sysname.lower():
            assert cache.root == tmp_path / "xdg" / "puffin"

    @pytest.mark.parametrize("xdg", [None, "", "/x/cache", "relative", " "])
    @pytest.mark.parametrize("home", [None, "/home/me", "", "relative"])
    def test_default_dir_is_platformdirs(
        self, monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None
    ) -> None:
        for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        expected = platformdirs.user_cache_dir("puffin", appauthor=False)
        assert user_cache_dir() == expected

    def test_no_cache_is_temporary(self, tmp_path: Path) -> None:
        with Cache.from_settings(tmp_path / "flag", True, {}) as cache:
            assert cache.is_temporary
            assert cache.root != tmp_path / "flag"


class TestTemporaryCache:
    def test_removed_on_close(self) -> None:
        cache = Cache.temp()
        cache.entry(CacheBucket.WHEELS, "pypi", "x").dir.mkdir(parents=True)
        assert cache.root.is_dir()
        cache.close()
        assert not cache.root.exists()
        cache.close()  # twice is fine

    def test_context_manager(self) -> None:
        with Cache.temp() as cache:
            root = cache.bucket(CacheBucket.GIT)
        assert not root.exists()

    def test_persistent_cache_survives_close(self, tmp_path: Path) -> None:
        with Cache.from_path(tmp_path) as cache:
            cache.init()
        assert (tmp_path / "CACHEDIR.TAG").is_file()
        assert "temporary" not in repr(cache)


class TestBuckets:
    def test_folder_names_are_versioned(self) -> None:
        assert {b.name: b.folder for b in CacheBucket} == {
            "SIMPLE": "simple-v0",
            "WHEELS": "wheels-v0",
            "WHEEL_METADATA": "wheel-metadata-v0",
            "BUILT_WHEELS": "built-wheels-v0",
            "GIT": "git-v0",
            "INTERPRETER": "interpreter-v0",
            "ARCHIVE": "archive-v0",
        }

    def test_bucket_is_created(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        assert cache.bucket(CacheBucket.INTERPRETER) == tmp_path / "interpreter-v0"
        assert (tmp_path / "interpreter-v0").is_dir()


class TestShardsAndEntries:
    def test_entry_paths(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        entry = cache.entry(CacheBucket.WHEELS, ["url", "abc"], "foo-1.0-py3-none-any")
        assert entry.dir == tmp_path / "wheels-v0" / "url" / "abc"
        assert entry.file == "foo-1.0-py3-none-any"
        assert entry.path == entry.dir / entry.file
        assert entry.lock_path == entry.dir / "foo-1.0-py3-none-any.lock"
        assert entry.with_file("other").path == entry.dir / "other"

    def test_single_string_is_one_part(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        entry = cache.entry(CacheBucket.SIMPLE, "pypi", "foo.pfcr")
        assert entry.path == tmp_path / "simple-v0" / "pypi" / "foo.pfcr"

    def test_entry_directly_in_the_bucket(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        entry = cache.entry(CacheBucket.INTERPRETER, [], "0123456789abcdef.json")
        assert entry.path == tmp_path / "interpreter-v0" / "0123456789abcdef.json"

    def test_shard_entry_and_nesting(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        shard = cache.shard(CacheBucket.GIT, "checkouts", "abc")
        assert shard.dir == tmp_path / "git-v0" / "checkouts" / "abc"
        assert not shard.dir.exists()
        assert shard.ensure().is_dir()
        assert shard.shard("deadbeef").entry("x") == CacheEntry(shard.dir / "deadbeef", "x")

    @pytest.mark.parametrize("part", ["", ".", "..", "a/b", "a\\b", "nul\0", "C:evil"])
    def test_rejects_escaping_parts(self, tmp_path: Path, part: str) -> None:
        cache = Cache.from_path(tmp_path)
        with pytest.raises(InvalidCacheKey) as info:
            cache.entry(CacheBucket.SIMPLE, ["pypi", part], "x")
        assert isinstance(info.value, ValueError)
        with pytest.raises(InvalidCacheKey):
            cache.entry(CacheBucket.SIMPLE, "pypi", part)

    def test_entries_are_immutable_values(self, tmp_path: Path) -> None:
        entry = CacheEntry(tmp_path, "a")
        assert entry == CacheEntry(tmp_path, "a")
        assert len({entry, CacheEntry(tmp_path, "a")}) == 1
        with pytest.raises(AttributeError):
            entry.file = "b"  # type: ignore[misc]


def test_all_is_sorted_and_complete() -> None:
    assert puffin_cache.__all__ == sorted(puffin_cache.__all__)
    public = {n for n in dir(puffin_cache) if not n.startswith("_") and n != "errors"}
    assert set(puffin_cache.__all__) == public
