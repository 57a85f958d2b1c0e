"""Tests of `Cache.clean`, `Cache.clean_package` and `CleanStats`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from puffin_cache import Cache, CacheBucket, CacheDirError, CleanStats, url_digest
from puffin_normalize import PackageName

DIGEST = url_digest("https://example.com/simple")

# Every file of the fixture cache, relative to the root, with its size in bytes.
FILES = {
    "simple-v0/pypi/foo.pfcr": 100,
    "simple-v0/pypi/foo.pfcr.lock": 0,
    "simple-v0/pypi/foo-bar.pfcr": 50,
    f"simple-v0/{DIGEST}/foo.pfcr": 70,
    "wheels-v0/pypi/foo-1.0-py3-none-any/foo/__init__.py": 10,
    "wheels-v0/pypi/foo-1.0-py3-none-any/foo-1.0.dist-info/METADATA": 20,
    "wheels-v0/pypi/Foo-2.0-py3-none-any/foo.py": 5,
    "wheels-v0/pypi/foo_bar-1.0-py3-none-any/foo_bar.py": 7,
    "wheels-v0/pypi/bar-1.0-py3-none-any/foo-1.0.dist-info/METADATA": 9,
    "wheels-v0/pypi/.tmp-abc-foo-1.0-py3-none-any/foo.py": 3,
    "wheels-v0/url/0123456789abcdef/foo-1.0-py3-none-any/foo.py": 11,
    "wheel-metadata-v0/pypi/foo-1.0-py3-none-any.json": 30,
    "wheel-metadata-v0/pypi/foo_bar-1.0-py3-none-any.json": 31,
    "built-wheels-v0/pypi/foo-1.0/metadata.json": 40,
    "built-wheels-v0/pypi/foo-1.0/foo-1.0-py3-none-any.whl": 400,
    "built-wheels-v0/pypi/foo-bar-1.0/metadata.json": 41,
    "built-wheels-v0/git/0123456789abcdef/1234abcd/foo-1.0/metadata.json": 42,
    "built-wheels-v0/path/0123456789abcdef/foo-1.0/metadata.json": 43,
    "interpreter-v0/0123456789abcdef.json": 60,
    "git-v0/db/0123456789abcdef/HEAD": 21,
}


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    cache = Cache.from_path(tmp_path / "cache")
    cache.init()
    for name, size in FILES.items():
        path = cache.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return cache


def _remaining(cache: Cache) -> set[str]:
    return {p.relative_to(cache.root).as_posix() for p in cache.root.rglob("*") if p.is_file()}


class TestCleanPackage:
    def test_removes_the_package_in_every_bucket(self, cache: Cache) -> None:
        removed = {
            "simple-v0/pypi/foo.pfcr",
            "simple-v0/pypi/foo.pfcr.lock",
            f"simple-v0/{DIGEST}/foo.pfcr",
            "wheels-v0/pypi/foo-1.0-py3-none-any/foo/__init__.py",
            "wheels-v0/pypi/foo-1.0-py3-none-any/foo-1.0.dist-info/METADATA",
            "wheels-v0/pypi/Foo-2.0-py3-none-any/foo.py",
            "wheels-v0/url/0123456789abcdef/foo-1.0-py3-none-any/foo.py",
            "wheel-metadata-v0/pypi/foo-1.0-py3-none-any.json",
            "built-wheels-v0/pypi/foo-1.0/metadata.json",
            "built-wheels-v0/pypi/foo-1.0/foo-1.0-py3-none-any.whl",
            "built-wheels-v0/git/0123456789abcdef/1234abcd/foo-1.0/metadata.json",
            "built-wheels-v0/path/0123456789abcdef/foo-1.0/metadata.json",
        }
        stats = cache.clean_package(PackageName.parse("foo"))
        assert _remaining(cache) == set(FILES) - removed | {"CACHEDIR.TAG", ".gitignore"}
        assert stats.files == len(removed)
        assert stats.bytes == sum(FILES[name] for name in removed)
        assert str(stats) == f"Removed 12 files ({stats.bytes}B)"

    def test_never_matches_a_longer_name(self, cache: Cache) -> None:
        cache.clean_package("foo")
        for name in FILES:
            if "foo-bar" in name or "foo_bar" in name:
                assert (cache.root / name).exists(), name

    def test_never_looks_inside_other_entries_or_temp_dirs(self, cache: Cache) -> None:
        cache.clean_package("foo")
        assert (cache.root / "wheels-v0/pypi/bar-1.0-py3-none-any/foo-1.0.dist-info").is_dir()
        assert (cache.root / "wheels-v0/pypi/.tmp-abc-foo-1.0-py3-none-any").is_dir()

    def test_name_with_separators(self, cache: Cache) -> None:
        stats = cache.clean_package("Foo.Bar")
        gone = {name for name in FILES if not (cache.root / name).exists()}
        assert gone == {
            "simple-v0/pypi/foo-bar.pfcr",
            "wheels-v0/pypi/foo_bar-1.0-py3-none-any/foo_bar.py",
            "wheel-metadata-v0/pypi/foo_bar-1.0-py3-none-any.json",
            "built-wheels-v0/pypi/foo-bar-1.0/metadata.json",
        }
        assert stats.files == 4

    def test_unknown_package_and_missing_cache(self, cache: Cache, tmp_path: Path) -> None:
        assert cache.clean_package("nothing-here") == CleanStats()
        empty = Cache.from_path(tmp_path / "never-used")
        assert empty.clean_package("foo") == CleanStats()
        assert not empty.root.exists()


class TestClean:
    def test_removes_everything(self, cache: Cache) -> None:
        tag_bytes = (cache.root / "CACHEDIR.TAG").stat().st_size + 2
        stats = cache.clean()
        assert not cache.root.exists()
        assert stats.files == len(FILES) + 2
        assert stats.bytes == sum(FILES.values()) + tag_bytes

    def test_cache_is_usable_again(self, cache: Cache) -> None:
        cache.clean()
        cache.bucket(CacheBucket.SIMPLE)
        assert (cache.root / "CACHEDIR.TAG").is_file()

    def test_missing_root_is_nothing_to_do(self, tmp_path: Path) -> None:
        assert Cache.from_path(tmp_path / "nope").clean() == CleanStats()

    def test_refuses_a_directory_that_is_not_a_cache(self, tmp_path: Path) -> None:
        (tmp_path / "precious.txt").write_text("keep me")
        with pytest.raises(CacheDirError, match="not a puffin cache"):
            Cache.from_path(tmp_path).clean()
        assert (tmp_path / "precious.txt").exists()

    def test_refuses_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("keep me")
        with pytest.raises(CacheDirError, match="not a directory"):
            Cache.from_path(tmp_path / "file").clean()
        assert (tmp_path / "file").exists()

    @pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
    def test_linked_root_is_emptied_and_stays_usable(self, tmp_path: Path) -> None:
        real = Cache.from_path(tmp_path / "real")
        real.bucket(CacheBucket.SIMPLE)
        (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
        cache = Cache.from_path(tmp_path / "link")
        assert cache.clean().files == 2
        assert (tmp_path / "link").is_symlink()
        assert list((tmp_path / "real").iterdir()) == []
        cache.bucket(CacheBucket.SIMPLE)
        assert (tmp_path / "real" / "simple-v0").is_dir()

    @pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
    def test_read_only_files_and_symlinks(self, cache: Cache, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "keep").write_text("x")
        (cache.root / "git-v0" / "link").symlink_to(outside, target_is_directory=True)
        (cache.root / "git-v0" / "db" / "0123456789abcdef" / "HEAD").chmod(0o444)
        cache.clean()
        assert not cache.root.exists()
        assert (outside / "keep").exists()

    def test_temporary_cache(self) -> None:
        with Cache.temp() as cache:
            cache.bucket(CacheBucket.WHEELS)
            assert cache.clean().files == 2
            assert not cache.root.exists()


class TestCleanStats:
    @pytest.mark.parametrize(
        ("stats", "text"),
        [
            (CleanStats(), "Removed 0 files (0B)"),
            (CleanStats(files=1, bytes=1023), "Removed 1 file (1023B)"),
            (CleanStats(files=12, bytes=3_565_158), "Removed 12 files (3.4MiB)"),
            (CleanStats(files=2, bytes=1024), "Removed 2 files (1.0KiB)"),
            (CleanStats(files=3, bytes=7 * 1024**4), "Removed 3 files (7.0TiB)"),
        ],
    )
    def test_renders(self, stats: CleanStats, text: str) -> None:
        assert str(stats) == text

    def test_adds(self) -> None:
        total = CleanStats(1, 10, 1) + CleanStats(2, 20, 0)
        assert total == CleanStats(files=3, bytes=30, dirs=1)
