"""``direct_url.json``: where an installed distribution came from (PEP 610)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pypi_types._frozen import Frozen, set_field
from pypi_types.errors import InvalidDirectUrl

__all__ = ["ArchiveInfo", "DirInfo", "DirectUrl", "VcsInfo"]

_NO_HASHES: Mapping[str, str] = MappingProxyType({})


def _frozen_hashes(value: Mapping[str, str] | None) -> Mapping[str, str] | None:
    return None if value is None else MappingProxyType(dict(value))


class ArchiveInfo(Frozen):
    """A wheel or source archive installed from a URL or a path.

    ``hashes`` maps hashlib algorithm names to hex digests; ``hash`` is the
    deprecated single ``<algorithm>=<hex>`` form, kept as read for round trips.
    """

    __match_args__ = ("hashes", "hash")
    __slots__ = __match_args__

    hashes: Mapping[str, str] | None
    hash: str | None

    def __init__(self, hashes: Mapping[str, str] | None = None, hash: str | None = None) -> None:
        hashes = _frozen_hashes(hashes)
        set_field(self, "hashes", hashes)
        set_field(self, "hash", hash)
        if hash is None:
            return
        name, sep, digest = hash.partition("=")
        if not sep or not name or not digest:
            raise InvalidDirectUrl(f"archive_info.hash must be '<algorithm>=<hex>', got {hash!r}")
        if hashes is not None and hashes.get(name, digest) != digest:
            raise InvalidDirectUrl(
                f"archive_info.hash {hash!r} disagrees with archive_info.hashes[{name!r}]"
            )

    def __hash__(self) -> int:
        # A mapping is not hashable: equal values still hash equal without it.
        return hash(self.hash)

    def all_hashes(self) -> Mapping[str, str]:
        """Every digest known, the legacy ``hash`` merged into ``hashes``."""
        merged = dict(self.hashes or _NO_HASHES)
        if self.hash is not None:
            name, _, digest = self.hash.partition("=")
            merged.setdefault(name, digest)
        return merged


class VcsInfo(Frozen):
    """A checkout of a version control repository, pinned to ``commit_id``."""

    __match_args__ = ("vcs", "commit_id", "requested_revision")
    __slots__ = __match_args__

    vcs: str
    commit_id: str
    requested_revision: str | None

    def __init__(self, vcs: str, commit_id: str, requested_revision: str | None = None) -> None:
        set_field(self, "vcs", vcs)
        set_field(self, "commit_id", commit_id)
        set_field(self, "requested_revision", requested_revision)


class DirInfo(Frozen):
    """A local directory, installed in place when ``editable`` (PEP 660)."""

    __match_args__ = ("editable",)
    __slots__ = __match_args__

    editable: bool

    def __init__(self, editable: bool = False) -> None:
        set_field(self, "editable", editable)


class DirectUrl(Frozen):
    """The content of ``direct_url.json`` (PEP 610): a URL and what kind of source it is.

    >>> direct = DirectUrl.from_json('{"url": "https://example.com/a.whl", "archive_info": {}}')
    >>> direct.archive_info
    ArchiveInfo(hashes=None, hash=None)
    >>> DirectUrl("file:///src/proj", DirInfo(editable=True)).to_json()
    '{"dir_info":{"editable":true},"url":"file:///src/proj"}'
    """

    __match_args__ = ("url", "info", "subdirectory")
    __slots__ = __match_args__

    url: str
    info: ArchiveInfo | VcsInfo | DirInfo
    subdirectory: str | None

    def __init__(
        self, url: str, info: ArchiveInfo | VcsInfo | DirInfo, subdirectory: str | None = None
    ) -> None:
        set_field(self, "url", url)
        set_field(self, "info", info)
        set_field(self, "subdirectory", subdirectory)

    @property
    def archive_info(self) -> ArchiveInfo | None:
        """The archive details, when the source is an archive."""
        return self.info if isinstance(self.info, ArchiveInfo) else None

    @property
    def vcs_info(self) -> VcsInfo | None:
        """The version-control details, when the source is a repository."""
        return self.info if isinstance(self.info, VcsInfo) else None

    @property
    def dir_info(self) -> DirInfo | None:
        """The directory details, when the source is a local directory."""
        return self.info if isinstance(self.info, DirInfo) else None

    @classmethod
    def from_json(cls, data: bytes | str) -> DirectUrl:
        """Read a ``direct_url.json`` document; raise `InvalidDirectUrl` when it breaks PEP 610."""
        try:
            document = json.loads(data)
        except ValueError as exc:
            raise InvalidDirectUrl(f"not a JSON document: {exc}") from exc
        except RecursionError:  # arrays or objects nested thousands deep
            raise InvalidDirectUrl("not a JSON document: nested too deeply") from None
        return cls.from_dict(document)

    @classmethod
    def from_dict(cls, document: object) -> DirectUrl:
        """Read an already decoded ``direct_url.json`` document."""
        if not isinstance(document, dict):
            raise InvalidDirectUrl("expected a JSON object")
        url = _get(document, "url", str, "")
        if not url:
            raise InvalidDirectUrl("missing 'url'")
        kinds = [key for key in ("archive_info", "vcs_info", "dir_info") if key in document]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise InvalidDirectUrl(
                "exactly one of archive_info, vcs_info and dir_info must be present"
                f" (found {found})"
            )
        kind = kinds[0]
        raw = document[kind]
        if not isinstance(raw, dict):
            raise InvalidDirectUrl(f"{kind} must be an object")
        info: ArchiveInfo | VcsInfo | DirInfo
        if kind == "archive_info":
            hashes = _get(raw, "hashes", dict, None, where=kind)
            if hashes is not None and not all(
                isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()
            ):
                raise InvalidDirectUrl(
                    "archive_info.hashes must map algorithm names to hex digests"
                )
            info = ArchiveInfo(hashes, _get(raw, "hash", str, None, where=kind))
        elif kind == "vcs_info":
            vcs = _get(raw, "vcs", str, None, where=kind)
            commit_id = _get(raw, "commit_id", str, None, where=kind)
            if not vcs or not commit_id:
                raise InvalidDirectUrl("vcs_info needs both 'vcs' and 'commit_id'")
            revision = _get(raw, "requested_revision", str, None, where=kind)
            info = VcsInfo(vcs, commit_id, revision)
        else:
            info = DirInfo(_get(raw, "editable", bool, False, where=kind))
        return cls(url, info, _get(document, "subdirectory", str, None))

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready document, with only the keys that carry a value."""
        document: dict[str, Any] = {"url": self.url}
        info = self.info
        if isinstance(info, ArchiveInfo):
            archive: dict[str, Any] = {}
            if info.hashes is not None:
                archive["hashes"] = dict(info.hashes)
            if info.hash is not None:
                archive["hash"] = info.hash
            document["archive_info"] = archive
        elif isinstance(info, VcsInfo):
            vcs: dict[str, Any] = {"vcs": info.vcs, "commit_id": info.commit_id}
            if info.requested_revision is not None:
                vcs["requested_revision"] = info.requested_revision
            document["vcs_info"] = vcs
        else:
            document["dir_info"] = {"editable": True} if info.editable else {}
        if self.subdirectory is not None:
            document["subdirectory"] = self.subdirectory
        return document

    def to_json(self) -> str:
        """The compact JSON document, keys sorted, so equal values give equal bytes."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))


def _get(document: dict[str, Any], key: str, kind: type, default: Any, *, where: str = "") -> Any:
    value = document.get(key)
    if value is None:
        return default
    # `type() is` so that JSON `true` is never taken for a string or `1` for a boolean.
    if type(value) is not kind:
        name = f"{where}.{key}" if where else key
        raise InvalidDirectUrl(f"{name} must be {_KIND_NAMES[kind]}, got {value!r}")
    return value


_KIND_NAMES = {str: "a string", bool: "a boolean", dict: "an object"}
