"""Errors of puffin-cache.

::

    PuffinCacheError
    ├── CacheDirError                    the cache root cannot be created or written
    ├── CacheWriteError                  a file or directory could not be put in place
    ├── InvalidCacheKey (also ValueError)  a shard or entry name that would leave its bucket
    └── LockTimeout (also TimeoutError)  another process held a lock for too long

A corrupt, truncated or foreign record is not an error: it reads as a miss.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CacheDirError",
    "CacheWriteError",
    "InvalidCacheKey",
    "LockTimeout",
    "PuffinCacheError",
]


class PuffinCacheError(Exception):
    """Root of every error raised by puffin-cache."""


class CacheDirError(PuffinCacheError):
    """The cache root cannot be created or written (read-only, a file, no permission)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"cannot use cache directory {self.path}: {self.reason}"


class CacheWriteError(PuffinCacheError):
    """A file or directory could not be written into the cache."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"cannot write cache entry {self.path}: {self.reason}"


class InvalidCacheKey(PuffinCacheError, ValueError):
    """A path part that is empty, ``.``/``..``, or holds a separator or NUL."""

    def __init__(self, part: str) -> None:
        self.part = part
        super().__init__(part)

    def __str__(self) -> str:
        return (
            f"invalid cache key part {self.part!r}: parts must be non-empty, not '.' or '..', "
            "and hold no path separator or NUL"
        )


class LockTimeout(PuffinCacheError, TimeoutError):
    """A cache lock stayed held by someone else for longer than the timeout."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        super().__init__(path, timeout)

    def __str__(self) -> str:
        return (
            f"timed out after {self.timeout:g}s waiting for the cache lock {self.path}: "
            "another puffin process is still working on this entry"
        )
