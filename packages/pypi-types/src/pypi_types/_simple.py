"""Simple-repository models shared by the JSON (PEP 691) and HTML (PEP 503) readers."""

from __future__ import annotations

from datetime import datetime

import attrs

from puffin_normalize import PackageName
from pypi_types._hashes import Hashes

__all__ = ["File", "Meta", "SimpleProject", "Yanked"]


@attrs.frozen
class Yanked:
    """A yanked file (PEP 592), with the index's reason when it gave one.

    A file that is not yanked has ``File.yanked is None``.

    >>> Yanked.from_json("broken wheel")
    Yanked(reason='broken wheel')
    >>> Yanked.from_json(False) is None
    True
    """

    reason: str | None = None

    @classmethod
    def from_json(cls, value: bool | str | None) -> Yanked | None:
        """Read the PEP 691 ``yanked`` value: a boolean or a reason string."""
        if value is None or value is False:
            return None
        if value is True:
            return _YANKED
        return cls(value or None)

    def to_json(self) -> bool | str:
        """The PEP 691 ``yanked`` value of this yank."""
        return self.reason if self.reason else True


_YANKED = Yanked()


@attrs.frozen
class File:
    """One distribution file listed on a project page (PEP 503 link or PEP 691 ``files`` entry).

    ``url`` is absolute and carries no fragment (a ``#sha256=…`` fragment is moved
    into ``hashes``). ``core_metadata`` is False when no separate METADATA file is
    served (PEP 658/714), True when it is served without a known digest, and the
    digests of that METADATA file otherwise.
    """

    filename: str
    url: str
    hashes: Hashes = attrs.field(factory=Hashes)
    requires_python: str | None = None
    yanked: Yanked | None = None
    core_metadata: bool | Hashes = False
    upload_time: datetime | None = None
    size: int | None = None

    @property
    def is_yanked(self) -> bool:
        """Whether the index marks this file as yanked (PEP 592)."""
        return self.yanked is not None

    @property
    def has_core_metadata(self) -> bool:
        """Whether ``<url>.metadata`` can be fetched instead of the whole file (PEP 658)."""
        return self.core_metadata is not False

    @property
    def metadata_url(self) -> str:
        """Where the file's METADATA is served when `has_core_metadata` (PEP 658)."""
        return self.url + ".metadata"


@attrs.frozen
class Meta:
    """The ``meta`` block of a simple-index page: the repository API version (PEP 629)."""

    api_version: str = "1.0"


@attrs.frozen
class SimpleProject:
    """One project page of a simple index.

    ``name`` is None for an HTML page whose name the caller did not pass, since
    PEP 503 pages do not state it; ``versions`` is set only when a JSON page
    lists them (PEP 700).
    """

    name: PackageName | None
    files: tuple[File, ...] = ()
    versions: tuple[str, ...] | None = None
    meta: Meta = Meta()
