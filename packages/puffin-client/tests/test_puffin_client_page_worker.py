"""PageWorker: large project pages read into cache records by a helper process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from distribution_types import IndexLocations, IndexUrl
from puffin_cache import Cache
from puffin_client import BaseClient, FetchError, RegistryClient
from puffin_client import _page_worker as page_worker
from puffin_client_index_server import IndexServer, ServedFile, ServedIndex
from puffin_normalize import PackageName
from pypi_types import SimpleProject

NAMES = [f"proj{i}" for i in range(6)]


@pytest.fixture(autouse=True)
def eager(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A helper from the first request on, for every page of a few KiB."""
    monkeypatch.setattr(page_worker, "START_AFTER", 1)
    monkeypatch.setattr(page_worker, "LARGE_PAGE", 1024)
    yield


def _serve(index: ServedIndex, name: str, count: int = 40) -> None:
    for i in range(count):
        content = f"{name} {i}".encode()
        time_text = f"2024-01-02T03:04:{i % 60:02d}.000001Z"
        index.add(
            name, ServedFile(f"{name}-1.{i}-py3-none-any.whl", content, upload_time=time_text)
        )
        index.add(name, ServedFile(f"{name}-1.{i}.tar.gz", content, requires_python=">=3.8"))


def _read_all(
    url: str, cache_dir: Path, *, worker: bool
) -> tuple[dict[str, SimpleProject], RegistryClient]:
    locations = IndexLocations(IndexUrl.parse(url), [], [], False)

    async def main() -> tuple[dict[str, SimpleProject], RegistryClient]:
        registry = RegistryClient(
            locations, Cache.from_path(cache_dir), client=BaseClient(), page_worker=worker
        )
        async with registry:
            found = await registry.simple_many(PackageName.parse(name) for name in NAMES)
        return {str(name): pages[0][1] for name, pages in found.items()}, registry

    return asyncio.run(main())


def test_pages_read_by_the_helper_equal_those_read_here(
    index_server: IndexServer, tmp_path: Path
) -> None:
    index = index_server.add_index("simple")
    for name in NAMES:
        _serve(index, name)
    url = index_server.url + "/simple"
    here, _ = _read_all(url, tmp_path / "here", worker=False)
    there, registry = _read_all(url, tmp_path / "there", worker=True)
    assert registry._page_worker is not None
    assert registry._page_worker.converted > 0  # not all read here while it started
    assert here == there
    assert [f.filename for f in there["proj0"].files][:2] == [
        "proj0-1.0-py3-none-any.whl",
        "proj0-1.0.tar.gz",
    ]
    # What the helper stored reads back the same in a later, offline run.
    assert _read_all(url, tmp_path / "there", worker=False)[0] == there


def test_a_page_the_helper_cannot_read_fails_as_it_would_here(
    index_server: IndexServer, tmp_path: Path
) -> None:
    index = index_server.add_index("simple", formats=("json",))
    for name in NAMES:
        _serve(index, name)
    # proj3's page is cut short (not JSON), and large enough for the helper.
    index.add("bad", ServedFile("page.json", b'{"files": [' + b" " * 4000))
    index_server.redirects["/simple/proj3/"] = "/simple/files/page.json"
    url = index_server.url + "/simple"
    with pytest.raises(FetchError) as raised:
        _read_all(url, tmp_path / "cache", worker=True)
    with pytest.raises(FetchError) as again:
        _read_all(url, tmp_path / "other", worker=False)
    assert str(raised.value) == str(again.value)


def test_pages_are_read_here_when_the_helper_dies(
    index_server: IndexServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_worker, "_STATEMENT", "import sys; sys.stdin.readline(); sys.exit(3)")
    index = index_server.add_index("simple")
    for name in NAMES:
        _serve(index, name)
    url = index_server.url + "/simple"
    found, registry = _read_all(url, tmp_path / "cache", worker=True)
    assert registry._page_worker is not None and registry._page_worker.converted == 0
    assert found == _read_all(url, tmp_path / "other", worker=False)[0]


def test_an_idle_helper_is_stopped_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_worker, "_STATEMENT", "import time; time.sleep(60)")

    async def main() -> float:
        worker = page_worker.PageWorker()
        worker.start()
        started = time.perf_counter()
        await worker.aclose()
        return time.perf_counter() - started

    assert asyncio.run(main()) < 30


def test_no_helper_for_a_run_that_reads_a_few_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_worker, "START_AFTER", 3)

    async def main() -> list[bool]:
        worker = page_worker.PageWorker()
        started = []
        for _ in range(3):
            worker.start()
            started.append(worker._process is not None)
        await worker.aclose()
        return started

    assert asyncio.run(main()) == [False, False, True]
