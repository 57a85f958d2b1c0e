"""Atomic writes: files and directories appear in the cache whole, or not at all."""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from puffin_cache.errors import CacheWriteError

__all__ = [
    "TEMP_PREFIX",
    "atomic_dir",
    "persist_dir",
    "remove_tree",
    "write_atomic",
    "write_atomic_text",
]

TEMP_PREFIX: Final = ".tmp-"
"""Names starting with this are unfinished work; readers and `clean_package` skip them."""

_WINDOWS: Final = sys.platform == "win32"
_NAME_TAIL: Final = 60


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _temp_name(final_name: str) -> str:
    # The final name in the temp name tells a human what an orphan was meant to be;
    # it is cut short so the temp name stays within NAME_MAX.
    return f"{TEMP_PREFIX}{os.urandom(6).hex()}-{final_name[:_NAME_TAIL]}"


def write_atomic(
    path: str | os.PathLike[str], data: bytes | bytearray | memoryview, *, fsync: bool = False
) -> None:
    """Write *data* to *path* through a temporary file in the same directory and a rename.

    A reader sees the old content or the new, never a mix; if writing fails (or the
    process is interrupted), the temporary file is removed. The parent directory is
    created if needed. With ``fsync=True`` the data and the rename are flushed to disk,
    which survives a power cut but costs milliseconds.

    :raises CacheWriteError: the file could not be written or moved into place.
    """
    path = Path(path)
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheWriteError(path, _reason(exc)) from exc
    temp = directory / _temp_name(path.name)
    try:
        # os.open with 0o666 lets the umask decide the mode (mkstemp would force 0o600,
        # which hard-linked installs would carry into site-packages).
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with open(fd, "wb") as file:
            file.write(data)
            if fsync:
                file.flush()
                os.fsync(file.fileno())
        _replace(temp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise CacheWriteError(path, _reason(exc)) from exc
        raise
    if fsync:
        _fsync_dir(directory)


def write_atomic_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", fsync: bool = False
) -> None:
    """`write_atomic` for text; newlines are written as given (no translation)."""
    write_atomic(path, text.encode(encoding), fsync=fsync)


def _replace(source: Path, target: Path) -> None:
    # On Windows a reader holding the target open makes the rename fail for a moment.
    attempts = 5 if _WINDOWS else 1
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * 2**attempt)


def _fsync_dir(directory: Path) -> None:
    if _WINDOWS:
        return
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def persist_dir(temp_dir: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Rename the fully built *temp_dir* to *target* and return *target*.

    If another process put *target* in place first, its copy wins: *temp_dir* is
    deleted and *target* is returned, so every caller ends with the same complete entry.
    *temp_dir* must be on the same file system (see `Cache.temp_dir`).

    :raises CacheWriteError: *target* exists but is not a directory, or the rename failed.
    """
    temp_dir, target = Path(temp_dir), Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(temp_dir, target)
    except OSError as exc:
        lost_race = exc.errno in {errno.EEXIST, errno.ENOTEMPTY} or isinstance(
            exc, FileExistsError | PermissionError
        )
        if lost_race and target.is_dir():
            remove_tree(temp_dir)
            return target
        raise CacheWriteError(target, _reason(exc)) from exc
    return target


@contextmanager
def atomic_dir(parent: Path) -> Iterator[Path]:
    """A new empty directory inside *parent*, removed when the block ends unless it was
    renamed away (with `persist_dir`) inside the block.

    :raises CacheWriteError: *parent* is not writable.
    """
    try:
        parent.mkdir(parents=True, exist_ok=True)
        path = _make_temp_dir(parent)
    except OSError as exc:
        raise CacheWriteError(parent, _reason(exc)) from exc
    try:
        yield path
    finally:
        remove_tree(path)


def _make_temp_dir(parent: Path) -> Path:
    # Not tempfile.mkdtemp: its 0o700 mode would stick to the entry once renamed.
    while True:
        path = parent / _temp_name("dir")
        try:
            path.mkdir(0o777)
        except FileExistsError:
            continue
        return path


def remove_tree(path: str | os.PathLike[str]) -> None:
    """Delete *path* and everything below it, read-only files included; a missing path
    is fine, and what cannot be removed is left behind rather than raised."""

    def retry(function: Callable[..., object], name: str, exc: BaseException) -> None:
        if isinstance(exc, FileNotFoundError):
            return
        if isinstance(exc, PermissionError):
            # Read-only files (git objects, wheels from odd tools) block deletion on Windows.
            with suppress(OSError):
                os.chmod(name, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
                function(name)

    if not os.path.lexists(path):
        return
    if not os.path.isdir(path) or os.path.islink(path):
        with suppress(FileNotFoundError, PermissionError):
            os.unlink(path)
        return
    # Imported here: shutil pulls in bz2 and lzma, and most runs remove nothing.
    import shutil

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=lambda function, name, info: retry(function, name, info[1]))
