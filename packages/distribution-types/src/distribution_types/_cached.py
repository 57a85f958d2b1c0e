"""`CachedDist`: a wheel already unzipped in the cache, ready to link into an environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from distribution_filename import WheelFilename
from distribution_types._base import (
    Dist,
    DistributionId,
    ResourceId,
    VersionOrUrl,
    describe,
    to_path,
)
from distribution_types._built import RegistryBuiltDist
from distribution_types._frozen import Frozen, set_field
from distribution_types._source import RegistrySourceDist
from distribution_types._urls import canonical_url
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from pypi_types import DirectUrl

if TYPE_CHECKING:
    from platform_tags import TagPriority, Tags

__all__ = ["CachedDist"]


class CachedDist(Frozen):
    """An unzipped wheel in the cache: what the installer links from.

    ``url`` is the URL it was asked for by (None for a registry dist), and
    ``direct_url`` the ``direct_url.json`` record to write on install.

    >>> wheel = WheelFilename.parse("foo-1.0-py3-none-any.whl")
    >>> cached = CachedDist(wheel, "/cache/wheels-v0/pypi/foo-1.0-py3-none-any")
    >>> str(cached), cached.path
    ('foo==1.0', PosixPath('/cache/wheels-v0/pypi/foo-1.0-py3-none-any'))
    """

    __match_args__ = ("filename", "path", "url", "direct_url")
    __slots__ = __match_args__

    filename: WheelFilename
    path: Path
    url: VerbatimUrl | None
    direct_url: DirectUrl | None

    def __init__(
        self,
        filename: WheelFilename,
        path: str | os.PathLike[str],
        url: VerbatimUrl | None = None,
        direct_url: DirectUrl | None = None,
    ) -> None:
        set_field(self, "filename", filename)
        set_field(self, "path", to_path(path))
        set_field(self, "url", url)
        set_field(self, "direct_url", direct_url)

    @classmethod
    def from_dist(cls, dist: Dist, filename: WheelFilename, path: Path) -> CachedDist:
        """The cache entry at *path* of *dist*'s wheel *filename* (built, for a source dist).

        Raise `MissingGitCommit` for a git dist whose commit is not known yet.
        """
        if isinstance(dist, RegistryBuiltDist | RegistrySourceDist):
            return cls(filename, path)
        url = dist.version_or_url
        return cls(
            filename,
            path,
            url if isinstance(url, VerbatimUrl) else None,
            dist.direct_url(),
        )

    @property
    def name(self) -> PackageName:
        """The project name, from the wheel filename."""
        return self.filename.name

    @property
    def version(self) -> Version:
        """The version, from the wheel filename."""
        return self.filename.version

    @property
    def version_or_url(self) -> VersionOrUrl:
        """The URL it was asked for by, else its version."""
        return self.url if self.url is not None else self.filename.version

    @property
    def editable(self) -> bool:
        """Whether it is the editable wheel of a local directory."""
        dir_info = self.direct_url.dir_info if self.direct_url is not None else None
        return dir_info is not None and dir_info.editable

    def compatibility(self, tags: Tags) -> TagPriority | None:
        """The priority among *tags* of the wheel's best tag (lower is better), or None
        when the wheel does not fit the interpreter.
        """
        return tags.compatibility(self.filename)

    def distribution_id(self) -> DistributionId:
        """The canonical URL it was asked for by, else the wheel filename."""
        if self.url is not None:
            return DistributionId(canonical_url(self.url.url))
        return DistributionId(str(self.filename))

    def resource_id(self) -> ResourceId:
        """The cache directory."""
        return ResourceId(str(self.path))

    def __str__(self) -> str:
        return describe(self.name, self.version_or_url)

    def __repr__(self) -> str:
        return f"<CachedDist({str(self.filename)!r})>"
