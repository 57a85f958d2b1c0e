"""`DistributionDatabase`: the core metadata of any distribution a resolver considers."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote, urlsplit

from distribution_types import (
    DirectorySourceDist,
    DirectUrlBuiltDist,
    DirectUrlSourceDist,
    GitSourceDist,
    PathBuiltDist,
    PathSourceDist,
    RegistryBuiltDist,
    RegistrySourceDist,
    SourceDist,
)
from puffin_cache import TEMP_PREFIX, CacheBucket, cache_digest, index_folder, url_digest
from puffin_distribution._built import BuildRecord, read_record, write_record
from puffin_distribution.errors import BuildNotSupported, SourceDistError
from pypi_types import File

if TYPE_CHECKING:
    import asyncio

    from distribution_types import Dist
    from platform_tags import Tags
    from puffin_cache import Cache
    from puffin_client import RegistryClient
    from puffin_distribution._pkg_info import SourceArchive
    from puffin_git import GitSource
    from puffin_pep508 import VerbatimUrl
    from puffin_traits import BuildContext, BuildKind
    from pypi_types import Metadata

__all__ = ["DistributionDatabase"]

_CHUNK: Final = 1 << 20


def _url_filename(url: VerbatimUrl) -> str:
    return unquote(urlsplit(url.without_fragment()).path.rpartition("/")[2])


def _fragment_digest(url: VerbatimUrl) -> tuple[str, str] | None:
    """The strongest digest a URL carries in its fragment (``#sha256=...``), if any."""
    from pypi_types import Hashes

    return Hashes.from_fragment(url.fragment).best()


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
      sources, archives with a ``#subdirectory=``, editables) is built through
      *build_context* (`BuildNotSupported` without one): the backend's
      ``prepare_metadata_for_build_*`` hook when it has one, else a whole wheel, kept in
      the built-wheel cache (see `puffin_distribution._built`). `built_wheel` gives
      the wheel the installer needs. Git sources are fetched through *git* first, and
      `precise` then tells the commit a reference resolved to.

    Every method is a coroutine of the event loop that uses *client*. Requests for one
    distribution made at the same time share one fetch.
    """

    def __init__(
        self,
        client: RegistryClient,
        cache: Cache,
        build_context: BuildContext | None = None,
        git: GitSource | None = None,
        *,
        make_build_context: Callable[[], BuildContext] | None = None,
    ) -> None:
        """A database reading through *client*, keeping source archives and builds in
        *cache*, building through *build_context*, or through the one
        *make_build_context* makes on the first build (most runs build nothing);
        with neither, nothing is built."""
        self.client = client
        self.cache = cache
        self._context = build_context
        self._make_context = make_build_context
        self._git = git
        self._shared: dict[str, asyncio.Future[Any]] = {}
        self._precise: dict[str, str] = {}

    @property
    def can_build(self) -> bool:
        """Whether there is a build context (made or to make)."""
        return self._context is not None or self._make_context is not None

    @property
    def build_context(self) -> BuildContext | None:
        """The build context (made now when a function was given to make it)."""
        if self._context is None and self._make_context is not None:
            self._context = self._make_context()
        return self._context

    @property
    def git(self) -> GitSource:
        """The git fetcher of this run (made on first use)."""
        if self._git is None:
            from puffin_git import GitSource

            self._git = GitSource(self.cache, offline=self.client.offline)
        return self._git

    def precise(self, dist: GitSourceDist) -> GitSourceDist:
        """*dist* with the commit its reference resolved to, once fetched."""
        commit = self._precise.get(str(dist.distribution_id()))
        return dist if commit is None or dist.commit == commit else dist.with_precise(commit)

    async def _once(self, key: str, work: Callable[[], Awaitable[Any]]) -> Any:
        import asyncio

        task = self._shared.get(key)
        if task is None:
            task = self._shared[key] = asyncio.ensure_future(work())
        return await asyncio.shield(task)

    def metadata_cached(self, dist: Dist) -> Metadata | None:
        """What `metadata` would answer from the cache alone, without waiting for
        anything (the metadata of an index's wheel, cached and fresh); None otherwise.
        """
        if isinstance(dist, RegistryBuiltDist):
            return self.client.wheel_metadata_cached(dist.file, dist.index)
        return None

    async def metadata(self, dist: Dist) -> Metadata:
        """The core metadata of *dist*.

        :raises BuildNotSupported: only building *dist* would tell.
        :raises SourceDistError: a source archive is unreadable or does not match.
        :raises puffin_client.MetadataError: a wheel's METADATA is missing or wrong.
        :raises puffin_client.FetchError: a request failed (``OfflineError`` offline).
        """
        import asyncio

        if isinstance(dist, RegistryBuiltDist):
            return await self.client.wheel_metadata(dist.file, dist.index)
        if isinstance(dist, DirectUrlBuiltDist):
            file = File(str(dist.filename), dist.url.without_fragment())
            return await self.client.wheel_metadata(file, None)
        if isinstance(dist, PathBuiltDist):
            return await asyncio.to_thread(self.client.local_wheel_metadata, dist.path)
        if isinstance(dist, SourceDist):
            key = f"metadata\0{dist.distribution_id()}\0{_editable(dist)}"
            found: Metadata = await self._once(key, lambda: self._source_metadata(dist))
            return found
        raise BuildNotSupported(str(dist))

    async def _source_metadata(self, dist: SourceDist) -> Metadata:
        """The static ``PKG-INFO`` of an archive when it is enough, else a build's."""
        try:
            if isinstance(dist, RegistrySourceDist):
                return await self._registry_sdist(dist)
            if isinstance(dist, DirectUrlSourceDist | PathSourceDist) and dist.subdirectory is None:
                from puffin_distribution._pkg_info import SourceArchive

                archive = SourceArchive.named(_url_filename(dist.url), dist.name)
                if archive is not None:
                    return await self._url_sdist(dist, archive)
        except BuildNotSupported:
            if not self.can_build:
                raise
        if not self.can_build:
            raise BuildNotSupported(str(dist))
        record, _ = await self._build(dist, want_wheel=False, tags=None)
        return _parse_built(record, dist)

    async def built_wheel(self, dist: SourceDist, tags: Tags) -> Path:
        """A wheel built from *dist* that *tags* accept (from the cache when built before;
        an editable wheel for an editable directory).

        :raises BuildNotSupported: there is no build context.
        :raises BuildFailed: the build failed.
        :raises puffin_traits.BuildForbidden: the build options forbid building *dist*.
        """
        if not self.can_build:
            raise BuildNotSupported(str(dist))
        key = f"wheel\0{dist.distribution_id()}\0{_editable(dist)}"

        async def build() -> Path:
            _, wheel = await self._build(dist, want_wheel=True, tags=tags)
            if wheel is None:
                raise SourceDistError(
                    _package_id(dist), "the wheel built does not suit this interpreter"
                )
            return wheel

        found: Path = await self._once(key, build)
        return found

    async def installable(self, dist: SourceDist, tags: Tags) -> tuple[Dist, Path]:
        """`built_wheel` for an installer: the dist to record as installed (a git dist
        pinned to the commit it was built from) and the wheel's path."""
        wheel = await self.built_wheel(dist, tags)
        return (self.precise(dist) if isinstance(dist, GitSourceDist) else dist), wheel

    async def _build(
        self, dist: SourceDist, *, want_wheel: bool, tags: Tags | None
    ) -> tuple[BuildRecord, Path | None]:
        """Build *dist* (or find its earlier build) in the built-wheel cache."""
        import asyncio

        from puffin_distribution._built import build_in, cached_build

        context = self.build_context
        assert context is not None
        directory, identity, kind = await self._build_place(dist)
        found = cached_build(directory, identity, want_wheel=want_wheel, tags=tags)
        if found is not None:
            return found
        tree, subdirectory = await self._tree(dist, directory)
        return await asyncio.to_thread(
            build_in,
            context,
            directory,
            identity,
            tree,
            subdirectory,
            _package_id(dist),
            kind,
            name=dist.name,
            want_wheel=want_wheel,
            tags=tags,
        )

    async def _build_place(self, dist: SourceDist) -> tuple[Path, str, BuildKind]:
        """Where *dist*'s builds are kept, what identifies its source, and the build kind."""
        from puffin_distribution._built import archive_identity, directory_identity
        from puffin_traits import BuildKind

        bucket = CacheBucket.BUILT_WHEELS
        kind = BuildKind.EDITABLE if _editable(dist) else BuildKind.WHEEL
        if isinstance(dist, RegistrySourceDist):
            folder = index_folder(dist.index.url, default=dist.index.is_default)
            directory = self.cache.shard(bucket, folder, str(dist.filename)).dir
            return directory, str(dist.distribution_id()), kind
        if isinstance(dist, DirectUrlSourceDist):
            shard = self._url_archive(dist.url).parent
            sub = dist.subdirectory
            directory = shard if sub is None else shard / f"sub-{cache_digest(sub)}"
            return directory, f"url:{dist.url.without_fragment()}", kind
        if isinstance(dist, PathSourceDist):
            digest = cache_digest(str(dist.distribution_id()))
            directory = self.cache.shard(bucket, "path", digest, dist.path.name).dir
            return directory, f"archive:{archive_identity(dist.path)}", kind
        if isinstance(dist, DirectorySourceDist):
            digest = cache_digest(str(dist.distribution_id()))
            directory = self.cache.shard(bucket, "path", digest, kind.value).dir
            tree = dist.path if dist.subdirectory is None else dist.path / dist.subdirectory
            return directory, f"tree:{directory_identity(tree)}", kind
        if isinstance(dist, GitSourceDist):
            commit = await self._commit(dist)
            repository = cache_digest(str(dist.resource_id()))
            name = str(dist.name)
            if dist.subdirectory is not None:
                name += f"-{cache_digest(dist.subdirectory)}"
            directory = self.cache.shard(bucket, "git", repository, commit, name).dir
            return directory, f"git:{commit}", kind
        raise BuildNotSupported(str(dist))

    async def _commit(self, dist: GitSourceDist) -> str:
        """The full commit *dist* names (its repository fetched when needed)."""
        import asyncio

        known = dist.commit or self._precise.get(str(dist.distribution_id()))
        if known is not None:
            return known
        key = f"git\0{dist.distribution_id()}"
        commit: str = await self._once(key, lambda: asyncio.to_thread(self.git.resolve, dist))
        self._precise[str(dist.distribution_id())] = commit
        return commit

    async def _tree(self, dist: SourceDist, directory: Path) -> tuple[Path, str | None]:
        """The archive or directory to build *dist* from, and the subdirectory in it."""
        import asyncio

        if isinstance(dist, RegistrySourceDist):
            if dist.file.url.startswith("file:"):
                from puffin_client import file_url_to_path

                return file_url_to_path(dist.file.url), None
            path = await self._download(
                str(dist.filename), dist.file.url, directory, dist.file.hashes.best()
            )
            return path, None
        if isinstance(dist, DirectUrlSourceDist):
            url = dist.url.without_fragment()
            shard = self._url_archive(dist.url).parent
            path = await self._download(
                _url_filename(dist.url), url, shard, _fragment_digest(dist.url)
            )
            return path, dist.subdirectory
        if isinstance(dist, PathSourceDist | DirectorySourceDist):
            return dist.path, dist.subdirectory
        if isinstance(dist, GitSourceDist):
            await self._commit(dist)
            checkout = await asyncio.to_thread(self.git.fetch, self.precise(dist))
            return checkout.path, dist.subdirectory
        raise BuildNotSupported(str(dist))

    async def hashes(self, dist: Dist) -> tuple[str, ...]:
        """``algorithm:hex`` digests of the archive of a URL or local distribution.

        The digest a URL carries (``#sha256=...``) is used when there is one; otherwise
        the archive is hashed (downloaded if needed). Index distributions list theirs.

        :raises puffin_client.FetchError: a download failed.
        """
        import asyncio

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
        import asyncio

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
        import asyncio

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
        import asyncio

        from puffin_distribution._pkg_info import read_pkg_info, static_metadata

        record = read_record(directory, source)
        if record is not None and not record.static:
            return _parse_built(record, archive.filename)
        if record is None:
            path = await self._download(archive.filename, url, directory, expected)
            data = await asyncio.to_thread(read_pkg_info, path, archive)
            record = BuildRecord(source, data, static=True)
            write_record(directory, record)
        return static_metadata(record.metadata, archive)

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


def _editable(dist: Dist) -> bool:
    return isinstance(dist, DirectorySourceDist) and dist.editable


def _package_id(dist: SourceDist) -> str:
    """How errors name *dist*: ``foo==1.0`` for an index's, ``foo @ <url as written>``."""
    if isinstance(dist, RegistrySourceDist):
        return f"{dist.name}=={dist.version}"
    if isinstance(dist, DirectUrlSourceDist | GitSourceDist | PathSourceDist | DirectorySourceDist):
        return f"{dist.name} @ {dist.url.given or dist.url.url}"
    return str(dist)


def _parse_built(record: BuildRecord, dist: SourceDist | str) -> Metadata:
    """The metadata a build (or an archive's ``PKG-INFO``) recorded."""
    from pypi_types import InvalidMetadata, Metadata

    shown = dist if isinstance(dist, str) else _package_id(dist)
    try:
        metadata = Metadata.parse(record.metadata)
    except InvalidMetadata as exc:
        raise SourceDistError(shown, f"invalid metadata: {exc}") from exc
    if not isinstance(dist, str) and metadata.name != dist.name:
        raise SourceDistError(shown, f"the build made a distribution of {metadata.name}")
    return metadata
