"""extract_archive: normal archives round-trip; hostile ones are refused, nothing written."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from puffin_build import (
    MAX_COMPRESSION_RATIO,
    InvalidSourceArchive,
    PuffinBuildError,
    extract_archive,
)

# A tar member: (name, type, data or link target, mode).
Member = tuple[str, bytes, bytes | str, int]


def _make_tar(path: Path, members: list[Member], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        for name, kind, payload, permissions in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.mode = permissions
            if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                assert isinstance(payload, str)
                info.linkname = payload
                tar.addfile(info)
            elif kind == tarfile.REGTYPE:
                assert isinstance(payload, bytes)
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
            else:
                tar.addfile(info)
    return path


def _file(name: str, data: bytes = b"data\n", mode: int = 0o644) -> Member:
    return (name, tarfile.REGTYPE, data, mode)


def _dir(name: str) -> Member:
    return (name, tarfile.DIRTYPE, b"", 0o755)


def _symlink(name: str, target: str) -> Member:
    return (name, tarfile.SYMTYPE, target, 0o777)


def _hardlink(name: str, target: str) -> Member:
    return (name, tarfile.LNKTYPE, target, 0o644)


# A zip member: (name, data, unix mode or 0).
ZipMember = tuple[str, bytes, int]


def _make_zip(path: Path, members: list[ZipMember], *, deflate: bool = False) -> Path:
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            if mode:
                info.create_system = 3
                info.external_attr = mode << 16
            zf.writestr(info, data)
    return path


def _snapshot(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path]:
    """(archives directory, target directory), the target inside an 'outside' directory."""
    archives = tmp_path / "archives"
    archives.mkdir()
    target = tmp_path / "outside" / "target"
    target.mkdir(parents=True)
    return archives, target


def _refused(archive: Path, target: Path, *, max_size: int | None = None) -> InvalidSourceArchive:
    """Extract, expecting a refusal; check that nothing was written anywhere."""
    outside = target.parent
    before = _snapshot(outside.parent)
    with pytest.raises(InvalidSourceArchive) as caught:
        if max_size is None:
            extract_archive(archive, target)
        else:
            extract_archive(archive, target, max_size=max_size)
    assert _snapshot(outside.parent) == before
    assert caught.value.archive == archive.name
    assert archive.name in str(caught.value)
    return caught.value


class TestRoundTrip:
    def test_tar_gz_keeps_executable_bits(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_tar(
            archives / "demo-1.0.tar.gz",
            [
                _dir("demo-1.0"),
                _file("demo-1.0/setup.py", b"print('hi')\n"),
                _file("demo-1.0/bin/run", b"#!/bin/sh\n", 0o755),
                _symlink("demo-1.0/docs/README", "../setup.py"),
                _hardlink("demo-1.0/copy.py", "demo-1.0/setup.py"),
            ],
        )
        root = extract_archive(archive, target)
        assert root == target / "demo-1.0"
        assert (root / "setup.py").read_bytes() == b"print('hi')\n"
        assert (root / "bin" / "run").stat().st_mode & stat.S_IXUSR
        assert not (root / "setup.py").stat().st_mode & stat.S_IXUSR
        assert os.readlink(root / "docs" / "README") == "../setup.py"
        assert (root / "docs" / "README").read_bytes() == b"print('hi')\n"
        assert (root / "copy.py").read_bytes() == b"print('hi')\n"

    def test_zip_keeps_executable_bits(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_zip(
            archives / "demo-1.0.zip",
            [
                ("demo-1.0/", b"", stat.S_IFDIR | 0o755),
                ("demo-1.0/setup.py", b"setup()\n", stat.S_IFREG | 0o644),
                ("demo-1.0/bin/run", b"#!/bin/sh\n", stat.S_IFREG | 0o755),
                ("demo-1.0/plain.txt", b"no unix mode\n", 0),
                ("demo-1.0/link", b"setup.py", stat.S_IFLNK | 0o777),
            ],
            deflate=True,
        )
        root = extract_archive(archive, target)
        assert root == target / "demo-1.0"
        assert (root / "setup.py").read_bytes() == b"setup()\n"
        assert (root / "bin" / "run").stat().st_mode & stat.S_IXUSR
        assert not (root / "setup.py").stat().st_mode & stat.S_IXUSR
        assert (root / "plain.txt").read_bytes() == b"no unix mode\n"
        assert os.readlink(root / "link") == "setup.py"

    @pytest.mark.parametrize(
        ("suffix", "mode"),
        [
            (".tar.gz", "w:gz"),
            (".tgz", "w:gz"),
            (".tar.bz2", "w:bz2"),
            (".tbz", "w:bz2"),
            (".tar.xz", "w:xz"),
            (".txz", "w:xz"),
            (".tar", "w"),
            (".TAR.GZ", "w:gz"),
        ],
    )
    def test_every_tar_suffix(self, place: tuple[Path, Path], suffix: str, mode: str) -> None:
        archives, target = place
        archive = _make_tar(archives / f"demo-1.0{suffix}", [_file("demo-1.0/a.py")], mode)
        assert extract_archive(archive, target) == target / "demo-1.0"
        assert (target / "demo-1.0" / "a.py").read_bytes() == b"data\n"

    def test_compression_is_read_from_the_data(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        # Some archives named .tar.gz are plain tars.
        archive = _make_tar(archives / "demo-1.0.tar.gz", [_file("demo-1.0/a.py")], "w")
        assert extract_archive(archive, target) == target / "demo-1.0"


class TestProjectRoot:
    def test_dot_prefixed_single_directory(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_tar(
            archives / "a.tar.gz", [_dir("."), _dir("./pkg"), _file("./pkg/setup.py")]
        )
        assert extract_archive(archive, target) == target / "pkg"

    def test_two_top_level_entries(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_tar(archives / "a.tar.gz", [_file("pkg/setup.py"), _file("other.txt")])
        assert extract_archive(archive, target) == target

    def test_single_top_level_file(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_zip(archives / "a.zip", [("setup.py", b"", 0)])
        assert extract_archive(archive, target) == target

    def test_empty_archive(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        assert extract_archive(_make_tar(archives / "a.tar", [], "w"), target) == target


class TestHostileTar:
    @pytest.mark.parametrize(
        ("members", "member", "reason"),
        [
            ([_file("/abs/evil")], "/abs/evil", "an absolute path"),
            ([_file("pkg/../../evil")], "pkg/../../evil", "'..' in its path"),
            ([_file("..\\evil")], "..\\evil", "'..' in its path"),
            (
                [_dir("pkg"), _symlink("pkg/out", "../../evil")],
                "pkg/out",
                "a symbolic link to '../../evil', outside the archive",
            ),
            ([_symlink("pkg/abs", "/etc")], "pkg/abs", "a symbolic link to '/etc', outside"),
            # Each link alone looks inside; together ``a`` is the root's parent.
            ([_symlink("b", "."), _symlink("a", "b/..")], "a", "a symbolic link to 'b/..'"),
            ([_symlink("a", "b"), _symlink("b", "a")], "a", "outside the archive"),
            (
                [_symlink("pkg/up", ".."), _file("pkg/up/evil")],
                "pkg/up/evil",
                "its parent 'pkg/up' is a symbolic link",
            ),
            (
                [_file("pkg/x"), _hardlink("pkg/h", "../../etc/passwd")],
                "pkg/h",
                "a hard link to '../../etc/passwd', outside the archive",
            ),
            ([_hardlink("pkg/h", "/etc/passwd")], "pkg/h", "a hard link to '/etc/passwd'"),
            ([_hardlink("pkg/h", "pkg/missing")], "pkg/h", "not an earlier file"),
            ([("pkg/dev", tarfile.CHRTYPE, b"", 0o644)], "pkg/dev", "a device file"),
            ([("pkg/blk", tarfile.BLKTYPE, b"", 0o644)], "pkg/blk", "a device file"),
            ([("pkg/fifo", tarfile.FIFOTYPE, b"", 0o644)], "pkg/fifo", "a FIFO"),
            (
                [_symlink("pkg/x", "y"), _file("pkg/x")],
                "pkg/x",
                "it appears twice, as a link and as a file",
            ),
            ([_file("pkg"), _file("pkg/x")], "pkg/x", "its parent 'pkg' is a file"),
        ],
    )
    def test_refused(
        self, place: tuple[Path, Path], members: list[Member], member: str, reason: str
    ) -> None:
        archives, target = place
        error = _refused(_make_tar(archives / "evil-1.0.tar.gz", members), target)
        assert error.member == member
        assert reason in error.reason
        assert str(error).startswith(f"refusing to unpack evil-1.0.tar.gz: member {member!r}: ")

    def test_size_cap(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_tar(
            archives / "big.tar.gz", [_file("pkg/a", b"x" * 60), _file("pkg/b", b"x" * 60)]
        )
        error = _refused(archive, target, max_size=100)
        assert error.member == "pkg/b"
        assert "more than 100 bytes" in error.reason
        assert extract_archive(archive, target, max_size=120) == target / "pkg"


class TestHostileZip:
    @pytest.mark.parametrize(
        ("members", "member", "reason"),
        [
            ([("/abs/evil", b"x", 0)], "/abs/evil", "an absolute path"),
            ([("C:\\evil", b"x", 0)], "C:\\evil", "an absolute path"),
            ([("pkg/../../evil", b"x", 0)], "pkg/../../evil", "'..' in its path"),
            (
                [("pkg/out", b"../../evil", stat.S_IFLNK | 0o777)],
                "pkg/out",
                "a symbolic link to '../../evil', outside the archive",
            ),
            (
                [("pkg/up", b"..", stat.S_IFLNK | 0o777), ("pkg/up/evil", b"x", 0)],
                "pkg/up/evil",
                "its parent 'pkg/up' is a symbolic link",
            ),
            ([("pkg/fifo", b"", stat.S_IFIFO | 0o644)], "pkg/fifo", "a FIFO"),
            ([("pkg/dev", b"", stat.S_IFCHR | 0o644)], "pkg/dev", "a device file"),
        ],
    )
    def test_refused(
        self, place: tuple[Path, Path], members: list[ZipMember], member: str, reason: str
    ) -> None:
        archives, target = place
        error = _refused(_make_zip(archives / "evil-1.0.zip", members), target)
        assert error.member == member
        assert reason in error.reason

    def test_zip_bomb_ratio(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_zip(
            archives / "bomb.zip", [("pkg/zeros", b"\0" * (4 * 1024 * 1024), 0)], deflate=True
        )
        error = _refused(archive, target)
        assert error.member == "pkg/zeros"
        assert f"over {MAX_COMPRESSION_RATIO} times" in error.reason

    def test_small_compressible_member_is_fine(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_zip(archives / "ok.zip", [("pkg/zeros", b"\0" * 100_000, 0)], deflate=True)
        assert extract_archive(archive, target) == target / "pkg"

    def test_size_cap(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        members = [("pkg/a", b"x" * 60, 0), ("pkg/b", b"x" * 60, 0)]
        archive = _make_zip(archives / "big.zip", members)
        error = _refused(archive, target, max_size=100)
        assert error.member == "pkg/b"
        assert "more than 100 bytes" in error.reason

    def test_lying_sizes(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_zip(archives / "liar.zip", [("pkg/a", b"x" * 1000, 0)])
        # Claim a smaller size in the headers than the data carries.
        data = bytearray(archive.read_bytes())
        size = (1000).to_bytes(4, "little")
        data = data.replace(size, (10).to_bytes(4, "little"))
        archive.write_bytes(bytes(data))
        with pytest.raises(InvalidSourceArchive) as caught:
            extract_archive(archive, target, max_size=100)
        assert caught.value.archive == "liar.zip"


class TestUnreadable:
    @pytest.mark.parametrize(
        "name", ["bad.tar.gz", "bad.zip", "bad.tar.bz2", "bad.tar.xz", "bad.tar"]
    )
    def test_garbage(self, place: tuple[Path, Path], name: str) -> None:
        archives, target = place
        archive = archives / name
        archive.write_bytes(b"this is not an archive at all\n" * 40)
        error = _refused(archive, target)
        assert error.member is None
        assert str(error).startswith(f"cannot unpack {name}: ")

    def test_truncated_tar_gz(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = _make_tar(archives / "cut.tar.gz", [_file("pkg/a", os.urandom(50_000))])
        archive.write_bytes(archive.read_bytes()[:20_000])
        with pytest.raises(InvalidSourceArchive) as caught:
            extract_archive(archive, target)
        assert caught.value.member is None
        assert "corrupt or truncated" in caught.value.reason

    def test_missing_file(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        error = _refused(archives / "missing.tar.gz", target)
        assert "cannot read it" in error.reason

    def test_unknown_suffix(self, place: tuple[Path, Path]) -> None:
        archives, target = place
        archive = archives / "demo-1.0.rar"
        archive.write_bytes(b"Rar!")
        error = _refused(archive, target)
        assert "unknown archive format" in error.reason
        assert isinstance(error, PuffinBuildError)
        assert isinstance(error, ValueError)
