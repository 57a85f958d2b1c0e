"""Simple-repository models shared by the JSON (PEP 691) and HTML (PEP 503) readers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pypi_types._frozen import Frozen, set_field
from pypi_types._hashes import Hashes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from puffin_normalize import PackageName

__all__ = ["File", "Meta", "SimpleProject", "Yanked"]


class Yanked(Frozen):
    """A yanked file (PEP 592), with the index's reason when it gave one.

    A file that is not yanked has ``File.yanked is None``.

    >>> Yanked.from_json("broken wheel")
    Yanked(reason='broken wheel')
    >>> Yanked.from_json(False) is None
    True
    """

    __match_args__ = ("reason",)
    __slots__ = __match_args__

    reason: str | None

    def __init__(self, reason: str | None = None) -> None:
        set_field(self, "reason", reason)

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
_NO_HASHES = Hashes()


class File(Frozen):
    """One distribution file listed on a project page (PEP 503 link or PEP 691 ``files`` entry).

    ``url`` is absolute and carries no fragment (a ``#sha256=…`` fragment is moved
    into ``hashes``). ``core_metadata`` is False when no separate METADATA file is
    served (PEP 658/714), True when it is served without a known digest, and the
    digests of that METADATA file otherwise.
    """

    __match_args__ = (
        "filename",
        "url",
        "hashes",
        "requires_python",
        "yanked",
        "core_metadata",
        "upload_time",
        "size",
    )
    __slots__ = __match_args__

    filename: str
    url: str
    hashes: Hashes
    requires_python: str | None
    yanked: Yanked | None
    core_metadata: bool | Hashes
    upload_time: datetime | None
    size: int | None

    def __init__(
        self,
        filename: str,
        url: str,
        hashes: Hashes = _NO_HASHES,
        requires_python: str | None = None,
        yanked: Yanked | None = None,
        core_metadata: bool | Hashes = False,
        upload_time: datetime | None = None,
        size: int | None = None,
    ) -> None:
        set_field(self, "filename", filename)
        set_field(self, "url", url)
        set_field(self, "hashes", hashes)
        set_field(self, "requires_python", requires_python)
        set_field(self, "yanked", yanked)
        set_field(self, "core_metadata", core_metadata)
        set_field(self, "upload_time", upload_time)
        set_field(self, "size", size)

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


class Meta(Frozen):
    """The ``meta`` block of a simple-index page: the repository API version (PEP 629)."""

    __match_args__ = ("api_version",)
    __slots__ = __match_args__

    api_version: str

    def __init__(self, api_version: str = "1.0") -> None:
        set_field(self, "api_version", api_version)


_META = Meta()


class SimpleProject(Frozen):
    """One project page of a simple index.

    ``name`` is None for an HTML page whose name the caller did not pass, since
    PEP 503 pages do not state it; ``versions`` is set only when a JSON page
    lists them (PEP 700).
    """

    __match_args__ = ("name", "files", "versions", "meta")
    __slots__ = __match_args__

    name: PackageName | None
    files: Sequence[File]
    """The files (a tuple, or a lazy sequence a cache made)."""
    versions: tuple[str, ...] | None
    meta: Meta

    def __init__(
        self,
        name: PackageName | None,
        files: Sequence[File] = (),
        versions: tuple[str, ...] | None = None,
        meta: Meta = _META,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "files", files)
        set_field(self, "versions", versions)
        set_field(self, "meta", meta)
