"""Find-links (``-f``): the files of local directories and flat HTML pages, by project."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from distribution_filename import (
    DistFilename,
    SourceDistExtension,
    SourceDistFilename,
    WheelFilename,
)
from puffin_normalize import Frozen, PackageName, normalize, set_field
from pypi_types import File

if TYPE_CHECKING:
    from distribution_types import FlatIndexLocation

__all__ = ["FlatDistribution", "FlatIndex", "list_directory"]


def _is_distribution(filename: str) -> bool:
    return filename.endswith(".whl") or SourceDistExtension.from_filename(filename) is not None


def list_directory(path: Path) -> tuple[File, ...]:
    """The wheels and source distributions directly inside *path*, by name, as files
    with ``file://`` URLs (not recursive, as pip does).

    :raises OSError: *path* cannot be listed.
    """
    with os.scandir(path) as entries:
        names = sorted(
            entry.name for entry in entries if _is_distribution(entry.name) and entry.is_file()
        )
    base = path.absolute()
    return tuple(File(name, (base / name).as_uri()) for name in names)


def _candidate_names(filename: str) -> Iterator[str]:
    """Project names *filename* may belong to: a wheel's first part, or for a source
    distribution every part before a dash (names may contain dashes)."""
    if filename.endswith(".whl"):
        yield normalize(filename.partition("-")[0])
        return
    position = filename.find("-")
    while position > 0:
        yield normalize(filename[:position])
        position = filename.find("-", position + 1)


class FlatDistribution(Frozen):
    """A distribution file found through find-links: its parsed name, the file (with a
    ``file://`` or remote URL), and the location that listed it."""

    __match_args__ = ("filename", "file", "location")
    __slots__ = __match_args__

    filename: WheelFilename | SourceDistFilename
    file: File
    location: FlatIndexLocation

    def __init__(
        self,
        filename: WheelFilename | SourceDistFilename,
        file: File,
        location: FlatIndexLocation,
    ) -> None:
        set_field(self, "filename", filename)
        set_field(self, "file", file)
        set_field(self, "location", location)


class FlatIndex:
    """The files of every find-links location, looked up by project.

    >>> index = FlatIndex([(File("Foo_Bar-1.0.tar.gz", "file:///w/Foo_Bar-1.0.tar.gz"), "loc")])
    >>> [str(d.filename) for d in index.get(PackageName.parse("foo-bar"))]
    ['foo_bar-1.0.tar.gz']
    >>> index.get(PackageName.parse("foo"))
    []
    """

    __slots__ = ("_by_name", "_count")

    def __init__(self, entries: Iterable[tuple[File, FlatIndexLocation]] = ()) -> None:
        self._by_name: dict[str, list[tuple[File, FlatIndexLocation]]] = {}
        self._count = 0
        for file, location in entries:
            if not _is_distribution(file.filename):
                continue
            self._count += 1
            for name in _candidate_names(file.filename):
                self._by_name.setdefault(name, []).append((file, location))

    def __len__(self) -> int:
        """The number of distribution files."""
        return self._count

    def get(self, package: PackageName) -> list[FlatDistribution]:
        """The files of *package*, in location order then listing order; files whose
        names do not parse are left out."""
        found = []
        for file, location in self._by_name.get(package, ()):
            filename = DistFilename.try_from_filename(file.filename, package)
            if filename is not None:
                found.append(FlatDistribution(filename, file, location))
        return found

    def packages(self) -> set[PackageName]:
        """Every project some file may belong to (a superset for ambiguous sdist names)."""
        return {PackageName.from_normalized(name) for name in self._by_name}
