"""Failing servers: every fault of `FaultProxy` is retried where sensible, then one clear error.

A fault is injected on a project page, a PEP 658 ``.metadata`` file or a wheel. Each
test checks what the client gives back (the answer after retries, or one error whose
message names the URL and says what went wrong), how many requests it took, that it
never waits much past its timeout, and that nothing of a failed answer was cached.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from distribution_types import IndexLocations, IndexUrl
from puffin_cache import Cache, CachedRecord, read_record, write_record
from puffin_client import (
    BaseClient,
    ClientError,
    FetchError,
    MetadataError,
    PackageNotFound,
    RegistryClient,
)
from puffin_client_index_server import IndexServer, ServedFile, build_wheel
from puffin_fault_index import Fault, FaultProxy
from puffin_normalize import PackageName

TIMEOUT = 0.5
"""The client's timeout in these tests (seconds); slow faults wait longer than this."""
SLOW = 3.0
"""How long a slow fault keeps the client waiting: far past `TIMEOUT`."""
FOO = PackageName.parse("foo")
METADATA = b"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nRequires-Dist: dep>=1\n"

PAGE = r"/simple/foo/$"
METADATA_FILE = r"\.whl\.metadata$"
WHEEL = r"\.whl$"


@pytest.fixture
def proxy(index_server: IndexServer, tmp_path: Path) -> Iterator[FaultProxy]:
    """foo 1.0 (a 200 kB wheel, with a PEP 658 file) behind a fault proxy."""
    index = index_server.add_index("simple")
    wheel = build_wheel(tmp_path / "w", "foo", "1.0", requires=["dep>=1"], padding=200_000)
    index.add("foo", ServedFile(wheel.name, wheel.read_bytes(), metadata=METADATA))
    with FaultProxy(index_server.url) as proxy:
        yield proxy


class Run:
    """One RegistryClient run over a cache in tmp_path, through the proxy."""

    def __init__(self, proxy: FaultProxy, cache_dir: Path) -> None:
        self.proxy = proxy
        self.cache = Cache.from_path(cache_dir)
        self.elapsed = 0.0

    def __call__(self, work: str) -> object:
        async def main() -> object:
            client = BaseClient(timeout=TIMEOUT, backoff=0.01)
            locations = IndexLocations(IndexUrl.parse(self.proxy.url + "/simple"))
            async with RegistryClient(locations, self.cache, client=client) as registry:
                ((index, project),) = await registry.simple(FOO)
                if work == "page":
                    return [file.filename for file in project.files]
                (file,) = project.files
                if work == "metadata":
                    metadata = await registry.wheel_metadata(file, index)
                    return [str(requirement) for requirement in metadata.requires_dist]
                if work == "download":  # in a thread, over http.client
                    body = bytearray()
                    got = await client.download(file.url, body.extend)
                    return got.status, len(body)
                async with client.stream(file.url, bulk=True) as response:
                    return response.status, len(await response.aread())

        started = time.monotonic()
        try:
            return asyncio.run(main())
        finally:
            self.elapsed = time.monotonic() - started

    def download(self, how: str = "download") -> tuple[int, int]:
        """Fetch the wheel with `BaseClient.download` (or ``stream``): status and size."""
        status, size = cast("tuple[int, int]", self(how))
        return status, size

    def cached_files(self, bucket: str) -> list[str]:
        root = self.cache.root / bucket
        return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def run(proxy: FaultProxy, tmp_path: Path) -> Run:
    return Run(proxy, tmp_path / "cache")


def _check_one_clear_error(error: ClientError, url: str) -> None:
    """One line, naming *url*, and no cause in the chain that says nothing (a bare
    exception type is all a user would see of it)."""
    message = str(error)
    assert url in message, message
    assert "\n" not in message
    cause = error.__cause__
    while cause is not None:
        assert str(cause), f"an empty {type(cause).__name__} in the cause chain of {message!r}"
        cause = cause.__cause__


# Fault, what the error says, requests made: a fault worth retrying is tried 3 times.
PERSISTENT = [
    pytest.param(Fault.STATUS, "HTTP 500", 3, id="500"),
    pytest.param(Fault.RESET, "connection reset by peer (tried 3 times)", 3, id="reset"),
    pytest.param(Fault.SLOW, f"timed out after {TIMEOUT:g} s", 1, id="slow"),
    pytest.param(Fault.TRUNCATE, "peer closed connection", 3, id="truncated"),
    pytest.param(Fault.LONG_LENGTH, f"timed out after {TIMEOUT:g} s", 1, id="long-length"),
    pytest.param(Fault.SHORT_LENGTH, "not a JSON document", 1, id="short-length"),
    pytest.param(Fault.GARBAGE, "invalid simple-index response", 1, id="garbage"),
    pytest.param(Fault.REDIRECT_LOOP, "more than 10 redirects", 11, id="redirect-loop"),
]


class TestProjectPage:
    @pytest.mark.parametrize(
        "fault", [Fault.STATUS, Fault.RESET, Fault.TRUNCATE], ids=["500", "reset", "truncated"]
    )
    def test_transient_faults_are_retried(self, run: Run, proxy: FaultProxy, fault: Fault) -> None:
        proxy.inject(PAGE, fault, times=2)
        assert run("page") == ["foo-1.0-py3-none-any.whl"]
        assert proxy.count(PAGE) == 3

    @pytest.mark.parametrize(("fault", "reason", "requests"), PERSISTENT)
    def test_persistent_faults_give_one_clear_error(
        self, run: Run, proxy: FaultProxy, fault: Fault, reason: str, requests: int
    ) -> None:
        proxy.inject(PAGE, fault, delay=SLOW)
        with pytest.raises(FetchError) as caught:
            run("page")
        _check_one_clear_error(caught.value, f"{proxy.url}/simple/foo/")
        assert reason in str(caught.value)
        assert proxy.count(PAGE) == requests
        assert run.elapsed < TIMEOUT + 2
        # Nothing of the failed answer was kept: the next run asks again and succeeds.
        assert run.cached_files("simple-v0") == []
        proxy.clear()
        assert run("page") == ["foo-1.0-py3-none-any.whl"]

    def test_missing_page_is_package_not_found(self, run: Run, proxy: FaultProxy) -> None:
        proxy.inject(PAGE, Fault.NOT_FOUND)
        with pytest.raises(PackageNotFound) as caught:
            run("page")
        assert str(caught.value) == f"package foo was not found in the index {proxy.url}/simple/"

    def test_a_slow_page_within_the_timeout_is_fine(self, run: Run, proxy: FaultProxy) -> None:
        proxy.inject(PAGE, Fault.SLOW, delay=TIMEOUT / 5)
        assert run("page") == ["foo-1.0-py3-none-any.whl"]


class TestMetadataFile:
    def test_missing_metadata_file_falls_back_to_the_wheel(
        self, run: Run, proxy: FaultProxy
    ) -> None:
        proxy.inject(METADATA_FILE, Fault.NOT_FOUND)
        assert run("metadata") == ["dep>=1"]
        assert proxy.count(METADATA_FILE) == 1
        # Read from the wheel with range requests, not downloaded whole.
        assert proxy.count(WHEEL) >= 1

    def test_transient_fault_is_retried(self, run: Run, proxy: FaultProxy) -> None:
        proxy.inject(METADATA_FILE, Fault.STATUS, times=2)
        assert run("metadata") == ["dep>=1"]
        assert proxy.count(METADATA_FILE) == 3

    @pytest.mark.parametrize(
        ("fault", "reason"),
        [
            pytest.param(Fault.STATUS, "HTTP 500", id="500"),
            pytest.param(Fault.RESET, "connection reset by peer", id="reset"),
            pytest.param(Fault.SLOW, "timed out", id="slow"),
            pytest.param(Fault.TRUNCATE, "peer closed connection", id="truncated"),
            pytest.param(Fault.REDIRECT_LOOP, "more than 10 redirects", id="redirect-loop"),
        ],
    )
    def test_persistent_fetch_faults(
        self, run: Run, proxy: FaultProxy, fault: Fault, reason: str
    ) -> None:
        proxy.inject(METADATA_FILE, fault, delay=SLOW)
        with pytest.raises(FetchError) as caught:
            run("metadata")
        url = f"{proxy.url}/simple/files/foo-1.0-py3-none-any.whl.metadata"
        _check_one_clear_error(caught.value, url)
        assert reason in str(caught.value)
        assert run.elapsed < TIMEOUT + 2
        assert run.cached_files("wheel-metadata-v0") == []

    @pytest.mark.parametrize("fault", [Fault.GARBAGE, Fault.SHORT_LENGTH])
    def test_wrong_bytes_are_refused_and_not_cached(
        self, run: Run, proxy: FaultProxy, fault: Fault
    ) -> None:
        proxy.inject(METADATA_FILE, fault)
        with pytest.raises(MetadataError) as caught:
            run("metadata")
        url = f"{proxy.url}/simple/files/foo-1.0-py3-none-any.whl.metadata"
        _check_one_clear_error(caught.value, url)
        assert "does not match its sha256" in str(caught.value)
        assert run.cached_files("wheel-metadata-v0") == []
        proxy.clear()
        assert run("metadata") == ["dep>=1"]

    def test_garbage_wheel_after_a_missing_metadata_file(self, run: Run, proxy: FaultProxy) -> None:
        proxy.inject(METADATA_FILE, Fault.NOT_FOUND)
        proxy.inject(WHEEL, Fault.GARBAGE)
        with pytest.raises(MetadataError) as caught:
            run("metadata")
        _check_one_clear_error(caught.value, f"{proxy.url}/simple/files/foo-1.0-py3-none-any.whl")
        assert "not a readable zip archive" in str(caught.value)
        assert run.cached_files("wheel-metadata-v0") == []


@pytest.mark.parametrize("how", ["download", "stream"])
class TestDownload:
    """Both ways of fetching a wheel: `BaseClient.download` (http.client, in a thread)
    and `BaseClient.stream` (httpx, on the event loop) fail and recover alike."""

    SIZE = 200_000

    @pytest.mark.parametrize(
        ("fault", "status"),
        [(Fault.STATUS, 500), (Fault.STATUS, 429), (Fault.STATUS, 408), (Fault.RESET, 0)],
        ids=["500", "429", "408", "reset"],
    )
    def test_transient_faults_are_retried(
        self, run: Run, proxy: FaultProxy, fault: Fault, status: int, how: str
    ) -> None:
        proxy.inject(WHEEL, fault, times=2, status=status)
        status, size = run.download(how)
        assert status == 200 and size > self.SIZE
        assert proxy.count(WHEEL) == 3

    def test_connection_lost_mid_body_is_resumed(
        self, run: Run, proxy: FaultProxy, how: str
    ) -> None:
        proxy.inject(WHEEL, Fault.TRUNCATE, times=1)
        status, size = run.download(how)
        assert status == 200 and size > self.SIZE
        # The second request asked only for the rest of the file.
        assert proxy.count(WHEEL) == 2

    def test_connection_lost_mid_body_every_time(
        self, run: Run, proxy: FaultProxy, how: str
    ) -> None:
        proxy.inject(WHEEL, Fault.TRUNCATE)
        with pytest.raises(FetchError) as caught:
            run(how)
        _check_one_clear_error(caught.value, f"{proxy.url}/simple/files/foo-1.0-py3-none-any.whl")
        assert "peer closed connection" in str(caught.value)
        assert proxy.count(WHEEL) == 3

    @pytest.mark.parametrize("fault", [Fault.SLOW, Fault.LONG_LENGTH, Fault.THROTTLE])
    def test_stalled_download_times_out(
        self, run: Run, proxy: FaultProxy, fault: Fault, how: str
    ) -> None:
        proxy.inject(WHEEL, fault, delay=SLOW)
        with pytest.raises(FetchError) as caught:
            run(how)
        _check_one_clear_error(caught.value, f"{proxy.url}/simple/files/foo-1.0-py3-none-any.whl")
        assert f"timed out after {TIMEOUT:g} s" in str(caught.value)
        assert run.elapsed < TIMEOUT + 2

    def test_slow_but_steady_download_completes(
        self, run: Run, proxy: FaultProxy, how: str
    ) -> None:
        # Twenty pieces, each well within the timeout: a slow server is not a dead one.
        proxy.inject(WHEEL, Fault.THROTTLE, delay=TIMEOUT / 10)
        status, size = run.download(how)
        assert status == 200 and size > self.SIZE


class TestCorruptCache:
    """Records that pass the cache's checks but hold what no run of this client wrote."""

    def test_metadata_record_of_another_wheel_is_a_miss(self, run: Run, proxy: FaultProxy) -> None:
        assert run("metadata") == ["dep>=1"]
        (record,) = (run.cache.root / "wheel-metadata-v0").rglob("*.pfcr")
        stored = read_record(record)
        assert stored is not None
        write_record(record, stored[0], b"Metadata-Version: 2.1\nName: bar\nVersion: 9\n")
        requests = proxy.count(METADATA_FILE)
        assert run("metadata") == ["dep>=1"]
        assert proxy.count(METADATA_FILE) == requests + 1
        rewritten = read_record(record)
        assert rewritten is not None and rewritten[1] == METADATA

    @pytest.mark.parametrize("data", ["garbage", (None, None, [("a-1.0.tar.gz",)]), None])
    def test_page_record_of_the_wrong_shape_is_a_miss(
        self, run: Run, proxy: FaultProxy, data: object
    ) -> None:
        assert run("page") == ["foo-1.0-py3-none-any.whl"]
        (record,) = (run.cache.root / "simple-v0").rglob("foo.pfcr")
        stored = CachedRecord.read(record)
        assert stored is not None
        if data is None:
            record.write_bytes(record.read_bytes()[:-7])  # cut short: fails its checksum
        else:
            CachedRecord(stored.policy, data).write(record)
        assert run("page") == ["foo-1.0-py3-none-any.whl"]
        assert proxy.count(PAGE) == 2
        rewritten = CachedRecord.read(record)
        assert rewritten is not None and rewritten.data == stored.data
