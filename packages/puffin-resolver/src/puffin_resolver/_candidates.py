"""`CandidateSelector`: which version of a package to try next, as uv chooses it.

In order: a preference (a pin of the existing output file) when it is in range;
else the highest version in range (the lowest with ``--resolution lowest``, and
for direct requirements with ``lowest-direct``), among stable versions first when
pre-releases are only allowed if necessary. Which version that is depends on the
range alone, never on what was tried before, so that what PubGrub learns stays
true.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from puffin_pep440 import Operator, Version
from puffin_pep508 import Pep508Error
from puffin_resolver._manifest import PrereleaseMode, ResolutionMode

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from puffin_normalize import PackageName
    from puffin_pep508 import MarkerEnvironment, Requirement
    from puffin_resolver._manifest import Manifest, ResolveOptions
    from puffin_resolver._range import Range
    from puffin_resolver._version_map import VersionMap

__all__ = ["CandidateSelector", "Selection", "exact_pins", "first_party"]


class Selection(enum.Enum):
    """Which versions of one package may be tried."""

    ALLOW = "allow"
    DISALLOW = "disallow"
    PREFER_STABLE = "prefer-stable"


def first_party(manifest: Manifest, markers: MarkerEnvironment) -> list[Requirement]:
    """The requirements, constraints and overrides of *manifest* whose markers hold."""
    found = []
    for group in (manifest.requirements, manifest.constraints, manifest.overrides):
        for sourced in group:
            requirement = sourced.requirement
            if evaluate(requirement, markers):
                found.append(requirement)
    return found


def evaluate(
    requirement: Requirement, markers: MarkerEnvironment, extras: Sequence[str] = ()
) -> bool:
    """Whether the marker of *requirement* holds; a marker that cannot be evaluated does not."""
    marker = requirement.marker
    if marker is None:
        return True
    try:
        return marker.evaluate(markers, extras)
    except Pep508Error:
        return False


def exact_pins(requirements: Iterable[Requirement]) -> frozenset[tuple[str, Version]]:
    """The ``(name, version)`` that requirements pin with one ``==`` or ``===`` specifier
    (``foo==1.0``; not ``foo==1.0,<2``), as uv allows yanked versions for."""
    pins: set[tuple[str, Version]] = set()
    for requirement in requirements:
        specifiers = requirement.specifiers
        if len(specifiers) != 1:
            continue
        specifier = specifiers[0]
        if specifier.operator is Operator.EQUAL:
            pins.add((requirement.name, specifier.version))
        elif specifier.operator is Operator.EXACT_EQUAL:
            try:
                pins.add((requirement.name, Version.parse(specifier.arbitrary or "")))
            except ValueError:
                continue
    return frozenset(pins)


class CandidateSelector:
    """Chooses the version to try for a package within a range (see the module doc)."""

    def __init__(
        self, manifest: Manifest, options: ResolveOptions, markers: MarkerEnvironment
    ) -> None:
        """A selector for one resolution of *manifest*."""
        mode = options.prerelease
        requirements = first_party(manifest, markers)
        self._default = Selection.PREFER_STABLE
        if mode is PrereleaseMode.ALLOW:
            self._default = Selection.ALLOW
        elif mode in (PrereleaseMode.DISALLOW, PrereleaseMode.EXPLICIT):
            self._default = Selection.DISALLOW
        self._explicit: frozenset[str] = frozenset()
        if mode is PrereleaseMode.EXPLICIT:
            self._explicit = frozenset(
                requirement.name
                for requirement in requirements
                if any(specifier.any_prerelease for specifier in requirement.specifiers)
            )
        self._lowest = options.resolution is ResolutionMode.LOWEST
        self._lowest_names: frozenset[str] = frozenset()
        if options.resolution is ResolutionMode.LOWEST_DIRECT:
            self._lowest_names = frozenset(
                sourced.requirement.name
                for sourced in manifest.requirements
                if evaluate(sourced.requirement, markers)
            )
        self._preferences: dict[str, list[Version]] = {}
        if not manifest.upgrade:
            for requirement in manifest.preferences:
                if requirement.name in manifest.upgrade_packages:
                    continue
                specifiers = list(requirement.specifiers)
                if len(specifiers) == 1 and specifiers[0].operator is Operator.EQUAL:
                    self._preferences.setdefault(requirement.name, []).append(specifiers[0].version)

    def selection(self, name: PackageName) -> Selection:
        """Which versions of *name* may be tried."""
        if name in self._explicit:
            return Selection.PREFER_STABLE
        return self._default

    def use_highest(self, name: PackageName) -> bool:
        """Whether the highest version of *name* is tried first (else the lowest)."""
        return not (self._lowest or name in self._lowest_names)

    def preferred(self, name: PackageName) -> Sequence[Version]:
        """The preferred versions of *name* (pins of the existing output)."""
        return self._preferences.get(name, ())

    def preference_pins(self) -> frozenset[tuple[str, Version]]:
        """Every ``(name, version)`` preferred (upgrades left out): uv allows them yanked."""
        return frozenset(
            (name, version) for name, versions in self._preferences.items() for version in versions
        )

    def select(
        self, name: PackageName, range: Range, versions: VersionMap, *, prefer: bool = True
    ) -> Version | None:
        """The version of *name* to try within *range*, or None when none is left.

        Without *prefer*, preferences are not looked at.
        """
        selection = self.selection(name)
        highest = self.use_highest(name)
        preferred = self._preferences.get(name) if prefer else None
        if preferred:
            ordered = sorted(preferred, reverse=highest) if len(preferred) > 1 else preferred
            for version in ordered:
                if not range.contains(version) or version not in versions:
                    continue
                # A pre-release pinned in the existing output stays, unless banned.
                if version.is_prerelease and selection is Selection.DISALLOW:
                    continue
                return version
        if selection is Selection.ALLOW:
            return _pick(range, versions.versions, highest)
        found = _pick(range, versions.stable, highest)
        if found is None and selection is Selection.PREFER_STABLE:
            found = _pick(range, versions.prereleases, highest)
        return found


def _pick(range: Range, versions: Sequence[Version], highest: bool) -> Version | None:
    return range.highest_in(versions) if highest else range.lowest_in(versions)
