"""`Priorities`: the order in which packages are decided, as uv orders them.

A package's priority is its name's: URL packages first, then names pinned to one
version (``==``), then every other name in the order the resolution first met it
(first met, first decided). Names that keep causing conflicts move up or down
(`mark_conflict_early`, `mark_conflict_late`). The proxies and extras of one name
share its priority, and among them the first met comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable

    from puffin_resolver._packages import Package
    from puffin_resolver._range import Range

__all__ = ["CONFLICT_THRESHOLD", "ConflictTracker", "Priorities", "Priority"]

UNSPECIFIED: Final = 0
CONFLICT_LATE: Final = 1
CONFLICT_EARLY: Final = 2
SINGLETON: Final = 3
DIRECT_URL: Final = 4
ROOT: Final = 5

CONFLICT_THRESHOLD: Final = 5
"""Conflicts after which a package is decided earlier (affected) or later (culprit)."""

Priority = tuple[int, int, int]
"""(class, -index of the name, -index among the name's packages): higher goes first."""


class Priorities:
    """The priority of every package met so far."""

    __slots__ = ("_classes", "_members", "_order", "changed")

    def __init__(self) -> None:
        self._classes: dict[str, tuple[int, int]] = {}  # name -> (class, index)
        self._members: dict[str, list[Package]] = {}
        self._order: dict[Package, int] = {}  # package -> index among its name's
        self.changed: list[Package] = []
        """Packages whose priority rose since the caller last emptied this list."""

    def insert(self, package: Package, range: Range, *, url: bool) -> None:
        """Register a dependency on *package* in *range* (*url*: its name has a URL)."""
        if package.is_root:
            return
        name = package.name
        members = self._members.get(name)
        if members is None:
            members = self._members[name] = []
        if package not in self._order:
            self._order[package] = len(members)
            members.append(package)
        current = self._classes.get(name)
        index = len(self._classes) if current is None else current[1]
        if url:
            kind = DIRECT_URL
        elif range.exact_version() is not None:
            kind = SINGLETON
        elif current is not None and current[0] in (CONFLICT_EARLY, CONFLICT_LATE):
            return  # kept, lest the name seesaw between the classes
        else:
            kind = UNSPECIFIED
        if current is None:
            self._classes[name] = (kind, index)
        elif kind > current[0]:
            self._classes[name] = (kind, index)
            self.changed.extend(members)

    def _mark(self, package: Package, kind: int, keep: tuple[int, ...]) -> bool:
        name = package.name
        current = self._classes.get(name)
        if current is None:
            self._classes[name] = (kind, len(self._classes))
            self._members[name] = [package]
            self._order[package] = 0
            return True
        if current[0] in keep:
            return False
        self._classes[name] = (kind, current[1])
        self.changed.extend(self._members[name])
        return True

    def mark_conflict_early(self, package: Package) -> bool:
        """Decide *package*'s name earlier: its versions keep being rejected."""
        return self._mark(package, CONFLICT_EARLY, (CONFLICT_EARLY,))

    def mark_conflict_late(self, package: Package) -> bool:
        """Decide *package*'s name later: its versions keep rejecting others."""
        return self._mark(package, CONFLICT_LATE, (CONFLICT_LATE, CONFLICT_EARLY))

    def get(self, package: Package) -> Priority:
        """The priority of *package* (the root's is the highest)."""
        if package.is_root:
            return (ROOT, 0, 0)
        kind, index = self._classes[package.name]
        return (kind, -index, -self._order[package])


class ConflictTracker:
    """Counts conflicts as uv does, to reorder the packages that keep causing them.

    For each step of conflict resolution (and each version rejected because its
    dependencies contradict what is decided), the other packages of the
    incompatibility are culprits, and the package last decided is affected. At
    `CONFLICT_THRESHOLD` an affected package's name is decided earlier, a culprit's
    later, and the culprit's decision is undone.
    """

    __slots__ = ("_affected", "_culprits", "_lower", "_raise")

    def __init__(self) -> None:
        self._culprits: dict[Package, int] = {}
        self._affected: dict[Package, int] = {}
        self._raise: list[Package] = []
        self._lower: list[Package] = []

    def record(self, affected: Package, packages: Iterable[Package], current: Package) -> None:
        """One conflict: *packages* are the incompatibility's, *affected* the package whose
        assignment was at fault, *current* the package of the last decision."""
        real = False
        name = affected.name
        for package in packages:
            if package is affected or package.name == name:
                continue
            real = True
            count = self._culprits[package] = self._culprits.get(package, 0) + 1
            if count == CONFLICT_THRESHOLD:
                self._lower.append(package)
        if real:
            count = self._affected[current] = self._affected.get(current, 0) + 1
            if count == CONFLICT_THRESHOLD:
                self._raise.append(current)

    def reprioritize(self, priorities: Priorities) -> list[Package]:
        """Apply what crossed the threshold to *priorities*; the packages just moved back,
        whose decisions should be undone."""
        if not self._raise and not self._lower:
            return []
        for package in self._raise:
            if not package.is_root:
                priorities.mark_conflict_early(package)
        moved = [p for p in self._lower if not p.is_root and priorities.mark_conflict_late(p)]
        self._raise, self._lower = [], []
        return moved
