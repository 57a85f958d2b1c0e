"""Checks of an environment: are the installed distributions' requirements met?"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

from distribution_types import InstalledDist, InvalidDistInfo
from puffin_installer._frozen import Frozen, set_field
from puffin_pep508 import Requirement, VerbatimUrl

if TYPE_CHECKING:
    from puffin_installer._site_packages import SitePackages
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment

__all__ = ["Diagnostic", "DiagnosticKind", "diagnose", "satisfies"]


class DiagnosticKind(enum.Enum):
    """What a `Diagnostic` found wrong."""

    MISSING_DEPENDENCY = "missing-dependency"
    INCOMPATIBLE_DEPENDENCY = "incompatible-dependency"
    INCOMPATIBLE_PYTHON = "incompatible-python"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    INCOMPLETE = "incomplete"


class Diagnostic(Frozen):
    """One problem of an environment: its *kind*, the *package* concerned, a *message*.

    >>> print(Diagnostic(DiagnosticKind.DUPLICATE, "foo", "foo is installed twice"))
    foo is installed twice
    """

    __match_args__ = ("kind", "package", "message")
    __slots__ = __match_args__

    kind: DiagnosticKind
    package: str
    message: str

    def __init__(self, kind: DiagnosticKind, package: str, message: str) -> None:
        set_field(self, "kind", kind)
        set_field(self, "package", package)
        set_field(self, "message", message)

    def __str__(self) -> str:
        return self.message


def _url_matches(dist: InstalledDist, url: VerbatimUrl) -> bool:
    from distribution_types import direct_url_to_url

    direct_url = dist.direct_url
    if direct_url is None:
        return False
    wanted = url.without_fragment().rstrip("/")
    return direct_url_to_url(direct_url).partition("#")[0].rstrip("/") == wanted


def _fits(dist: InstalledDist, requirement: Requirement) -> bool:
    target = requirement.version_or_url
    if target is None:
        return True
    if isinstance(target, VerbatimUrl):
        return _url_matches(dist, target)
    return target.contains(dist.version, prereleases=True)


def satisfies(
    site_packages: SitePackages, requirements: Iterable[Requirement], markers: MarkerEnvironment
) -> bool:
    """See `SitePackages.satisfies`."""
    todo: list[tuple[Requirement, tuple[str, ...]]] = [(r, ()) for r in requirements]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        requirement, extras = todo.pop()
        if not requirement.evaluate_markers(markers, extras):
            continue
        dists = site_packages.get_all(requirement.name)
        if len(dists) != 1 or not _fits(dists[0], requirement):
            return False
        dist = dists[0]
        wanted = tuple(sorted(requirement.extras))
        key = (str(dist.name), wanted)
        if key in seen:
            continue
        seen.add(key)
        try:
            metadata = dist.metadata()
        except InvalidDistInfo:
            return False
        todo.extend((dependency, wanted) for dependency in metadata.requires_dist)
    return True


def diagnose(
    site_packages: SitePackages, markers: MarkerEnvironment, python_version: Version | None
) -> list[Diagnostic]:
    """See `SitePackages.diagnostics`."""
    found: list[Diagnostic] = [
        Diagnostic(DiagnosticKind.INVALID, error.path, str(error))
        for error in site_packages.invalid
    ]
    for name, dists in site_packages.duplicates().items():
        paths = ", ".join(str(dist.path) for dist in dists)
        found.append(
            Diagnostic(
                DiagnosticKind.DUPLICATE, name, f"{name} is installed more than once: {paths}"
            )
        )
    for dist in site_packages:
        if not site_packages.is_complete(dist):
            found.append(
                Diagnostic(
                    DiagnosticKind.INCOMPLETE,
                    dist.name,
                    f"{dist} has no RECORD in {dist.path} (an interrupted install)",
                )
            )
        try:
            metadata = dist.metadata()
        except InvalidDistInfo as exc:
            found.append(Diagnostic(DiagnosticKind.INVALID, dist.name, str(exc)))
            continue
        requires_python = metadata.requires_python
        if (
            python_version is not None
            and requires_python is not None
            and not requires_python.contains(python_version, prereleases=True)
        ):
            found.append(
                Diagnostic(
                    DiagnosticKind.INCOMPATIBLE_PYTHON,
                    dist.name,
                    f"{dist} requires Python {requires_python}, but Python {python_version} "
                    "is installed",
                )
            )
        for requirement in metadata.requires_dist:
            if not requirement.evaluate_markers(markers):
                continue
            installed = site_packages.get(requirement.name)
            if installed is None:
                found.append(
                    Diagnostic(
                        DiagnosticKind.MISSING_DEPENDENCY,
                        dist.name,
                        f"{dist} requires {requirement}, but {requirement.name} is not installed",
                    )
                )
            elif not _fits(installed, requirement):
                found.append(
                    Diagnostic(
                        DiagnosticKind.INCOMPATIBLE_DEPENDENCY,
                        dist.name,
                        f"{dist} requires {requirement}, but {installed} is installed",
                    )
                )
    return found
