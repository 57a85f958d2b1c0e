"""Inter-process locks for cache work that two processes could start at once."""

from __future__ import annotations

import os
import time
from pathlib import Path

from puffin_cache.errors import CacheWriteError, LockTimeout

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio
    from types import TracebackType
    from typing import Any, Final, Self


__all__ = ["DEFAULT_LOCK_TIMEOUT", "LockedFile", "lock_path"]

DEFAULT_LOCK_TIMEOUT: Final = 600.0
"""Seconds to wait for a cache lock: long enough for a slow source build."""

# POSIX systems lock with flock(2) here: importing filelock costs more start-up time
# (logging, inspect, typing, ~50 ms measured in a cold sync) than every lock of a run
# takes. flock locks belong to an open file description, so two opens of one file
# exclude each other within a process too, and the kernel drops them with the last
# descriptor, even when the holder is killed. Elsewhere filelock does the work.
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
_POSIX: Final = fcntl is not None
_OPEN_FLAGS: Final = (
    os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
)
# Polling delays while another holder keeps the lock: short first (most waits are for
# a download or an unzip), at most a quarter of a second.
_FIRST_DELAY: Final = 0.005
_MAX_DELAY: Final = 0.25


def _try_flock(path: Path) -> int | None:
    """Open *path* (created with its directory if missing) and lock it without waiting;
    its descriptor, or None when someone holds it.

    A lock file removed or replaced while we waited for it (``puffin clean``) is
    opened again: a lock on a file that no longer has *path* as its name excludes
    nobody.
    """
    while True:
        try:
            fd = os.open(path, _OPEN_FLAGS, 0o666)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, _OPEN_FLAGS, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            now = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            os.close(fd)
            continue
        here = os.fstat(fd)
        if (now.st_dev, now.st_ino) == (here.st_dev, here.st_ino):
            return fd
        os.close(fd)


def lock_path(target: str | os.PathLike[str]) -> Path:
    """The lock file guarding *target*: ``<target>.lock``, beside it.

    >>> lock_path("/cache/wheels-v0/pypi/foo-1.0-py3-none-any").name
    'foo-1.0-py3-none-any.lock'
    """
    target = Path(target)
    return target.with_name(target.name + ".lock")


class LockedFile:
    """An exclusive lock on ``<target>.lock`` held for the duration of a ``with`` block
    (or an ``async with`` block, which waits in a thread).

    It excludes other processes and other `LockedFile` objects of this process; it is
    not re-entrant across objects, so do not nest two locks of one target. Use it for
    work whose result is then put in place atomically (build, unzip, git fetch): after
    acquiring, check whether the other holder already produced the entry.

    >>> import tempfile, pathlib
    >>> entry = pathlib.Path(tempfile.mkdtemp()) / "foo-1.0"
    >>> with LockedFile(entry, timeout=5) as lock:
    ...     lock.path.name
    'foo-1.0.lock'
    """

    __slots__ = ("_fd", "_lock", "path", "target", "timeout")

    def __init__(
        self, target: str | os.PathLike[str], *, timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.timeout = timeout
        # The descriptor of the locked file while this object holds it (POSIX).
        self._fd: int | None = None
        self._lock: Any = None
        if not _POSIX:
            # thread_local=False: the lock belongs to the block, whichever thread ends
            # it. Imported here: filelock costs start-up time.
            import filelock

            self._lock = filelock.FileLock(self.path, timeout=timeout, thread_local=False)

    def acquire(self) -> None:
        """Wait for the lock (at most ``timeout`` seconds).

        :raises LockTimeout: someone else held it for longer.
        :raises CacheWriteError: the lock file cannot be created.
        """
        if not self._acquire(self.timeout):
            raise LockTimeout(self.path, self.timeout)

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False at once if somebody does.

        :raises CacheWriteError: the lock file cannot be created.
        """
        return self._acquire(0)

    def _acquire(self, timeout: float) -> bool:
        if self._lock is not None:
            return self._acquire_portable(timeout)
        if self._fd is not None:
            raise RuntimeError(f"{self!r} is held already (locks are not re-entrant)")
        deadline = time.monotonic() + timeout
        delay = _FIRST_DELAY
        while True:
            try:
                fd = _try_flock(self.path)
            except OSError as exc:
                raise CacheWriteError(self.path, exc.strerror or str(exc)) from exc
            if fd is not None:
                self._fd = fd
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(delay, left))
            delay = min(delay * 2, _MAX_DELAY)

    def _acquire_portable(self, timeout: float) -> bool:
        import filelock

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=timeout)
        except filelock.Timeout:
            return False
        except OSError as exc:
            raise CacheWriteError(self.path, exc.strerror or str(exc)) from exc
        return True

    def release(self) -> None:
        """Release the lock (nothing happens when this object does not hold it)."""
        if self._lock is not None:
            self._lock.release()
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            # Closing the descriptor drops its lock; the file stays for the next holder.
            os.close(fd)

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock now."""
        if self._lock is not None:
            return bool(self._lock.is_locked)
        return self._fd is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    async def __aenter__(self) -> Self:
        # A free lock is taken at once. Otherwise the wait happens in a worker thread
        # so the event loop keeps running. If the waiting task is cancelled, the thread
        # cannot be stopped: it is left to finish and releases the lock at once if it
        # got it.
        if self.try_acquire():
            return self
        import asyncio

        future = asyncio.get_running_loop().run_in_executor(None, self.acquire)
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            future.add_done_callback(self._release_if_acquired)
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def _release_if_acquired(self, future: asyncio.Future[None]) -> None:
        if not future.cancelled() and future.exception() is None:
            self.release()

    def __repr__(self) -> str:
        return f"<LockedFile({str(self.path)!r}, locked={self.is_locked})>"
