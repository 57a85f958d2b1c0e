"""The cache root and the operations on it."""

from __future__ import annotations

import atexit
import functools
import os
import sys
from pathlib import Path

from puffin_cache._bucket import CacheBucket, check_part
from puffin_cache._lock import DEFAULT_LOCK_TIMEOUT, LockedFile
from puffin_cache.errors import CacheDirError, CacheWriteError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from contextlib import AbstractContextManager
    from types import TracebackType
    from typing import Final, Self

    from puffin_cache._clean import CleanStats
    from puffin_cache._entry import CacheEntry, CacheShard
    from puffin_normalize import PackageName

__all__ = ["CACHEDIR_TAG", "CACHE_DIR_ENV", "Cache"]

CACHE_DIR_ENV: Final = "PUFFIN_CACHE_DIR"
"""Environment variable naming the cache root when ``--cache-dir`` is not given."""

CACHEDIR_TAG: Final = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by puffin.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
"""Content of ``CACHEDIR.TAG``: backup tools skip directories holding it."""

_TAG_FILE: Final = "CACHEDIR.TAG"
_GITIGNORE: Final = ".gitignore"


class Cache:
    """puffin's cache: one root directory holding versioned buckets.

    The root is an absolute path, created on first use with a ``CACHEDIR.TAG`` and a
    ``.gitignore``. A temporary cache (`Cache.temp`) is removed by `close`, at the end
    of a ``with`` block, or when the process exits.

    >>> with Cache.temp() as cache:
    ...     entry = cache.entry(CacheBucket.SIMPLE, "pypi", "foo.pfcr")
    ...     entry.path.relative_to(cache.root).as_posix()
    'simple-v0/pypi/foo.pfcr'
    """

    __slots__ = ("__weakref__", "_buckets", "_cleanup", "_ready", "root")

    root: Path
    """The absolute root directory."""

    def __init__(self, root: Path, *, temporary: bool = False) -> None:
        """Use `from_path`, `from_settings` or `temp` rather than this."""
        self.root = Path(os.path.abspath(os.path.expanduser(root)))
        self._ready = False
        self._buckets: dict[CacheBucket, Path] = {}
        """Buckets made since the root was (the memo spares a system call per entry)."""
        self._cleanup: functools.partial[None] | None = None
        if temporary:
            self._cleanup = functools.partial(_remove_if_owner, self.root, os.getpid())
            atexit.register(self._cleanup)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Self:
        """A cache rooted at *path* (``~`` expanded, made absolute; created on first use)."""
        return cls(Path(path))

    @classmethod
    def from_settings(
        cls,
        cache_dir: str | os.PathLike[str] | None,
        no_cache: bool,
        env: Mapping[str, str] = os.environ,
    ) -> Self:
        """The cache the command-line settings ask for.

        ``no_cache`` gives a temporary cache; otherwise *cache_dir*, then
        ``PUFFIN_CACHE_DIR`` in *env*, then the platform's user cache directory.
        """
        if no_cache:
            return cls.temp()
        if cache_dir is not None:
            return cls.from_path(cache_dir)
        if env.get(CACHE_DIR_ENV):
            return cls.from_path(env[CACHE_DIR_ENV])
        return cls.from_path(user_cache_dir())

    @classmethod
    def temp(cls) -> Self:
        """A cache in a new temporary directory, removed on `close` or at exit."""
        import tempfile  # only --no-cache needs it

        try:
            root = tempfile.mkdtemp(prefix="puffin-cache-")
        except OSError as exc:
            raise CacheDirError(Path(tempfile.gettempdir()), exc.strerror or str(exc)) from exc
        return cls(Path(root), temporary=True)

    @property
    def is_temporary(self) -> bool:
        """Whether the root is removed on `close` and at exit."""
        return self._cleanup is not None

    def init(self) -> Path:
        """Create the root with its ``CACHEDIR.TAG`` and ``.gitignore`` (once) and return it.

        :raises CacheDirError: the root cannot be created or is not writable.
        """
        if self._ready:
            return self.root
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            if not os.access(self.root, os.W_OK | os.X_OK):
                raise CacheDirError(self.root, "directory is not writable")
            # Written atomically and only when missing, so concurrent first runs agree.
            if not (self.root / _TAG_FILE).is_file():
                _write_atomic_text(self.root / _TAG_FILE, CACHEDIR_TAG)
            if not (self.root / _GITIGNORE).is_file():
                _write_atomic_text(self.root / _GITIGNORE, "*\n")
        except CacheWriteError as exc:
            raise CacheDirError(self.root, exc.reason) from exc
        except OSError as exc:
            raise CacheDirError(self.root, exc.strerror or str(exc)) from exc
        self._ready = True
        return self.root

    def bucket(self, bucket: CacheBucket) -> Path:
        """The directory of *bucket*, created if needed."""
        if self._ready:
            made = self._buckets.get(bucket)
            if made is not None:
                return made
        path = self.init() / bucket.folder
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise CacheDirError(path, exc.strerror or str(exc)) from exc
        self._buckets[bucket] = path
        return path

    def shard(self, bucket: CacheBucket, *parts: str) -> CacheShard:
        """The directory ``<bucket>/<parts…>`` (created when an entry is written in it)."""
        from puffin_cache._entry import CacheShard  # a dataclass: see puffin_cache._LAZY

        return CacheShard(self.bucket(bucket)).shard(*parts)

    def entry(
        self, bucket: CacheBucket, dir_parts: str | Sequence[str], filename: str
    ) -> CacheEntry:
        """The entry ``<bucket>/<dir_parts…>/<filename>``; a ``str`` is one part."""
        parts = (dir_parts,) if isinstance(dir_parts, str) else tuple(dir_parts)
        return self.shard(bucket, *parts).entry(check_part(filename))

    def temp_dir(self, bucket: CacheBucket) -> AbstractContextManager[Path]:
        """A new directory inside *bucket* (so on the same file system as its entries) to
        build an entry in; rename it into place with `persist_dir` inside the block.
        Whatever is still there when the block ends, normally or not, is removed.
        """
        from puffin_cache._atomic import atomic_dir

        return atomic_dir(self.bucket(bucket))

    def lock(
        self,
        target: str | os.PathLike[str] | CacheEntry | CacheShard,
        *,
        timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> LockedFile:
        """A lock on ``<target>.lock``, to use as ``with cache.lock(entry): ...``."""
        from puffin_cache._entry import CacheEntry, CacheShard

        if isinstance(target, CacheEntry):
            return LockedFile(target.path, timeout=timeout)
        if isinstance(target, CacheShard):
            return LockedFile(target.dir, timeout=timeout)
        return LockedFile(target, timeout=timeout)

    def clean(self) -> CleanStats:
        """Remove the whole cache and say how much was freed.

        :raises CacheDirError: the root does not look like a cache (it is not empty and
            has no ``CACHEDIR.TAG``), or something could not be removed.
        """
        from puffin_cache._clean import CleanStats, remove_counting

        if not os.path.lexists(self.root):
            return CleanStats()
        if not self.root.is_dir():
            raise CacheDirError(self.root, "not a directory; refusing to delete it")
        tagged = (self.root / _TAG_FILE).is_file()
        if not tagged and any(self.root.iterdir()):
            # Guards against `--cache-dir ~` followed by `puffin clean`.
            raise CacheDirError(
                self.root, "not a puffin cache (no CACHEDIR.TAG); refusing to delete it"
            )
        self._ready = False
        self._buckets.clear()
        stats = CleanStats()
        try:
            if self.root.is_symlink():
                # A root linked elsewhere (a bigger disk) is emptied; the link stays usable.
                for child in list(self.root.iterdir()):
                    stats += remove_counting(child)
            else:
                stats = remove_counting(self.root)
        except OSError as exc:
            raise CacheDirError(self.root, f"could not remove everything: {exc}") from exc
        return stats

    def clean_package(self, name: PackageName | str) -> CleanStats:
        """Remove every entry of the package *name* from every bucket that has entries per
        package (simple pages, wheels, wheel metadata, built wheels).

        :raises CacheDirError: an entry could not be removed.
        """
        from puffin_cache._clean import CleanStats, package_entries, remove_counting
        from puffin_normalize import PackageName

        package = PackageName.parse(name)
        stats = CleanStats()
        for entry in list(package_entries(self.root, package)):
            try:
                stats += remove_counting(entry)
            except OSError as exc:
                raise CacheDirError(entry, f"could not remove it: {exc}") from exc
        return stats

    def close(self) -> None:
        """Remove a temporary cache now; does nothing to a persistent one."""
        if self._cleanup is not None:
            atexit.unregister(self._cleanup)
            self._cleanup()
            self._ready = False
            self._buckets.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = ", temporary" if self.is_temporary else ""
        return f"<Cache({str(self.root)!r}{kind})>"


def user_cache_dir() -> str:
    """``platformdirs.user_cache_dir("puffin", appauthor=False)``: puffin's default root.

    On Linux, when the answer is plain XDG (``$XDG_CACHE_HOME`` absolute, or
    ``~/.cache`` with an absolute or unset ``HOME``) it is computed here: importing
    platformdirs (which loads tempfile, shutil and random) costs every command that uses
    the default cache several milliseconds. Everything else is platformdirs' to answer.
    """
    if sys.platform == "linux":
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "puffin")
        home = os.environ.get("HOME")
        if not xdg and (home is None or os.path.isabs(home)):
            cache = os.path.expanduser("~/.cache")
            if os.path.isabs(cache):
                return os.path.join(cache, "puffin")
    import platformdirs

    return platformdirs.user_cache_dir("puffin", appauthor=False)


def _remove_if_owner(root: Path, owner: int) -> None:
    # A forked child inherits atexit handlers; only the creator removes the root.
    if os.getpid() == owner:
        from puffin_cache._atomic import remove_tree

        remove_tree(root)


def _write_atomic_text(path: Path, text: str) -> None:
    # Imported here: a cache that is already set up writes nothing at start-up.
    from puffin_cache._atomic import write_atomic_text

    write_atomic_text(path, text)
