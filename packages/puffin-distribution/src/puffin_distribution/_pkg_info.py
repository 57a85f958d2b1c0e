"""The ``PKG-INFO`` of a source archive, read in place, and whether it can stand for a build.

Archives are untrusted: nothing is extracted, only the one member
``<name>-<version>/PKG-INFO`` (the top-level directory of the project and version
the filename names) is read, and only up to `MAX_PKG_INFO` bytes.
"""

from __future__ import annotations

import tarfile
import zipfile
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

__all__ = ["MAX_PKG_INFO", "read_pkg_info", "static_metadata"]

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


def _is_pkg_info(member: str, filename: SourceDistFilename) -> bool:
    """Whether *member* is ``<name>-<version>/PKG-INFO`` of the project *filename* names."""
    member = member.removeprefix("./")
    top, slash, rest = member.partition("/")
    if not slash or rest != "PKG-INFO":
        return False
    try:
        found = SourceDistFilename.parse(top + ".tar", filename.name)
    except InvalidSourceDistFilename:
        return False
    return found.version == filename.version


def read_pkg_info(path: Path, filename: SourceDistFilename) -> bytes:
    """The ``<name>-<version>/PKG-INFO`` member of the source archive at *path*.

    :raises SourceDistError: the archive cannot be read, is of a format this Python
        cannot open, or holds no such member (or a larger one than `MAX_PKG_INFO`).
    """
    shown = str(filename)
    try:
        if filename.extension is SourceDistExtension.ZIP:
            return _from_zip(path, filename)
        mode = _TAR_MODES.get(filename.extension)
        if mode is None:
            raise SourceDistError(shown, f"{filename.extension} archives are not supported")
        return _from_tar(path, filename, mode)
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile) as exc:
        raise SourceDistError(shown, f"not a readable archive ({exc})") from exc


def _missing(filename: SourceDistFilename) -> SourceDistError:
    return SourceDistError(str(filename), f"no {filename.stem}/PKG-INFO in the archive")


def _too_large(filename: SourceDistFilename, size: int) -> SourceDistError:
    return SourceDistError(str(filename), f"PKG-INFO is {size} bytes, more than {MAX_PKG_INFO}")


def _from_zip(path: Path, filename: SourceDistFilename) -> bytes:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not _is_pkg_info(info.filename, filename):
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


def _from_tar(path: Path, filename: SourceDistFilename, mode: str) -> bytes:
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for member in archive:
            if not member.isfile() or not _is_pkg_info(member.name, filename):
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


def static_metadata(data: bytes, filename: SourceDistFilename) -> Metadata:
    """The metadata *data* (a ``PKG-INFO``) gives, when it can stand for a build.

    That is when its ``Metadata-Version`` is 2.2 or later (PEP 643), the fields a
    resolver needs (``Requires-Dist``, ``Requires-Python``, ``Provides-Extra``) are not
    ``Dynamic``, and it names the project and version of *filename*.

    :raises BuildNotSupported: only a build can give the metadata.
    :raises SourceDistError: the ``PKG-INFO`` is not valid metadata.
    """
    shown = str(filename)
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
    if metadata.name != filename.name or metadata.version != filename.version:
        raise SourceDistError(shown, f"its PKG-INFO describes {metadata.name} {metadata.version}")
    return metadata


def _metadata_version(text: str | None) -> tuple[int, int] | None:
    major, _, minor = (text or "").strip().partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)
