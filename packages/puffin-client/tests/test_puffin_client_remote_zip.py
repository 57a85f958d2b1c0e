"""Reading a remote wheel's METADATA through range requests, and the fallbacks."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pytest

from puffin_client import BaseClient, MetadataError, read_wheel_metadata
from puffin_client._remote_zip import (
    _find_central_directory,
    _metadata_members,
    _parse_central_directory,
    fetch_metadata_by_range,
    pick_metadata,
)
from puffin_client_index_server import IndexServer, ServedFile, build_wheel, wheel_metadata_text


def fetch(url: str, filename: str, project: str = "foo") -> bytes:
    async def main() -> bytes:
        async with BaseClient(backoff=0.01) as client:
            return await fetch_metadata_by_range(client, url, filename, project)

    return asyncio.run(main())


def serve_wheel(server: IndexServer, wheel: Path) -> str:
    index = server.indexes.get("simple") or server.add_index("simple")
    index.add("foo", ServedFile(wheel.name, wheel.read_bytes()))
    return f"{server.url}/simple/files/{wheel.name}"


EXPECTED = wheel_metadata_text("foo", "1.0", ["bar>=1"]).encode()


class TestRanges:
    def test_one_tail_request_for_a_big_wheel(
        self, index_server: IndexServer, tmp_path: Path
    ) -> None:
        wheel = build_wheel(tmp_path, "foo", "1.0", requires=["bar>=1"], padding=400_000)
        url = serve_wheel(index_server, wheel)
        assert fetch(url, wheel.name) == EXPECTED
        requests = index_server.logged("/simple/files/")
        assert [(r.status, r.headers["range"]) for r in requests] == [(206, "bytes=-65536")]
        assert sum(r.sent for r in requests) < wheel.stat().st_size / 4

    def test_metadata_at_the_start_needs_a_second_range(
        self, index_server: IndexServer, tmp_path: Path
    ) -> None:
        wheel = build_wheel(
            tmp_path, "foo", "1.0", requires=["bar>=1"], padding=400_000, metadata_first=True
        )
        url = serve_wheel(index_server, wheel)
        assert fetch(url, wheel.name) == EXPECTED
        requests = index_server.logged("/simple/files/")
        assert [r.status for r in requests] == [206, 206]
        assert sum(r.sent for r in requests) < wheel.stat().st_size / 4

    def test_small_wheel_is_read_from_the_tail(
        self, index_server: IndexServer, tmp_path: Path
    ) -> None:
        wheel = build_wheel(tmp_path, "foo", "1.0", requires=["bar>=1"])
        url = serve_wheel(index_server, wheel)
        assert fetch(url, wheel.name) == EXPECTED
        assert index_server.count("/simple/files/") == 1

    def test_server_ignoring_range_sends_the_whole_wheel_once(
        self, index_server: IndexServer, tmp_path: Path
    ) -> None:
        index_server.honor_range = False
        wheel = build_wheel(tmp_path, "foo", "1.0", requires=["bar>=1"], padding=100_000)
        url = serve_wheel(index_server, wheel)
        assert fetch(url, wheel.name) == EXPECTED
        assert [r.status for r in index_server.logged("/simple/files/")] == [200]

    def test_zip64_archive(self, index_server: IndexServer, tmp_path: Path) -> None:
        wheel = tmp_path / "foo-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_STORED) as archive:
            with archive.open("foo/__init__.py", "w", force_zip64=True) as member:
                member.write(b"x = 1\n")
            with archive.open("foo-1.0.dist-info/METADATA", "w", force_zip64=True) as member:
                member.write(EXPECTED)
        url = serve_wheel(index_server, wheel)
        assert fetch(url, wheel.name) == EXPECTED

    def test_not_a_zip_is_a_metadata_error(self, index_server: IndexServer, tmp_path: Path) -> None:
        bogus = tmp_path / "foo-1.0-py3-none-any.whl"
        bogus.write_bytes(b"this is not a zip" * 100)
        url = serve_wheel(index_server, bogus)
        with pytest.raises(MetadataError) as caught:
            fetch(url, bogus.name)
        assert str(caught.value).startswith("bad metadata for foo-1.0-py3-none-any.whl:")

    def test_wheel_without_metadata(self, index_server: IndexServer, tmp_path: Path) -> None:
        wheel = tmp_path / "foo-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("foo/__init__.py", "")
        url = serve_wheel(index_server, wheel)
        with pytest.raises(MetadataError, match=r"no \.dist-info/METADATA"):
            fetch(url, wheel.name)


class TestPickMetadata:
    def test_vendored_dist_info_is_not_taken(self) -> None:
        names = ["foo-1.0.dist-info/METADATA", "bar-2.0.dist-info/METADATA"]
        assert pick_metadata(names, "bar") == "bar-2.0.dist-info/METADATA"
        assert pick_metadata(names, "baz") is None

    def test_nested_dist_info_is_ignored(self) -> None:
        assert pick_metadata(["vendor/foo-1.0.dist-info/METADATA"], "foo") is None


class TestLocalWheel:
    def test_reads_and_checks_a_local_wheel(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path, "foo", "1.0", requires=["bar>=1"])
        metadata = read_wheel_metadata(wheel)
        assert (str(metadata.name), str(metadata.version)) == ("foo", "1.0")
        assert [str(r) for r in metadata.requires_dist] == ["bar>=1"]

    def test_name_mismatch(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path, "foo", "1.0")
        # The only .dist-info in it is foo's: read, then refused for naming another project.
        renamed = wheel.rename(tmp_path / "other-1.0-py3-none-any.whl")
        with pytest.raises(MetadataError) as caught:
            read_wheel_metadata(renamed)
        assert caught.value.reason == "METADATA names the project foo"

    def test_version_mismatch(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path, "foo", "1.0")
        renamed = wheel.rename(tmp_path / "foo-2.0-py3-none-any.whl")
        with pytest.raises(MetadataError) as caught:
            read_wheel_metadata(renamed)
        assert str(caught.value) == (
            "bad metadata for foo-2.0-py3-none-any.whl: METADATA has the version 1.0"
        )


def _central_directory(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    offset, size = _find_central_directory(0, data)
    return data[offset : offset + size]


class TestMetadataSearch:
    """The METADATA entry is found by searching the central directory for its name."""

    def test_finds_what_the_full_reading_finds(self) -> None:
        members = {f"pkg/module_{n}.py": b"x = 1\n" * n for n in range(300)}
        members["pkg-1.0.dist-info/METADATA"] = b"Name: pkg\nVersion: 1.0\n"
        members["pkg/vendored-2.0.dist-info/METADATA"] = b"Name: vendored\n"
        central = _central_directory(members)
        found = _metadata_members(central)
        full = _parse_central_directory(central)
        assert set(found) == {"pkg-1.0.dist-info/METADATA", "pkg/vendored-2.0.dist-info/METADATA"}
        assert all(found[name] == full[name] for name in found)

    def test_signature_bytes_inside_a_name(self) -> None:
        name = "odd\x50\x4b\x01\x02name-1.0.dist-info/METADATA"
        central = _central_directory({"a.py": b"", name: b"Name: odd\n"})
        assert list(_metadata_members(central)) == [name]

    def test_none_found_leaves_it_to_the_full_reading(self) -> None:
        central = _central_directory({"a.py": b"", "b.py": b""})
        assert _metadata_members(central) == {}
        assert set(_parse_central_directory(central)) == {"a.py", "b.py"}
