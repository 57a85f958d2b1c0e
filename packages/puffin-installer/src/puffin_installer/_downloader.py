"""`Downloader`: fetch wheels concurrently, check their digests, unpack them into the cache."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distribution_types import (
    BuiltDist,
    CachedDist,
    Dist,
    PathBuiltDist,
    PathSourceDist,
    RegistryBuiltDist,
    RegistrySourceDist,
    SourceDist,
)
from puffin_cache import TEMP_PREFIX, CacheBucket, CacheWriteError
from puffin_installer._layout import is_unpacked, read_hashes, wheel_dir, write_hashes
from puffin_installer._reporter import NullReporter, Reporter
from puffin_installer._spool import MEMORY_BUDGET, Spool, Spooler
from puffin_installer._unpacker import Unpacker, default_processes
from puffin_installer.errors import DownloadError, HashMismatch
from puffin_pep508 import VerbatimUrl

if TYPE_CHECKING:
    from puffin_cache import Cache
    from puffin_client import BaseClient
    from puffin_installer._pin import Pin
    from puffin_normalize import PackageName

__all__ = ["Downloader", "WheelBuilder"]

WheelBuilder = Callable[[SourceDist], Awaitable[tuple[Dist, Path]]]
"""Builds a source dist: the dist to record (a git dist pinned to its commit) and the
built wheel's path (e.g. `puffin_distribution.DistributionDatabase.built_wheel`)."""

_CHUNK = 1 << 20
# Fewer wheels than this unpack in threads: a worker process costs about 60 ms of CPU
# to start, more than a few small wheels take to unpack.
_PROCESS_THRESHOLD = 8
_EMPTY_PINS: Mapping[PackageName, Pin] = {}


def _hashers(algorithms: Collection[str]) -> dict[str, Any]:
    return {algorithm: hashlib.new(algorithm) for algorithm in sorted(algorithms)}


def _hash_file(path: Path, algorithms: Collection[str]) -> dict[str, str]:
    hashers = _hashers(algorithms)
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {algorithm: hasher.hexdigest() for algorithm, hasher in hashers.items()}


def _any_matches(expected: Collection[str], digests: Mapping[str, str]) -> bool:
    """Whether one of the *expected* ``algorithm:hexdigest`` values is among *digests*."""
    return any(digests.get(v.partition(":")[0]) == v.partition(":")[2] for v in expected)


def _local_path(dist: BuiltDist) -> Path | None:
    """The file of a local wheel, or of a wheel a ``file:`` index or find-links lists."""
    if isinstance(dist, PathBuiltDist):
        return dist.path
    if isinstance(dist, RegistryBuiltDist) and dist.file.url.startswith("file:"):
        from puffin_client import file_url_to_path

        return file_url_to_path(dist.file.url)
    return None


def _url(dist: BuiltDist) -> str:
    if isinstance(dist, RegistryBuiltDist):
        return dist.file.url
    url = dist.version_or_url
    if not isinstance(url, VerbatimUrl):
        raise TypeError(f"not a wheel of a known kind: {dist!r}")
    return url.without_fragment()


class Downloader:
    """Fetches wheels into the cache: downloads stream into memory (on Linux, up to
    *memory_budget* bytes waiting at once, see `Spooler`; 0 never) or to a temporary
    file beside the cache bucket, every digest that is asked for is checked, then the
    wheel is unpacked (`install_wheel.unpack_wheel`, by `Unpacker`) and renamed into
    place.

    Digests checked: the ``--hash`` values of the wheel's `Pin` (one of them must match)
    and the digest the index lists for the file. A mismatch raises `HashMismatch` and
    leaves nothing of that file in the cache. `download` returns only when every wheel
    is in the cache, so a caller that installs afterwards installs nothing when any
    download fails. The sha256 (and any other computed digest) of each archive is
    recorded beside its unpacked copy for later runs.
    """

    def __init__(
        self,
        client: BaseClient,
        cache: Cache,
        *,
        reporter: Reporter | None = None,
        workers: int | None = None,
        processes: int | None = None,
        builder: WheelBuilder | None = None,
        memory_budget: int | None = None,
    ) -> None:
        self.builder = builder
        """Builds the source dists among those to download (none: they are refused)."""
        self.client = client
        self.cache = cache
        self.reporter: Reporter = reporter if reporter is not None else NullReporter()
        self.workers = workers if workers is not None else min(32, (os.cpu_count() or 1) + 4)
        self.processes = processes if processes is not None else default_processes()
        self._stale: dict[str, list[str]] | None = None
        self._spooler = Spooler(budget=MEMORY_BUDGET if memory_budget is None else memory_budget)

    async def download(
        self,
        dists: Sequence[Dist | Awaitable[Dist]],
        *,
        pins: Mapping[PackageName, Pin] = _EMPTY_PINS,
        then: Callable[[CachedDist], Awaitable[object]] | None = None,
    ) -> list[CachedDist]:
        """Fetch, check and unpack *dists* at once; the unpacked wheels, in order.

        *pins* give each package's expected hashes and where it was required. A dist may
        be an awaitable (such as `DistFinder.find_one`): each download then starts as
        soon as its own dist is known, while the others are still being looked up; an
        error of the awaitable is raised like a failed download.

        *then* is awaited with each wheel once it is in the cache and the archives of
        all *dists* are in hand and checked (so a caller may install it while others
        still unpack, knowing that no digest failed); an error it raises fails the
        download like any other. When the download fails, calls of *then* still
        running are cancelled: a caller that hands work to threads waits for it.

        :raises HashMismatch: a file's digest is not one of those expected.
        :raises DownloadError: a file could not be fetched or unpacked.
        """
        if not dists:
            return []
        self._stale = None
        # Lookups run as tasks of their own from the start, so that every one of them is
        # awaited (or cancelled) even when a download fails first.
        lookups = [d if isinstance(d, Dist) else asyncio.ensure_future(d) for d in dists]
        processes = self.processes if len(dists) >= _PROCESS_THRESHOLD else 0
        with ThreadPoolExecutor(self.workers, thread_name_prefix="puffin-unpack") as pool:
            async with Unpacker(pool, processes=processes) as unpacker:
                checks = _Checks(len(lookups))
                return await self._download_all(lookups, pins, pool, unpacker, checks, then)

    async def _download_all(
        self,
        lookups: Sequence[Dist | asyncio.Future[Dist]],
        pins: Mapping[PackageName, Pin],
        pool: ThreadPoolExecutor,
        unpacker: Unpacker,
        checks: _Checks,
        then: Callable[[CachedDist], Awaitable[object]] | None,
    ) -> list[CachedDist]:
        tasks = [
            asyncio.ensure_future(self._find_and_fetch(lookup, pins, pool, unpacker, checks, then))
            for lookup in lookups
        ]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        finally:
            pending = [
                t for t in [*tasks, *lookups] if isinstance(t, asyncio.Future) and not t.done()
            ]
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            for lookup in lookups:  # their errors reach the caller through `tasks`
                if isinstance(lookup, asyncio.Future) and not lookup.cancelled():
                    lookup.exception()
        for task in tasks:  # the first failure in the caller's order
            if task in done and task.exception() is not None:
                error = task.exception()
                assert error is not None
                raise error
        return [task.result() for task in tasks]

    async def _find_and_fetch(
        self,
        dist: Dist | asyncio.Future[Dist],
        pins: Mapping[PackageName, Pin],
        pool: ThreadPoolExecutor,
        unpacker: Unpacker,
        checks: _Checks,
        then: Callable[[CachedDist], Awaitable[object]] | None,
    ) -> CachedDist:
        found = dist if isinstance(dist, Dist) else await dist
        if isinstance(found, SourceDist):
            cached = await self._build(found, pins.get(found.name), pool, unpacker, checks)
        else:
            assert isinstance(found, BuiltDist)
            cached = await self._fetch(found, pins.get(found.name), pool, unpacker, checks)
        if then is not None:
            await checks.all_done.wait()
            await then(cached)
        return cached

    async def _build(
        self,
        dist: SourceDist,
        pin: Pin | None,
        pool: ThreadPoolExecutor,
        unpacker: Unpacker,
        checks: _Checks,
    ) -> CachedDist:
        """Build *dist* (or find its build in the cache) and unpack the wheel beside it."""
        from distribution_filename import WheelFilename

        if self.builder is None:
            raise DownloadError(str(dist), "it must be built, and building is not available")
        if pin is not None and pin.hashes:
            await self._verify_source(dist, pin, pool)
        recorded, wheel = await self.builder(dist)
        checks.one_done()
        filename = WheelFilename.parse(wheel.name)
        target = wheel.parent / wheel.name.removesuffix(".whl")
        async with _locked(target, str(dist)):
            if not is_unpacked(target):
                await self._unpack(recorded, wheel, target, unpacker)
                try:
                    write_hashes(target, ())  # marks the unpacked tree complete
                except CacheWriteError as exc:
                    raise DownloadError(str(dist), str(exc)) from exc
        self.reporter.on_download(str(dist))
        return CachedDist.from_dist(recorded, filename, target)

    async def _verify_source(self, dist: SourceDist, pin: Pin, pool: ThreadPoolExecutor) -> None:
        """Check a source archive against the pin's ``--hash`` values."""
        if isinstance(dist, RegistrySourceDist):
            listed = dist.file.hashes.best()
            digests = {listed[0]: listed[1]} if listed is not None else {}
        elif isinstance(dist, PathSourceDist):
            algorithms = {v.partition(":")[0] for v in pin.hashes} & hashlib.algorithms_available
            loop = asyncio.get_running_loop()
            digests = await loop.run_in_executor(pool, _hash_file, dist.path, algorithms)
        else:
            digests = _fragment_digests(dist)
        if not digests:
            raise HashMismatch(str(dist), pin.source, pin.hashes, "unknown (it cannot be hashed)")
        if not _any_matches(pin.hashes, digests):
            algorithm = next(iter(digests))
            raise HashMismatch(
                str(dist), pin.source, pin.hashes, f"{algorithm}:{digests[algorithm]}"
            )

    async def _fetch(
        self,
        dist: BuiltDist,
        pin: Pin | None,
        pool: ThreadPoolExecutor,
        unpacker: Unpacker,
        checks: _Checks,
    ) -> CachedDist:
        loop = asyncio.get_running_loop()
        try:
            target = wheel_dir(self.cache, dist)
        except FileNotFoundError as exc:
            raise DownloadError(str(dist), str(exc)) from None
        expected = pin.hashes if pin is not None else ()
        listed = dist.file.hashes.best() if isinstance(dist, RegistryBuiltDist) else None
        algorithms = {"sha256", *(value.partition(":")[0] for value in expected)}
        if listed is not None:
            algorithms.add(listed[0])
        algorithms &= hashlib.algorithms_available
        local = _local_path(dist)
        # One process fetches a wheel at a time: another one waits, then finds it there.
        async with _locked(target, str(dist)):
            if local is None and self._reusable(target, pin, listed):
                checks.one_done()
                self.reporter.on_download(str(dist))
                return CachedDist.from_dist(dist, dist.filename, target)
            if local is not None:
                try:
                    digests = await loop.run_in_executor(pool, _hash_file, local, algorithms)
                except OSError as exc:
                    reason = f"cannot read {local}: {exc.strerror}"
                    raise DownloadError(str(dist), reason) from exc
                self._verify(dist, pin, listed, digests)
                checks.one_done()
                await self._unpack(dist, local, target, unpacker)
            else:
                spool, digests = await self._stream(dist, algorithms)
                try:
                    self._verify(dist, pin, listed, digests)
                    checks.one_done()
                    await self._unpack(
                        dist,
                        spool.path,
                        target,
                        unpacker,
                        name=str(dist.filename),
                        in_memory=spool.in_memory,
                    )
                finally:
                    spool.discard()
            try:
                write_hashes(target, [f"{name}:{value}" for name, value in digests.items()])
            except CacheWriteError as exc:
                raise DownloadError(str(dist), str(exc)) from exc
        self.reporter.on_download(str(dist))
        return CachedDist.from_dist(dist, dist.filename, target)

    @staticmethod
    def _reusable(target: Path, pin: Pin | None, listed: tuple[str, str] | None) -> bool:
        """Whether another run unpacked *target* (while this one waited for it) from an
        archive with the digests asked for."""
        if not is_unpacked(target):
            return False
        recorded = read_hashes(target)
        if pin is not None and pin.hashes and recorded.isdisjoint(pin.hashes):
            return False
        return listed is None or ":".join(listed) in recorded

    async def _stream(
        self, dist: BuiltDist, algorithms: Collection[str]
    ) -> tuple[Spool, dict[str, str]]:
        """Download *dist* into a `Spool` (memory, or a temporary file of the wheels
        bucket), hashing as it comes; the spool and the digests."""
        from puffin_client import FetchError

        directory = self.cache.bucket(CacheBucket.WHEELS)
        if self._stale is None:  # one listing for all the downloads of this run
            self._stale = _temp_downloads(directory)
        # A download of this wheel that a killed run left behind (listed before this
        # run took the wheel's lock; holding it, no live run is writing one).
        for stale in self._stale.pop(str(dist.filename), ()):
            (directory / stale).unlink(missing_ok=True)
        size = dist.file.size if isinstance(dist, RegistryBuiltDist) else None
        spool = self._spooler.create(str(dist.filename), size, directory)
        archive = spool.path
        hashers = list(_hashers(algorithms).items())
        url = _url(dist)

        def sink(chunk: memoryview) -> None:  # in a download thread: these release the GIL
            file.write(chunk)
            for _, hasher in hashers:
                hasher.update(chunk)

        try:
            with spool.writer() as file:
                response = await self.client.download(url, sink)
            if not response.ok:
                raise DownloadError(str(dist), f"HTTP {response.status} from {response.url}")
        except FetchError as exc:
            spool.discard()
            raise DownloadError(str(dist), str(exc)) from exc
        except OSError as exc:
            spool.discard()
            where = "memory" if spool.in_memory else archive
            raise DownloadError(str(dist), f"cannot write {where}: {exc.strerror}") from exc
        except BaseException:
            spool.discard()
            raise
        return spool, {name: hasher.hexdigest() for name, hasher in hashers}

    @staticmethod
    def _verify(
        dist: BuiltDist,
        pin: Pin | None,
        listed: tuple[str, str] | None,
        digests: Mapping[str, str],
    ) -> None:
        filename = str(dist.filename)
        if pin is not None and pin.hashes and not _any_matches(pin.hashes, digests):
            algorithm = next(
                (a for a in (v.partition(":")[0] for v in pin.hashes) if a in digests), "sha256"
            )
            actual = f"{algorithm}:{digests.get(algorithm, '?')}"
            raise HashMismatch(filename, pin.source, pin.hashes, actual)
        if listed is not None and digests.get(listed[0]) != listed[1]:
            actual = f"{listed[0]}:{digests.get(listed[0], '?')}"
            raise HashMismatch(filename, "as listed by the index", [":".join(listed)], actual)

    @staticmethod
    async def _unpack(
        dist: Dist,
        archive: Path,
        target: Path,
        unpacker: Unpacker,
        *,
        name: str | None = None,
        in_memory: bool = False,
    ) -> None:
        if is_unpacked(target):
            return  # unpacked by an earlier run; the archive only needed checking
        if target.is_dir():
            # Left half-unpacked by another tool (ours rename whole trees into place and
            # then mark them): start again.
            from puffin_cache import remove_tree

            remove_tree(target)
        await unpacker.unpack(str(dist), archive, target, name=name, in_memory=in_memory)


class _Checks:
    """How many of a download's archives are still to be checked; `all_done` is set
    once none is."""

    def __init__(self, count: int) -> None:
        self.remaining = count
        self.all_done = asyncio.Event()
        if count <= 0:
            self.all_done.set()

    def one_done(self) -> None:
        """One more archive is in hand and checked."""
        self.remaining -= 1
        if self.remaining <= 0:
            self.all_done.set()


def _temp_downloads(directory: Path) -> dict[str, list[str]]:
    """The temporary download files in *directory* (``<TEMP_PREFIX><12 hex>-<wheel>``),
    by the wheel's file name."""
    found: dict[str, list[str]] = {}
    start = len(TEMP_PREFIX) + 13
    try:
        entries = os.scandir(directory)
    except OSError:
        return found
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith(TEMP_PREFIX) and name[start - 1 : start] == "-":
                found.setdefault(name[start:], []).append(name)
    return found


def _fragment_digests(dist: SourceDist) -> dict[str, str]:
    """The digests a URL archive's ``#sha256=...`` fragment carries, if any."""
    from pypi_types import Hashes

    url = dist.version_or_url
    if not isinstance(url, VerbatimUrl):
        return {}
    return dict(Hashes.from_fragment(url.fragment).items())


@contextlib.asynccontextmanager
async def _locked(target: Path, label: str) -> AsyncIterator[None]:
    """Hold the cache lock of the unpacked wheel *target*."""
    from puffin_cache import LockedFile, PuffinCacheError

    lock = LockedFile(target)
    try:
        await lock.__aenter__()
    except PuffinCacheError as exc:
        raise DownloadError(label, str(exc)) from exc
    try:
        yield
    finally:
        lock.release()
