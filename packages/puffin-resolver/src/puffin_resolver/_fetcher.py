"""`Fetcher`: the network side of a resolution, on an event loop the solver drives.

The solver is synchronous; it asks for a project's versions or a distribution's
metadata and gets a `Pending` answer, whose work is queued at once and which it
waits on only when it needs the answer. Waiting runs the loop, which meanwhile
runs every other request queued (at most *concurrency* at a time), so that what
the solver will need next is usually there when it asks.

The loop runs on the solver's thread: a warm run, whose every answer is in the
cache, then pays for no thread hand-offs. When that thread already runs an event
loop (a resolution started from a coroutine, as a build's), the fetcher's loop
runs on a thread of its own instead.

An answer the cache gives at once (a fresh page, a stored wheel's metadata; anything
stored, offline) is read on the spot, without the loop: the loop (and asyncio) is
made only when something must be awaited.
"""

from __future__ import annotations

import contextlib
import sys
from _thread import allocate_lock
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar

from distribution_types import RegistryBuiltDist

if TYPE_CHECKING:
    import asyncio
    import threading
    from collections.abc import Callable, Coroutine, Hashable, Sequence

    from distribution_types import Dist, IndexUrl
    from puffin_client import FlatDistribution, FlatIndex, RegistryClient
    from puffin_distribution import DistributionDatabase
    from puffin_normalize import PackageName
    from pypi_types import Metadata, SimpleProject

__all__ = ["DEFAULT_CONCURRENCY", "Fetcher", "Listing", "Pending"]

DEFAULT_CONCURRENCY: Final = 48
"""Requests in flight at once; below the client's own bound, so it never queues."""

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
V = TypeVar("V")


class Pending(Protocol[T_co]):
    """An answer of the `Fetcher`, started when asked for."""

    def result(self) -> T_co:
        """The answer, waiting for it if needed (raises what the request raised)."""
        ...


class Listing:
    """What the indexes and find-links locations list for one project."""

    __slots__ = ("flat", "missing", "pages")

    def __init__(
        self,
        pages: Sequence[tuple[IndexUrl, SimpleProject]],
        flat: Sequence[FlatDistribution],
        missing: str | None,
    ) -> None:
        self.pages = pages
        self.flat = flat
        self.missing = missing
        """Why nothing is listed: ``"not-found"``, ``"no-index"``, ``"offline"``; else None."""


class _Outcome(Generic[T]):
    """A request's value or error, kept by a task that never raises (so that a
    prefetch nobody waits for never logs "exception was never retrieved")."""

    __slots__ = ("error", "value")

    def __init__(self, value: T | None, error: Exception | None) -> None:
        self.value = value
        self.error = error


class _Done(Generic[T]):
    """An answer known at once (read from the cache without the loop)."""

    __slots__ = ("_error", "_value")

    def __init__(self, value: T | None, error: Exception | None = None) -> None:
        self._value = value
        self._error = error

    def result(self) -> T:
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class _Task(Generic[T]):
    """A request queued on a loop that the solver's thread runs while it waits."""

    __slots__ = ("_loop", "_task")

    def __init__(self, loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, T]):
        self._loop = loop
        self._task = loop.create_task(_settle(coroutine))

    def result(self) -> T:
        task = self._task
        if not task.done():
            self._loop.run_until_complete(task)
        outcome = task.result()
        if outcome.error is not None:
            raise outcome.error
        return outcome.value  # type: ignore[return-value]


async def _settle(coroutine: Coroutine[Any, Any, T]) -> _Outcome[T]:
    try:
        return _Outcome(await coroutine, None)
    except Exception as error:
        return _Outcome(None, error)


def _loop_running() -> bool:
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return False  # nothing imported asyncio: no loop can be running
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Fetcher(Generic[V]):
    """Runs requests for the solver on an event loop (see the module doc).

    *build* turns a project's `Listing` into what `versions` gives (run on the loop,
    once per project); *listed* is then called with the project and the result, on
    the loop too: the place to start prefetching metadata. *fetched* is called with
    the key and the result of each metadata fetch, on the loop: the place to start
    fetching what that distribution depends on. The solver's methods may be called
    from the loop's callbacks as well.
    """

    def __init__(
        self,
        client: RegistryClient,
        database: DistributionDatabase,
        build: Callable[[PackageName, Listing], V],
        *,
        listed: Callable[[PackageName, V], None] | None = None,
        fetched: Callable[[Hashable, Metadata], None] | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        background: bool | None = None,
    ) -> None:
        """*background*: run the loop on a thread of its own (default: only when the
        calling thread already runs an event loop)."""
        self.client = client
        self.database = database
        self._build = build
        self._listed = listed
        self._fetched = fetched
        self._concurrency = concurrency
        self._lock = allocate_lock()
        self._versions: dict[PackageName, Pending[V]] = {}
        self._metadata: dict[Hashable, Pending[Metadata]] = {}
        self._hashes: dict[Hashable, Pending[tuple[str, ...]]] = {}
        self._loop_made: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._flat: asyncio.Future[FlatIndex] | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self._background = background if background is not None else _loop_running()
        # The cache answers at once only where no find-links location is to be merged.
        self._sync = not client.locations.flat_indexes

    @property
    def _loop(self) -> asyncio.AbstractEventLoop:
        """The event loop, made (and for a background fetcher, started) on first use."""
        loop = self._loop_made
        if loop is None:
            import asyncio

            loop = self._loop_made = asyncio.new_event_loop()
            if self._background:
                import threading  # a warm resolution answered by the cache needs none

                self._thread = threading.Thread(
                    target=loop.run_forever, name="puffin-resolver-fetch", daemon=True
                )
                self._thread.start()
        return loop

    # -- the solver's side ----------------------------------------------------------

    def versions(self, name: PackageName) -> Pending[V]:
        """The versions of project *name* (fetched once, queued now if not yet)."""
        with self._lock:
            pending = self._versions.get(name)
            if pending is not None:
                return pending
            done = self._versions_now(name)
            if done is None:
                pending = self._versions[name] = self._submit(self._fetch_versions(name))
                return pending
            self._versions[name] = done
        if self._listed is not None and done._error is None:
            with contextlib.suppress(Exception):  # a hint only, as on the loop
                self._listed(name, done.result())
        return done

    def metadata(self, key: Hashable, dist: Dist) -> Pending[Metadata]:
        """The metadata of *dist*, fetched once per *key* (queued now if not yet)."""
        with self._lock:
            pending = self._metadata.get(key)
            if pending is not None:
                return pending
            done = self._metadata_now(dist)
            if done is None:
                pending = self._metadata[key] = self._submit(self._fetch_metadata(key, dist))
                return pending
            self._metadata[key] = done
        if self._fetched is not None and done._error is None:
            with contextlib.suppress(Exception):  # a hint only, as on the loop
                self._fetched(key, done.result())
        return done

    def _versions_now(self, name: PackageName) -> _Done[V] | None:
        """The versions of *name* when the cache answers at once (see the module doc)."""
        if not self._sync:
            return None
        try:
            pages = self.client.simple_cached(name)
            if pages is None:
                return None
            return _Done(self._build(name, Listing(pages, (), None)))
        except Exception as error:
            return _Done(None, error)

    def _metadata_now(self, dist: Dist) -> _Done[Metadata] | None:
        if not self._sync:
            return None
        try:
            found = self.database.metadata_cached(dist)
        except Exception as error:
            return _Done(None, error)
        if found is not None:
            return _Done(found)
        if self.client.offline and isinstance(dist, RegistryBuiltDist):
            # What the loop would answer too: an index's wheel not in the cache.
            from puffin_client import OfflineError

            return _Done(None, OfflineError(dist.file.url, package=dist.file.filename))
        return None

    def hashes(self, key: Hashable, dist: Dist) -> Pending[tuple[str, ...]]:
        """The archive digests of a URL or local *dist*, fetched once per *key*."""
        with self._lock:
            pending = self._hashes.get(key)
            if pending is None:
                pending = self._hashes[key] = self._submit(self._fetch_hashes(dist))
        return pending

    def started_metadata(self, key: Hashable) -> bool:
        """Whether the metadata of *key* was asked for already."""
        return key in self._metadata

    def close(self) -> None:
        """Cancel what is still running, close the client's connections, stop the loop."""
        if self._closed:
            return
        self._closed = True
        if self._loop_made is None:
            return  # every answer came from the cache: no loop, no connection
        if self._thread is None:
            try:
                self._loop.run_until_complete(self._shutdown())
            finally:
                self._loop.close()
            return
        import asyncio

        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def _submit(self, coroutine: Coroutine[Any, Any, T]) -> Pending[T]:
        if self._closed:
            coroutine.close()
            raise RuntimeError("the fetcher is closed")
        loop = self._loop
        if self._thread is None:
            return _Task(loop, coroutine)
        import asyncio

        return asyncio.run_coroutine_threadsafe(coroutine, loop)

    # -- the loop's side --------------------------------------------------------------

    def _limit(self) -> asyncio.Semaphore:
        import asyncio

        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._concurrency)
        return self._semaphore

    async def _fetch_versions(self, name: PackageName) -> V:
        from puffin_client import OfflineError, PackageNotFound

        flat = await self._flat_index()
        found = flat.get(name) if len(flat) else []
        missing: str | None = None
        pages: Sequence[tuple[IndexUrl, SimpleProject]] = ()
        try:
            async with self._limit():
                pages = await self.client.simple(name)
        except PackageNotFound as error:
            missing = "not-found" if error.indexes else "no-index"
        except OfflineError:
            missing = "offline"
        if pages or found:
            missing = None
        result = self._build(name, Listing(pages, found, missing))
        if self._listed is not None:
            # A hint only: whatever goes wrong here happens again, and is reported,
            # when the solver gets to the package.
            with contextlib.suppress(Exception):
                self._listed(name, result)
        return result

    async def _flat_index(self) -> FlatIndex:
        import asyncio

        flat = self._flat
        if flat is None:
            flat = self._flat = asyncio.ensure_future(self.client.flat_index())
        elif flat.done():
            return flat.result()
        return await asyncio.shield(flat)

    async def _fetch_metadata(self, key: Hashable, dist: Dist) -> Metadata:
        async with self._limit():
            metadata = await self.database.metadata(dist)
        if self._fetched is not None:
            with contextlib.suppress(Exception):  # a hint only, as for `listed`
                self._fetched(key, metadata)
        return metadata

    async def _fetch_hashes(self, dist: Dist) -> tuple[str, ...]:
        async with self._limit():
            return await self.database.hashes(dist)

    async def _shutdown(self) -> None:
        import asyncio

        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self.client.aclose()
