"""Buckets, shards and entries: where in the cache a piece of data lives."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from puffin_cache._lock import lock_path
from puffin_cache.errors import CacheWriteError, InvalidCacheKey

__all__ = ["CacheBucket", "CacheEntry", "CacheShard", "check_part"]


class CacheBucket(enum.StrEnum):
    """A top-level cache folder; the ``-vN`` suffix changes whenever its format does,
    so that a new puffin never reads data an old one wrote differently.

    >>> CacheBucket.WHEELS.folder
    'wheels-v0'
    """

    SIMPLE = "simple-v0"
    """``<index>/<package>.<ext>``: simple-API responses, transformed, with cache policy."""
    WHEELS = "wheels-v0"
    """``<index>/<wheel stem>/`` and ``url/<digest>/<wheel stem>/``: unzipped wheels."""
    WHEEL_METADATA = "wheel-metadata-v0"
    """``<index>/<wheel stem>.<ext>``: METADATA of remote wheels."""
    BUILT_WHEELS = "built-wheels-v0"
    """``<index>|url/<digest>|path/<digest>|git/<digest>/<sha>`` then ``<sdist>/``."""
    GIT = "git-v0"
    """``db/<digest>`` and ``checkouts/<digest>/<sha>``: git repositories."""
    INTERPRETER = "interpreter-v0"
    """``<digest(executable)>.<ext>``: interpreter query results."""
    ARCHIVE = "archive-v0"
    """Content-addressed unpacked archives, for callers that link to them by id."""

    @property
    def folder(self) -> str:
        """The folder name inside the cache root."""
        return self.value


def check_part(part: str) -> str:
    """Return *part* if it is safe as one path component inside a bucket.

    >>> check_part("foo-1.0")
    'foo-1.0'
    >>> check_part("../etc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    puffin_cache.errors.InvalidCacheKey: invalid cache key part '../etc': ...
    """
    if (
        not part
        or part in {".", ".."}
        or "/" in part
        or "\\" in part
        or "\0" in part
        or (len(part) >= 2 and part[1] == ":")
    ):
        raise InvalidCacheKey(part)
    return part


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One file (or directory) of the cache: *file* inside the directory *dir*.

    >>> entry = CacheEntry(Path("/c/simple-v0/pypi"), "foo.pfcr")
    >>> entry.path.as_posix(), entry.lock_path.name
    ('/c/simple-v0/pypi/foo.pfcr', 'foo.pfcr.lock')
    """

    dir: Path
    file: str

    def __post_init__(self) -> None:
        check_part(self.file)

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


@dataclass(frozen=True, slots=True)
class CacheShard:
    """A directory inside a bucket, grouping entries (e.g. one index's pages).

    >>> shard = CacheShard(Path("/c/wheels-v0")).shard("pypi")
    >>> shard.entry("foo-1.0-py3-none-any").path.as_posix()
    '/c/wheels-v0/pypi/foo-1.0-py3-none-any'
    """

    dir: Path

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
