"""From requirements to dependencies: overrides, constraints, markers, extras, as uv does it.

`DependencyRules` applies a manifest's overrides and constraints to lists of
requirements (the root's, or a distribution's ``Requires-Dist``) and turns the
result into ``(package, range)`` pairs in uv's order: each requirement, followed
by the constraints on its name.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from puffin_pep508 import (
    MarkerAnd,
    MarkerExpression,
    MarkerOperator,
    Pep508Error,
    Requirement,
    VerbatimUrl,
)
from puffin_resolver._packages import Package
from puffin_resolver._range import Range

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from puffin_normalize import ExtraName, PackageName
    from puffin_pep440 import VersionSpecifiers
    from puffin_pep508 import MarkerEnvironment, MarkerTree
    from puffin_resolver._manifest import Manifest

__all__ = ["DependencyRules"]

_FULL = Range.full()


def _top_level_extra(marker: MarkerTree | None) -> MarkerExpression | None:
    """The ``extra == "x"`` clause of *marker*, alone or in its top-level ``and``."""
    if isinstance(marker, MarkerExpression):
        candidates: tuple[MarkerTree, ...] = (marker,)
    elif isinstance(marker, MarkerAnd):
        candidates = marker.children
    else:
        return None
    for child in candidates:
        if (
            isinstance(child, MarkerExpression)
            and child.op is MarkerOperator.EQUAL
            and child.extra_name() is not None
        ):
            return child
    return None


class DependencyRules:
    """The overrides, constraints and marker environment of one resolution."""

    def __init__(self, manifest: Manifest, markers: MarkerEnvironment) -> None:
        """Rules from *manifest*, for the environment *markers*."""
        self.markers = markers
        self.overrides: dict[str, list[Requirement]] = {}
        for sourced in manifest.overrides:
            requirement = sourced.requirement
            self.overrides.setdefault(requirement.name, []).append(requirement)
        self.constraints: dict[str, list[Requirement]] = {}
        for sourced in manifest.constraints:
            requirement = sourced.requirement
            self.constraints.setdefault(requirement.name, []).append(requirement)
        self._ranges: dict[VersionSpecifiers, Range] = {}
        self._marker_keys: dict[int, tuple[MarkerTree, str | None]] = {}
        self._applies: dict[tuple[int, ExtraName | None], tuple[Requirement, bool]] = {}

    # -- markers ------------------------------------------------------------------

    def applies(self, requirement: Requirement, extra: ExtraName | None = None) -> bool:
        """Whether *requirement* counts: without *extra*, when its marker holds; with it,
        when its marker holds only because *extra* is requested."""
        marker = requirement.marker
        if marker is None:
            return extra is None
        key = (id(requirement), extra)
        cached = self._applies.get(key)
        if cached is not None and cached[0] is requirement:
            return cached[1]
        if extra is None:
            result = self._holds(marker, ())
        else:
            result = not self._holds(marker, ()) and self._holds(marker, (extra,))
        self._applies[key] = (requirement, result)
        return result

    def _holds(self, marker: MarkerTree, extras: Sequence[str]) -> bool:
        try:
            return marker.evaluate(self.markers, extras)
        except Pep508Error:
            return False

    def marker_key(self, marker: MarkerTree | None) -> str | None:
        """*marker* with every ``extra == "x"`` clause taken as true, as text; None when
        nothing is left (uv keys its proxy packages by this)."""
        if marker is None:
            return None
        cached = self._marker_keys.get(id(marker))
        if cached is not None and cached[0] is marker:
            return cached[1]
        extras = marker.extras()
        simplified = marker.simplify_extras(extras) if extras else marker
        key = None if isinstance(simplified, bool) else str(simplified)
        self._marker_keys[id(marker)] = (marker, key)
        return key

    # -- overrides and constraints ------------------------------------------------------

    def _overridden(self, requirements: Iterable[Requirement]) -> Iterator[Requirement]:
        overrides = self.overrides
        for requirement in requirements:
            replacements = overrides.get(requirement.name)
            if replacements is None:
                yield requirement
                continue
            extra = _top_level_extra(requirement.marker)
            if extra is None:
                yield from replacements
                continue
            # An optional dependency stays optional for the same extra once overridden.
            for replacement in replacements:
                marker = extra if replacement.marker is None else extra & replacement.marker
                yield Requirement(
                    replacement.name, replacement.extras, replacement.version_or_url, marker
                )

    def _constraints_for(
        self, requirement: Requirement, extra: ExtraName | None
    ) -> Iterator[Requirement]:
        for constraint in self.constraints.get(requirement.name, ()):
            marker = constraint.marker
            if marker is not None and not self._holds(marker, (extra,) if extra else ()):
                continue
            # A constraint applies where the requirement does: it takes its marker.
            if requirement.marker is not None:
                combined = requirement.marker if marker is None else marker & requirement.marker
                constraint = Requirement(
                    constraint.name, constraint.extras, constraint.version_or_url, combined
                )
            yield constraint

    def for_extra(
        self, requirements: Iterable[Requirement], extra: ExtraName | None
    ) -> Iterator[Requirement]:
        """*requirements* overridden, those that apply (for *extra*), each followed by the
        constraints on its name."""
        for requirement in self._overridden(requirements):
            if not self.applies(requirement, extra):
                continue
            yield requirement
            if self.constraints:
                yield from self._constraints_for(requirement, extra)

    def flatten(
        self,
        requirements: Sequence[Requirement],
        extra: ExtraName | None,
        name: PackageName | None,
    ) -> list[Requirement]:
        """What project *name* (or the root, for None) depends on, for *extra*.

        A project that requires its own extras (``foo[all]`` requiring ``foo[a,b]``)
        gets the requirements of those extras directly, and version bounds it sets on
        itself stay as requirements on its plain name.
        """
        if name is None or not any(r.name == name and r.extras for r in requirements):
            return list(self.for_extra(requirements, extra))
        flattened = list(self.for_extra(requirements, extra))
        queue = deque(e for r in flattened if r.name == name for e in r.extras)
        seen: set[ExtraName] = set()
        while queue:
            included = queue.popleft()
            if included in seen:
                continue
            seen.add(included)
            for requirement in self.for_extra(requirements, included):
                if requirement.name == name:
                    queue.extend(requirement.extras)
                else:
                    flattened.append(requirement)
        bounds = [
            Requirement(r.name, (), r.version_or_url, r.marker)
            for r in flattened
            if r.name == name and r.version_or_url
        ]
        kept = [r for r in flattened if r.name != name or not r.extras]
        return kept + bounds

    # -- packages and ranges ---------------------------------------------------------------

    def range(self, requirement: Requirement) -> Range:
        """The versions *requirement* allows (every version for a URL requirement)."""
        specifiers = requirement.version_or_url
        if specifiers is None or isinstance(specifiers, VerbatimUrl):
            return _FULL
        found = self._ranges.get(specifiers)
        if found is None:
            found = self._ranges[specifiers] = Range.from_specifiers(specifiers)
        return found

    def packages(self, requirement: Requirement) -> list[Package]:
        """The packages a dependency on *requirement* is on: one proxy per extra, a marker
        proxy for a marker that is left once extras are decided, else the project."""
        marker = self.marker_key(requirement.marker)
        name = requirement.name
        if requirement.extras:
            return [Package.extra_proxy(name, extra, marker) for extra in requirement.extras]
        if marker is not None:
            return [Package.marker_proxy(name, marker)]
        return [Package.base(name)]
