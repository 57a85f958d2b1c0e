"""`SourceDistFilename`: ``{name}-{version}.tar.gz`` and the other archive formats."""

from __future__ import annotations

import enum
from typing import Self

from distribution_filename._dist import DistFilename
from distribution_filename._frozen import Frozen, set_field
from distribution_filename.errors import InvalidSourceDistFilename
from puffin_normalize import InvalidName, PackageName, normalize
from puffin_pep440 import InvalidVersion, Version

__all__ = ["SourceDistExtension", "SourceDistFilename"]


class SourceDistExtension(enum.Enum):
    """The archive formats a source distribution comes in; the value is the suffix.

    >>> SourceDistExtension.from_filename("foo-1.0.tar.gz")
    <SourceDistExtension.TAR_GZ: '.tar.gz'>
    >>> SourceDistExtension.from_filename("foo-1.0.egg") is None
    True
    """

    TAR_GZ = ".tar.gz"
    ZIP = ".zip"
    TAR_BZ2 = ".tar.bz2"
    TAR_XZ = ".tar.xz"
    TGZ = ".tgz"
    TBZ = ".tbz"
    TXZ = ".txz"
    TAR_LZ = ".tar.lz"
    TAR_LZMA = ".tar.lzma"
    TAR_ZST = ".tar.zst"
    TAR = ".tar"

    @classmethod
    def from_filename(cls, filename: str) -> SourceDistExtension | None:
        """The extension *filename* ends with (any letter case), or None."""
        lowered = filename.lower()
        for extension in _LONGEST_FIRST:
            if lowered.endswith(extension.value):
                return extension
        return None

    def __str__(self) -> str:
        return self.value


_LONGEST_FIRST = sorted(SourceDistExtension, key=lambda extension: -len(extension.value))
_EXTENSIONS = ", ".join(extension.value for extension in SourceDistExtension)


class SourceDistFilename(DistFilename, Frozen):
    """A parsed source distribution filename: project, version and archive format.

    The project name may itself contain dashes, so parsing needs to know it.
    ``str()`` gives the canonical PEP 625 spelling (escaped name, normalized version).

    >>> project = PackageName.parse("zope-interface")
    >>> sdist = SourceDistFilename.parse("Zope.Interface-6.0.tar.gz", project)
    >>> sdist.name, sdist.version, sdist.extension
    (<PackageName('zope-interface')>, <Version('6.0')>, <SourceDistExtension.TAR_GZ: '.tar.gz'>)
    >>> str(sdist)
    'zope_interface-6.0.tar.gz'
    """

    __match_args__ = ("name", "version", "extension")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    extension: SourceDistExtension

    def __init__(self, name: PackageName, version: Version, extension: SourceDistExtension) -> None:
        set_field(self, "name", name)
        set_field(self, "version", version)
        set_field(self, "extension", extension)

    @classmethod
    def parse(cls, filename: str, package_name: PackageName) -> Self:
        """Parse *filename*, a source distribution of *package_name*.

        The name part is matched against *package_name* after normalization
        (``Foo_Bar`` matches ``foo-bar``). Raise `InvalidSourceDistFilename`.
        """
        extension, stem = _split_extension(filename)
        start = 0
        while (dash := stem.find("-", start)) != -1:
            # isascii(): lower() turns U+212A (Kelvin sign) into "k".
            if normalize(stem[:dash]) == package_name and stem[:dash].isascii():
                return cls(package_name, _version(filename, stem[dash + 1 :]), extension)
            start = dash + 1
        raise InvalidSourceDistFilename(
            filename, f"it does not start with the project name {str(package_name)!r} and a dash"
        )

    @classmethod
    def parse_unknown(cls, filename: str) -> Self:
        """Parse *filename* without knowing the project: the version follows the last dash.

        >>> SourceDistFilename.parse_unknown("foo-bar-2.0.zip").name
        <PackageName('foo-bar')>
        """
        extension, stem = _split_extension(filename)
        name_text, dash, version_text = stem.rpartition("-")
        if not dash:
            raise InvalidSourceDistFilename(
                filename, "expected '<name>-<version>' before the extension"
            )
        try:
            name = PackageName.parse(name_text)
        except InvalidName as exc:
            raise InvalidSourceDistFilename(
                filename, f"invalid project name {name_text!r}"
            ) from exc
        return cls(name, _version(filename, version_text), extension)

    @classmethod
    def _claims(cls, filename: str) -> bool:
        return SourceDistExtension.from_filename(filename) is not None

    @classmethod
    def _parse_for(cls, filename: str, package_name: PackageName) -> Self:
        return cls.parse(filename, package_name)

    @property
    def stem(self) -> str:
        """The canonical filename without its extension."""
        return f"{self.name.as_dist_info_name()}-{self.version}"

    def __str__(self) -> str:
        return f"{self.stem}{self.extension.value}"

    def __repr__(self) -> str:
        return f"<SourceDistFilename({str(self)!r})>"


def _split_extension(filename: str) -> tuple[SourceDistExtension, str]:
    extension = SourceDistExtension.from_filename(filename)
    if extension is None:
        raise InvalidSourceDistFilename(
            filename, f"unknown archive extension; expected one of {_EXTENSIONS}"
        )
    return extension, filename[: -len(extension.value)]


def _version(filename: str, text: str) -> Version:
    if not text:
        raise InvalidSourceDistFilename(filename, "the version is missing")
    try:
        return Version.parse(text)
    except InvalidVersion as exc:
        raise InvalidSourceDistFilename(
            filename, f"invalid version {text!r}: {exc.message}"
        ) from exc


DistFilename._register(SourceDistFilename)
