"""`Fetcher`: the network side of a resolution, on an event loop in a thread of its own.

The solver is synchronous; it asks for a project's versions or a distribution's
metadata and gets a `concurrent.futures.Future`, started at once, which it waits
on only when it needs the answer. Meanwhile the loop runs every other request
(at most *concurrency* at a time), so that what the solver will need next is
usually there when it asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Hashable, Sequence

    from distribution_types import Dist, IndexUrl
    from puffin_client import FlatDistribution, FlatIndex, RegistryClient
    from puffin_distribution import DistributionDatabase
    from puffin_normalize import PackageName
    from pypi_types import Metadata, SimpleProject

__all__ = ["DEFAULT_CONCURRENCY", "Fetcher", "Listing"]

DEFAULT_CONCURRENCY: Final = 48
"""Requests in flight at once; below the client's own bound, so it never queues."""

T = TypeVar("T")
V = TypeVar("V")


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


class Fetcher(Generic[V]):
    """Runs requests for the solver on a background event loop.

    *build* turns a project's `Listing` into what `versions` gives (run on the loop
    thread, once per project); *listed* is then called with the project and the
    result, on the loop thread too: the place to start prefetching metadata.
    *fetched* is called with the key and the result of each metadata fetch, on the
    loop thread: the place to start fetching what that distribution depends on.
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
    ) -> None:
        self.client = client
        self.database = database
        self._build = build
        self._listed = listed
        self._fetched = fetched
        self._concurrency = concurrency
        self._lock = threading.Lock()
        self._versions: dict[PackageName, Future[V]] = {}
        self._metadata: dict[Hashable, Future[Metadata]] = {}
        self._hashes: dict[Hashable, Future[tuple[str, ...]]] = {}
        self._loop = asyncio.new_event_loop()
        self._semaphore: asyncio.Semaphore | None = None
        self._flat: asyncio.Future[FlatIndex] | None = None
        self._closed = False
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="puffin-resolver-fetch", daemon=True
        )
        self._thread.start()

    # -- the solver's side ----------------------------------------------------------

    def versions(self, name: PackageName) -> Future[V]:
        """The versions of project *name* (fetched once, started now if not yet)."""
        with self._lock:
            future = self._versions.get(name)
            if future is None:
                future = self._versions[name] = self._submit(self._fetch_versions(name))
        return future

    def metadata(self, key: Hashable, dist: Dist) -> Future[Metadata]:
        """The metadata of *dist*, fetched once per *key* (started now if not yet)."""
        with self._lock:
            future = self._metadata.get(key)
            if future is None:
                future = self._metadata[key] = self._submit(self._fetch_metadata(key, dist))
        return future

    def hashes(self, key: Hashable, dist: Dist) -> Future[tuple[str, ...]]:
        """The archive digests of a URL or local *dist*, fetched once per *key*."""
        with self._lock:
            future = self._hashes.get(key)
            if future is None:
                future = self._hashes[key] = self._submit(self._fetch_hashes(dist))
        return future

    def started_metadata(self, key: Hashable) -> bool:
        """Whether the metadata of *key* was asked for already."""
        return key in self._metadata

    def close(self) -> None:
        """Cancel what is still running, close the client's connections, stop the loop."""
        if self._closed:
            return
        self._closed = True
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def _submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        if self._closed:
            coroutine.close()
            raise RuntimeError("the fetcher is closed")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    # -- the loop's side --------------------------------------------------------------

    def _limit(self) -> asyncio.Semaphore:
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
        if self._flat is None:
            self._flat = asyncio.ensure_future(self.client.flat_index())
        return await asyncio.shield(self._flat)

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
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self.client.aclose()
