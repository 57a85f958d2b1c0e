"""Where unpacked wheels live in the cache, and the digests recorded beside them.

``wheels-v0/<index>/<wheel stem>/`` for wheels listed by an index or a find-links
location (``<index>`` from `puffin_cache.index_folder`), ``wheels-v0/url/<digest>/<stem>/``
for wheels asked for by URL, and ``wheels-v0/path/<digest>/<stem>/`` for local wheel
files, whose digest covers the file's size and modification time so that a rebuilt
wheel is unpacked again. Beside each unpacked wheel, ``<stem>.hashes`` lists digests
of the archive it came from (``sha256:<hex>`` lines), so a requirement with ``--hash``
can use the unpacked copy without downloading the archive again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from distribution_filename import InvalidWheelFilename, WheelFilename
from distribution_types import (
    BuiltDist,
    DirectUrlBuiltDist,
    FlatIndexLocation,
    IndexUrl,
    PathBuiltDist,
    RegistryBuiltDist,
)
from puffin_cache import (
    TEMP_PREFIX,
    Cache,
    CacheBucket,
    cache_digest,
    canonical_url,
    index_folder,
    url_digest,
    write_atomic_text,
)
from puffin_normalize import PackageName

if TYPE_CHECKING:
    from distribution_types import IndexLocations

__all__ = [
    "HASHES_SUFFIX",
    "RegistryWheelIndex",
    "is_unpacked",
    "location_index",
    "path_wheel_dir",
    "read_hashes",
    "url_wheel_dir",
    "wheel_dir",
    "write_hashes",
]

HASHES_SUFFIX = ".hashes"
_NOT_WHEELS = (HASHES_SUFFIX, ".lock")


def location_index(location: FlatIndexLocation) -> IndexUrl:
    """The `IndexUrl` that stands for a find-links *location* (its files are cached under
    the location's URL, as an index's are under the index's)."""
    return IndexUrl(location.to_url())


def _index_dir(cache: Cache, index: IndexUrl) -> Path:
    return cache.shard(CacheBucket.WHEELS, index_folder(index.url, default=index.is_default)).dir


def url_wheel_dir(cache: Cache, url: str, filename: WheelFilename) -> Path:
    """The unpacked copy of the wheel at the remote *url*."""
    return cache.shard(CacheBucket.WHEELS, "url", url_digest(url)).dir / filename.stem


def path_wheel_dir(cache: Cache, path: Path, filename: WheelFilename) -> Path | None:
    """The unpacked copy of the local wheel file *path* as it is now, or None if it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    key = cache_digest((canonical_url(path.absolute().as_uri()), info.st_size, info.st_mtime_ns))
    return cache.shard(CacheBucket.WHEELS, "path", key).dir / filename.stem


def wheel_dir(cache: Cache, dist: BuiltDist) -> Path:
    """Where *dist* is (or will be) unpacked in the cache.

    :raises FileNotFoundError: *dist* is a local file that does not exist.
    """
    if isinstance(dist, RegistryBuiltDist):
        return _index_dir(cache, dist.index) / dist.filename.stem
    if isinstance(dist, DirectUrlBuiltDist):
        return url_wheel_dir(cache, dist.url.url, dist.filename)
    if isinstance(dist, PathBuiltDist):
        found = path_wheel_dir(cache, dist.path, dist.filename)
        if found is None:
            raise FileNotFoundError(f"no such wheel file: {dist.path}")
        return found
    raise TypeError(f"not a wheel of a known kind: {dist!r}")


def _hashes_path(unpacked: Path) -> Path:
    return unpacked.with_name(unpacked.name + HASHES_SUFFIX)


def is_unpacked(unpacked: Path) -> bool:
    """Whether *unpacked* is a whole unpacked wheel: its digest file, written once the
    unpacked tree is in place, marks it complete (a directory without one was left by
    another tool or an older layout, and is unpacked again)."""
    return _hashes_path(unpacked).is_file() and unpacked.is_dir()


def read_hashes(unpacked: Path) -> frozenset[str]:
    """The ``algorithm:hexdigest`` digests recorded for the archive of *unpacked*."""
    try:
        text = _hashes_path(unpacked).read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if ":" in line)


def write_hashes(unpacked: Path, digests: Iterable[str]) -> None:
    """Record *digests* (``algorithm:hexdigest``) of the archive of *unpacked*, atomically,
    merged with those already recorded.

    :raises CacheWriteError: the file cannot be written.
    """
    merged = sorted(read_hashes(unpacked) | set(digests))
    write_atomic_text(_hashes_path(unpacked), "".join(f"{line}\n" for line in merged))


class RegistryWheelIndex:
    """The unpacked wheels in the cache that came from the indexes and find-links
    locations of *locations*, by package name (folders listed on first use).

    >>> from distribution_types import IndexLocations
    >>> with Cache.temp() as cache:
    ...     index = IndexUrl("https://example.com/simple")
    ...     wheel = WheelFilename.parse("foo-1.0-py3-none-any.whl")
    ...     (_index_dir(cache, index) / wheel.stem).mkdir(parents=True)
    ...     write_hashes(_index_dir(cache, index) / wheel.stem, [])
    ...     found = RegistryWheelIndex(cache, IndexLocations(index)).get(PackageName.parse("foo"))
    ...     [str(filename) for filename, path in found]
    ['foo-1.0-py3-none-any.whl']
    """

    __slots__ = ("_by_name", "_cache", "_locations")

    def __init__(self, cache: Cache, locations: IndexLocations) -> None:
        self._cache = cache
        self._locations = locations
        self._by_name: dict[str, list[tuple[WheelFilename, Path]]] | None = None

    def _scan(self) -> dict[str, list[tuple[WheelFilename, Path]]]:
        by_name: dict[str, list[tuple[WheelFilename, Path]]] = {}
        indexes = [
            *self._locations.indexes(),
            *(location_index(location) for location in self._locations.flat_indexes),
        ]
        for index in indexes:
            directory = _index_dir(self._cache, index)
            try:
                entries = list(os.scandir(directory))
            except (FileNotFoundError, NotADirectoryError):
                continue
            # An unpacked wheel counts once its digest file is there (see `is_unpacked`).
            marked = {entry.name for entry in entries if entry.name.endswith(HASHES_SUFFIX)}
            for entry in entries:
                name = entry.name
                if name.startswith((".", TEMP_PREFIX)) or name.endswith(_NOT_WHEELS):
                    continue  # unfinished work, locks and digest files
                if name + HASHES_SUFFIX not in marked:
                    continue
                try:
                    filename = WheelFilename.parse(name + ".whl")
                except InvalidWheelFilename:
                    continue
                if entry.is_dir():
                    by_name.setdefault(filename.name, []).append((filename, Path(entry.path)))
        return by_name

    def get(self, name: PackageName) -> list[tuple[WheelFilename, Path]]:
        """The unpacked wheels of *name*, as (filename, directory) pairs."""
        if self._by_name is None:
            self._by_name = self._scan()
        return self._by_name.get(name, [])
