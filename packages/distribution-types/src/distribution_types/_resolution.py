"""`Resolution`: the one distribution chosen for each package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeAlias

from distribution_types._base import Dist
from distribution_types._installed import InstalledDist
from distribution_types.errors import DuplicateDist
from puffin_normalize import PackageName
from puffin_pep440 import Operator, Version, VersionSpecifier, VersionSpecifiers
from puffin_pep508 import Requirement

__all__ = ["Resolution", "ResolvedDist"]

ResolvedDist: TypeAlias = Dist | InstalledDist
"""What a resolution picks for a package: a dist to fetch, or one installed already."""


class Resolution(Mapping[PackageName, ResolvedDist]):
    """An immutable mapping from package name to its resolved dist, iterated by name.

    >>> from puffin_pep508 import VerbatimUrl
    >>> resolution = Resolution([
    ...     Dist.from_url("zed", VerbatimUrl.parse_url("https://example.com/zed-1.0.tar.gz")),
    ...     Dist.from_url("alpha", VerbatimUrl.parse_url("https://example.com/alpha-2.0.zip")),
    ... ])
    >>> list(resolution)
    [<PackageName('alpha')>, <PackageName('zed')>]
    >>> [str(requirement) for requirement in resolution.requirements()]
    ['alpha @ https://example.com/alpha-2.0.zip', 'zed @ https://example.com/zed-1.0.tar.gz']
    """

    __slots__ = ("_dists",)

    _dists: dict[PackageName, ResolvedDist]

    def __init__(
        self, dists: Iterable[ResolvedDist] | Mapping[PackageName, ResolvedDist] = ()
    ) -> None:
        """Build from dists (or a mapping of name to dist); raise `DuplicateDist`
        when two dists share a package name.
        """
        values = dists.values() if isinstance(dists, Mapping) else dists
        by_name: dict[PackageName, ResolvedDist] = {}
        for dist in values:
            previous = by_name.get(dist.name)
            if previous is not None and previous != dist:
                raise DuplicateDist(dist.name, str(previous), str(dist))
            by_name[dist.name] = dist
        self._dists = dict(sorted(by_name.items()))

    def __getitem__(self, name: PackageName) -> ResolvedDist:
        return self._dists[name]

    def __iter__(self) -> Iterator[PackageName]:
        return iter(self._dists)

    def __len__(self) -> int:
        return len(self._dists)

    def __contains__(self, name: object) -> bool:
        return name in self._dists

    def dists(self) -> Iterator[ResolvedDist]:
        """The resolved dists, sorted by package name."""
        return iter(self._dists.values())

    def requirements(self) -> list[Requirement]:
        """A requirement per package pinning what was resolved: ``name==version`` or
        ``name @ url``, sorted by name.
        """
        return [_requirement(dist) for dist in self._dists.values()]

    def __repr__(self) -> str:
        inner = ", ".join(str(dist) for dist in self._dists.values())
        return f"<Resolution([{inner}])>"


def _requirement(dist: ResolvedDist) -> Requirement:
    version_or_url = dist.version_or_url
    if isinstance(version_or_url, Version):
        pin = VersionSpecifiers([VersionSpecifier(Operator.EQUAL, version_or_url)])
        return Requirement(dist.name, version_or_url=pin)
    return Requirement(dist.name, version_or_url=version_or_url)
