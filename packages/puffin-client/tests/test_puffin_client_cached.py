"""CachedClient: fresh entries make no request, 304 revalidation, refresh, offline."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from puffin_cache import Cache, CacheBucket, CachedRecord, CacheEntry, Refresh
from puffin_client import BaseClient, CachedClient, FetchError, OfflineError, Response
from puffin_client_index_server import IndexServer, ServedFile, ServedIndex
from puffin_normalize import PackageName

FOO = PackageName.parse("foo")


class TextSerde:
    """The body as text; None for a 404."""

    def from_response(self, response: Response) -> str | None:
        return response.text() if response.ok else None

    def to_data(self, value: str | None) -> Any:
        return value

    def from_data(self, data: Any) -> str | None:
        if data is not None and not isinstance(data, str):
            raise ValueError("not text")
        return data


def fetch(
    url: str,
    entry: CacheEntry,
    *,
    offline: bool = False,
    refresh: Refresh | None = None,
    heuristic: float = 600.0,
    package: PackageName | None = FOO,
) -> str | None:
    """One run: a new client (and event loop) asking for *url* once."""

    async def main() -> str | None:
        async with BaseClient(offline=offline, backoff=0.01) as client:
            cached = CachedClient(client, refresh=refresh, heuristic=heuristic)
            return await cached.get(url, entry, TextSerde(), package=package)

    return asyncio.run(main())


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache.from_path(tmp_path / "cache")


@pytest.fixture
def entry(cache: Cache) -> CacheEntry:
    return cache.entry(CacheBucket.SIMPLE, "test", "foo.pfcr")


def serve(server: IndexServer, **options: object) -> tuple[ServedIndex, str]:
    index = server.add_index("simple", formats=("html",), **options)
    index.add("foo", ServedFile("foo-1.0.tar.gz", b"x"))
    return index, server.url + "/simple/foo/"


class TestFresh:
    def test_fresh_entry_makes_no_request(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, cache_control="max-age=600")
        first = fetch(url, entry)
        assert first is not None and "foo-1.0.tar.gz" in first
        assert index_server.count() == 1
        assert fetch(url, entry) == first
        assert index_server.count() == 1

    def test_no_cache_headers_use_the_heuristic(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, validators=False)
        fetch(url, entry)
        fetch(url, entry)
        assert index_server.count() == 1

    def test_record_holds_the_transformed_value_and_policy(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, cache_control="max-age=600")
        value = fetch(url, entry)
        record = CachedRecord.read(entry.path)
        assert record is not None
        assert record.data == value
        assert record.policy["headers"]["cache-control"] == "max-age=600"


class TestRevalidation:
    def test_stale_entry_is_revalidated_with_304(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, cache_control="max-age=0")
        first = fetch(url, entry)
        assert fetch(url, entry) == first
        answers = [(r.status, r.headers.get("if-none-match")) for r in index_server.logged()]
        assert answers == [(200, None), (304, '"simple-foo-1"')]

    def test_last_modified_revalidation(self, index_server: IndexServer, entry: CacheEntry) -> None:
        _, url = serve(index_server, cache_control="no-cache")
        fetch(url, entry)
        record = CachedRecord.read(entry.path)
        assert record is not None
        # Keep only Last-Modified, as a server without ETags would have sent.
        del record.policy["headers"]["etag"]
        record.write(entry.path)
        fetch(url, entry)
        last = index_server.logged()[-1]
        assert last.status == 304
        assert "if-modified-since" in last.headers
        assert "if-none-match" not in last.headers

    def test_changed_page_replaces_the_entry(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        index, url = serve(index_server, cache_control="no-cache")
        fetch(url, entry)
        index.add("foo", ServedFile("foo-2.0.tar.gz", b"y"))
        second = fetch(url, entry)
        assert second is not None and "foo-2.0.tar.gz" in second
        assert [r.status for r in index_server.logged()] == [200, 200]

    def test_304_renews_freshness(self, index_server: IndexServer, entry: CacheEntry) -> None:
        index, url = serve(index_server, cache_control="max-age=0")
        fetch(url, entry)
        index.cache_control = "max-age=600"
        fetch(url, entry)  # 304 carrying the new max-age
        fetch(url, entry)
        assert [r.status for r in index_server.logged()] == [200, 304]

    def test_no_store_is_never_written(self, index_server: IndexServer, entry: CacheEntry) -> None:
        _, url = serve(index_server, cache_control="no-store")
        fetch(url, entry)
        fetch(url, entry)
        assert not entry.path.exists()
        assert [r.status for r in index_server.logged()] == [200, 200]

    def test_corrupt_record_is_a_miss(self, index_server: IndexServer, entry: CacheEntry) -> None:
        _, url = serve(index_server, cache_control="max-age=600")
        fetch(url, entry)
        entry.path.write_bytes(entry.path.read_bytes()[:-3])
        assert fetch(url, entry) is not None
        assert index_server.count() == 2


class TestRefresh:
    def test_refresh_everything_revalidates_fresh_entries_once(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, cache_control="max-age=600")
        fetch(url, entry)
        refresh = Refresh.everything()
        fetch(url, entry, refresh=refresh)
        # Written again after the refresh started: this run trusts it.
        fetch(url, entry, refresh=refresh)
        assert [r.status for r in index_server.logged()] == [200, 304]

    def test_refresh_package_touches_only_that_package(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server, cache_control="max-age=600")
        fetch(url, entry)
        fetch(url, entry, refresh=Refresh.packages(["bar"]))
        assert index_server.count() == 1
        fetch(url, entry, refresh=Refresh.packages(["Foo"]))
        assert index_server.count() == 2


class TestOffline:
    def test_offline_uses_a_stale_entry(self, index_server: IndexServer, entry: CacheEntry) -> None:
        _, url = serve(index_server, cache_control="no-cache, must-revalidate")
        first = fetch(url, entry)
        assert fetch(url, entry, offline=True) == first
        assert index_server.count() == 1

    def test_offline_miss_names_the_package(self, entry: CacheEntry) -> None:
        with pytest.raises(OfflineError) as caught:
            fetch("https://example.com/simple/foo/", entry, offline=True)
        assert str(caught.value).startswith("foo is not in the cache")


class TestStatuses:
    def test_404_is_cached(self, index_server: IndexServer, entry: CacheEntry) -> None:
        index_server.add_index("simple")
        url = index_server.url + "/simple/foo/"
        assert fetch(url, entry) is None
        assert fetch(url, entry) is None
        assert index_server.count() == 1

    def test_5xx_after_retries_is_an_error_and_not_stored(
        self, index_server: IndexServer, entry: CacheEntry
    ) -> None:
        _, url = serve(index_server)
        index_server.fail_next("/simple/foo/", [500, 500, 500])
        with pytest.raises(FetchError) as caught:
            fetch(url, entry)
        assert caught.value.status == 500
        assert str(caught.value) == f"could not fetch {url}: HTTP 500"
        assert not entry.path.exists()

    def test_file_urls_are_not_cached(self, tmp_path: Path, entry: CacheEntry) -> None:
        page = tmp_path / "page.html"
        page.write_text("one")
        assert fetch(page.as_uri(), entry) == "one"
        page.write_text("two")
        assert fetch(page.as_uri(), entry) == "two"
        assert not entry.path.exists()
