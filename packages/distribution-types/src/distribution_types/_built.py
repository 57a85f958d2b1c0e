"""Wheels: from an index, from a URL, or a local file."""

from __future__ import annotations

import os
from pathlib import Path

from distribution_filename import WheelFilename
from distribution_types._base import BuiltDist, DistributionId, ResourceId, to_path
from distribution_types._direct_url import archive_direct_url
from distribution_types._frozen import Frozen, set_field
from distribution_types._index import IndexUrl
from distribution_types._urls import canonical_url
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from pypi_types import DirectUrl, File

__all__ = ["DirectUrlBuiltDist", "PathBuiltDist", "RegistryBuiltDist", "file_id"]


def file_id(file: File) -> DistributionId:
    """An index file's identity: its strongest digest, else its canonical URL."""
    best = file.hashes.best()
    if best is not None:
        return DistributionId(f"{best[0]}:{best[1]}")
    return DistributionId(canonical_url(file.url))


class RegistryBuiltDist(BuiltDist, Frozen):
    """A wheel listed on an index page.

    >>> from pypi_types import File
    >>> filename = WheelFilename.parse("foo-1.0-py3-none-any.whl")
    >>> file = File(str(filename), "https://example.com/files/foo-1.0-py3-none-any.whl")
    >>> dist = RegistryBuiltDist(filename, file, IndexUrl("https://example.com/simple"))
    >>> str(dist), dist
    ('foo==1.0', <RegistryBuiltDist('foo-1.0-py3-none-any.whl')>)
    """

    __match_args__ = ("filename", "file", "index")
    __slots__ = __match_args__

    filename: WheelFilename
    file: File
    index: IndexUrl

    def __init__(self, filename: WheelFilename, file: File, index: IndexUrl) -> None:
        set_field(self, "filename", filename)
        set_field(self, "file", file)
        set_field(self, "index", index)

    @property
    def version_or_url(self) -> Version:
        """The version, from the wheel filename."""
        return self.filename.version

    def distribution_id(self) -> DistributionId:
        """The file's strongest digest, else its canonical URL."""
        return file_id(self.file)

    def resource_id(self) -> ResourceId:
        """The file's canonical URL."""
        return ResourceId(canonical_url(self.file.url))

    def __repr__(self) -> str:
        return f"<RegistryBuiltDist({str(self.filename)!r})>"


class DirectUrlBuiltDist(BuiltDist, Frozen):
    """A wheel asked for by URL (``foo @ https://…/foo-1.0-py3-none-any.whl``)."""

    __match_args__ = ("url", "filename")
    __slots__ = __match_args__

    url: VerbatimUrl
    filename: WheelFilename

    def __init__(self, url: VerbatimUrl, filename: WheelFilename) -> None:
        set_field(self, "url", url)
        set_field(self, "filename", filename)

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The URL the wheel was asked for by."""
        return self.url

    def distribution_id(self) -> DistributionId:
        """The canonical URL."""
        return DistributionId(canonical_url(self.url.url))

    def resource_id(self) -> ResourceId:
        """The canonical URL."""
        return ResourceId(canonical_url(self.url.url))

    def direct_url(self) -> DirectUrl:
        """An ``archive_info`` record, with the digest of a ``#sha256=`` fragment."""
        return archive_direct_url(self.url)


class PathBuiltDist(BuiltDist, Frozen):
    """A wheel file on the local file system."""

    __match_args__ = ("path", "url", "filename")
    __slots__ = __match_args__

    path: Path
    url: VerbatimUrl
    filename: WheelFilename

    def __init__(
        self, path: str | os.PathLike[str], url: VerbatimUrl, filename: WheelFilename
    ) -> None:
        set_field(self, "path", to_path(path))
        set_field(self, "url", url)
        set_field(self, "filename", filename)

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The ``file:`` URL (or path, as written) the wheel was asked for by."""
        return self.url

    def distribution_id(self) -> DistributionId:
        """The canonical ``file:`` URL of the wheel."""
        return DistributionId(canonical_url(self.url.url))

    def resource_id(self) -> ResourceId:
        """The canonical ``file:`` URL of the wheel."""
        return ResourceId(canonical_url(self.url.url))

    def direct_url(self) -> DirectUrl:
        """An ``archive_info`` record of the ``file:`` URL."""
        return archive_direct_url(self.url)
