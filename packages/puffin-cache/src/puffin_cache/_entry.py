"""Shards and entries: where in a bucket a piece of data lives."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from puffin_cache._bucket import check_part
from puffin_cache._frozen import Frozen, set_field
from puffin_cache._lock import lock_path
from puffin_cache.errors import CacheWriteError

__all__ = ["CacheEntry", "CacheShard"]


class CacheEntry(Frozen):
    """One file (or directory) of the cache: *file* inside the directory *dir*.

    >>> entry = CacheEntry(Path("/c/simple-v0/pypi"), "foo.pfcr")
    >>> entry.path.as_posix(), entry.lock_path.name
    ('/c/simple-v0/pypi/foo.pfcr', 'foo.pfcr.lock')
    """

    __match_args__ = ("dir", "file")
    __slots__ = __match_args__

    dir: Path
    file: str

    def __init__(self, dir: Path, file: str) -> None:
        set_field(self, "dir", dir)
        set_field(self, "file", file)
        check_part(file)

    @property
    def path(self) -> Path:
        """The full path of the entry."""
        return self.dir / self.file

    @property
    def lock_path(self) -> Path:
        """The lock file beside the entry (see `LockedFile`)."""
        return lock_path(self.path)

    def with_file(self, file: str) -> Self:
        """The entry named *file* in the same directory."""
        return type(self)(self.dir, file)


class CacheShard(Frozen):
    """A directory inside a bucket, grouping entries (e.g. one index's pages).

    >>> shard = CacheShard(Path("/c/wheels-v0")).shard("pypi")
    >>> shard.entry("foo-1.0-py3-none-any").path.as_posix()
    '/c/wheels-v0/pypi/foo-1.0-py3-none-any'
    """

    __match_args__ = ("dir",)
    __slots__ = __match_args__

    dir: Path

    def __init__(self, dir: Path) -> None:
        set_field(self, "dir", dir)

    def entry(self, file: str) -> CacheEntry:
        """The entry named *file* in this shard."""
        return CacheEntry(self.dir, file)

    def shard(self, *parts: str) -> Self:
        """A sub-directory of this shard."""
        return type(self)(self.dir.joinpath(*(check_part(p) for p in parts)))

    def ensure(self) -> Path:
        """Create the directory if needed and return it.

        :raises CacheWriteError: it cannot be created.
        """
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheWriteError(self.dir, exc.strerror or str(exc)) from exc
        return self.dir
