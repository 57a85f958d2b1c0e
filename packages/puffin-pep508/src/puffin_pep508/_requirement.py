"""Dependency specifiers (PEP 508): `Requirement` and the URL-only `UnnamedRequirement`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Self

from puffin_normalize import ExtraName, PackageName
from puffin_pep440 import VersionSpecifiers
from puffin_pep508._frozen import Frozen, set_field
from puffin_pep508._requirement_parser import parse_requirement, parse_unnamed_requirement
from puffin_pep508._url import VerbatimUrl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from puffin_pep508._environment import MarkerEnvironment
    from puffin_pep508._marker import MarkerTree

__all__ = ["Requirement", "UnnamedRequirement"]


# Requires-Dist lines repeat across the versions of a project; results are immutable.
_CACHE: dict[str, Requirement] = {}
_CACHE_SIZE = 8192


def _format_extras(extras: tuple[ExtraName, ...]) -> str:
    return f"[{','.join(extras)}]" if extras else ""


def _format_url(url: VerbatimUrl) -> str:
    return url.given if url.given is not None else url.url


class Requirement(Frozen):
    """A PEP 508 dependency specifier: name, extras, versions or URL, and marker.

    >>> req = Requirement.parse("Foo_Bar [Socks] (>=1.0, <2) ; python_version >= '3.8'")
    >>> req.name, req.extras
    (<PackageName('foo-bar')>, (<ExtraName('socks')>,))
    >>> str(req)
    'foo-bar[socks]>=1.0,<2; python_version >= "3.8"'
    """

    __match_args__ = ("name", "extras", "version_or_url", "marker")
    __slots__ = __match_args__

    name: PackageName
    extras: tuple[ExtraName, ...]
    version_or_url: VersionSpecifiers | VerbatimUrl | None
    marker: MarkerTree | None

    def __init__(
        self,
        name: PackageName,
        extras: tuple[ExtraName, ...] = (),
        version_or_url: VersionSpecifiers | VerbatimUrl | None = None,
        marker: MarkerTree | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "extras", extras)
        set_field(self, "version_or_url", version_or_url)
        set_field(self, "marker", marker)

    @classmethod
    def parse(cls, text: str, *, working_dir: str | os.PathLike[str] | None = None) -> Requirement:
        """Parse a dependency specifier; raise `InvalidRequirement` pointing at the problem.

        A URL after ``@`` may be a local path: relative paths are resolved
        against *working_dir* (default: the current directory). ``${VAR}``
        in the URL is expanded from the environment.
        """
        cached = _CACHE.get(text)
        if cached is not None:
            return cached
        name, extras, version_or_url, marker = parse_requirement(text, working_dir)
        requirement = cls(name, extras, version_or_url, marker)
        # A URL may be a relative path or hold ${VAR}s: its meaning depends on
        # more than the text, so only requirements without one are remembered.
        if cls is Requirement and not isinstance(version_or_url, VerbatimUrl):
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.clear()
            _CACHE[text] = requirement
        return requirement

    @property
    def url(self) -> VerbatimUrl | None:
        """The URL, for a ``name @ url`` requirement."""
        return self.version_or_url if isinstance(self.version_or_url, VerbatimUrl) else None

    @property
    def specifiers(self) -> VersionSpecifiers:
        """The version specifiers (empty for a URL requirement or when there are none)."""
        if isinstance(self.version_or_url, VersionSpecifiers):
            return self.version_or_url
        return VersionSpecifiers()

    def evaluate_markers(self, env: MarkerEnvironment, extras: Iterable[str] = ()) -> bool:
        """Whether this requirement applies in *env* when *extras* are requested."""
        return self.marker is None or self.marker.evaluate(env, extras)

    def __str__(self) -> str:
        text = self.name + _format_extras(self.extras)
        version_or_url = self.version_or_url
        if isinstance(version_or_url, VerbatimUrl):
            text += f" @ {_format_url(version_or_url)}"
            # Without the space the URL would swallow the ';'.
            return text + f" ; {self.marker}" if self.marker is not None else text
        if version_or_url is not None:
            text += str(version_or_url)
        return text + f"; {self.marker}" if self.marker is not None else text

    def __repr__(self) -> str:
        return f"<Requirement({str(self)!r})>"


class UnnamedRequirement(Frozen):
    """A requirement given only as a URL or path, with optional extras and marker.

    requirements.txt files allow these (``./pkg[extra] ; python_version > "3.8"``);
    the name is known only once the target's metadata is read.

    >>> req = UnnamedRequirement.parse("./pkg[Dev]; os_name == 'posix'", working_dir="/src")
    >>> req.url.url, req.extras, str(req)
    ('file:///src/pkg', (<ExtraName('dev')>,), './pkg[dev] ; os_name == "posix"')
    """

    __match_args__ = ("url", "extras", "marker")
    __slots__ = __match_args__

    url: VerbatimUrl
    extras: tuple[ExtraName, ...]
    marker: MarkerTree | None

    def __init__(
        self, url: VerbatimUrl, extras: tuple[ExtraName, ...] = (), marker: MarkerTree | None = None
    ) -> None:
        set_field(self, "url", url)
        set_field(self, "extras", extras)
        set_field(self, "marker", marker)

    @classmethod
    def parse(cls, text: str, *, working_dir: str | os.PathLike[str] | None = None) -> Self:
        """Parse ``<url or path>[extras] [; marker]``; raise `InvalidRequirement` if invalid.

        As in pip, a marker after a URL needs whitespace before or after the
        ``;`` (a ``;`` inside a URL is part of it); after a path any ``;``
        starts the marker.
        """
        url, extras, marker = parse_unnamed_requirement(text, working_dir)
        return cls(url, extras, marker)

    def evaluate_markers(self, env: MarkerEnvironment, extras: Iterable[str] = ()) -> bool:
        """Whether this requirement applies in *env* when *extras* are requested."""
        return self.marker is None or self.marker.evaluate(env, extras)

    def __str__(self) -> str:
        text = _format_url(self.url) + _format_extras(self.extras)
        return text + f" ; {self.marker}" if self.marker is not None else text

    def __repr__(self) -> str:
        return f"<UnnamedRequirement({str(self)!r})>"
