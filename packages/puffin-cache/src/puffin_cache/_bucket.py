"""Buckets: the top-level cache folders, and the check that keeps keys inside them."""

from __future__ import annotations

import enum

from puffin_cache.errors import InvalidCacheKey

__all__ = ["CacheBucket", "check_part"]


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
