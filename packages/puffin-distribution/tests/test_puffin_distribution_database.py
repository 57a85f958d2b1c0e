"""DistributionDatabase over a loopback index: wheels, source archives, their cache."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from distribution_filename import SourceDistFilename, WheelFilename
from distribution_types import (
    Dist,
    IndexLocations,
    IndexUrl,
    RegistryBuiltDist,
    RegistrySourceDist,
)
from puffin_cache import Cache, Refresh
from puffin_client import BaseClient, CredentialStore, OfflineError, RegistryClient
from puffin_distribution import BuildNotSupported, DistributionDatabase, SourceDistError
from puffin_distribution_server import FileServer, sdist, wheel
from puffin_normalize import PackageName
from puffin_pep508 import VerbatimUrl
from pypi_types import File, Hashes, Metadata

T = TypeVar("T")
FOO = PackageName.parse("foo")
STATIC = b"Metadata-Version: 2.2\nName: foo\nVersion: 1.0\nRequires-Dist: bar>=1\n\n"
LEGACY = b"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nRequires-Dist: bar>=1\n\n"


def _run(
    server: FileServer,
    cache: Path,
    work: Callable[[DistributionDatabase, IndexUrl], Awaitable[T]],
    *,
    offline: bool = False,
    refresh: bool = False,
) -> T:
    index = IndexUrl(f"{server.url}/simple/")

    async def main() -> T:
        client = BaseClient(offline=offline, credentials=CredentialStore(netrc_path=None))
        async with RegistryClient(
            IndexLocations(index),
            Cache.from_path(cache),
            client=client,
            refresh=Refresh.everything() if refresh else None,
        ) as registry:
            return await work(DistributionDatabase(registry, registry.cache), index)

    return asyncio.run(main())


async def _first_file(database: DistributionDatabase, index: IndexUrl) -> Dist:
    ((found, project),) = await database.client.simple(FOO)
    file = project.files[0]
    if file.filename.endswith(".whl"):
        return RegistryBuiltDist(WheelFilename.parse(file.filename), file, found)
    return RegistrySourceDist(SourceDistFilename.parse(file.filename, FOO), file, found)


def _metadata(database: DistributionDatabase, index: IndexUrl) -> Awaitable[Metadata]:
    async def work() -> Metadata:
        return await database.metadata(await _first_file(database, index))

    return work()


class TestWheels:
    def test_registry_wheel(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0-py3-none-any.whl", wheel("foo", "1.0", ("bar>=1",)))
        metadata = _run(server, tmp_path / "cache", _metadata)
        assert [str(r) for r in metadata.requires_dist] == ["bar>=1"]

    def test_direct_url_wheel(self, server: FileServer, tmp_path: Path) -> None:
        server.files["foo-1.0-py3-none-any.whl"] = wheel("foo", "1.0")
        url = VerbatimUrl.parse_url(f"{server.url}/files/foo-1.0-py3-none-any.whl#sha256=00")

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(Dist.from_url("foo", url))

        assert _run(server, tmp_path / "cache", work).version.release == (1, 0)

    def test_path_wheel(self, server: FileServer, tmp_path: Path) -> None:
        path = tmp_path / "foo-1.0-py3-none-any.whl"
        path.write_bytes(wheel("foo", "1.0", ("baz",)))

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(Dist.from_url("foo", VerbatimUrl.from_path(path)))

        assert [str(r) for r in _run(server, tmp_path / "cache", work).requires_dist] == ["baz"]


class TestSourceDists:
    def test_reads_static_pkg_info_and_caches_it(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0.tar.gz", sdist({"foo-1.0/PKG-INFO": STATIC}))
        cache = tmp_path / "cache"
        metadata = _run(server, cache, _metadata)
        assert [str(r) for r in metadata.requires_dist] == ["bar>=1"]
        assert server.count("/files/foo-1.0.tar.gz") == 1
        folders = list((cache / "built-wheels-v0").glob("*/foo-1.0.tar.gz"))
        assert len(folders) == 1
        assert sorted(p.name for p in folders[0].iterdir()) == ["foo-1.0.tar.gz", "metadata.json"]
        # A later run reads the remembered PKG-INFO: no download, even offline.
        (folders[0] / "foo-1.0.tar.gz").unlink()
        _run(server, cache, _metadata)
        assert server.count("/files/foo-1.0.tar.gz") == 1

    def test_a_changed_archive_is_read_again(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0.tar.gz", sdist({"foo-1.0/PKG-INFO": STATIC}))
        cache = tmp_path / "cache"
        _run(server, cache, _metadata)
        changed = STATIC.replace(b"bar>=1", b"bar>=2")
        server.files["foo-1.0.tar.gz"] = sdist({"foo-1.0/PKG-INFO": changed})
        metadata = _run(server, cache, _metadata, refresh=True)
        assert [str(r) for r in metadata.requires_dist] == ["bar>=2"]

    def test_dynamic_metadata_needs_a_build(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0.tar.gz", sdist({"foo-1.0/PKG-INFO": LEGACY}))
        cache = tmp_path / "cache"
        with pytest.raises(BuildNotSupported, match=r"^foo-1\.0\.tar\.gz must be built"):
            _run(server, cache, _metadata)
        with pytest.raises(BuildNotSupported):
            _run(server, cache, _metadata)
        assert server.count("/files/foo-1.0.tar.gz") == 1

    def test_digest_mismatch(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0.tar.gz", sdist({"foo-1.0/PKG-INFO": STATIC}))
        server.listed_hashes["foo-1.0.tar.gz"] = "0" * 64
        with pytest.raises(SourceDistError, match="does not match its expected sha256"):
            _run(server, tmp_path / "cache", _metadata)
        leftovers = [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()]
        assert not [name for name in leftovers if name.startswith("foo-1.0") or ".tmp-" in name]

    def test_missing_file(self, server: FileServer, tmp_path: Path) -> None:
        server.add("foo", "foo-1.0.tar.gz", b"")
        del server.files["foo-1.0.tar.gz"]
        server.listed_hashes["foo-1.0.tar.gz"] = "0" * 64
        with pytest.raises(SourceDistError, match="HTTP 404"):
            _run(server, tmp_path / "cache", _metadata)

    def test_offline_without_cache(self, server: FileServer, tmp_path: Path) -> None:
        index = IndexUrl(f"{server.url}/simple/")
        file = File("foo-1.0.tar.gz", f"{server.url}/files/foo-1.0.tar.gz", Hashes(sha256="0" * 64))
        dist = RegistrySourceDist(SourceDistFilename.parse(file.filename, FOO), file, index)

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(dist)

        with pytest.raises(OfflineError):
            _run(server, tmp_path / "cache", work, offline=True)

    def test_local_archive_is_read_in_place(self, server: FileServer, tmp_path: Path) -> None:
        path = tmp_path / "foo-1.0.zip"
        path.write_bytes(sdist({"foo-1.0/PKG-INFO": STATIC}, kind="zip"))
        index = IndexUrl(tmp_path.as_uri())
        dist = RegistrySourceDist(
            SourceDistFilename.parse(path.name, FOO), File(path.name, path.as_uri()), index
        )

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(dist)

        assert _run(server, tmp_path / "cache", work).name == FOO
        assert not (tmp_path / "cache" / "built-wheels-v0").exists()

    def test_concurrent_requests_share_one_download(
        self, server: FileServer, tmp_path: Path
    ) -> None:
        server.add("foo", "foo-1.0.tar.gz", sdist({"foo-1.0/PKG-INFO": STATIC}))

        async def work(database: DistributionDatabase, index: IndexUrl) -> list[Metadata]:
            dist = await _first_file(database, index)
            return list(await asyncio.gather(*(database.metadata(dist) for _ in range(5))))

        assert len(_run(server, tmp_path / "cache", work)) == 5
        assert server.count("/files/foo-1.0.tar.gz") == 1

    @pytest.mark.parametrize(
        "url",
        [
            "git+https://example.com/foo.git@v1",
            "https://example.com/foo-1.0.tar.gz#subdirectory=sub",
        ],
    )
    def test_other_sources_need_a_build(self, server: FileServer, tmp_path: Path, url: str) -> None:
        dist = Dist.from_url("foo", VerbatimUrl.parse_url(url))

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(dist)

        with pytest.raises(BuildNotSupported, match="foo @ "):
            _run(server, tmp_path / "cache", work)


class TestUrlSources:
    def test_static_metadata_of_a_url_archive(self, server: FileServer, tmp_path: Path) -> None:
        content = sdist({"foo-1.0/PKG-INFO": STATIC})
        server.files["foo-1.0.tar.gz"] = content
        url = VerbatimUrl.parse_url(f"{server.url}/files/foo-1.0.tar.gz")

        async def work(
            database: DistributionDatabase, index: IndexUrl
        ) -> tuple[Metadata, tuple[str, ...]]:
            dist = Dist.from_url("foo", url)
            return await database.metadata(dist), await database.hashes(dist)

        metadata, hashes = _run(server, tmp_path / "cache", work)
        assert [str(r) for r in metadata.requires_dist] == ["bar>=1"]
        assert hashes == (f"sha256:{hashlib.sha256(content).hexdigest()}",)
        # The archive is downloaded once, for the metadata and the digest alike.
        _run(server, tmp_path / "cache", work)
        assert server.count("/files/foo-1.0.tar.gz") == 1

    def test_archive_name_without_version(self, server: FileServer, tmp_path: Path) -> None:
        server.files["latest.zip"] = sdist(
            {"foo-2.5/PKG-INFO": STATIC.replace(b"1.0", b"2.5")}, kind="zip"
        )
        url = VerbatimUrl.parse_url(f"{server.url}/files/latest.zip")

        async def work(database: DistributionDatabase, index: IndexUrl) -> Metadata:
            return await database.metadata(Dist.from_url("foo", url))

        assert str(_run(server, tmp_path / "cache", work).version) == "2.5"

    def test_local_archive_and_wheel_hashes(self, server: FileServer, tmp_path: Path) -> None:
        archive = tmp_path / "foo-1.0.tar.gz"
        archive.write_bytes(sdist({"foo-1.0/PKG-INFO": STATIC}))
        wheel_path = tmp_path / "foo-1.0-py3-none-any.whl"
        wheel_path.write_bytes(wheel("foo", "1.0"))

        async def work(database: DistributionDatabase, index: IndexUrl) -> list[object]:
            source = Dist.from_url("foo", VerbatimUrl.from_path(archive))
            built = Dist.from_url("foo", VerbatimUrl.from_path(wheel_path))
            return [
                (await database.metadata(source)).name,
                await database.hashes(source),
                await database.hashes(built),
            ]

        name, source_hashes, wheel_hashes = _run(server, tmp_path / "cache", work)
        assert name == FOO
        assert source_hashes == (f"sha256:{hashlib.sha256(archive.read_bytes()).hexdigest()}",)
        assert wheel_hashes == (f"sha256:{hashlib.sha256(wheel_path.read_bytes()).hexdigest()}",)

    def test_a_url_digest_is_trusted(self, server: FileServer, tmp_path: Path) -> None:
        url = VerbatimUrl.parse_url(f"{server.url}/files/foo-1.0-py3-none-any.whl#sha256=AB")

        async def work(database: DistributionDatabase, index: IndexUrl) -> tuple[str, ...]:
            return await database.hashes(Dist.from_url("foo", url))

        assert _run(server, tmp_path / "cache", work) == ("sha256:ab",)
        assert server.count("/files/foo-1.0-py3-none-any.whl") == 0
