"""Reading PKG-INFO from source archives without extracting them, and judging it."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from distribution_filename import SourceDistFilename
from puffin_distribution import (
    BuildNotSupported,
    SourceDistError,
    _pkg_info,
    read_pkg_info,
    static_metadata,
)
from puffin_distribution_server import sdist
from puffin_normalize import PackageName

FOO = PackageName.parse("foo")
STATIC = b"Metadata-Version: 2.2\nName: foo\nVersion: 1.0\nRequires-Dist: bar>=1\n\n"


def _filename(text: str) -> SourceDistFilename:
    return SourceDistFilename.parse(text, FOO)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


class TestReadPkgInfo:
    @pytest.mark.parametrize("kind", ["tar.gz", "tar.bz2", "tar", "zip"])
    def test_reads_the_top_level_member(self, tmp_path: Path, kind: str) -> None:
        content = sdist({"foo-1.0/setup.py": b"", "foo-1.0/PKG-INFO": STATIC}, kind=kind)
        path = _write(tmp_path, f"foo-1.0.{kind}", content)
        assert read_pkg_info(path, _filename(path.name)) == STATIC

    def test_accepts_any_spelling_of_the_project(self, tmp_path: Path) -> None:
        path = _write(tmp_path, "Foo-1.0.tar.gz", sdist({"./Foo-1.0/PKG-INFO": STATIC}))
        assert read_pkg_info(path, _filename(path.name)) == STATIC

    def test_ignores_nested_and_foreign_members(self, tmp_path: Path) -> None:
        members = {
            "foo-1.0/src/PKG-INFO": b"nested",
            "bar-1.0/PKG-INFO": b"another project",
            "foo-2.0/PKG-INFO": b"another version",
            "PKG-INFO": b"top level",
        }
        path = _write(tmp_path, "foo-1.0.tar.gz", sdist(members))
        with pytest.raises(SourceDistError, match=r"no foo-1\.0/PKG-INFO"):
            read_pkg_info(path, _filename(path.name))

    def test_ignores_links(self, tmp_path: Path) -> None:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            link = tarfile.TarInfo("foo-1.0/PKG-INFO")
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/passwd"
            archive.addfile(link)
        path = _write(tmp_path, "foo-1.0.tar.gz", buffer.getvalue())
        with pytest.raises(SourceDistError, match=r"no foo-1\.0/PKG-INFO"):
            read_pkg_info(path, _filename(path.name))

    def test_refuses_a_huge_member(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_pkg_info, "MAX_PKG_INFO", 10)
        for kind in ("tar.gz", "zip"):
            path = _write(
                tmp_path, f"foo-1.0.{kind}", sdist({"foo-1.0/PKG-INFO": STATIC}, kind=kind)
            )
            with pytest.raises(SourceDistError, match="more than 10"):
                read_pkg_info(path, _filename(path.name))

    def test_reports_a_corrupt_archive(self, tmp_path: Path) -> None:
        for name in ("foo-1.0.tar.gz", "foo-1.0.zip"):
            path = _write(tmp_path, name, b"not an archive at all")
            with pytest.raises(SourceDistError, match="not a readable archive"):
                read_pkg_info(path, _filename(name))

    def test_reports_an_unsupported_format(self, tmp_path: Path) -> None:
        path = _write(tmp_path, "foo-1.0.tar.zst", b"")
        with pytest.raises(SourceDistError, match=r"\.tar\.zst archives are not supported"):
            read_pkg_info(path, _filename(path.name))


class TestStaticMetadata:
    def test_uses_metadata_2_2(self) -> None:
        metadata = static_metadata(STATIC, _filename("foo-1.0.tar.gz"))
        assert [str(r) for r in metadata.requires_dist] == ["bar>=1"]

    @pytest.mark.parametrize("version", ["2.1", "1.0", "3.0", "nonsense"])
    def test_needs_a_build_before_2_2(self, version: str) -> None:
        data = STATIC.replace(b"2.2", version.encode())
        with pytest.raises(BuildNotSupported, match=r"foo-1\.0\.tar\.gz.*Metadata-Version"):
            static_metadata(data, _filename("foo-1.0.tar.gz"))

    @pytest.mark.parametrize("field", ["Requires-Dist", "requires-python", "Provides-Extra"])
    def test_needs_a_build_when_a_needed_field_is_dynamic(self, field: str) -> None:
        data = STATIC.replace(b"Version: 1.0\n", f"Version: 1.0\nDynamic: {field}\n".encode())
        with pytest.raises(BuildNotSupported, match="dynamic"):
            static_metadata(data, _filename("foo-1.0.tar.gz"))

    def test_other_dynamic_fields_do_not_matter(self) -> None:
        data = STATIC.replace(b"Version: 1.0\n", b"Version: 1.0\nDynamic: Summary\n")
        assert static_metadata(data, _filename("foo-1.0.tar.gz")).name == FOO

    def test_rejects_another_project(self) -> None:
        with pytest.raises(SourceDistError, match=r"describes foo 2\.0"):
            static_metadata(STATIC.replace(b"1.0", b"2.0"), _filename("foo-1.0.tar.gz"))

    def test_rejects_invalid_metadata(self) -> None:
        with pytest.raises(SourceDistError, match="invalid PKG-INFO"):
            static_metadata(b"Metadata-Version: 2.2\n\n", _filename("foo-1.0.tar.gz"))
