"""`DistributionDatabase`: the core metadata of any distribution a resolver considers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
from typing import TYPE_CHECKING, Any, Final

from distribution_types import (
    DirectUrlBuiltDist,
    PathBuiltDist,
    RegistryBuiltDist,
    RegistrySourceDist,
)
from puffin_cache import (
    TEMP_PREFIX,
    CacheBucket,
    CacheWriteError,
    index_folder,
    write_atomic,
)
from puffin_distribution._pkg_info import read_pkg_info, static_metadata
from puffin_distribution.errors import BuildNotSupported, SourceDistError
from pypi_types import File

if TYPE_CHECKING:
    from pathlib import Path

    from distribution_types import Dist
    from puffin_cache import Cache
    from puffin_client import RegistryClient
    from pypi_types import Metadata

__all__ = ["DistributionDatabase"]

_RECORD: Final = "metadata.json"
_RECORD_FORMAT: Final = 1


class DistributionDatabase:
    """Gets the metadata (`pypi_types.Metadata`) of wheels and source distributions.

    - Wheels from an index or a find-links location, and wheels by URL: through
      `puffin_client.RegistryClient.wheel_metadata` (the PEP 658 ``.metadata`` file,
      else range requests into the zip, else the whole file; cached).
    - Local wheel files: read from the zip.
    - Source distributions from an index or a find-links location: the archive is
      downloaded once into ``built-wheels-v0/<index>/<filename>/`` (checked against
      the digest the index lists), and its ``<name>-<version>/PKG-INFO`` is used when it
      is static (Metadata-Version 2.2 or later, nothing the resolver needs dynamic, see
      `static_metadata`); beside the archive, ``metadata.json`` remembers the
      ``PKG-INFO`` and the file digest it came from. Local archives are read in place.
    - Anything else (a source distribution whose metadata is dynamic, source trees, git
      and URL sources): `BuildNotSupported`, until builds arrive.

    Every method is a coroutine of the event loop that uses *client*. Requests for one
    distribution made at the same time share one fetch.
    """

    def __init__(self, client: RegistryClient, cache: Cache) -> None:
        """A database reading through *client*, keeping source archives in *cache*."""
        self.client = client
        self.cache = cache
        self._sdists: dict[str, asyncio.Future[Metadata]] = {}

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
            key = f"{dist.index.url}\0{dist.file.url}"
            task = self._sdists.get(key)
            if task is None:
                task = asyncio.ensure_future(self._registry_sdist(dist))
                self._sdists[key] = task
            return await asyncio.shield(task)
        raise BuildNotSupported(str(dist))

    async def _registry_sdist(self, dist: RegistrySourceDist) -> Metadata:
        filename = dist.filename
        if dist.file.url.startswith("file:"):
            from puffin_client import file_url_to_path

            path = file_url_to_path(dist.file.url)
            data = await asyncio.to_thread(read_pkg_info, path, filename)
            return static_metadata(data, filename)
        folder = index_folder(dist.index.url, default=dist.index.is_default)
        shard = self.cache.shard(CacheBucket.BUILT_WHEELS, folder, str(filename))
        record = shard.dir / _RECORD
        source = str(dist.distribution_id())
        remembered = _read_record(record, source)
        if remembered is None:
            archive = await self._download(dist, shard.dir)
            remembered = await asyncio.to_thread(read_pkg_info, archive, filename)
            _write_record(record, source, remembered)
        return static_metadata(remembered, filename)

    async def _download(self, dist: RegistrySourceDist, directory: Path) -> Path:
        """Download *dist* into *directory* (checked against its listed digest)."""
        target = directory / str(dist.filename)
        listed = dist.file.hashes.best()
        if target.is_file() and listed is not None and _digest(target, listed[0]) == listed[1]:
            return target
        shown = str(dist.filename)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceDistError(shown, f"cannot create {directory}: {exc.strerror}") from exc
        temp = directory / f"{TEMP_PREFIX}{os.urandom(6).hex()}-{dist.filename}"
        hasher = hashlib.new(listed[0]) if listed is not None else None
        try:
            async with self.client.client.stream(dist.file.url) as response:
                if not response.ok:
                    raise SourceDistError(
                        shown, f"HTTP {response.status} from {response.url}", url=response.url
                    )
                with open(temp, "wb") as file:
                    async for chunk in response.aiter_bytes():
                        file.write(chunk)
                        if hasher is not None:
                            hasher.update(chunk)
            if listed is not None and hasher is not None and hasher.hexdigest() != listed[1]:
                raise SourceDistError(
                    shown, f"the download does not match the {listed[0]} the index lists"
                )
            os.replace(temp, target)
        except OSError as exc:
            raise SourceDistError(shown, f"cannot write {temp}: {exc.strerror}") from exc
        finally:
            temp.unlink(missing_ok=True)
        return target


def _digest(path: Path, algorithm: str) -> str:
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
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
