"""Inter-process locks for cache work that two processes could start at once."""

from __future__ import annotations

import os
from pathlib import Path

from puffin_cache.errors import CacheWriteError, LockTimeout

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio
    from types import TracebackType
    from typing import Final, Self


__all__ = ["DEFAULT_LOCK_TIMEOUT", "LockedFile", "lock_path"]

DEFAULT_LOCK_TIMEOUT: Final = 600.0
"""Seconds to wait for a cache lock: long enough for a slow source build."""


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

    __slots__ = ("_lock", "path", "target", "timeout")

    def __init__(
        self, target: str | os.PathLike[str], *, timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.timeout = timeout
        # thread_local=False: the lock belongs to the block, whichever thread ends it.
        # Imported here: filelock (and asyncio, for async locks) cost start-up time that
        # commands which never lock should not pay.
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
        """Release the lock."""
        self._lock.release()

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock now."""
        return self._lock.is_locked

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
