"""`Spooler`: where a downloaded wheel waits to be unpacked: memory when it fits, else a
temporary file in the cache.

A cold sync downloads tens of megabytes of wheels only to unpack and delete them. Written
to disk, they cost file-system work twice (allocating, then freeing: on a disk mounted
with ``discard``, every later file creation slows down for seconds), and a killed run
leaves them behind. On Linux they go to anonymous memory files instead
(``memfd_create``), which the kernel frees when the last descriptor closes, crash or
not. Another process of this user (an unpacking worker) opens such a file by its
``/proc/<pid>/fd/<n>`` path. Large wheels, wheels of unknown size, and those beyond a
memory budget for all waiting downloads take a temporary file as before.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import BinaryIO, Final

from puffin_cache import TEMP_PREFIX

__all__ = ["MEMORY_BUDGET", "Spool", "Spooler", "memory_files"]

MEMORY_BUDGET: Final = 256 * 1024 * 1024
"""Bytes of downloads that may wait in memory at once (the jupyter set's 97 wheels are
55 MB in all); a wheel larger than a quarter of it always goes to disk."""


class Spool:
    """The bytes of one download: written through `writer`, read back by any process of
    this user through `path`, freed by `discard` (which closes or removes it)."""

    __slots__ = ("_fd", "_spooler", "in_memory", "path", "reserved")

    def __init__(self, path: Path, fd: int | None, reserved: int, spooler: Spooler) -> None:
        self.path = path
        """Where to open the bytes: the temporary file, or ``/proc/<pid>/fd/<n>``."""
        self.in_memory = fd is not None
        """Whether the bytes are in a memory file (not in the cache's file system)."""
        self.reserved = reserved
        """Bytes of the budget this spool holds until it is discarded."""
        self._fd = fd
        self._spooler = spooler

    def writer(self) -> BinaryIO:
        """A new file object to write the bytes with (close it when done)."""
        if self._fd is not None:
            return open(self._fd, "wb", closefd=False)
        if self.in_memory:
            raise ValueError("a discarded spool")
        return open(self.path, "wb")

    def discard(self) -> None:
        """Free the bytes (idempotent)."""
        if not self.in_memory:
            self.path.unlink(missing_ok=True)
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
            self._spooler.release(self.reserved)
            self.reserved = 0


class Spooler:
    """Makes a `Spool` per download, in memory within *budget* bytes (0: never), else a
    temporary file. Used from one thread (the downloads' event loop)."""

    def __init__(self, *, budget: int = MEMORY_BUDGET) -> None:
        self._budget = budget if memory_files() else 0
        self._used = 0

    def create(self, filename: str, size: int | None, directory: Path) -> Spool:
        """A spool for the wheel *filename* of *size* bytes (None: unknown): in memory
        when it fits, else a temporary file (not created yet) in *directory*."""
        if (
            self._budget > 0
            and size is not None
            and 0 <= size <= self._budget // 4
            and self._used + size <= self._budget
        ):
            try:
                fd = os.memfd_create(filename[:200], os.MFD_CLOEXEC)
            except OSError:  # out of memory files: disk, as without them
                pass
            else:
                self._used += size
                return Spool(Path(f"/proc/{os.getpid()}/fd/{fd}"), fd, size, self)
        path = directory / f"{TEMP_PREFIX}{os.urandom(6).hex()}-{filename}"
        return Spool(path, None, 0, self)

    def release(self, size: int) -> None:
        """Give back *size* bytes of the budget."""
        self._used -= size


@functools.cache
def memory_files() -> bool:
    """Whether memory files can be made here and opened by path from other processes."""
    return hasattr(os, "memfd_create") and os.path.isdir(f"/proc/{os.getpid()}/fd")
