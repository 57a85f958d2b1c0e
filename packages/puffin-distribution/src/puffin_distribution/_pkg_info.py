"""The ``PKG-INFO`` of a source archive, read in place, and whether it can stand for a build.

Archives are untrusted: nothing is extracted, only the one member
``<name>-<version>/PKG-INFO`` (the top-level directory of the project and version
the filename names) is read, and only up to `MAX_PKG_INFO` bytes.
"""

from __future__ import annotations

import tarfile
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from distribution_filename import (
    InvalidSourceDistFilename,
    SourceDistExtension,
    SourceDistFilename,
)
from puffin_distribution.errors import BuildNotSupported, SourceDistError
from pypi_types import InvalidMetadata, Metadata

if TYPE_CHECKING:
    from pathlib import Path

    from puffin_normalize import PackageName
    from puffin_pep440 import Version

__all__ = ["MAX_PKG_INFO", "SourceArchive", "read_pkg_info", "static_metadata"]

MAX_PKG_INFO: Final = 16 * 1024 * 1024
"""The largest ``PKG-INFO`` read (bytes); a bigger one is refused."""

# The fields a resolver needs; when any is dynamic only a build can tell them.
_NEEDED: Final = ("requires-dist", "requires-python", "provides-extra")

_TAR_MODES: Final = {
    SourceDistExtension.TAR_GZ: "r:gz",
    SourceDistExtension.TGZ: "r:gz",
    SourceDistExtension.TAR_BZ2: "r:bz2",
    SourceDistExtension.TBZ: "r:bz2",
    SourceDistExtension.TAR_XZ: "r:xz",
    SourceDistExtension.TXZ: "r:xz",
    SourceDistExtension.TAR: "r:",
}


@dataclass(frozen=True, slots=True)
class SourceArchive:
    """A source archive: its file name as shown, its format, and the project (and the
    version, when the file name tells it) whose ``PKG-INFO`` it should hold.

    >>> from puffin_normalize import PackageName
    >>> archive = SourceArchive.named("Foo-1.0.zip", PackageName.parse("foo"))
    >>> archive.extension, str(archive.version), archive.top
    (<SourceDistExtension.ZIP: '.zip'>, '1.0', 'foo-1.0')
    """

    filename: str
    extension: SourceDistExtension
    name: PackageName
    version: Version | None

    @classmethod
    def of(cls, filename: SourceDistFilename) -> SourceArchive:
        """The archive an index lists as *filename*."""
        return cls(str(filename), filename.extension, filename.name, filename.version)

    @classmethod
    def named(cls, filename: str, name: PackageName) -> SourceArchive | None:
        """The archive called *filename* (from a URL or path) of project *name*; None when
        *filename* has no source-archive extension."""
        extension = SourceDistExtension.from_filename(filename)
        if extension is None:
            return None
        try:
            version: Version | None = SourceDistFilename.parse(filename, name).version
        except InvalidSourceDistFilename:
            version = None
        return cls(filename, extension, name, version)

    @property
    def top(self) -> str:
        """The top-level directory expected, as messages show it."""
        return f"{self.name}-{self.version if self.version is not None else '<version>'}"

    def holds_pkg_info(self, member: str) -> bool:
        """Whether *member* is the ``<name>-<version>/PKG-INFO`` of this archive's project."""
        member = member.removeprefix("./")
        top, slash, rest = member.partition("/")
        if not slash or rest != "PKG-INFO":
            return False
        try:
            found = SourceDistFilename.parse(top + ".tar", self.name)
        except InvalidSourceDistFilename:
            return False
        return self.version is None or found.version == self.version


def _archive(filename: SourceDistFilename | SourceArchive) -> SourceArchive:
    return filename if isinstance(filename, SourceArchive) else SourceArchive.of(filename)


def read_pkg_info(path: Path, filename: SourceDistFilename | SourceArchive) -> bytes:
    """The ``<name>-<version>/PKG-INFO`` member of the source archive at *path*.

    :raises SourceDistError: the archive cannot be read, is of a format this Python
        cannot open, or holds no such member (or a larger one than `MAX_PKG_INFO`).
    """
    archive = _archive(filename)
    try:
        if archive.extension is SourceDistExtension.ZIP:
            return _from_zip(path, archive)
        mode = _TAR_MODES.get(archive.extension)
        if mode is None:
            raise SourceDistError(
                archive.filename, f"{archive.extension} archives are not supported"
            )
        return _from_tar(path, archive, mode)
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile) as exc:
        raise SourceDistError(archive.filename, f"not a readable archive ({exc})") from exc


def _missing(archive: SourceArchive) -> SourceDistError:
    return SourceDistError(archive.filename, f"no {archive.top}/PKG-INFO in the archive")


def _too_large(archive: SourceArchive, size: int) -> SourceDistError:
    return SourceDistError(archive.filename, f"PKG-INFO is {size} bytes, more than {MAX_PKG_INFO}")


def _from_zip(path: Path, filename: SourceArchive) -> bytes:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not filename.holds_pkg_info(info.filename):
                continue
            if info.file_size > MAX_PKG_INFO:
                raise _too_large(filename, info.file_size)
            with archive.open(info) as member:
                # The header's size may lie: never read past the limit.
                data = member.read(MAX_PKG_INFO + 1)
            if len(data) > MAX_PKG_INFO:
                raise _too_large(filename, len(data))
            return data
    raise _missing(filename)


def _from_tar(path: Path, filename: SourceArchive, mode: str) -> bytes:
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for member in archive:
            if not member.isfile() or not filename.holds_pkg_info(member.name):
                continue
            if member.size > MAX_PKG_INFO:
                raise _too_large(filename, member.size)
            extracted = archive.extractfile(member)
            if extracted is None:
                continue
            with extracted:
                data: bytes = extracted.read(MAX_PKG_INFO + 1)
            return data
    raise _missing(filename)


def static_metadata(data: bytes, filename: SourceDistFilename | SourceArchive) -> Metadata:
    """The metadata *data* (a ``PKG-INFO``) gives, when it can stand for a build.

    That is when its ``Metadata-Version`` is 2.2 or later (PEP 643), the fields a
    resolver needs (``Requires-Dist``, ``Requires-Python``, ``Provides-Extra``) are not
    ``Dynamic``, and it names the project and version of *filename* (any version when
    the archive's name does not tell it).

    :raises BuildNotSupported: only a build can give the metadata.
    :raises SourceDistError: the ``PKG-INFO`` is not valid metadata.
    """
    archive = _archive(filename)
    shown = archive.filename
    try:
        metadata = Metadata.parse(data)
    except InvalidMetadata as exc:
        raise SourceDistError(shown, f"invalid PKG-INFO: {exc}") from exc
    version = _metadata_version(metadata.metadata_version)
    if version is None or version < (2, 2) or version >= (3, 0):
        found = metadata.metadata_version or "missing"
        raise BuildNotSupported(shown, f"its PKG-INFO has Metadata-Version {found}, before 2.2")
    dynamic = [field for field in _NEEDED if field in metadata.dynamic]
    if dynamic:
        raise BuildNotSupported(shown, f"its PKG-INFO marks {', '.join(dynamic)} as dynamic")
    if metadata.name != archive.name or (
        archive.version is not None and metadata.version != archive.version
    ):
        raise SourceDistError(shown, f"its PKG-INFO describes {metadata.name} {metadata.version}")
    return metadata


def _metadata_version(text: str | None) -> tuple[int, int] | None:
    major, _, minor = (text or "").strip().partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)
