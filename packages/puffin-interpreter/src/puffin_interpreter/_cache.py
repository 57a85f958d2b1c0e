"""Query results kept in the cache's ``interpreter-v0`` bucket, valid while the executable is.

An entry is ``<cache_digest(absolute executable path)>.json``::

    {"executable": "/abs/path", "mtime_ns": 1700000000000000000, "size": 6012,
     "answer": {...the query script's answer...}}

It is valid while the executable's modification time and size are those
recorded: a hit costs one ``stat`` of the executable and one small file read.
"""

from __future__ import annotations

import json
import os

from puffin_cache import CacheBucket, PuffinCacheError, cache_digest
from puffin_interpreter._answer import check_answer
from puffin_interpreter.errors import InvalidInterpreterInfo

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from puffin_cache import Cache
    from puffin_interpreter._answer import Answer
    from puffin_interpreter._info import InterpreterInfo

__all__ = ["entry_path", "read_cached", "write_cached"]


def entry_path(cache: Cache, executable: str) -> Path:
    """Where the query result of *executable* (an absolute path) lives in *cache*."""
    return cache.bucket(CacheBucket.INTERPRETER) / f"{cache_digest(executable)}.json"


# Non-blocking, so that a named pipe put at an entry's path is refused at once instead
# of waiting for a writer; it changes nothing for a regular file.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_regular(path: Path) -> bytes:
    """The bytes of the regular file *path*.

    :raises OSError: missing, unreadable, or not a regular file.
    """
    import stat

    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return file.read()


def read_cached(cache: Cache, executable: str, stat: os.stat_result) -> Answer | None:
    """The cached answer for *executable* if *stat* still matches it; None otherwise.

    A missing, unreadable, stale or malformed entry is a miss, never an error:
    the caller queries again and overwrites it.
    """
    try:
        record = json.loads(_read_regular(entry_path(cache, executable)))
    except (OSError, ValueError, PuffinCacheError):
        return None
    if (
        not isinstance(record, dict)
        or record.get("executable") != executable
        or record.get("mtime_ns") != stat.st_mtime_ns
        or record.get("size") != stat.st_size
    ):
        return None
    try:
        return check_answer(record.get("answer"))  # type: ignore[arg-type]
    except InvalidInterpreterInfo:
        return None


def write_cached(
    cache: Cache, executable: str, stat: os.stat_result, info: InterpreterInfo
) -> None:
    """Store *info* for *executable*, stamped with its *stat* (taken before the query ran).

    :raises PuffinCacheError: the cache cannot be written (the same failure any
        other cache write of the command would hit a moment later).
    """
    # Imported here: a cache hit writes nothing, and puffin_cache loads it on first use.
    from puffin_cache import write_atomic

    record = {
        "executable": executable,
        "mtime_ns": stat.st_mtime_ns,
        "size": stat.st_size,
        "answer": info.to_dict(),
    }
    write_atomic(entry_path(cache, executable), json.dumps(record).encode("utf-8"))
