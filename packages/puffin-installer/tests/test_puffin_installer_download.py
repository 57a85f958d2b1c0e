"""`Downloader`: streamed downloads, digest checks, unpacking into the cache."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path

import httpx
import pytest

from distribution_filename import WheelFilename
from distribution_types import (
    BuiltDist,
    CachedDist,
    IndexUrl,
    PathBuiltDist,
    RegistryBuiltDist,
)
from puffin_cache import TEMP_PREFIX, Cache, CacheBucket
from puffin_client import BaseClient
from puffin_installer import Downloader, DownloadError, HashMismatch, Pin
from puffin_installer._layout import read_hashes
from puffin_installer_support import build_wheel, sha256
from puffin_normalize import PackageName
from puffin_pep508 import Requirement, VerbatimUrl
from pypi_types import File, Hashes

INDEX = IndexUrl("https://example.com/simple")


class Server:
    """Serves files from memory through httpx's mock transport, and counts requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []

    def add(self, wheel: Path) -> str:
        url = f"https://example.com/files/{wheel.name}"
        self.files[url] = wheel.read_bytes()
        return url

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        content = self.files.get(str(request.url))
        if content is None:
            return httpx.Response(404)
        return httpx.Response(200, content=content)


def _registry(wheel: Path, url: str, *, listed: str | None = None) -> RegistryBuiltDist:
    hashes = Hashes(sha256=listed) if listed is not None else Hashes()
    return RegistryBuiltDist(WheelFilename.parse(wheel.name), File(wheel.name, url, hashes), INDEX)


def _download(
    cache: Cache,
    server: Server,
    dists: Sequence[BuiltDist | Callable[[], Awaitable[BuiltDist]]],
    pins: Mapping[PackageName, Pin] | None = None,
    *,
    processes: int = 0,
) -> list[CachedDist]:
    """Download *dists*; those given as functions are passed as their awaitables."""

    async def run() -> list[CachedDist]:
        client = BaseClient(transport=httpx.MockTransport(server.handle), retries=1)
        lookups = [d if isinstance(d, BuiltDist) else d() for d in dists]
        async with client:
            downloader = Downloader(client, cache, processes=processes)
            return await downloader.download(lookups, pins=pins or {})

    return asyncio.run(run())


def _pin(name: str, *hashes: str) -> dict[PackageName, Pin]:
    pin = Pin.from_requirement(Requirement.parse(f"{name}==1.0"), hashes=hashes, source="r.txt:1")
    return {pin.name: pin}


def _leftovers(cache: Cache) -> list[str]:
    return sorted(p.name for p in cache.root.joinpath("wheels-v0").rglob(".tmp-*"))


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache.from_path(tmp_path / "cache")


@pytest.fixture
def server() -> Server:
    return Server()


class TestDownload:
    def test_downloads_checks_and_unpacks(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", name, "1.0") for name in ("foo", "bar", "baz")]
        dists = [_registry(w, server.add(w), listed=sha256(w)) for w in wheels]
        cached = _download(cache, server, dists, _pin("foo", f"sha256:{sha256(wheels[0])}"))
        assert [str(c) for c in cached] == ["foo==1.0", "bar==1.0", "baz==1.0"]
        for wheel, found in zip(wheels, cached, strict=True):
            assert (found.path / found.name.replace("-", "_") / "__init__.py").is_file()
            assert read_hashes(found.path) == {f"sha256:{sha256(wheel)}"}
        assert len(server.requests) == 3
        assert _leftovers(cache) == []

    def test_a_killed_runs_download_of_the_wheel_is_removed(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", name, "1.0") for name in ("foo", "bar")]
        bucket = cache.bucket(CacheBucket.WHEELS)
        bucket.mkdir(parents=True, exist_ok=True)
        stale = bucket / f"{TEMP_PREFIX}0123456789ab-{wheels[0].name}"
        other = bucket / f"{TEMP_PREFIX}0123456789ab-qux-1.0-py3-none-any.whl"
        stale.write_bytes(b"half a wheel")
        other.write_bytes(b"another wheel's, left alone")
        _download(cache, server, [_registry(w, server.add(w)) for w in wheels])
        assert not stale.exists()
        assert other.exists()

    def test_pin_hash_mismatch_unpacks_nothing(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        dist = _registry(wheel, server.add(wheel))
        wrong = "0" * 64
        with pytest.raises(HashMismatch) as info:
            _download(cache, server, [dist], _pin("foo", f"sha256:{wrong}"))
        assert str(info.value) == (
            f"hash mismatch for {wheel.name} (r.txt:1): expected sha256:{wrong}, "
            f"got sha256:{sha256(wheel)}"
        )
        # Nothing but the wheel's lock file (kept: another process may wait on it).
        found = [p.name for p in (cache.root / "wheels-v0").rglob("foo*")]
        assert found == ["foo-1.0-py3-none-any.lock"]
        assert _leftovers(cache) == []

    def test_any_of_several_hashes_and_other_algorithms(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        sha512 = hashlib.sha512(wheel.read_bytes()).hexdigest()
        pins = _pin("foo", f"sha256:{'0' * 64}", f"sha512:{sha512}")
        (cached,) = _download(cache, server, [_registry(wheel, server.add(wheel))], pins)
        assert f"sha512:{sha512}" in read_hashes(cached.path)

    def test_index_listed_hash_mismatch(self, tmp_path: Path, cache: Cache, server: Server) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        dist = _registry(wheel, server.add(wheel), listed="1" * 64)
        with pytest.raises(HashMismatch, match=r"\(as listed by the index\): expected sha256:1111"):
            _download(cache, server, [dist])

    def test_http_error(self, tmp_path: Path, cache: Cache, server: Server) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        dist = _registry(wheel, "https://example.com/files/missing.whl")
        with pytest.raises(DownloadError, match=r"failed to download foo==1.0: HTTP 404 from"):
            _download(cache, server, [dist])
        assert _leftovers(cache) == []

    def test_broken_archive(self, tmp_path: Path, cache: Cache, server: Server) -> None:
        wheel = tmp_path / "foo-1.0-py3-none-any.whl"
        wheel.write_bytes(b"not a zip")
        with pytest.raises(DownloadError, match="cannot read it as a zip archive"):
            _download(cache, server, [_registry(wheel, server.add(wheel))])
        assert _leftovers(cache) == []

    def test_local_files_are_read_in_place(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        other = build_wheel(tmp_path / "d", "bar", "1.0")
        path_dist = PathBuiltDist(
            wheel, VerbatimUrl.from_path(wheel), WheelFilename.parse(wheel.name)
        )
        cached = _download(cache, server, [path_dist, _registry(other, other.as_uri())])
        assert server.requests == []
        assert cached[0].path.parent.parent.name == "path"
        assert cached[0].direct_url is not None and cached[1].direct_url is None

    def test_already_unpacked_is_checked_not_unpacked_again(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        dist = _registry(wheel, server.add(wheel))
        (first,) = _download(cache, server, [dist])
        marker = first.path / "marker"
        marker.write_text("kept")
        (second,) = _download(cache, server, [dist], _pin("foo", f"sha256:{sha256(wheel)}"))
        assert second.path == first.path and marker.is_file()

    def test_nothing_to_download(self, cache: Cache, server: Server) -> None:
        assert _download(cache, server, []) == []


class TestPipelined:
    def test_each_download_starts_when_its_lookup_ends(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", name, "1.0") for name in ("foo", "bar")]
        dists = [_registry(w, server.add(w)) for w in wheels]
        order: list[str] = []

        def lookup(dist: BuiltDist, delay: float) -> Callable[[], Awaitable[BuiltDist]]:
            async def find() -> BuiltDist:
                await asyncio.sleep(delay)
                order.append(str(dist))
                return dist

            return find

        cached = _download(cache, server, [lookup(dists[0], 0.05), lookup(dists[1], 0)])
        assert [str(c) for c in cached] == ["foo==1.0", "bar==1.0"]
        assert order == ["bar==1.0", "foo==1.0"]
        assert server.requests == [d.file.url for d in reversed(dists)]

    def test_a_failed_lookup_fails_the_download(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        dist = _registry(wheel, server.add(wheel))
        cancelled: list[bool] = []

        async def missing() -> BuiltDist:
            raise DownloadError("bar==1.0", "no such thing")

        async def slow() -> BuiltDist:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(True)
                raise
            return dist

        with pytest.raises(DownloadError, match=r"failed to download bar==1\.0: no such thing"):
            _download(cache, server, [dist, missing, slow])
        assert cancelled == [True]
        assert _leftovers(cache) == []

    def test_many_wheels_unpack_in_worker_processes(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", f"p{i}", "1.0") for i in range(9)]
        dists = [_registry(w, server.add(w), listed=sha256(w)) for w in wheels]
        cached = _download(cache, server, dists, processes=1)
        assert [c.name for c in cached] == [f"p{i}" for i in range(9)]
        assert all((c.path / c.name / "__init__.py").is_file() for c in cached)
        assert _leftovers(cache) == []
