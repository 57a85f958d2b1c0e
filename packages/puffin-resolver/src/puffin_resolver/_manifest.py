"""What to resolve and how: `Manifest`, `ResolveOptions`, `BuildOptions`, `PythonRequirement`."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final

from puffin_normalize import PackageName
from puffin_resolver._frozen import Frozen, set_field

if TYPE_CHECKING:
    from datetime import datetime

    from puffin_pep440 import Version
    from puffin_pep508 import Requirement

__all__ = [
    "ALL",
    "BuildOptions",
    "Manifest",
    "PrereleaseMode",
    "PythonRequirement",
    "ResolutionMode",
    "ResolveOptions",
    "SourcedRequirement",
]

ALL: Final = ":all:"
"""In `BuildOptions` name sets: every package."""


class ResolutionMode(enum.Enum):
    """Which version of a package to try first (``--resolution``)."""

    HIGHEST = "highest"
    """The highest version allowed."""
    LOWEST = "lowest"
    """The lowest version allowed, for every package."""
    LOWEST_DIRECT = "lowest-direct"
    """The lowest version for the direct requirements, the highest for the others."""


class PrereleaseMode(enum.Enum):
    """When pre-releases may be chosen (``--prerelease``), as uv 0.13 defines the modes.

    Pre-releases always stay in the versions the solver knows of; the mode only
    decides whether and when they are tried.
    """

    DISALLOW = "disallow"
    """Never."""
    ALLOW = "allow"
    """Always, in plain version order."""
    IF_NECESSARY = "if-necessary"
    """Only when no stable version is left in the range being decided."""
    EXPLICIT = "explicit"
    """As `IF_NECESSARY` for packages whose first-party requirement (a direct
    requirement, constraint or override) names a pre-release in its specifiers
    (``foo>=2.0b1``); never for the others."""
    IF_NECESSARY_OR_EXPLICIT = "if-necessary-or-explicit"
    """The default; uv 0.13 made it an alias of `IF_NECESSARY`."""


class SourcedRequirement(Frozen):
    """A requirement and where it came from, as the output's ``# via`` names it.

    >>> from puffin_pep508 import Requirement
    >>> SourcedRequirement(Requirement.parse("foo>=1"), "-r requirements.in").origin
    '-r requirements.in'
    """

    __match_args__ = ("requirement", "origin")
    __slots__ = __match_args__

    requirement: Requirement
    origin: str | None
    """``-r requirements.in``, ``-c constraints.txt``, ``--override overrides.txt``; None
    when the requirement has no file (it is then not annotated)."""

    def __init__(self, requirement: Requirement, origin: str | None = None) -> None:
        set_field(self, "requirement", requirement)
        set_field(self, "origin", origin)


class Manifest(Frozen):
    """Everything the resolution starts from.

    - *requirements*: what to install (the root depends on each).
    - *constraints*: ranges intersected with every requirement on the same name;
      a constraint alone adds no package.
    - *overrides*: replace every requirement on their name, direct or transitive.
    - *preferences*: ``name==version`` pins (the existing output file) tried first
      while they are in range, unless *upgrade* (``-U``) or the name is in
      *upgrade_packages* (``-P``).
    - *editables*: the names of the requirements that are editable source trees
      (``-e ./dir``, given as ``name @ file:///dir``); they are built as editables.
    """

    __match_args__ = (
        "requirements",
        "constraints",
        "overrides",
        "preferences",
        "upgrade",
        "upgrade_packages",
        "project",
        "editables",
    )
    __slots__ = __match_args__

    requirements: tuple[SourcedRequirement, ...]
    constraints: tuple[SourcedRequirement, ...]
    overrides: tuple[SourcedRequirement, ...]
    preferences: tuple[Requirement, ...]
    upgrade: bool
    upgrade_packages: frozenset[PackageName]
    project: PackageName | None
    """The project being resolved, if any: reports name the root after it."""
    editables: frozenset[PackageName]

    def __init__(
        self,
        requirements: tuple[SourcedRequirement, ...] = (),
        constraints: tuple[SourcedRequirement, ...] = (),
        overrides: tuple[SourcedRequirement, ...] = (),
        preferences: tuple[Requirement, ...] = (),
        upgrade: bool = False,
        upgrade_packages: frozenset[PackageName] = frozenset(),
        project: PackageName | None = None,
        editables: frozenset[PackageName] = frozenset(),
    ) -> None:
        set_field(self, "requirements", requirements)
        set_field(self, "constraints", constraints)
        set_field(self, "overrides", overrides)
        set_field(self, "preferences", preferences)
        set_field(self, "upgrade", upgrade)
        set_field(self, "upgrade_packages", upgrade_packages)
        set_field(self, "project", project)
        set_field(self, "editables", editables)


class ResolveOptions(Frozen):
    """How to choose among the versions allowed."""

    __match_args__ = ("resolution", "prerelease", "exclude_newer")
    __slots__ = __match_args__

    resolution: ResolutionMode
    prerelease: PrereleaseMode
    exclude_newer: datetime | None
    """Files uploaded at or after this instant (UTC), or without an upload time, are
    left out; a version left with no file does not exist. Find-links files, which
    have no upload time, are kept."""

    def __init__(
        self,
        resolution: ResolutionMode = ResolutionMode.HIGHEST,
        prerelease: PrereleaseMode = PrereleaseMode.IF_NECESSARY_OR_EXPLICIT,
        exclude_newer: datetime | None = None,
    ) -> None:
        set_field(self, "resolution", resolution)
        set_field(self, "prerelease", prerelease)
        set_field(self, "exclude_newer", exclude_newer)


class BuildOptions(Frozen):
    """Which distributions kinds may be used (``--no-binary``, ``--only-binary``, ``--no-build``).

    The name sets hold package names or ``":all:"``. A name in one set beats
    ``:all:`` in the other, as in uv.

    >>> options = BuildOptions(only_binary=frozenset({":all:"}), no_binary=frozenset({"foo"}))
    >>> options.no_build_package(PackageName.parse("bar")), options.no_build_package("foo")
    (True, False)
    """

    __match_args__ = ("no_binary", "only_binary", "no_build")
    __slots__ = (*__match_args__, "_only")
    _compare = __match_args__

    no_binary: frozenset[str]
    only_binary: frozenset[str]
    no_build: bool
    """Same as ``only_binary={":all:"}``."""
    _only: frozenset[str]

    def __init__(
        self,
        no_binary: frozenset[str] = frozenset(),
        only_binary: frozenset[str] = frozenset(),
        no_build: bool = False,
    ) -> None:
        set_field(self, "no_binary", no_binary)
        set_field(self, "only_binary", only_binary)
        set_field(self, "no_build", no_build)
        set_field(self, "_only", only_binary | {ALL} if no_build else only_binary)

    def no_binary_package(self, name: str) -> bool:
        """Whether wheels of *name* may not be used."""
        if name in self.no_binary:
            return True
        return ALL in self.no_binary and name not in self._only

    def no_build_package(self, name: str) -> bool:
        """Whether source distributions of *name* may not be used."""
        if name in self._only:
            return True
        return ALL in self._only and name not in self.no_binary


class PythonRequirement(Frozen):
    """The Python of the resolution: the interpreter running it and the one resolved for.

    *target* (``--python-version``, else the interpreter's version) is what markers and
    ``Requires-Python`` are checked against; only the lower bound of a
    ``Requires-Python`` counts, as in uv (``<3.13`` fits any target).
    """

    __match_args__ = ("installed", "target")
    __slots__ = __match_args__

    installed: Version
    target: Version

    def __init__(self, installed: Version, target: Version) -> None:
        set_field(self, "installed", installed)
        set_field(self, "target", target)
