"""Removing cache entries: everything, or one package's entries in every bucket."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from puffin_cache._atomic import TEMP_PREFIX
from puffin_cache._bucket import CacheBucket
from puffin_cache._frozen import Frozen, set_field
from puffin_normalize import PackageName

__all__ = ["CleanStats", "format_bytes", "package_entries", "remove_counting"]

# Sub-folders of the per-index buckets that are not index folders, and how many
# levels of digests (and commits) sit between them and the entries.
_SOURCE_DEPTH: Final = {"url": 1, "path": 1, "git": 2}
_PER_PACKAGE: Final = (
    CacheBucket.SIMPLE,
    CacheBucket.WHEELS,
    CacheBucket.WHEEL_METADATA,
    CacheBucket.BUILT_WHEELS,
)


class CleanStats(Frozen):
    """How much a clean removed.

    >>> print(CleanStats(files=12, bytes=3_565_158))
    Removed 12 files (3.4MiB)
    >>> print(CleanStats(files=1, bytes=10) + CleanStats(files=0, bytes=0))
    Removed 1 file (10B)
    """

    __match_args__ = ("files", "bytes", "dirs")
    __slots__ = __match_args__

    files: int
    bytes: int
    dirs: int

    def __init__(self, files: int = 0, bytes: int = 0, dirs: int = 0) -> None:
        set_field(self, "files", files)
        set_field(self, "bytes", bytes)
        set_field(self, "dirs", dirs)

    def __add__(self, other: CleanStats) -> CleanStats:
        return CleanStats(
            self.files + other.files, self.bytes + other.bytes, self.dirs + other.dirs
        )

    def __str__(self) -> str:
        noun = "file" if self.files == 1 else "files"
        return f"Removed {self.files} {noun} ({format_bytes(self.bytes)})"


def format_bytes(size: int) -> str:
    """*size* in binary units, one decimal above bytes.

    >>> format_bytes(512), format_bytes(1536), format_bytes(5 * 1024**3)
    ('512B', '1.5KiB', '5.0GiB')
    """
    if size < 1024:
        return f"{size}B"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.1f}{unit}"


def remove_counting(path: Path) -> CleanStats:
    """Delete *path* (a file, link or directory tree) and count what went.

    Symlinks are removed, never followed. Read-only files are made writable first.
    A missing path removes nothing.

    :raises OSError: something could not be removed (the rest is still removed first).
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return CleanStats()
    if not stat.S_ISDIR(info.st_mode):
        _unlink(path)
        return CleanStats(files=1, bytes=info.st_size)
    files = size = dirs = 0
    failure: OSError | None = None
    for root, dirnames, filenames in os.walk(path, topdown=False, followlinks=False):
        # os.walk lists links to directories among dirnames; they are removed as links.
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(root, d))]:
            child = Path(root, name)
            try:
                child_size = child.lstat().st_size
                _unlink(child)
            except FileNotFoundError:
                continue
            except OSError as exc:
                failure = failure or exc
                continue
            files += 1
            size += child_size
        try:
            os.rmdir(root)
            dirs += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            failure = failure or exc
    if failure is not None:
        raise failure
    return CleanStats(files=files, bytes=size, dirs=dirs)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except PermissionError:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        path.unlink()


def _children(directory: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if not entry.name.startswith((".", TEMP_PREFIX)):
            yield Path(entry.path)


def _entries_at(directory: Path, depth: int) -> Iterator[Path]:
    """The paths *depth* levels below *directory* (1 = its children)."""
    for child in _children(directory):
        if depth == 1:
            yield child
        elif child.is_dir() and not child.is_symlink():
            yield from _entries_at(child, depth - 1)


def _stem_pattern(name: PackageName) -> re.Pattern[str]:
    # Wheel stems use underscores and sdist stems may keep the original spelling, so any
    # run of -_. separates the name's words; a version (a digit, or v and a digit) must
    # follow, so that "foo" never matches "foo-bar-1.0".
    words = "[-_.]+".join(re.escape(word) for word in name.split("-"))
    return re.compile(rf"{words}-v?[0-9]", re.IGNORECASE)


def package_entries(root: Path, name: PackageName) -> Iterator[Path]:
    """Every entry of package *name* in the per-package buckets under *root*.

    Only the entry level of each bucket is looked at, never inside entries, so a file
    named like the package inside another package's wheel is never touched.
    """
    stem = _stem_pattern(name)
    for bucket in _PER_PACKAGE:
        for index in _children(root / bucket.folder):
            depth = _SOURCE_DEPTH.get(index.name, 0) + 1
            for entry in _entries_at(index, depth):
                if bucket is CacheBucket.SIMPLE:
                    matched = entry.name.partition(".")[0] == name
                else:
                    matched = stem.match(entry.name) is not None
                if matched:
                    yield entry
