"""`Downloader`: streamed downloads, digest checks, unpacking into the cache."""

from __future__ import annotations

import asyncio
import hashlib
import os
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
from puffin_installer._spool import Spool, memory_files
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


def _registry(
    wheel: Path, url: str, *, listed: str | None = None, size: int | None = None
) -> RegistryBuiltDist:
    hashes = Hashes(sha256=listed) if listed is not None else Hashes()
    file = File(wheel.name, url, hashes, size=size)
    return RegistryBuiltDist(WheelFilename.parse(wheel.name), file, INDEX)


def _download(
    cache: Cache,
    server: Server,
    dists: Sequence[BuiltDist | Callable[[], Awaitable[BuiltDist]]],
    pins: Mapping[PackageName, Pin] | None = None,
    *,
    processes: int = 0,
    spools: list[Spool] | None = None,
    memory_budget: int | None = None,
    then: Callable[[CachedDist], Awaitable[object]] | None = None,
) -> list[CachedDist]:
    """Download *dists*; those given as functions are passed as their awaitables. The
    spools the downloads used are added to *spools*."""

    async def run() -> list[CachedDist]:
        client = BaseClient(transport=httpx.MockTransport(server.handle), retries=1)
        lookups = [d if isinstance(d, BuiltDist) else d() for d in dists]
        async with client:
            downloader = Downloader(client, cache, processes=processes, memory_budget=memory_budget)
            if spools is not None:
                create = downloader._spooler.create

                def spy(filename: str, size: int | None, directory: Path) -> Spool:
                    spools.append(create(filename, size, directory))
                    return spools[-1]

                downloader._spooler.create = spy  # type: ignore[method-assign]
            return await downloader.download(lookups, pins=pins or {}, then=then)

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

    def test_then_follows_each_wheel_once_every_archive_is_checked(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", name, "1.0") for name in ("foo", "bar", "baz")]
        dists = [_registry(w, server.add(w), listed=sha256(w)) for w in wheels]
        seen: list[tuple[str, bool]] = []
        late: list[str] = []

        def lookup(dist: BuiltDist, delay: float) -> Callable[[], Awaitable[BuiltDist]]:
            async def find() -> BuiltDist:
                await asyncio.sleep(delay)
                late.append(str(dist))
                return dist

            return find

        async def then(wheel: CachedDist) -> None:
            # Every lookup ended (the last one is 0.2 s late) before the first call.
            seen.append((str(wheel), len(late) == 3))

        lookups = [lookup(dists[0], 0), lookup(dists[1], 0.2), lookup(dists[2], 0)]
        cached = _download(cache, server, lookups, then=then)
        assert [str(c) for c in cached] == ["foo==1.0", "bar==1.0", "baz==1.0"]
        assert sorted(seen) == [("bar==1.0", True), ("baz==1.0", True), ("foo==1.0", True)]

    def test_then_is_not_called_when_a_digest_fails(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        good = build_wheel(tmp_path / "d", "good", "1.0")
        bad = build_wheel(tmp_path / "d", "bad", "1.0")
        seen: list[str] = []

        async def late_bad() -> BuiltDist:
            await asyncio.sleep(0.2)  # the good wheel is long unpacked by then
            return _registry(bad, server.add(bad), listed="0" * 64)

        async def then(wheel: CachedDist) -> None:
            seen.append(str(wheel))

        with pytest.raises(HashMismatch):
            _download(cache, server, [_registry(good, server.add(good)), late_bad], then=then)
        assert seen == []

    def test_a_failure_of_then_fails_the_download(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")

        async def then(wheel: CachedDist) -> None:
            raise DownloadError(str(wheel), "no room")

        with pytest.raises(DownloadError, match="no room"):
            _download(cache, server, [_registry(wheel, server.add(wheel))], then=then)

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


@pytest.mark.skipif(not memory_files(), reason="no memory files (memfd_create, /proc) here")
class TestInMemory:
    """Wheels whose size the index lists wait in memory files, not in the cache."""

    @pytest.mark.parametrize("processes", [0, 1])
    def test_wheels_of_known_size_never_touch_the_disk(
        self, tmp_path: Path, cache: Cache, server: Server, processes: int
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", f"p{i}", "1.0") for i in range(9)]
        dists = [
            _registry(w, server.add(w), listed=sha256(w), size=w.stat().st_size) for w in wheels
        ]
        spools: list[Spool] = []
        cached = _download(cache, server, dists, processes=processes, spools=spools)
        assert all((c.path / c.name / "__init__.py").is_file() for c in cached)
        assert [s.in_memory for s in spools] == [True] * 9
        assert all(s.reserved == 0 for s in spools)  # discarded: memory given back
        assert _leftovers(cache) == []

    def test_a_wheel_over_the_budget_goes_to_disk(
        self, tmp_path: Path, cache: Cache, server: Server
    ) -> None:
        small = build_wheel(tmp_path / "d", "small", "1.0")
        big = build_wheel(
            tmp_path / "d", "big", "1.0", files={"big/__init__.py": os.urandom(8192).hex()}
        )
        dists = [_registry(w, server.add(w), size=w.stat().st_size) for w in (small, big)]
        spools: list[Spool] = []
        budget = 4 * (small.stat().st_size + 1)
        cached = _download(cache, server, dists, spools=spools, memory_budget=budget)
        assert [c.name for c in cached] == ["small", "big"]
        assert {s.path.name.endswith(".whl"): s.in_memory for s in spools} == {
            False: True,
            True: False,
        }
        assert _leftovers(cache) == []

    @pytest.mark.parametrize("processes", [0, 1])
    def test_a_broken_archive_in_memory_is_named_by_its_file_name(
        self, tmp_path: Path, cache: Cache, server: Server, processes: int
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", f"p{i}", "1.0") for i in range(8)]
        broken = tmp_path / "foo-1.0-py3-none-any.whl"
        broken.write_bytes(b"not a zip")
        dists = [_registry(w, server.add(w), size=w.stat().st_size) for w in [broken, *wheels]]
        spools: list[Spool] = []
        with pytest.raises(DownloadError) as info:
            _download(cache, server, dists, processes=processes, spools=spools)
        assert str(info.value) == (
            "failed to download foo==1.0: invalid wheel foo-1.0-py3-none-any.whl: "
            "cannot read it as a zip archive: 9 bytes are too few for a zip archive"
        )
        assert spools[0].in_memory
