"""Tests of `InstalledDist.from_dist_info` over fake ``.dist-info`` directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from distribution_types import (
    InstalledDirectUrlDist,
    InstalledDist,
    InstalledEditableDist,
    InstalledRegistryDist,
    InvalidDistInfo,
)
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from pypi_types import DirectUrl, DirInfo, VcsInfo

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def make_dist_info(
    site: Path,
    name: str = "Foo_Bar",
    version: str = "1.0",
    *,
    metadata: str | None = None,
    direct_url: object = None,
    installer: str | None = None,
) -> Path:
    """Write ``<site>/<name>-<version>.dist-info`` with METADATA and optional extras."""
    path = site / f"{name}-{version}.dist-info"
    path.mkdir(parents=True)
    if metadata is None:
        metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nLong text.\n"
    (path / "METADATA").write_text(metadata)
    if direct_url is not None:
        (path / "direct_url.json").write_text(json.dumps(direct_url))
    if installer is not None:
        (path / "INSTALLER").write_text(installer)
    return path


class TestFromDistInfo:
    def test_registry(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path)
        dist = InstalledDist.from_dist_info(path)
        assert isinstance(dist, InstalledRegistryDist)
        assert dist.name == "foo-bar"
        assert dist.version == Version.parse("1.0")
        assert dist.path == path
        assert dist.direct_url is None
        assert not dist.editable
        assert dist.url is None
        assert dist.version_or_url == Version.parse("1.0")
        assert str(dist) == "foo-bar==1.0"
        assert repr(dist) == "<InstalledRegistryDist('foo-bar==1.0')>"

    def test_accepts_str_paths(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path)
        assert InstalledDist.from_dist_info(str(path)).path == path

    def test_direct_url_archive(self, tmp_path: Path) -> None:
        record = {
            "url": "https://example.com/foo_bar-1.0.tar.gz",
            "archive_info": {"hashes": {"sha256": "ff"}},
        }
        dist = InstalledDist.from_dist_info(make_dist_info(tmp_path, direct_url=record))
        assert isinstance(dist, InstalledDirectUrlDist)
        assert dist.direct_url == DirectUrl.from_dict(record)
        assert not dist.editable
        assert dist.url == "https://example.com/foo_bar-1.0.tar.gz#sha256=ff"
        assert dist.version_or_url == VerbatimUrl.parse_url(dist.url)
        assert str(dist) == "foo-bar @ https://example.com/foo_bar-1.0.tar.gz#sha256=ff"

    def test_direct_url_git(self, tmp_path: Path) -> None:
        record = {
            "url": "https://example.com/org/repo.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
            "subdirectory": "py",
        }
        dist = InstalledDist.from_dist_info(make_dist_info(tmp_path, direct_url=record))
        assert isinstance(dist, InstalledDirectUrlDist)
        assert dist.direct_url.vcs_info == VcsInfo("git", COMMIT, "main")
        assert dist.url == f"git+https://example.com/org/repo.git@{COMMIT}#subdirectory=py"

    def test_non_editable_directory(self, tmp_path: Path) -> None:
        record = {"url": "file:///src/foo", "dir_info": {}}
        dist = InstalledDist.from_dist_info(make_dist_info(tmp_path, direct_url=record))
        assert isinstance(dist, InstalledDirectUrlDist)
        assert not dist.editable

    def test_editable(self, tmp_path: Path) -> None:
        record = {"url": "file:///src/foo%20bar", "dir_info": {"editable": True}}
        dist = InstalledDist.from_dist_info(make_dist_info(tmp_path, direct_url=record))
        assert isinstance(dist, InstalledEditableDist)
        assert dist.editable
        assert dist.direct_url.dir_info == DirInfo(editable=True)
        assert dist.source == Path("/src/foo bar")
        assert str(dist) == "foo-bar @ file:///src/foo%20bar"

    def test_reads_only_the_headers(self, tmp_path: Path) -> None:
        # Bytes that are not UTF-8 after the headers must not matter.
        path = tmp_path / "foo-1.0.dist-info"
        path.mkdir()
        (path / "METADATA").write_bytes(
            b"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: \xff\xfe\n\n\xff" * 1
        )
        assert InstalledDist.from_dist_info(path).name == "foo"

    def test_header_case_and_continuations(self, tmp_path: Path) -> None:
        metadata = (
            "Metadata-Version: 2.1\r\nSummary: a\r\n  name: not this\r\n"
            "NAME:  foo \r\nversion:2.0.post1\r\n"
        )
        path = make_dist_info(tmp_path, "foo", "2.0.post1", metadata=metadata)
        dist = InstalledDist.from_dist_info(path)
        assert (dist.name, str(dist.version)) == ("foo", "2.0.post1")

    def test_name_and_version_come_from_metadata(self, tmp_path: Path) -> None:
        # The directory name is only a convention; METADATA is the record.
        path = tmp_path / "whatever.dist-info"
        path.mkdir()
        (path / "METADATA").write_text("Name: real-name\nVersion: 3\n")
        dist = InstalledDist.from_dist_info(path)
        assert (dist.name, str(dist.version)) == ("real-name", "3")

    def test_installer_and_metadata(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path, installer="puffin\n")
        dist = InstalledDist.from_dist_info(path)
        assert dist.installer() == "puffin"
        assert dist.metadata().name == "foo-bar"
        bare = InstalledDist.from_dist_info(make_dist_info(tmp_path / "other"))
        assert bare.installer() is None

    def test_frozen_and_hashable(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path)
        a = InstalledDist.from_dist_info(path)
        b = InstalledDist.from_dist_info(path)
        assert a == b
        assert len({a, b}) == 1
        assert a.distribution_id() == str(path)
        assert a.resource_id() == str(path)

    def test_constructor(self) -> None:
        dist = InstalledRegistryDist("Foo", Version.parse("1"), "/site/foo-1.dist-info")
        assert dist.name == "foo"
        assert dist.path == Path("/site/foo-1.dist-info")


class TestInvalid:
    def test_not_a_dist_info(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidDistInfo, match=r"not a \.dist-info directory"):
            InstalledDist.from_dist_info(tmp_path / "foo-1.0.egg-info")

    def test_missing_metadata(self, tmp_path: Path) -> None:
        path = tmp_path / "foo-1.0.dist-info"
        path.mkdir()
        with pytest.raises(InvalidDistInfo, match="no METADATA file") as info:
            InstalledDist.from_dist_info(path)
        assert info.value.path == str(path)
        assert str(path) in str(info.value)

    @pytest.mark.parametrize(
        ("metadata", "reason"),
        [
            ("Metadata-Version: 2.1\nVersion: 1.0\n", "METADATA has no Name"),
            ("Name: foo\n\nVersion: 1.0\n", "METADATA has no Version"),
            ("Name: foo\nVersion:\n", "METADATA has no Version"),
            ("Name: -foo-\nVersion: 1.0\n", "invalid Name in METADATA: '-foo-'"),
            ("Name: foo\nVersion: one\n", "invalid Version in METADATA: 'one'"),
        ],
    )
    def test_bad_metadata(self, tmp_path: Path, metadata: str, reason: str) -> None:
        path = make_dist_info(tmp_path, "foo", "1.0", metadata=metadata)
        with pytest.raises(InvalidDistInfo, match=reason):
            InstalledDist.from_dist_info(path)

    @pytest.mark.parametrize(
        "record",
        [{"url": "https://example.com/x"}, {"archive_info": {}}, ["not", "an", "object"]],
    )
    def test_bad_direct_url(self, tmp_path: Path, record: object) -> None:
        path = make_dist_info(tmp_path, direct_url=record)
        with pytest.raises(InvalidDistInfo, match=r"invalid direct_url\.json"):
            InstalledDist.from_dist_info(path)

    def test_direct_url_not_json(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path)
        (path / "direct_url.json").write_text("{")
        with pytest.raises(InvalidDistInfo, match=r"invalid direct_url\.json"):
            InstalledDist.from_dist_info(path)

    def test_metadata_removed_after_reading(self, tmp_path: Path) -> None:
        path = make_dist_info(tmp_path)
        dist = InstalledDist.from_dist_info(path)
        (path / "METADATA").unlink()
        with pytest.raises(InvalidDistInfo, match="cannot read METADATA"):
            dist.metadata()
