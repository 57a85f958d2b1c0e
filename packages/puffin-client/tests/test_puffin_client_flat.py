"""RegistryClient.flat_index: find-links directories, local and remote flat pages."""

from __future__ import annotations

from pathlib import Path

from distribution_types import FlatIndexLocation
from puffin_client_index_server import IndexServer, build_wheel
from puffin_client_registry_setup import FOO, Setup, add_project
from puffin_normalize import PackageName


class TestFindLinks:
    def test_local_directory(self, setup: Setup, tmp_path: Path) -> None:
        wheels = tmp_path / "wheels"
        build_wheel(wheels, "foo", "1.0")
        build_wheel(wheels, "foo-bar", "2.0")
        (wheels / "foo-bar-3.0.tar.gz").write_bytes(b"")
        (wheels / "README.txt").write_text("not a distribution")
        location = FlatIndexLocation.parse(str(wheels))
        flat = setup.run(lambda r: r.flat_index(), find_links=[location], no_index=True)
        assert len(flat) == 3
        assert [str(d.filename) for d in flat.get(FOO)] == ["foo-1.0-py3-none-any.whl"]
        found = flat.get(PackageName.parse("foo-bar"))
        assert [str(d.filename) for d in found] == [
            "foo_bar-3.0.tar.gz",
            "foo_bar-2.0-py3-none-any.whl",
        ]
        assert found[1].file.url == (wheels / "foo_bar-2.0-py3-none-any.whl").as_uri()
        metadata = setup.run(lambda r: r.wheel_metadata(found[1].file))
        assert str(metadata.version) == "2.0"

    def test_flat_page(self, index_server: IndexServer, setup: Setup, tmp_path: Path) -> None:
        index = index_server.add_index("links", formats=("html",))
        add_project(index, "foo", ["1.0", "1.1"], tmp_path)
        location = FlatIndexLocation.parse(index_server.url + "/links/foo/")
        flat = setup.run(lambda r: r.flat_index(), find_links=[location])
        assert [str(d.filename.version) for d in flat.get(FOO)] == ["1.0", "1.1"]
        assert flat.get(FOO)[0].file.url.startswith(index_server.url + "/links/files/")
        setup.run(lambda r: r.flat_index(), find_links=[location])
        assert index_server.count("/links/") == 1

    def test_local_html_page(self, setup: Setup, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "w", "foo", "1.0")
        page = tmp_path / "links.html"
        page.write_text(f'<a href="w/{wheel.name}">{wheel.name}</a>')
        flat = setup.run(lambda r: r.flat_index([FlatIndexLocation.parse(str(page))]))
        assert [d.file.url for d in flat.get(FOO)] == [wheel.as_uri()]

    def test_missing_directory_warns(self, setup: Setup, tmp_path: Path) -> None:
        location = FlatIndexLocation.parse(str(tmp_path / "nope"))
        flat = setup.run(lambda r: r.flat_index([location]))
        assert len(flat) == 0
        assert setup.reporter.warnings == [
            f"find-links location {tmp_path / 'nope'} does not exist; skipping it"
        ]

    def test_missing_page_warns(self, index_server: IndexServer, setup: Setup) -> None:
        location = FlatIndexLocation.parse(index_server.url + "/nothing/")
        flat = setup.run(lambda r: r.flat_index([location]))
        assert len(flat) == 0
        assert setup.reporter.warnings == [
            f"find-links page {index_server.url}/nothing/ was not found; skipping it"
        ]
