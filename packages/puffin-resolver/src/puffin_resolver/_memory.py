"""`InMemoryProvider`: a dependency provider over a registry held in memory."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Generic, TypeVar

from puffin_pep440 import Version, VersionSpecifiers
from puffin_resolver._provider import Unavailable
from puffin_resolver._range import Range

__all__ = ["InMemoryProvider"]

P = TypeVar("P", bound=Hashable)


class InMemoryProvider(Generic[P]):
    """A `DependencyProvider` over packages registered up front, for tests and tools.

    It decides the package with the fewest versions left first and picks
    the highest version in range, as the PubGrub write-up suggests.

    >>> from puffin_resolver import resolve
    >>> registry = InMemoryProvider[str]()
    >>> registry.add("root", "1.0", {"a": ">=1.0"})
    >>> registry.add("a", "1.0")
    >>> registry.add("a", "2.0")
    >>> {name: str(v) for name, v in resolve(registry, "root", Version.parse("1.0")).items()}
    {'root': '1.0', 'a': '2.0'}
    """

    def __init__(self) -> None:
        """An empty registry."""
        self._dependencies: dict[P, dict[Version, Mapping[P, Range] | Unavailable]] = {}
        self._sorted: dict[P, list[Version]] = {}
        #: Every (package, range) the solver announced through `on_package_added`.
        self.announced: list[tuple[P, Range]] = []

    def add(
        self,
        package: P,
        version: Version | str,
        dependencies: Mapping[P, Range | str] | Unavailable | None = None,
    ) -> None:
        """Register *version* of *package* with its *dependencies*.

        Ranges may be given as specifier text (``">=1.0, <2"``); ``""`` is
        every version. An `Unavailable` marks a version whose dependencies
        cannot be known.
        """
        if isinstance(version, str):
            version = Version.parse(version)
        resolved: Mapping[P, Range] | Unavailable
        if isinstance(dependencies, Unavailable):
            resolved = dependencies
        else:
            resolved = {name: _range(spec) for name, spec in (dependencies or {}).items()}
        self._dependencies.setdefault(package, {})[version] = resolved
        self._sorted.pop(package, None)

    def versions(self, package: P) -> list[Version]:
        """The registered versions of *package*, ascending."""
        versions = self._sorted.get(package)
        if versions is None:
            versions = self._sorted[package] = sorted(self._dependencies.get(package, ()))
        return versions

    def prioritize(self, package: P, range: Range) -> int:
        """Fewer versions left in *range*, higher priority."""
        return -range.count_in(self.versions(package))

    def choose_version(self, package: P, range: Range) -> Version | None:
        """The highest registered version in *range*."""
        return range.highest_in(self.versions(package))

    def get_dependencies(self, package: P, version: Version) -> Mapping[P, Range] | Unavailable:
        """The registered dependencies of *version*.

        :raises KeyError: for a version never registered.
        """
        return self._dependencies[package][version]

    def on_package_added(self, package: P, range: Range) -> None:
        """Record the announcement in `announced`."""
        self.announced.append((package, range))


def _range(spec: Range | str) -> Range:
    if isinstance(spec, Range):
        return spec
    return Range.from_specifiers(VersionSpecifiers.parse(spec))
