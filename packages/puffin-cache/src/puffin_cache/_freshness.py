"""Freshness: whether a cache entry may be used as is or must be revalidated."""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Iterable
from typing import Self

from puffin_cache._frozen import Frozen, set_field
from puffin_normalize import PackageName

__all__ = ["Freshness", "Refresh", "Timestamp"]


class Timestamp(Frozen):
    """A modification time in nanoseconds, to tell whether a source changed since it was
    cached (for example an interpreter executable, or a local source tree).

    >>> Timestamp(5) < Timestamp(7)
    True
    """

    __match_args__ = ("ns",)
    __slots__ = __match_args__

    ns: int

    def __init__(self, ns: int) -> None:
        set_field(self, "ns", ns)

    def __lt__(self, other: Timestamp) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.ns < other.ns

    def __le__(self, other: Timestamp) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.ns <= other.ns

    def __gt__(self, other: Timestamp) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.ns > other.ns

    def __ge__(self, other: Timestamp) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.ns >= other.ns

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Self:
        """The modification time of *path* (following symlinks).

        :raises OSError: *path* cannot be stat'ed.
        """
        return cls(os.stat(path).st_mtime_ns)

    @classmethod
    def now(cls) -> Self:
        """The current time."""
        return cls(time.time_ns())


class Freshness(enum.Enum):
    """The state of a cache entry for this run."""

    FRESH = "fresh"
    """Present and usable without asking the source."""
    STALE = "stale"
    """Present but must be revalidated (``--refresh``) before use."""
    MISSING = "missing"
    """Not in the cache."""


class Refresh(Frozen):
    """Which entries this run must revalidate: none, all, or those of some packages,
    in each case only entries written before the run started (``timestamp``), so that
    what this run fetched itself is not fetched twice.

    >>> Refresh.none().is_stale(Timestamp(0), PackageName.parse("foo"))
    False
    >>> refresh = Refresh.packages(["Foo"], timestamp=Timestamp(10))
    >>> refresh.is_stale(Timestamp(9), PackageName.parse("foo")), refresh.is_stale(
    ...     Timestamp(9), PackageName.parse("bar"))
    (True, False)
    """

    __match_args__ = ("timestamp", "all_packages", "names")
    __slots__ = __match_args__

    timestamp: Timestamp
    all_packages: bool
    names: frozenset[PackageName]

    def __init__(
        self,
        timestamp: Timestamp,
        all_packages: bool = False,
        names: frozenset[PackageName] = frozenset(),
    ) -> None:
        set_field(self, "timestamp", timestamp)
        set_field(self, "all_packages", all_packages)
        set_field(self, "names", names)

    @classmethod
    def none(cls) -> Self:
        """Trust every entry (the default)."""
        return cls(Timestamp(0))

    @classmethod
    def everything(cls, *, timestamp: Timestamp | None = None) -> Self:
        """Revalidate every entry written before *timestamp* (default: now)."""
        return cls(timestamp or Timestamp.now(), all_packages=True)

    @classmethod
    def packages(cls, names: Iterable[str], *, timestamp: Timestamp | None = None) -> Self:
        """Revalidate the entries of *names* written before *timestamp* (default: now)."""
        parsed = frozenset(PackageName.parse(name) for name in names)
        return cls(timestamp or Timestamp.now(), names=parsed)

    def is_stale(self, written: Timestamp, package: PackageName | None = None) -> bool:
        """Whether an entry written at *written* (of *package*, if it belongs to one)
        must be revalidated."""
        applies = self.all_packages or (package is not None and package in self.names)
        return applies and written < self.timestamp

    def freshness(
        self, path: str | os.PathLike[str], package: PackageName | None = None
    ) -> Freshness:
        """The `Freshness` of the cache entry at *path*."""
        try:
            written = Timestamp.from_path(path)
        except OSError:
            return Freshness.MISSING
        return Freshness.STALE if self.is_stale(written, package) else Freshness.FRESH
