"""`RegistryClient`: project pages of several indexes, find-links, and wheel metadata."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from distribution_filename import InvalidWheelFilename, WheelFilename
from puffin_cache import (
    Cache,
    CacheBucket,
    CacheEntry,
    CacheShard,
    Refresh,
    Timestamp,
    index_folder,
    read_record,
    url_digest,
    write_record,
)
from puffin_client._base import BaseClient, file_url_to_path
from puffin_client._cached import CachedClient
from puffin_client._flat import FlatIndex, list_directory
from puffin_client._policy import DEFAULT_HEURISTIC_LIFETIME, CachePolicy
from puffin_client._reporter import LoggingReporter, Reporter
from puffin_client._response import Response
from puffin_client._simple_data import ACCEPT, FlatPageSerde, SimpleSerde
from puffin_client.errors import FetchError, MetadataError, OfflineError, PackageNotFound
from puffin_normalize import PackageName
from pypi_types import File, Hashes, InvalidMetadata, Metadata, SimpleProject

if TYPE_CHECKING:
    import asyncio

    from distribution_types import FlatIndexLocation, IndexLocations, IndexUrl
    from puffin_client._page_worker import PageWorker

__all__ = ["IndexStrategy", "RegistryClient"]

_SIMPLE_SUFFIX = ".pfcr"
_FLAT_ENTRY = "_flat.pfcr"  # "_" starts no project name, so `puffin clean NAME` never hits it


class IndexStrategy(enum.Enum):
    """Which indexes a project's files come from when several are configured."""

    FIRST_INDEX = "first-index"
    """Only the first index (in search order) that has the project: an extra index can
    never shadow a project of the main index with a look-alike (dependency confusion).
    This is uv's default; pip instead merges every index and takes the best version."""
    UNSAFE_BEST_MATCH = "unsafe-best-match"
    """Every index that has the project, in search order (pip's behaviour)."""


class _PageConverter:
    """The page of one package, read by the `PageWorker` (see `Converter`)."""

    __slots__ = ("package", "worker")

    def __init__(self, worker: PageWorker, package: PackageName) -> None:
        self.worker = worker
        self.package = package

    def prepare(self) -> None:
        self.worker.start()

    async def __call__(self, response: Response, policy: CachePolicy, entry: CacheEntry) -> bool:
        return await self.worker.convert(self.package, response, policy.to_dict(), entry.path)


def _retrieve(future: asyncio.Future[SimpleProject | None]) -> None:
    """Mark a shared page's error as seen: its reader raises it already."""
    if not future.cancelled():
        future.exception()


def _url(index: IndexUrl | FlatIndexLocation) -> str:
    return str(index.url)


class RegistryClient:
    """Reads the package indexes and find-links locations of one run.

    - `simple` gives a project's page from its index: indexes are searched in
      ``locations.indexes()`` order (the index, then each extra index); by default the
      first that has the project wins (`IndexStrategy`). JSON (PEP 691) is asked for
      first, HTML (PEP 503) accepted, chosen by the answer's content type.
    - ``file://`` indexes are directory trees (``<project>/index.html``); a missing
      index directory is reported once through *reporter* and skipped.
    - `flat_index` lists the find-links locations: local directories and flat pages.
    - `wheel_metadata` reads a wheel's METADATA: the PEP 658 ``.metadata`` file when the
      index announces one, else a few range requests into the zip, else the whole file.

    Pages and metadata are cached (see `CachedClient`); *refresh* forces revalidation.
    With *page_worker*, large pages fetched are read by a helper process (`PageWorker`),
    ended by `aclose`.
    """

    def __init__(
        self,
        locations: IndexLocations,
        cache: Cache,
        *,
        client: BaseClient | None = None,
        refresh: Refresh | None = None,
        strategy: IndexStrategy = IndexStrategy.FIRST_INDEX,
        reporter: Reporter | None = None,
        heuristic: float = DEFAULT_HEURISTIC_LIFETIME,
        page_worker: bool = True,
    ) -> None:
        self.locations = locations
        self.cache = cache
        self.client = client if client is not None else BaseClient()
        self.refresh = refresh if refresh is not None else Refresh.none()
        self.strategy = strategy
        self.reporter: Reporter = reporter if reporter is not None else LoggingReporter()
        self.cached = CachedClient(self.client, refresh=self.refresh, heuristic=heuristic)
        self._shards: dict[str, CacheShard] = {}
        self._available: dict[str, bool] = {}
        self._pages: dict[tuple[str, str], asyncio.Future[SimpleProject | None]] = {}
        self._page_values: dict[tuple[str, str], SimpleProject | None] = {}
        self._use_page_worker = page_worker
        self._page_worker: PageWorker | None = None  # made by the first page fetched

    @property
    def offline(self) -> bool:
        """Whether the network is off (``--offline``)."""
        return self.client.offline

    async def __aenter__(self) -> RegistryClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the network connections (and end the page helper)."""
        try:
            if self._page_worker is not None:
                await self._page_worker.aclose()
        finally:
            await self.client.aclose()

    # -- simple API ------------------------------------------------------------------

    async def simple(self, package: PackageName) -> list[tuple[IndexUrl, SimpleProject]]:
        """The pages of *package*: from the first index that has it, or (with
        `IndexStrategy.UNSAFE_BEST_MATCH`) from every index that has it, in order.

        :raises PackageNotFound: no index has it (or ``--no-index``).
        :raises FetchError: an index could not be read (``OfflineError`` offline).
        """
        found: list[tuple[IndexUrl, SimpleProject]] = []
        searched: list[str] = []
        for index in self.locations.indexes():
            # A skipped (missing) index directory still shows in the error: the warning
            # said why it had nothing.
            searched.append(_url(index))
            if not self._index_available(index):
                continue
            project = await self.simple_single_index(package, index)
            if project is not None:
                found.append((index, project))
                if self.strategy is IndexStrategy.FIRST_INDEX:
                    break
        if not found:
            raise PackageNotFound(package, searched)
        return found

    async def simple_many(
        self, packages: Iterable[PackageName]
    ) -> dict[PackageName, list[tuple[IndexUrl, SimpleProject]]]:
        """`simple` for every package at once (stale pages are revalidated concurrently).

        :raises PackageNotFound: one of them is on no index.
        """
        names = list(dict.fromkeys(packages))
        import asyncio

        results = await asyncio.gather(*(self.simple(name) for name in names))
        return dict(zip(names, results, strict=True))

    async def simple_single_index(
        self, package: PackageName, index: IndexUrl
    ) -> SimpleProject | None:
        """The page of *package* on *index*, or None if that index does not have it.

        Asked twice in one run (even at the same time), a page is read once. The first
        asker reads it in its own task (so that what it does next, such as starting a
        download, follows at once); the others wait for its result, and read the page
        themselves if that asker is cancelled first.
        """
        import asyncio

        key = (_url(index), package)
        while True:
            if key in self._page_values:
                return self._page_values[key]
            shared = self._pages.get(key)
            if shared is None:
                break
            try:
                return await asyncio.shield(shared)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not shared.cancelled() or (task is not None and task.cancelling()):
                    raise
        shared = asyncio.get_running_loop().create_future()
        shared.add_done_callback(_retrieve)
        self._pages[key] = shared
        try:
            project = await self._fetch_page(package, index)
        except asyncio.CancelledError:
            del self._pages[key]
            shared.cancel()
            raise
        except BaseException as exc:
            shared.set_exception(exc)
            raise
        self._page_values[key] = project
        shared.set_result(project)
        return project

    def simple_cached(self, package: PackageName) -> list[tuple[IndexUrl, SimpleProject]] | None:
        """What `simple` would answer, when the cache alone answers it: every page it
        reads is fresh (or the client is offline and has them); None when `simple` must
        be awaited (a request is due, a ``file://`` index, several indexes merged, or no
        index has the package, which `simple` reports).

        A warm run answered here imports no event loop and sends nothing.
        """
        if self.strategy is not IndexStrategy.FIRST_INDEX:
            return None
        for index in self.locations.indexes():
            if index.local_path is not None:
                return None
            key = (_url(index), package)
            if key in self._page_values:
                project = self._page_values[key]
            else:
                entry = self._page_entry(package, index)
                serde = SimpleSerde(package)
                answered, project = self.cached.get_cached(
                    index.project_url(package), entry, serde, package=package
                )
                if not answered:
                    return None
                self._page_values[key] = project
            if project is not None:
                return [(index, project)]
        return None

    async def _fetch_page(self, package: PackageName, index: IndexUrl) -> SimpleProject | None:
        url = index.project_url(package)
        entry = self._page_entry(package, index)
        worker = self._page_worker
        if worker is None and self._use_page_worker:
            from puffin_client._page_worker import PageWorker

            worker = self._page_worker = PageWorker()
        convert = None if worker is None else _PageConverter(worker, package)
        return await self.cached.get(
            url,
            entry,
            SimpleSerde(package),
            package=package,
            headers={"accept": ACCEPT},
            convert=convert,
        )

    def _page_entry(self, package: PackageName, index: IndexUrl) -> CacheEntry:
        return self._shard(_url(index), default=index.is_default).entry(package + _SIMPLE_SUFFIX)

    def _shard(self, url: str, *, default: bool = False) -> CacheShard:
        key = f"{default}:{url}"
        shard = self._shards.get(key)
        if shard is None:
            shard = self.cache.shard(CacheBucket.SIMPLE, index_folder(url, default=default))
            self._shards[key] = shard
        return shard

    def _index_available(self, index: IndexUrl) -> bool:
        path = index.local_path
        if path is None:
            return True
        url = _url(index)
        available = self._available.get(url)
        if available is None:
            available = path.is_dir()
            if not available:
                self.reporter.on_warning(
                    f"index directory {path} does not exist; skipping the index {index.redacted}"
                )
            self._available[url] = available
        return available

    # -- find-links ------------------------------------------------------------------

    async def flat_index(self, locations: Sequence[FlatIndexLocation] | None = None) -> FlatIndex:
        """The files of every find-links location (default: those of ``locations``).

        Local directories are listed (not recursively) and local or remote HTML pages
        read for their links; a location that does not exist is reported and skipped.

        :raises FetchError: a remote page could not be read.
        """
        import asyncio

        chosen = self.locations.flat_indexes if locations is None else locations
        listings = await asyncio.gather(*(self._flat_files(location) for location in chosen))
        return FlatIndex(
            (file, location)
            for location, files in zip(chosen, listings, strict=True)
            for file in files
        )

    async def _flat_files(self, location: FlatIndexLocation) -> tuple[File, ...]:
        path = location.path
        url = None if location.url is None else str(location.url)
        if path is None and url is not None and url.startswith("file:"):
            path = file_url_to_path(url)
        if path is not None:
            return self._local_flat_files(Path(path))
        assert url is not None
        entry = self._shard(url).entry(_FLAT_ENTRY)
        files = await self.cached.get(url, entry, FlatPageSerde(), headers={"accept": "text/html"})
        if files is None:
            self.reporter.on_warning(f"find-links page {url} was not found; skipping it")
            return ()
        return files

    def _local_flat_files(self, path: Path) -> tuple[File, ...]:
        try:
            if path.is_dir():
                return list_directory(path)
            if path.is_file():
                page = path.read_text(encoding="utf-8", errors="replace")
                from pypi_types import parse_find_links_html

                return parse_find_links_html(page, path.absolute().as_uri())
        except OSError as exc:
            self.reporter.on_warning(f"cannot read find-links location {path}: {exc}; skipping it")
            return ()
        self.reporter.on_warning(f"find-links location {path} does not exist; skipping it")
        return ()

    # -- wheel metadata --------------------------------------------------------------

    async def wheel_metadata(self, file: File, index: IndexUrl | None = None) -> Metadata:
        """The METADATA of the wheel *file* listed by *index* (None: a find-links page
        or a direct URL), cached in ``wheel-metadata-v0``.

        :raises MetadataError: the metadata is missing, invalid, or names another
            project or version than the filename.
        :raises FetchError: a request failed (``OfflineError`` offline and not cached).
        """
        filename = _wheel_filename(file)
        if file.url.startswith("file:"):
            return self.local_wheel_metadata(file_url_to_path(file.url))
        entry = self._metadata_entry(file, index, filename)
        cached = self._stored_metadata(entry, file, filename)
        if cached is not None:
            return cached
        if self.offline:
            raise OfflineError(file.url, package=file.filename)
        data = await self._fetch_metadata(file, filename)
        metadata = _parse_metadata(data, filename, file)
        write_record(entry.path, CachePolicy.immutable(time.time()).to_dict(), data)
        return metadata

    def wheel_metadata_cached(self, file: File, index: IndexUrl | None = None) -> Metadata | None:
        """What `wheel_metadata` would answer from the cache alone, or None (a request is
        due, or the file is local).

        :raises MetadataError: the file name is not a wheel's.
        """
        if file.url.startswith("file:"):
            return None
        filename = _wheel_filename(file)
        return self._stored_metadata(self._metadata_entry(file, index, filename), file, filename)

    def _stored_metadata(
        self, entry: CacheEntry, file: File, filename: WheelFilename
    ) -> Metadata | None:
        stored = read_record(entry.path)
        if stored is None:
            return None
        policy = CachePolicy.from_dict(stored[0])
        if policy is None or (
            not self.offline
            and self.refresh.is_stale(Timestamp(int(policy.stored * 1e9)), filename.name)
        ):
            return None
        try:
            return _parse_metadata(stored[1], filename, file)
        except MetadataError:
            # Written by another tool or an older layout: a miss, fetched again (and
            # offline, an error as for any miss).
            return None

    def local_wheel_metadata(self, path: Path) -> Metadata:
        """The METADATA of the wheel at *path*, read from the zip (not cached).

        :raises MetadataError: as for `wheel_metadata`.
        """
        return read_wheel_metadata(path)

    def _metadata_entry(
        self, file: File, index: IndexUrl | None, filename: WheelFilename
    ) -> CacheEntry:
        name = filename.stem + _SIMPLE_SUFFIX
        if index is None:
            return self.cache.entry(CacheBucket.WHEEL_METADATA, ("url", url_digest(file.url)), name)
        folder = index_folder(_url(index), default=index.is_default)
        return self.cache.entry(CacheBucket.WHEEL_METADATA, folder, name)

    async def _fetch_metadata(self, file: File, filename: WheelFilename) -> bytes:
        if file.has_core_metadata:
            response = await self.client.get(file.metadata_url)
            if response.ok:
                if isinstance(file.core_metadata, Hashes):
                    _verify(response.content, file.core_metadata, file)
                return response.content
            if response.status not in (404, 410):
                raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
        # Imported on use: zipfile and tempfile cost start-up time most runs never need.
        from puffin_client._remote_zip import fetch_metadata_by_range

        return await fetch_metadata_by_range(self.client, file.url, file.filename, filename.name)


def read_wheel_metadata(path: Path) -> Metadata:
    """The METADATA of the wheel file at *path*, checked against its filename.

    :raises MetadataError: no readable METADATA, or one of another project or version.
    """
    from puffin_client._remote_zip import read_metadata_member

    file = File(path.name, path.absolute().as_uri())
    filename = _wheel_filename(file)
    data = read_metadata_member(str(path), file.filename, filename.name)
    return _parse_metadata(data, filename, file)


def _wheel_filename(file: File) -> WheelFilename:
    try:
        return WheelFilename.parse(file.filename)
    except InvalidWheelFilename as exc:
        raise MetadataError(file.filename, str(exc), url=file.url) from exc


def _verify(data: bytes, hashes: Hashes, file: File) -> None:
    import hashlib

    best = hashes.best()
    if best is None:
        return
    algorithm, expected = best
    if hashlib.new(algorithm, data).hexdigest() != expected:
        raise MetadataError(
            file.filename,
            f"the .metadata file does not match its {algorithm}",
            url=file.metadata_url,
        )


def _parse_metadata(data: bytes, filename: WheelFilename, file: File) -> Metadata:
    try:
        metadata = Metadata.parse(data)
    except InvalidMetadata as exc:
        raise MetadataError(file.filename, str(exc), url=file.url, content=True) from exc
    if metadata.name != filename.name:
        raise MetadataError(
            file.filename,
            f"METADATA names the project {metadata.name}",
            url=file.url,
            content=True,
        )
    if metadata.version != filename.version:
        raise MetadataError(
            file.filename,
            f"METADATA has the version {metadata.version}",
            url=file.url,
            content=True,
        )
    return metadata
