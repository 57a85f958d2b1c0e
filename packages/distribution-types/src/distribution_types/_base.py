"""`Dist`, `BuiltDist`, `SourceDist`: what every installable distribution offers."""

from __future__ import annotations

import abc
import os
from pathlib import Path
from typing import TYPE_CHECKING, NewType, TypeAlias

from distribution_types._redact import redact_url
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl

if TYPE_CHECKING:
    from distribution_filename import SourceDistFilename, WheelFilename
    from distribution_types._index import IndexUrl
    from platform_tags import TagPriority, Tags
    from pypi_types import DirectUrl, File

__all__ = [
    "BuiltDist",
    "Dist",
    "DistributionId",
    "ResourceId",
    "SourceDist",
    "VersionOrUrl",
    "describe",
    "to_name",
    "to_path",
]

DistributionId = NewType("DistributionId", str)
"""What identifies a distribution's content: its file's digest, or its canonical URL.

Two dists with the same id are the same bytes (or the same source tree), so
the id is a key for metadata and built wheels.
"""

ResourceId = NewType("ResourceId", str)
"""What identifies the place a distribution is fetched from (a file URL, a path,
a git repository), so a key for fetch locks and download de-duplication.
"""

VersionOrUrl: TypeAlias = Version | VerbatimUrl
"""A pinned version, for registry dists, or the URL a dist was asked for by."""


def to_name(value: str) -> PackageName:
    """*value* as a `PackageName`, validated unless it is one already."""
    return value if isinstance(value, PackageName) else PackageName.parse(value)


def to_path(value: str | os.PathLike[str]) -> Path:
    """*value* as a `Path`, unchanged if it is one already."""
    return value if isinstance(value, Path) else Path(value)


def describe(name: str, version_or_url: Version | VerbatimUrl) -> str:
    """``name==version`` or ``name @ url`` with credentials redacted, for users.

    The URL is shown as the user wrote it, when known.

    >>> describe("foo", VerbatimUrl.parse_url("https://token@example.com/foo-1.0.tar.gz"))
    'foo @ https://****@example.com/foo-1.0.tar.gz'
    """
    if isinstance(version_or_url, Version):
        return f"{name}=={version_or_url}"
    given = version_or_url.given if version_or_url.given is not None else version_or_url.url
    return f"{name} @ {redact_url(given)}"


class Dist(abc.ABC):
    """A distribution that can be installed: a wheel or a source dist, from an index,
    a URL, a local path or a git repository.

    Every kind is frozen and hashable. ``str()`` is ``name==version`` or
    ``name @ url`` with credentials redacted.

    >>> dist = Dist.from_url("foo", VerbatimUrl.parse_url("https://example.com/foo-1.0.tar.gz"))
    >>> dist
    <DirectUrlSourceDist('foo @ https://example.com/foo-1.0.tar.gz')>
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def name(self) -> PackageName:
        """The normalized project name."""

    @property
    @abc.abstractmethod
    def version_or_url(self) -> VersionOrUrl:
        """The pinned version of a registry dist, else the URL it was asked for by."""

    @property
    def editable(self) -> bool:
        """Whether it is installed in place (only local directories can be)."""
        return False

    @abc.abstractmethod
    def distribution_id(self) -> DistributionId:
        """The identity of the content, stable across runs (see `DistributionId`)."""

    @abc.abstractmethod
    def resource_id(self) -> ResourceId:
        """The identity of the place it is fetched from (see `ResourceId`)."""

    def direct_url(self) -> DirectUrl | None:
        """The ``direct_url.json`` record of an install from this dist (PEP 610).

        None for registry dists, which PEP 610 does not cover.
        """
        return None

    @staticmethod
    def from_url(name: str, url: VerbatimUrl, *, editable: bool = False) -> Dist:
        """The dist that *url* names, for the project *name*.

        ``git+`` URLs are git sources; a ``.whl`` file is a wheel (by URL or
        path); a local directory is a directory source (installed in place
        when *editable*); an archive with a source-dist extension is a source
        dist. Raise `UnsupportedUrl` for anything else, and `InvalidDistUrl`
        for a malformed wheel filename, revision or subdirectory.
        """
        from distribution_types._from_url import dist_from_url

        return dist_from_url(to_name(name), url, editable=editable)

    @staticmethod
    def from_registry(
        filename: WheelFilename | SourceDistFilename, file: File, index: IndexUrl
    ) -> Dist:
        """The dist of a file listed on an index page."""
        from distribution_filename import WheelFilename
        from distribution_types._built import RegistryBuiltDist
        from distribution_types._source import RegistrySourceDist

        if isinstance(filename, WheelFilename):
            return RegistryBuiltDist(filename, file, index)
        return RegistrySourceDist(filename, file, index)

    def __str__(self) -> str:
        return describe(self.name, self.version_or_url)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({str(self)!r})>"


class BuiltDist(Dist):
    """A wheel: from an index, from a URL, or a local file."""

    __slots__ = ()

    @property
    @abc.abstractmethod
    def filename(self) -> WheelFilename:
        """The parsed wheel filename."""

    @property
    def name(self) -> PackageName:
        """The project name, from the wheel filename."""
        return self.filename.name

    @property
    def version(self) -> Version:
        """The version, from the wheel filename."""
        return self.filename.version

    def compatibility(self, tags: Tags) -> TagPriority | None:
        """The priority among *tags* of the wheel's best tag (lower is better), or None
        when the wheel does not fit the interpreter.
        """
        return tags.compatibility(self.filename)


class SourceDist(Dist):
    """A source distribution to build: an archive from an index, a URL or a path,
    a git checkout, or a local directory.
    """

    __slots__ = ()

    @property
    def subdirectory(self) -> str | None:
        """The project's directory inside the source tree, when it is not the top."""
        return None
