"""Distributions installed in an environment, read from their ``.dist-info`` directories."""

from __future__ import annotations

import abc
import os
from pathlib import Path

from distribution_types._base import (
    DistributionId,
    ResourceId,
    VersionOrUrl,
    describe,
    to_name,
    to_path,
)
from distribution_types._direct_url import direct_url_to_url
from distribution_types._frozen import Frozen, set_field
from distribution_types.errors import InvalidDistInfo
from puffin_normalize import InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version
from puffin_pep508 import InvalidUrl, VerbatimUrl
from pypi_types import DirectUrl, InvalidDirectUrl, InvalidMetadata, Metadata

__all__ = [
    "InstalledDirectUrlDist",
    "InstalledDist",
    "InstalledEditableDist",
    "InstalledRegistryDist",
]


# os.path over pathlib: scanning site-packages reads hundreds of these, and
# pathlib's joins cost more than the reads.
def _read_name_and_version(dist_info: str) -> tuple[str, str]:
    """The ``Name`` and ``Version`` headers of METADATA, reading no further than needed."""
    name: str | None = None
    version: str | None = None
    try:
        with open(os.path.join(dist_info, "METADATA"), "rb") as file:
            for raw in file:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if not line:
                    break  # the headers end at the first blank line
                key, colon, value = line.partition(":")
                if not colon or line[0] in " \t":
                    continue
                key = key.strip().lower()
                if key == "name" and name is None:
                    name = value.strip()
                elif key == "version" and version is None:
                    version = value.strip()
                if name is not None and version is not None:
                    break
    except FileNotFoundError:
        raise InvalidDistInfo(dist_info, "no METADATA file") from None
    except OSError as exc:
        raise InvalidDistInfo(dist_info, f"cannot read METADATA: {exc.strerror}") from exc
    if not name:
        raise InvalidDistInfo(dist_info, "METADATA has no Name")
    if not version:
        raise InvalidDistInfo(dist_info, "METADATA has no Version")
    return name, version


def _read_direct_url(dist_info: str) -> DirectUrl | None:
    try:
        with open(os.path.join(dist_info, "direct_url.json"), "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InvalidDistInfo(dist_info, f"cannot read direct_url.json: {exc.strerror}") from exc
    try:
        return DirectUrl.from_json(data)
    except InvalidDirectUrl as exc:
        raise InvalidDistInfo(dist_info, f"invalid direct_url.json: {exc}") from exc


class InstalledDist(abc.ABC):
    """A distribution installed in an environment, known by its ``.dist-info`` directory.

    `from_dist_info` picks the kind: `InstalledRegistryDist` without a
    ``direct_url.json``, `InstalledEditableDist` for an editable directory
    install, `InstalledDirectUrlDist` for any other PEP 610 record.
    """

    __slots__ = ()

    name: PackageName
    version: Version
    path: Path

    @staticmethod
    def from_dist_info(path: str | os.PathLike[str]) -> InstalledDist:
        """Read the name and version from METADATA, and ``direct_url.json`` if present.

        Only METADATA's headers up to ``Name`` and ``Version`` are read. Raise
        `InvalidDistInfo` naming the directory when these are missing or invalid.
        """
        dist_info = os.fspath(path)
        if not dist_info.rstrip("/\\").endswith(".dist-info"):
            raise InvalidDistInfo(dist_info, "not a .dist-info directory")
        name_text, version_text = _read_name_and_version(dist_info)
        try:
            name = PackageName.parse(name_text)
        except InvalidName as exc:
            raise InvalidDistInfo(dist_info, f"invalid Name in METADATA: {name_text!r}") from exc
        try:
            version = Version.parse(version_text)
        except InvalidVersion as exc:
            raise InvalidDistInfo(
                dist_info, f"invalid Version in METADATA: {version_text!r}"
            ) from exc
        direct_url = _read_direct_url(dist_info)
        where = path if isinstance(path, Path) else Path(dist_info)
        if direct_url is None:
            return InstalledRegistryDist(name, version, where)
        dir_info = direct_url.dir_info
        if dir_info is not None and dir_info.editable:
            return InstalledEditableDist(name, version, where, direct_url)
        return InstalledDirectUrlDist(name, version, where, direct_url)

    @property
    def direct_url(self) -> DirectUrl | None:
        """The ``direct_url.json`` record (PEP 610), None for an install from an index."""
        return None

    @property
    def editable(self) -> bool:
        """Whether it is installed in place from a local directory."""
        return False

    @property
    def url(self) -> str | None:
        """The URL a requirement would name to install the same again (as ``pip freeze``)."""
        direct_url = self.direct_url
        return None if direct_url is None else direct_url_to_url(direct_url)

    @property
    def version_or_url(self) -> VersionOrUrl:
        """The version, or for an install from a URL, that URL."""
        url = self.url
        if url is None:
            return self.version
        try:
            return VerbatimUrl.parse_url(url, env={})
        except InvalidUrl:
            return self.version

    def metadata(self) -> Metadata:
        """The whole core metadata (reads all of METADATA); raise `InvalidDistInfo`."""
        try:
            return Metadata.parse((self.path / "METADATA").read_bytes())
        except OSError as exc:
            raise InvalidDistInfo(self.path, f"cannot read METADATA: {exc.strerror}") from exc
        except InvalidMetadata as exc:
            raise InvalidDistInfo(self.path, str(exc)) from exc

    def installer(self) -> str | None:
        """The tool that installed it, from the ``INSTALLER`` file, if recorded."""
        try:
            text = (self.path / "INSTALLER").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return text.strip() or None

    def distribution_id(self) -> DistributionId:
        """The ``.dist-info`` directory: one installed copy."""
        return DistributionId(str(self.path))

    def resource_id(self) -> ResourceId:
        """The ``.dist-info`` directory."""
        return ResourceId(str(self.path))

    def __str__(self) -> str:
        return describe(self.name, self.version_or_url)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({str(self)!r})>"


class InstalledRegistryDist(InstalledDist, Frozen):
    """An installed distribution with no ``direct_url.json``: it came from an index."""

    __match_args__ = ("name", "version", "path")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    path: Path

    def __init__(self, name: str, version: Version, path: str | os.PathLike[str]) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "version", version)
        set_field(self, "path", to_path(path))


class InstalledDirectUrlDist(InstalledDist, Frozen):
    """An installed distribution from a URL, path or git repository (PEP 610)."""

    __match_args__ = ("name", "version", "path", "direct_url")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    path: Path
    direct_url: DirectUrl

    def __init__(
        self, name: str, version: Version, path: str | os.PathLike[str], direct_url: DirectUrl
    ) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "version", version)
        set_field(self, "path", to_path(path))
        set_field(self, "direct_url", direct_url)


class InstalledEditableDist(InstalledDist, Frozen):
    """A local directory installed in place (PEP 660, ``dir_info.editable``)."""

    __match_args__ = ("name", "version", "path", "direct_url")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    path: Path
    direct_url: DirectUrl

    def __init__(
        self, name: str, version: Version, path: str | os.PathLike[str], direct_url: DirectUrl
    ) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "version", version)
        set_field(self, "path", to_path(path))
        set_field(self, "direct_url", direct_url)

    @property
    def editable(self) -> bool:
        """Always True."""
        return True

    @property
    def source(self) -> Path | None:
        """The project directory it runs from, if its URL is a ``file:`` URL."""
        try:
            return VerbatimUrl.parse_url(self.direct_url.url, env={}).to_path()
        except InvalidUrl:
            return None
