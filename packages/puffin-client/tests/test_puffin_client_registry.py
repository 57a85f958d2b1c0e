"""RegistryClient against the loopback index: dialects, several indexes, cache, offline, auth."""

from __future__ import annotations

import asyncio
import hashlib
import time
from pathlib import Path
from typing import Literal

import pytest

from distribution_types import IndexUrl
from puffin_cache import Cache, Refresh
from puffin_client import (
    CredentialStore,
    FetchError,
    IndexStrategy,
    MetadataError,
    OfflineError,
    PackageNotFound,
    RegistryClient,
)
from puffin_client_index_server import IndexServer, ServedFile, build_wheel
from puffin_client_registry_setup import FOO, Found, Setup, add_project, simple
from puffin_normalize import PackageName
from pypi_types import File, Metadata


class TestDialects:
    def test_json_is_asked_for_and_read(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        index = index_server.add_index("simple")
        add_project(index, "foo", ["1.0"], tmp_path, requires_python=">=3.8")
        ((found_index, project),) = setup.run(simple("Foo"), indexes=[index_server.url + "/simple"])
        assert found_index.url == index_server.url + "/simple/"
        assert project.name == FOO
        (file,) = project.files
        assert file.url == f"{index_server.url}/simple/files/foo-1.0-py3-none-any.whl"
        assert file.requires_python == ">=3.8"
        assert file.size is not None
        request = index_server.logged("/simple/foo/")[0]
        assert request.headers["accept"].startswith("application/vnd.pypi.simple.v1+json")
        assert project.meta.api_version == "1.1"

    def test_html_only_index(self, index_server: IndexServer, setup: Setup, tmp_path: Path) -> None:
        index = index_server.add_index("simple", formats=("html",), validators=False)
        add_project(index, "foo", ["1.0"], tmp_path, yanked="broken", requires_python=">=3.8")
        ((_, project),) = setup.run(simple("foo"), indexes=[index_server.url + "/simple"])
        (file,) = project.files
        assert file.url == f"{index_server.url}/simple/files/foo-1.0-py3-none-any.whl"
        assert file.requires_python == ">=3.8"
        assert file.yanked is not None and file.yanked.reason == "broken"
        assert file.hashes.sha256 == index.projects["foo"][0].sha256

    def test_json_only_index(self, index_server: IndexServer, setup: Setup, tmp_path: Path) -> None:
        add_project(index_server.add_index("simple", formats=("json",)), "foo", ["1.0"], tmp_path)
        ((_, project),) = setup.run(simple("foo"), indexes=[index_server.url + "/simple"])
        assert [f.filename for f in project.files] == ["foo-1.0-py3-none-any.whl"]

    def test_garbage_page_is_a_fetch_error(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        page = tmp_path / "simple" / "foo"
        page.mkdir(parents=True)
        (page / "index.json").write_text("{not json")
        with pytest.raises(FetchError):
            setup.run(simple("foo"), indexes=[(tmp_path / "simple").as_uri()])


class TestSeveralIndexes:
    @pytest.fixture
    def urls(self, index_server: IndexServer, tmp_path: Path) -> list[str]:
        first = index_server.add_index("first")
        second = index_server.add_index("second", formats=("html",))
        add_project(first, "foo", ["1.0"], tmp_path)
        add_project(second, "foo", ["2.0"], tmp_path)
        add_project(second, "bar", ["1.0"], tmp_path)
        return [index_server.url + "/first", index_server.url + "/second"]

    def test_first_index_that_has_it_wins(self, setup: Setup, urls: list[str]) -> None:
        found = setup.run(simple("foo"), indexes=urls)
        assert [(index.url, [f.filename for f in p.files]) for index, p in found] == [
            (urls[0] + "/", ["foo-1.0-py3-none-any.whl"])
        ]

    def test_later_index_when_the_first_has_none(
        self, setup: Setup, urls: list[str], index_server: IndexServer
    ) -> None:
        ((index, _),) = setup.run(simple("bar"), indexes=urls)
        assert index.url == urls[1] + "/"
        assert index_server.count("/first/bar/") == 1

    def test_unsafe_best_match_takes_every_index(self, setup: Setup, urls: list[str]) -> None:
        found = setup.run(simple("foo"), indexes=urls, strategy=IndexStrategy.UNSAFE_BEST_MATCH)
        assert [index.url.rstrip("/") for index, _ in found] == urls

    def test_not_found_anywhere(self, setup: Setup, urls: list[str]) -> None:
        with pytest.raises(PackageNotFound) as caught:
            setup.run(simple("nope"), indexes=urls)
        assert str(caught.value) == (
            f"package nope was not found in the indexes {urls[0]}/, {urls[1]}/"
        )

    def test_no_index(self, setup: Setup, urls: list[str], index_server: IndexServer) -> None:
        with pytest.raises(PackageNotFound, match="--no-index"):
            setup.run(simple("foo"), indexes=urls, no_index=True)
        assert index_server.count() == 0

    def test_not_found_is_cached_too(
        self, setup: Setup, urls: list[str], index_server: IndexServer
    ) -> None:
        setup.run(simple("bar"), indexes=urls)
        setup.run(simple("bar"), indexes=urls)
        assert index_server.count() == 2


class TestFileIndex:
    def test_directory_tree_index(self, setup: Setup, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "files", "foo", "1.0")
        page = tmp_path / "simple" / "foo"
        page.mkdir(parents=True)
        (page / "index.html").write_text(f'<a href="../../files/{wheel.name}">{wheel.name}</a>')
        ((_, project),) = setup.run(simple("foo"), indexes=[(tmp_path / "simple").as_uri()])
        assert [f.url for f in project.files] == [wheel.as_uri()]
        metadata = setup.run(lambda r: r.wheel_metadata(project.files[0]))
        assert str(metadata.version) == "1.0"

    def test_only_a_missing_index_directory(self, setup: Setup, tmp_path: Path) -> None:
        missing = (tmp_path / "nowhere").as_uri()
        with pytest.raises(PackageNotFound) as caught:
            setup.run(simple("foo"), indexes=[missing])
        assert str(caught.value) == f"package foo was not found in the index {missing}/"
        assert len(setup.reporter.warnings) == 1

    def test_missing_index_directory_warns_and_is_skipped(
        self, setup: Setup, tmp_path: Path, index_server: IndexServer
    ) -> None:
        add_project(index_server.add_index("simple"), "foo", ["1.0"], tmp_path)
        missing = (tmp_path / "nowhere").as_uri()
        ((index, _),) = setup.run(simple("foo"), indexes=[missing, index_server.url + "/simple"])
        assert index.url == index_server.url + "/simple/"
        assert setup.reporter.warnings == [
            f"index directory {tmp_path / 'nowhere'} does not exist; skipping the index {missing}/"
        ]


class TestCache:
    def test_warm_lookup_makes_no_request(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        index = index_server.add_index("simple", formats=("html",), validators=False)
        names = [PackageName.parse(f"pkg{i}") for i in range(20)]
        for name in names:
            add_project(index, name, ["1.0"], tmp_path)
        url = index_server.url + "/simple"
        cold = setup.run(lambda r: r.simple_many(names), indexes=[url])
        assert index_server.count() == 20
        warm = setup.run(lambda r: r.simple_many(names), indexes=[url])
        assert index_server.count() == 20
        assert {k: [(i.url, p) for i, p in v] for k, v in warm.items()} == {
            k: [(i.url, p) for i, p in v] for k, v in cold.items()
        }

    def test_stale_pages_are_revalidated_concurrently(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        index = index_server.add_index("simple", cache_control="max-age=0")
        names = [PackageName.parse(f"pkg{i}") for i in range(20)]
        for name in names:
            add_project(index, name, ["1.0"], tmp_path)
        url = index_server.url + "/simple"
        setup.run(lambda r: r.simple_many(names), indexes=[url])
        index.delay = 0.2
        started = time.monotonic()
        setup.run(lambda r: r.simple_many(names), indexes=[url])
        elapsed = time.monotonic() - started
        assert [r.status for r in index_server.logged()].count(304) == 20
        assert elapsed < 20 * 0.2 / 2, "revalidations ran one by one"

    def test_same_page_twice_at_once_is_one_request(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        add_project(index_server.add_index("simple", delay=0.05), "foo", ["1.0"], tmp_path)

        async def twice(registry: RegistryClient) -> list[Found]:
            return list(await asyncio.gather(registry.simple(FOO), registry.simple(FOO)))

        first, second = setup.run(twice, indexes=[index_server.url + "/simple"])
        assert first == second
        assert index_server.count("/simple/foo/") == 1

    def test_refresh_package(self, index_server: IndexServer, setup: Setup, tmp_path: Path) -> None:
        index = index_server.add_index("simple", cache_control="max-age=600")
        add_project(index, "foo", ["1.0"], tmp_path)
        url = index_server.url + "/simple"
        setup.run(simple("foo"), indexes=[url])
        setup.run(simple("foo"), indexes=[url], refresh=Refresh.packages(["foo"]))
        assert [r.status for r in index_server.logged()] == [200, 304]

    @pytest.mark.parametrize("formats", [("json",), ("html",)])
    def test_cached_project_equals_the_fetched_one(
        self,
        index_server: IndexServer,
        setup: Setup,
        tmp_path: Path,
        formats: tuple[Literal["json", "html"], ...],
    ) -> None:
        index = index_server.add_index("simple", cache_control="max-age=0", formats=formats)
        metadata = b"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n\n"
        add_project(index, "foo", ["1.0"], tmp_path, metadata=metadata, yanked="")
        add_project(index, "foo", ["1.1"], tmp_path, upload_time="2024-01-02T03:04:05.123456Z")
        url = index_server.url + "/simple"
        fetched = setup.run(simple("foo"), indexes=[url])[0][1]
        revalidated = setup.run(simple("foo"), indexes=[url])[0][1]
        offline = setup.run(simple("foo"), indexes=[url], offline=True)[0][1]
        assert fetched == revalidated == offline
        assert index_server.logged()[-1].status == 304
        assert fetched.files[0].yanked is not None
        assert fetched.files[0].has_core_metadata
        upload_time = fetched.files[1].upload_time
        assert upload_time is not None and upload_time.microsecond == 123456


class TestOffline:
    def test_offline_hit(self, index_server: IndexServer, setup: Setup, tmp_path: Path) -> None:
        add_project(
            index_server.add_index("simple", cache_control="max-age=0"), "foo", ["1.0"], tmp_path
        )
        url = index_server.url + "/simple"
        online = setup.run(simple("foo"), indexes=[url])[0][1]
        assert setup.run(simple("foo"), indexes=[url], offline=True)[0][1] == online
        assert index_server.count() == 1

    def test_offline_miss_names_the_package(self, setup: Setup) -> None:
        with pytest.raises(OfflineError) as caught:
            setup.run(simple("foo"), indexes=["https://example.com/simple"], offline=True)
        assert str(caught.value) == (
            "foo is not in the cache and the network is off (--offline): "
            "https://example.com/simple/foo/"
        )


class TestWheelMetadata:
    @pytest.fixture
    def url(self, index_server: IndexServer, tmp_path: Path) -> str:
        index = index_server.add_index("simple")
        with_pep658 = build_wheel(
            tmp_path / "w", "foo", "1.0", requires=["dep>=1"], padding=200_000
        )
        without = build_wheel(tmp_path / "w", "foo", "2.0", requires=["dep>=2"], padding=200_000)
        index.add(
            "foo",
            ServedFile(
                with_pep658.name,
                with_pep658.read_bytes(),
                metadata=b"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nRequires-Dist: dep>=1\n",
            ),
        )
        index.add("foo", ServedFile(without.name, without.read_bytes()))
        return index_server.url + "/simple"

    def _files(self, setup: Setup, url: str) -> tuple[IndexUrl, tuple[File, ...]]:
        ((index, project),) = setup.run(simple("foo"), indexes=[url])
        return index, tuple(project.files)

    def test_pep658_file_is_used_when_announced(
        self, setup: Setup, url: str, index_server: IndexServer
    ) -> None:
        index, (first, _) = self._files(setup, url)
        assert first.has_core_metadata
        metadata = setup.run(lambda r: r.wheel_metadata(first, index))
        assert [str(r) for r in metadata.requires_dist] == ["dep>=1"]
        assert [r.path for r in index_server.logged("/simple/files/")] == [
            "/simple/files/foo-1.0-py3-none-any.whl.metadata"
        ]

    def test_range_requests_otherwise(
        self, setup: Setup, url: str, index_server: IndexServer
    ) -> None:
        index, (_, second) = self._files(setup, url)
        assert not second.has_core_metadata
        metadata = setup.run(lambda r: r.wheel_metadata(second, index))
        assert [str(r) for r in metadata.requires_dist] == ["dep>=2"]
        requests = index_server.logged("/simple/files/")
        assert all(r.status == 206 for r in requests)
        assert sum(r.sent for r in requests) < 100_000

    def test_metadata_is_cached(self, setup: Setup, url: str, index_server: IndexServer) -> None:
        index, files = self._files(setup, url)

        async def read_all(registry: RegistryClient) -> list[Metadata]:
            return [await registry.wheel_metadata(file, index) for file in files]

        setup.run(read_all)
        before = index_server.count("/simple/files/")
        again = setup.run(read_all, offline=True)
        assert [str(m.version) for m in again] == ["1.0", "2.0"]
        assert index_server.count("/simple/files/") == before
        stems = sorted(p.name for p in (setup.cache.root / "wheel-metadata-v0").rglob("*.pfcr"))
        assert stems == ["foo-1.0-py3-none-any.pfcr", "foo-2.0-py3-none-any.pfcr"]

    def test_offline_metadata_miss(self, setup: Setup, url: str) -> None:
        index, (first, _) = self._files(setup, url)
        with pytest.raises(OfflineError, match=r"foo-1\.0-py3-none-any\.whl is not in the cache"):
            setup.run(lambda r: r.wheel_metadata(first, index), offline=True)

    def test_wrong_pep658_hash(self, setup: Setup, url: str, index_server: IndexServer) -> None:
        served = index_server.indexes["simple"].projects["foo"][0]
        index, (first, _) = self._files(setup, url)
        assert served.metadata is not None
        served.metadata += b"Summary: tampered\n"
        with pytest.raises(MetadataError, match="does not match its sha256"):
            setup.run(lambda r: r.wheel_metadata(first, index))


class TestCredentials:
    CREDS = ("alice", "s3cret-pw")

    def _private(self, index_server: IndexServer, tmp_path: Path) -> None:
        index = index_server.add_index("private", credentials=self.CREDS)
        add_project(index, "foo", ["1.0"], tmp_path)

    def _no_secret_in_cache(self, cache: Cache) -> None:
        for path in cache.root.rglob("*"):
            assert self.CREDS[1] not in str(path)
            assert "alice" not in str(path)
            if path.is_file():
                content = path.read_bytes()
                assert self.CREDS[1].encode() not in content
                assert b"alice" not in content

    def test_credentials_in_the_index_url(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        self._private(index_server, tmp_path)
        url = index_server.index_url("private", credentials=self.CREDS)

        async def work(registry: RegistryClient) -> str:
            ((index, project),) = await registry.simple(FOO)
            metadata = await registry.wheel_metadata(project.files[0], index)
            return str(metadata.version)

        assert setup.run(work, indexes=[url]) == "1.0"
        assert {r.status for r in index_server.logged()} <= {200, 206}
        self._no_secret_in_cache(setup.cache)
        # The same index with and without credentials shares its cache folder.
        setup.run(simple("foo"), indexes=[index_server.url + "/private"], offline=True)

    def test_credentials_from_netrc(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        self._private(index_server, tmp_path)
        netrc = tmp_path / "netrc"
        netrc.write_text(f"machine 127.0.0.1 login {self.CREDS[0]} password {self.CREDS[1]}\n")
        store = CredentialStore(env={"NETRC": str(netrc)})
        ((_, project),) = setup.run(
            simple("foo"), indexes=[index_server.url + "/private"], credentials=store
        )
        assert len(project.files) == 1
        self._no_secret_in_cache(setup.cache)

    def test_missing_credentials_is_a_clear_error(
        self, index_server: IndexServer, setup: Setup, tmp_path: Path
    ) -> None:
        self._private(index_server, tmp_path)
        with pytest.raises(FetchError) as caught:
            setup.run(simple("foo"), indexes=[index_server.url + "/private"])
        assert caught.value.status == 401


def test_file_hashes_survive_the_cache(
    index_server: IndexServer, setup: Setup, tmp_path: Path
) -> None:
    index = index_server.add_index("simple", formats=("html",), validators=False)
    (served,) = add_project(index, "foo", ["1.0"], tmp_path)
    url = index_server.url + "/simple"
    setup.run(simple("foo"), indexes=[url])
    ((_, project),) = setup.run(simple("foo"), indexes=[url])
    assert project.files[0].hashes.sha256 == hashlib.sha256(served.content).hexdigest()
