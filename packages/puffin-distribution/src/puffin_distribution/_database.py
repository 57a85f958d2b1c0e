"""`DistributionDatabase`: the core metadata of any distribution a resolver considers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote, urlsplit

from distribution_types import (
    DirectUrlBuiltDist,
    DirectUrlSourceDist,
    PathBuiltDist,
    PathSourceDist,
    RegistryBuiltDist,
    RegistrySourceDist,
)
from puffin_cache import (
    TEMP_PREFIX,
    CacheBucket,
    CacheWriteError,
    index_folder,
    url_digest,
    write_atomic,
)
from puffin_distribution.errors import BuildNotSupported, SourceDistError
from pypi_types import File

if TYPE_CHECKING:
    from distribution_types import Dist
    from puffin_cache import Cache
    from puffin_client import RegistryClient
    from puffin_distribution._pkg_info import SourceArchive
    from puffin_pep508 import VerbatimUrl
    from pypi_types import Metadata

__all__ = ["DistributionDatabase"]

_RECORD: Final = "metadata.json"
_RECORD_FORMAT: Final = 1
_CHUNK: Final = 1 << 20


def _url_filename(url: VerbatimUrl) -> str:
    return unquote(urlsplit(url.without_fragment()).path.rpartition("/")[2])


def _fragment_digest(url: VerbatimUrl) -> tuple[str, str] | None:
    """The ``#sha256=...`` (or another algorithm's) digest a URL carries, if any."""
    import hashlib

    for part in url.fragment.split("&"):
        algorithm, equals, digest = part.partition("=")
        if equals and algorithm.lower() in hashlib.algorithms_guaranteed and digest:
            return algorithm.lower(), digest.lower()
    return None


class DistributionDatabase:
    """Gets the metadata (`pypi_types.Metadata`) of wheels and source distributions.

    - Wheels from an index or a find-links location, and wheels by URL: through
      `puffin_client.RegistryClient.wheel_metadata` (the PEP 658 ``.metadata`` file,
      else range requests into the zip, else the whole file; cached).
    - Local wheel files: read from the zip.
    - Source archives from an index, a find-links location or a URL: downloaded once
      into ``built-wheels-v0/<index>/<filename>/`` (``url/<digest>/<filename>/`` for
      URLs; checked against the digest the index lists or the URL carries), and their
      ``<name>-<version>/PKG-INFO`` used when it is static (Metadata-Version 2.2 or later,
      nothing the resolver needs dynamic, see `static_metadata`); ``metadata.json``
      beside the archive remembers the ``PKG-INFO`` and where it came from. Local
      archives are read in place.
    - Anything else (a source distribution whose metadata is dynamic, source trees, git
      sources, archives with a ``#subdirectory=``): `BuildNotSupported`, until builds
      arrive.

    Every method is a coroutine of the event loop that uses *client*. Requests for one
    distribution made at the same time share one fetch.
    """

    def __init__(self, client: RegistryClient, cache: Cache) -> None:
        """A database reading through *client*, keeping source archives in *cache*."""
        self.client = client
        self.cache = cache
        self._shared: dict[str, asyncio.Future[Any]] = {}

    async def _once(self, key: str, work: Callable[[], Awaitable[Any]]) -> Any:
        task = self._shared.get(key)
        if task is None:
            task = self._shared[key] = asyncio.ensure_future(work())
        return await asyncio.shield(task)

    async def metadata(self, dist: Dist) -> Metadata:
        """The core metadata of *dist*.

        :raises BuildNotSupported: only building *dist* would tell.
        :raises SourceDistError: a source archive is unreadable or does not match.
        :raises puffin_client.MetadataError: a wheel's METADATA is missing or wrong.
        :raises puffin_client.FetchError: a request failed (``OfflineError`` offline).
        """
        if isinstance(dist, RegistryBuiltDist):
            return await self.client.wheel_metadata(dist.file, dist.index)
        if isinstance(dist, DirectUrlBuiltDist):
            file = File(str(dist.filename), dist.url.without_fragment())
            return await self.client.wheel_metadata(file, None)
        if isinstance(dist, PathBuiltDist):
            return await asyncio.to_thread(self.client.local_wheel_metadata, dist.path)
        if isinstance(dist, RegistrySourceDist):
            key = f"metadata\0{dist.index.url}\0{dist.file.url}"
            found: Metadata = await self._once(key, lambda: self._registry_sdist(dist))
            return found
        if isinstance(dist, DirectUrlSourceDist | PathSourceDist) and dist.subdirectory is None:
            from puffin_distribution._pkg_info import SourceArchive

            archive = SourceArchive.named(_url_filename(dist.url), dist.name)
            if archive is not None:
                key = f"metadata\0{dist.url.url}"
                url_found: Metadata = await self._once(key, lambda: self._url_sdist(dist, archive))
                return url_found
        raise BuildNotSupported(str(dist))

    async def hashes(self, dist: Dist) -> tuple[str, ...]:
        """``algorithm:hex`` digests of the archive of a URL or local distribution.

        The digest a URL carries (``#sha256=...``) is used when there is one; otherwise
        the archive is hashed (downloaded if needed). Index distributions list theirs.

        :raises puffin_client.FetchError: a download failed.
        """
        if isinstance(dist, PathBuiltDist | PathSourceDist):
            digest = await asyncio.to_thread(_digest, dist.path, "sha256")
            return (f"sha256:{digest}",)
        if isinstance(dist, DirectUrlBuiltDist | DirectUrlSourceDist):
            carried = _fragment_digest(dist.url)
            if carried is not None:
                return (f"{carried[0]}:{carried[1]}",)
            kept = self._url_archive(dist.url)
            if kept.is_file():
                return (f"sha256:{await asyncio.to_thread(_digest, kept, 'sha256')}",)
            key = f"hashes\0{dist.url.url}"
            digest = await self._once(key, lambda: self._download_digest(dist.url))
            return (f"sha256:{digest}",)
        return ()

    async def _download_digest(self, url: VerbatimUrl) -> str:
        import hashlib

        hasher = hashlib.sha256()
        shown = _url_filename(url)
        async with self.client.client.stream(url.without_fragment()) as response:
            if not response.ok:
                raise SourceDistError(
                    shown, f"HTTP {response.status} from {response.url}", url=response.url
                )
            async for chunk in response.aiter_bytes():
                hasher.update(chunk)
        return hasher.hexdigest()

    async def _registry_sdist(self, dist: RegistrySourceDist) -> Metadata:
        # Imported on use: tarfile and zipfile cost start-up time most runs never need.
        from puffin_distribution._pkg_info import SourceArchive, read_pkg_info, static_metadata

        archive = SourceArchive.of(dist.filename)
        if dist.file.url.startswith("file:"):
            from puffin_client import file_url_to_path

            path = file_url_to_path(dist.file.url)
            data = await asyncio.to_thread(read_pkg_info, path, archive)
            return static_metadata(data, archive)
        folder = index_folder(dist.index.url, default=dist.index.is_default)
        directory = self.cache.shard(CacheBucket.BUILT_WHEELS, folder, str(dist.filename)).dir
        return await self._cached_sdist(
            archive, directory, dist.file.url, str(dist.distribution_id()), dist.file.hashes.best()
        )

    async def _url_sdist(
        self, dist: DirectUrlSourceDist | PathSourceDist, archive: SourceArchive
    ) -> Metadata:
        from puffin_distribution._pkg_info import read_pkg_info, static_metadata

        if isinstance(dist, PathSourceDist):
            data = await asyncio.to_thread(read_pkg_info, dist.path, archive)
            return static_metadata(data, archive)
        url = dist.url.without_fragment()
        directory = self._url_archive(dist.url).parent
        return await self._cached_sdist(
            archive, directory, url, f"url:{url}", _fragment_digest(dist.url)
        )

    def _url_archive(self, url: VerbatimUrl) -> Path:
        """Where the archive at *url* is kept once downloaded."""
        filename = _url_filename(url)
        bare = url.without_fragment()
        shard = self.cache.shard(CacheBucket.BUILT_WHEELS, "url", url_digest(bare), filename)
        return shard.dir / filename

    async def _cached_sdist(
        self,
        archive: SourceArchive,
        directory: Path,
        url: str,
        source: str,
        expected: tuple[str, str] | None,
    ) -> Metadata:
        from puffin_distribution._pkg_info import read_pkg_info, static_metadata

        record = directory / _RECORD
        remembered = _read_record(record, source)
        if remembered is None:
            path = await self._download(archive.filename, url, directory, expected)
            remembered = await asyncio.to_thread(read_pkg_info, path, archive)
            _write_record(record, source, remembered)
        return static_metadata(remembered, archive)

    async def _download(
        self, filename: str, url: str, directory: Path, expected: tuple[str, str] | None
    ) -> Path:
        """Download *url* into *directory* as *filename* (checked against *expected*)."""
        target = directory / filename
        if (
            target.is_file()
            and expected is not None
            and _digest(target, expected[0]) == expected[1]
        ):
            return target
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceDistError(filename, f"cannot create {directory}: {exc.strerror}") from exc
        import hashlib

        temp = directory / f"{TEMP_PREFIX}{os.urandom(6).hex()}-{filename}"
        hasher = hashlib.new(expected[0]) if expected is not None else None
        try:
            async with self.client.client.stream(url) as response:
                if not response.ok:
                    raise SourceDistError(
                        filename, f"HTTP {response.status} from {response.url}", url=response.url
                    )
                with open(temp, "wb") as file:
                    async for chunk in response.aiter_bytes():
                        file.write(chunk)
                        if hasher is not None:
                            hasher.update(chunk)
            if expected is not None and hasher is not None and hasher.hexdigest() != expected[1]:
                raise SourceDistError(
                    filename, f"the download does not match its expected {expected[0]}"
                )
            os.replace(temp, target)
        except OSError as exc:
            raise SourceDistError(filename, f"cannot write {temp}: {exc.strerror}") from exc
        finally:
            temp.unlink(missing_ok=True)
        return target


def _digest(path: Path, algorithm: str) -> str:
    import hashlib

    hasher = hashlib.new(algorithm)
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def _read_record(path: Path, source: str) -> bytes | None:
    """The remembered ``PKG-INFO`` for the archive identified by *source*, if any."""
    try:
        with open(path, encoding="utf-8") as file:
            record: Any = json.load(file)
    except (OSError, ValueError):
        return None
    if (
        not isinstance(record, dict)
        or record.get("format") != _RECORD_FORMAT
        or record.get("source") != source
        or not isinstance(record.get("pkg_info"), str)
    ):
        return None
    text: str = record["pkg_info"]
    return text.encode("utf-8", "surrogateescape")


def _write_record(path: Path, source: str, data: bytes) -> None:
    record = {
        "format": _RECORD_FORMAT,
        "source": source,
        "pkg_info": data.decode("utf-8", "surrogateescape"),
    }
    # A cache that cannot be written only costs a download next time.
    with contextlib.suppress(CacheWriteError):
        write_atomic(path, json.dumps(record).encode())
