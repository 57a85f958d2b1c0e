"""Put one file of an unpacked wheel into an environment: hard link, clone or copy."""

from __future__ import annotations

import enum
import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Final, cast

__all__ = ["LinkMode", "Linker", "copy_file"]

_FALLBACK_ERRNOS: Final = frozenset(
    {
        errno.EXDEV,  # another file system
        errno.EPERM,  # no links on this file system, or protected_hardlinks
        errno.EMLINK,  # the source has too many links already
        errno.ENOTSUP,
        errno.EOPNOTSUPP,
        errno.ENOSYS,
        errno.ENOTTY,  # the clone ioctl is unknown to this file system
        errno.EINVAL,
        errno.EBADF,
    }
)
# Linux's FICLONE ioctl number (fcntl.FICLONE exists only from Python 3.12).
_FICLONE: Final = 0x40049409
_READ: Final = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_CREATE: Final = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK: Final = 1 << 20


class LinkMode(enum.Enum):
    """How installed files share data with the unpacked wheel in the cache.

    ``HARDLINK`` shares the inode (no data written; editing an installed file edits
    the cache), ``CLONE`` shares blocks copy-on-write (btrfs, XFS, APFS), ``COPY``
    writes the bytes. Each falls back to copying when the file system refuses.

    >>> LinkMode("clone")
    <LinkMode.CLONE: 'clone'>
    """

    CLONE = "clone"
    HARDLINK = "hardlink"
    COPY = "copy"

    @classmethod
    def default(cls) -> LinkMode:
        """Clone on macOS (APFS clones are cheap and safe), hard links elsewhere."""
        return cls.CLONE if sys.platform == "darwin" else cls.HARDLINK


def copy_file(source: str, destination: str) -> None:
    """Copy *source* to the new file *destination* (mode bits kept, under the umask).

    :raises FileExistsError: *destination* exists (it is never replaced).
    """
    src_fd = os.open(source, _READ)
    try:
        mode = os.fstat(src_fd).st_mode & 0o777
        dst_fd = os.open(destination, _CREATE, mode)
        try:
            _copy_data(src_fd, dst_fd)
        except BaseException:
            os.close(dst_fd)
            os.unlink(destination)
            raise
        os.close(dst_fd)
    finally:
        os.close(src_fd)


def _copy_data(src_fd: int, dst_fd: int) -> None:
    if hasattr(os, "copy_file_range"):
        try:
            # In-kernel copy; XFS and btrfs even share the blocks.
            while os.copy_file_range(src_fd, dst_fd, 1 << 30):
                pass
        except OSError as exc:
            if exc.errno not in _FALLBACK_ERRNOS or os.lseek(dst_fd, 0, os.SEEK_CUR):
                raise
    # Also finishes whatever copy_file_range left (some file systems stop it early).
    while chunk := os.read(src_fd, _CHUNK):
        view = memoryview(chunk)
        while view:
            view = view[os.write(dst_fd, view) :]


def _clone_linux(source: str, destination: str) -> bool:
    """Reflink *source* to *destination*; ``False`` (nothing left behind) if unsupported."""
    import fcntl

    src_fd = os.open(source, _READ)
    try:
        mode = os.fstat(src_fd).st_mode & 0o777
        dst_fd = os.open(destination, _CREATE, mode)
        try:
            fcntl.ioctl(dst_fd, _FICLONE, src_fd)
        except OSError as exc:
            os.close(dst_fd)
            os.unlink(destination)
            if exc.errno in _FALLBACK_ERRNOS:
                return False
            raise
        os.close(dst_fd)
        return True
    finally:
        os.close(src_fd)


@functools.cache
def _darwin_clonefile() -> Callable[[bytes, bytes, int], int] | None:
    import ctypes

    function = getattr(ctypes.CDLL(None, use_errno=True), "clonefile", None)
    if function is None:
        return None
    function.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint32)
    function.restype = ctypes.c_int
    return cast("Callable[[bytes, bytes, int], int]", function)


def _clone_darwin(source: str, destination: str) -> bool:
    import ctypes

    clonefile = _darwin_clonefile()
    if clonefile is None:
        return False
    clone_nofollow = 0x0001
    if clonefile(os.fsencode(source), os.fsencode(destination), clone_nofollow) == 0:
        return True
    code = ctypes.get_errno()
    if code in _FALLBACK_ERRNOS:
        return False
    raise OSError(code, os.strerror(code), destination)


class Linker:
    """Places files in one mode, switching to copies for good once the file system refuses.

    Not thread-safe: use one per installed wheel.
    """

    __slots__ = ("fell_back", "mode")

    def __init__(self, mode: LinkMode) -> None:
        self.mode = mode
        #: Whether some file had to be copied although *mode* asked otherwise.
        self.fell_back = False

    def place(self, source: str, destination: str) -> None:
        """Create *destination* from *source*.

        :raises FileExistsError: *destination* exists.
        """
        mode = self.mode
        if mode is LinkMode.HARDLINK:
            try:
                os.link(source, destination)
                return
            except OSError as exc:
                if exc.errno not in _FALLBACK_ERRNOS:
                    raise
                self.fell_back = True
                # Too many links is about this one file; anything else is the file system.
                if exc.errno != errno.EMLINK:
                    self.mode = LinkMode.COPY
        elif mode is LinkMode.CLONE:
            clone = _clone_darwin if sys.platform == "darwin" else _clone_linux
            if sys.platform == "win32" or not clone(source, destination):
                self.fell_back = True
                self.mode = LinkMode.COPY
            else:
                return
        copy_file(source, destination)
