"""Tests of atomic file writes, directory persistence and temporary build directories."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from puffin_cache import (
    TEMP_PREFIX,
    Cache,
    CacheBucket,
    CacheWriteError,
    persist_dir,
    remove_tree,
    write_atomic,
    write_atomic_text,
)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


class TestWriteAtomic:
    def test_writes_and_replaces(self, tmp_path: Path) -> None:
        target = tmp_path / "deep" / "er" / "file.bin"
        write_atomic(target, b"one")
        write_atomic(target, bytearray(b"two"))
        assert target.read_bytes() == b"two"
        assert _leftovers(target.parent) == []

    def test_text_keeps_newlines(self, tmp_path: Path) -> None:
        write_atomic_text(tmp_path / "t.txt", "a\r\nb\n", fsync=True)
        assert (tmp_path / "t.txt").read_bytes() == b"a\r\nb\n"

    @pytest.mark.skipif(os.name != "posix", reason="umask is POSIX")
    def test_mode_follows_umask(self, tmp_path: Path) -> None:
        old = os.umask(0o022)
        try:
            write_atomic(tmp_path / "f", b"x")
        finally:
            os.umask(old)
        assert (tmp_path / "f").stat().st_mode & 0o777 == 0o644

    def test_failed_rename_leaves_old_content_and_no_temp_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "file"
        write_atomic(target, b"old")

        def broken_replace(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", broken_replace)
        with pytest.raises(CacheWriteError) as info:
            write_atomic(target, b"new")
        assert "No space left" in str(info.value)
        assert info.value.path == target
        assert target.read_bytes() == b"old"
        assert _leftovers(tmp_path) == []

    def test_failure_while_writing_leaves_no_temp_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken_fsync(fd: int) -> None:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fsync", broken_fsync)
        with pytest.raises(CacheWriteError):
            write_atomic(tmp_path / "file", b"data", fsync=True)
        assert list(tmp_path.iterdir()) == []

    def test_interrupt_leaves_no_temp_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def interrupted(src: object, dst: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_atomic(tmp_path / "file", b"data")
        assert list(tmp_path.iterdir()) == []

    def test_unwritable_parent_is_a_cache_error(self, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("x")
        with pytest.raises(CacheWriteError):
            write_atomic(tmp_path / "file" / "child", b"data")


class TestPersistDir:
    def _build(self, parent: Path, content: str) -> Path:
        temp = parent / f"{TEMP_PREFIX}{content}"
        (temp / "pkg").mkdir(parents=True)
        (temp / "pkg" / "__init__.py").write_text(content)
        return temp

    def test_renames_into_place(self, tmp_path: Path) -> None:
        temp = self._build(tmp_path, "ours")
        target = tmp_path / "a" / "entry"
        assert persist_dir(temp, target) == target
        assert (target / "pkg" / "__init__.py").read_text() == "ours"
        assert not temp.exists()

    def test_target_that_appeared_first_wins(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"
        persist_dir(self._build(tmp_path, "theirs"), target)
        ours = self._build(tmp_path, "ours")
        assert persist_dir(ours, target) == target
        assert (target / "pkg" / "__init__.py").read_text() == "theirs"
        assert not ours.exists()
        assert _leftovers(tmp_path) == []

    def test_target_that_is_a_file_is_an_error(self, tmp_path: Path) -> None:
        (tmp_path / "entry").write_text("not a dir")
        temp = self._build(tmp_path, "ours")
        with pytest.raises(CacheWriteError):
            persist_dir(temp, tmp_path / "entry")

    def test_threads_racing_all_get_one_complete_entry(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"
        barrier = threading.Barrier(8)
        results: list[Path] = []

        def worker(index: int) -> None:
            temp = self._build(tmp_path, f"w{index}")
            barrier.wait()
            results.append(persist_dir(temp, target))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [target] * 8
        assert (target / "pkg" / "__init__.py").read_text().startswith("w")
        assert _leftovers(tmp_path) == []


class TestCacheTempDir:
    def test_inside_the_bucket(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        with cache.temp_dir(CacheBucket.WHEELS) as temp:
            assert temp.parent == tmp_path / "wheels-v0"
            assert temp.name.startswith(TEMP_PREFIX)
            assert temp.is_dir()

    def test_removed_on_failure(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        with pytest.raises(RuntimeError), cache.temp_dir(CacheBucket.WHEELS) as temp:
            (temp / "half-written").write_text("x")
            raise RuntimeError("unzip failed")
        assert not temp.exists()
        assert _leftovers(tmp_path / "wheels-v0") == []

    def test_persisted_inside_the_block(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        entry = cache.entry(CacheBucket.WHEELS, "pypi", "foo-1.0-py3-none-any")
        with cache.temp_dir(CacheBucket.WHEELS) as temp:
            (temp / "foo.py").write_text("x = 1\n")
            persist_dir(temp, entry.path)
        assert (entry.path / "foo.py").read_text() == "x = 1\n"
        assert _leftovers(tmp_path / "wheels-v0") == []

    def test_not_persisted_is_removed(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        with cache.temp_dir(CacheBucket.BUILT_WHEELS) as temp:
            (temp / "x").write_text("x")
        assert not temp.exists()


class TestRemoveTree:
    def test_removes_read_only_trees_and_missing_paths(self, tmp_path: Path) -> None:
        tree = tmp_path / "tree"
        (tree / "sub").mkdir(parents=True)
        (tree / "sub" / "ro").write_text("x")
        (tree / "sub" / "ro").chmod(0o444)
        remove_tree(tree)
        assert not tree.exists()
        remove_tree(tree)

    def test_removes_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_text("x")
        remove_tree(tmp_path / "f")
        assert not (tmp_path / "f").exists()
