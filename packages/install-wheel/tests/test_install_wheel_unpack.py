"""Tests of unpack_wheel: layout, modes, atomic placement, RECORD checks, hostile archives."""

from __future__ import annotations

import os
import stat
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from install_wheel import (
    InvalidWheel,
    RecordMismatch,
    UnpackLimits,
    UnsafeArchive,
    unpack_wheel,
)
from install_wheel._record import format_record, hash_bytes

REGULAR = stat.S_IFREG | 0o644
GOOD = {"good/__init__.py": "x = 1\n"}


class TestUnpack:
    def test_unpacks_every_member(self, fancy_wheel: Path, tmp_path: Path) -> None:
        target = unpack_wheel(fancy_wheel, tmp_path / "cache" / "fancy")
        assert target == tmp_path / "cache" / "fancy"
        assert (target / "fancy" / "__init__.py").read_text().startswith("VALUE = 42")
        assert (target / "fancy-1.0.0.data" / "headers" / "fancy.h").is_file()
        assert (target / "fancy-1.0.0.dist-info" / "RECORD").is_file()
        # Only the entry itself in the parent: the temporary directory is gone.
        assert os.listdir(tmp_path / "cache") == ["fancy"]

    def test_keeps_executable_bits(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        wheel = make_wheel(
            {"pkg/tool.sh": "#!/bin/sh\n", "pkg/plain.txt": "x"},
            executables=frozenset({"pkg/tool.sh"}),
        )
        target = unpack_wheel(wheel, tmp_path / "out")
        assert os.stat(target / "pkg" / "tool.sh").st_mode & 0o111
        assert not os.stat(target / "pkg" / "plain.txt").st_mode & 0o111

    def test_existing_target_wins(self, fancy_wheel: Path, tmp_path: Path) -> None:
        target = tmp_path / "cache" / "fancy"
        target.mkdir(parents=True)
        (target / "marker").write_text("first writer")
        assert unpack_wheel(fancy_wheel, target) == target
        assert os.listdir(target) == ["marker"]
        assert os.listdir(tmp_path / "cache") == ["fancy"]

    def test_large_member_streams(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        data = os.urandom(9 << 20)  # over the 4 MiB buffer; random data barely compresses
        wheel = make_wheel({"pkg/blob.bin": data})
        target = unpack_wheel(wheel, tmp_path / "out", verify_record=True)
        assert (target / "pkg" / "blob.bin").read_bytes() == data

    def test_not_a_zip(self, tmp_path: Path) -> None:
        path = tmp_path / "broken-1.0-py3-none-any.whl"
        path.write_bytes(b"not a zip")
        with pytest.raises(InvalidWheel, match=r"broken-1.0-py3-none-any.whl.*zip"):
            unpack_wheel(path, tmp_path / "out")
        assert not (tmp_path / "out").exists()

    def test_missing_dist_info(self, tmp_path: Path) -> None:
        path = tmp_path / "bare-1.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("bare.py", "")
        with pytest.raises(InvalidWheel, match=r"no top-level .dist-info"):
            unpack_wheel(path, tmp_path / "out")

    def test_missing_wheel_file(self, tmp_path: Path) -> None:
        path = tmp_path / "bare-1.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("bare-1.0.dist-info/METADATA", "")
        with pytest.raises(InvalidWheel, match=r"no bare-1.0.dist-info/WHEEL"):
            unpack_wheel(path, tmp_path / "out")


class TestMemberData:
    @pytest.mark.parametrize(
        "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
    )
    def test_compression_methods(self, tmp_path: Path, method: int) -> None:
        wheel = tmp_path / "m-1.0-py3-none-any.whl"
        payload = os.urandom(5000) + bytes(20000)
        with zipfile.ZipFile(wheel, "w", compression=method) as archive:
            archive.writestr("m/data.bin", payload)
            archive.writestr("m/empty.txt", b"")
            archive.writestr("m-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
        target = unpack_wheel(wheel, tmp_path / "out")
        assert (target / "m" / "data.bin").read_bytes() == payload
        assert (target / "m" / "empty.txt").read_bytes() == b""

    @pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    def test_corrupt_data_fails_crc(self, tmp_path: Path, method: int) -> None:
        wheel = tmp_path / "c-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w", compression=method) as archive:
            archive.writestr("c/a.py", f"value = {os.urandom(400).hex()!r}\n")
            archive.writestr("c-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
        data = bytearray(wheel.read_bytes())
        # Flip one byte in the middle of the first member's data.
        data[30 + len("c/a.py") + 40] ^= 0x01
        wheel.write_bytes(bytes(data))
        with pytest.raises(InvalidWheel, match=r"c/a\.py") as info:
            unpack_wheel(wheel, tmp_path / "out")
        if method == zipfile.ZIP_STORED:
            assert "CRC" in str(info.value) or "corrupt" in str(info.value)
        # A flipped byte of deflated data may instead break the stream or decode to more
        # or less data than declared: any refusal naming the member is right.
        assert not (tmp_path / "out").exists()

    def test_invalid_deflate_stream(self, tmp_path: Path) -> None:
        wheel = tmp_path / "d-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("d/a.py", os.urandom(3000))
            archive.writestr("d-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
        data = bytearray(wheel.read_bytes())
        start = 30 + len("d/a.py")
        data[start : start + 16] = b"\xff" * 16  # block type 3: no valid deflate stream
        wheel.write_bytes(bytes(data))
        with pytest.raises(InvalidWheel, match=r"member 'd/a\.py' is corrupt"):
            unpack_wheel(wheel, tmp_path / "out")
        assert not (tmp_path / "out").exists()

    def test_truncated_stream(self, tmp_path: Path) -> None:
        wheel = tmp_path / "t-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("t-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
            archive.writestr("t/a.py", os.urandom(3000))
        data = bytearray(wheel.read_bytes())
        entry = _central_entry(data, b"t/a.py")
        size = struct.unpack_from("<I", data, entry + 20)[0]
        struct.pack_into("<I", data, entry + 20, size - 100)  # compressed size
        wheel.write_bytes(bytes(data))
        with pytest.raises(InvalidWheel, match="cut short"):
            unpack_wheel(wheel, tmp_path / "out")

    def test_local_header_naming_another_file(self, tmp_path: Path) -> None:
        wheel = tmp_path / "l-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("l/aa.py", "x = 1\n")
            archive.writestr("l-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
        data = bytearray(wheel.read_bytes())
        local = data.index(b"PK\x03\x04")
        data[local + 30 : local + 30 + 7] = b"../a.py"
        wheel.write_bytes(bytes(data))
        with pytest.raises(UnsafeArchive, match="local header names a different file"):
            unpack_wheel(wheel, tmp_path / "out")
        assert not (tmp_path / "a.py").exists()


class TestVerifyRecord:
    def test_matching_record_passes(self, fancy_wheel: Path, tmp_path: Path) -> None:
        target = unpack_wheel(fancy_wheel, tmp_path / "out", verify_record=True)
        assert (target / "fancy" / "__init__.py").is_file()

    def test_tampered_file_is_refused(
        self, make_wheel: Callable[..., Path], tmp_path: Path
    ) -> None:
        record = format_record(
            [
                ("good/__init__.py", *_row(b"x = 2\n")),
                ("fancy-1.0.0.dist-info/METADATA", "", ""),
            ]
        )
        wheel = make_wheel(GOOD, record_override={"fancy-1.0.0.dist-info/RECORD": record})
        with pytest.raises(RecordMismatch) as info:
            unpack_wheel(wheel, tmp_path / "out", verify_record=True)
        assert info.value.member in ("good/__init__.py", "fancy-1.0.0.dist-info/METADATA")
        assert "fancy-1.0.0-py3-none-any.whl" in str(info.value)
        assert not (tmp_path / "out").exists()
        # Without verification the same wheel unpacks.
        unpack_wheel(wheel, tmp_path / "out")

    def test_same_size_other_content(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        wheel = make_wheel(GOOD)
        rows = _rows_of(wheel)
        rows["good/__init__.py"] = ("good/__init__.py", *_row(b"x = 2\n"))
        wheel = make_wheel(
            GOOD, record_override={"fancy-1.0.0.dist-info/RECORD": format_record(rows.values())}
        )
        with pytest.raises(RecordMismatch, match=r"sha256 digest differs"):
            unpack_wheel(wheel, tmp_path / "out", verify_record=True)

    def test_unlisted_file_is_refused(
        self, make_wheel: Callable[..., Path], tmp_path: Path
    ) -> None:
        wheel = make_wheel(GOOD, extra=(("good/sneaky.py", b"evil()\n", REGULAR),))
        with pytest.raises(RecordMismatch, match=r"not listed in RECORD") as info:
            unpack_wheel(wheel, tmp_path / "out", verify_record=True)
        assert info.value.member == "good/sneaky.py"

    def test_rows_without_files_are_ignored(
        self, make_wheel: Callable[..., Path], tmp_path: Path
    ) -> None:
        wheel = make_wheel(GOOD)
        rows = _rows_of(wheel)
        rows["good/gone.py"] = ("good/gone.py", *_row(b"gone"))
        wheel = make_wheel(
            GOOD, record_override={"fancy-1.0.0.dist-info/RECORD": format_record(rows.values())}
        )
        unpack_wheel(wheel, tmp_path / "out", verify_record=True)

    def test_weak_hash_is_refused(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        wheel = make_wheel(GOOD)
        rows = _rows_of(wheel)
        rows["good/__init__.py"] = ("good/__init__.py", "md5=AAAAAAAAAAAAAAAAAAAAAA", "6")
        wheel = make_wheel(
            GOOD, record_override={"fancy-1.0.0.dist-info/RECORD": format_record(rows.values())}
        )
        with pytest.raises(RecordMismatch, match=r"no usable hash"):
            unpack_wheel(wheel, tmp_path / "out", verify_record=True)

    def test_missing_record(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        wheel = make_wheel(GOOD, record=False)
        with pytest.raises(InvalidWheel, match=r"no fancy-1.0.0.dist-info/RECORD"):
            unpack_wheel(wheel, tmp_path / "out", verify_record=True)


def _row(data: bytes) -> tuple[str, str]:
    digest, size = hash_bytes(data)
    return digest, str(size)


def _rows_of(wheel: Path) -> dict[str, tuple[str, str, str]]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("fancy-1.0.0.dist-info/RECORD").decode()
    rows = {}
    for line in text.splitlines():
        path, digest, size = line.split(",")
        rows[path] = (path, digest, size)
    return rows


class TestHostileArchives:
    """Each hostile wheel is refused before anything is written anywhere."""

    @pytest.mark.parametrize(
        ("member", "reason"),
        [
            ("../escaped.py", "'..' component"),
            ("good/../../escaped.py", "'..' component"),
            ("../../../../../../escaped.py", "'..' component"),
            ("/tmp/escaped.py", "absolute path"),
            ("C:/escaped.py", "drive letter"),
            ("c:escaped.py", "drive letter"),
            ("..\\escaped.py", "'..' component"),
            ("good\\..\\..\\escaped.py", "'..' component"),
            ("\\escaped.py", "absolute path"),
        ],
    )
    def test_paths_outside_are_refused(
        self,
        make_wheel: Callable[..., Path],
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        member: str,
        reason: str,
    ) -> None:
        wheel = make_wheel(GOOD, extra=((member, b"print('escaped')\n", REGULAR),))
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive) as info:
            unpack_wheel(wheel, tmp_path / "target" / "out")
        assert info.value.member == member
        assert reason in str(info.value)
        assert wheel.name in str(info.value)
        assert tree(tmp_path) == before
        assert not (tmp_path.parent / "escaped.py").exists()
        assert not Path("/tmp/escaped.py").exists()

    @pytest.mark.parametrize(
        ("mode", "reason"),
        [
            (stat.S_IFLNK | 0o777, "symbolic link"),
            (stat.S_IFCHR | 0o644, "character device"),
            (stat.S_IFBLK | 0o644, "block device"),
            (stat.S_IFIFO | 0o644, "named pipe"),
            (stat.S_IFSOCK | 0o644, "socket"),
        ],
    )
    def test_links_and_devices_are_refused(
        self,
        make_wheel: Callable[..., Path],
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        mode: int,
        reason: str,
    ) -> None:
        # A link member's data is its target: this one points outside.
        wheel = make_wheel(GOOD, extra=(("good/link", b"../../../../etc/passwd", mode),))
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive, match=reason) as info:
            unpack_wheel(wheel, tmp_path / "out")
        assert info.value.member == "good/link"
        assert tree(tmp_path) == before

    @pytest.mark.parametrize(
        "second", ["good/__init__.py", "./good/__init__.py", "good//__init__.py", "good/"]
    )
    def test_duplicate_paths_are_refused(
        self,
        make_wheel: Callable[..., Path],
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        second: str,
    ) -> None:
        mode = stat.S_IFDIR | 0o755 if second.endswith("/") else REGULAR
        wheel = make_wheel(
            {"good/__init__.py": "x = 1\n", "good": "a file"} if second == "good/" else GOOD,
            extra=((second, b"" if second.endswith("/") else b"evil()\n", mode),),
        )
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive, match=r"same path|both a file and a directory"):
            unpack_wheel(wheel, tmp_path / "out")
        assert tree(tmp_path) == before

    def test_file_and_directory_of_one_name(
        self, make_wheel: Callable[..., Path], tmp_path: Path
    ) -> None:
        wheel = make_wheel({"good": "file", "good/inner.py": ""})
        with pytest.raises(UnsafeArchive, match=r"both a file and a directory"):
            unpack_wheel(wheel, tmp_path / "out")

    def test_zip_bomb_ratio_is_refused(
        self, make_wheel: Callable[..., Path], tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        wheel = make_wheel(GOOD, extra=(("good/zeros.bin", bytes(4 << 20), REGULAR),))
        assert wheel.stat().st_size < 100_000
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive, match=r"expands .* times") as info:
            unpack_wheel(wheel, tmp_path / "out")
        assert info.value.member == "good/zeros.bin"
        assert tree(tmp_path) == before
        # A caller that expects such data can raise the cap.
        unpack_wheel(wheel, tmp_path / "out", limits=UnpackLimits(max_ratio=10_000))

    def test_total_size_cap(
        self, make_wheel: Callable[..., Path], tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        wheel = make_wheel({"good/a.bin": os.urandom(3000), "good/b.bin": os.urandom(3000)})
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive, match=r"add up to over") as info:
            unpack_wheel(wheel, tmp_path / "out", limits=UnpackLimits(max_total_size=5000))
        assert info.value.member in ("good/a.bin", "good/b.bin")
        assert tree(tmp_path) == before

    def test_member_count_cap(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        wheel = make_wheel({f"good/{i}.py": "" for i in range(20)})
        with pytest.raises(UnsafeArchive, match=r"over 10 members"):
            unpack_wheel(wheel, tmp_path / "out", limits=UnpackLimits(max_members=10))

    def test_overlapping_members_are_refused(
        self, make_wheel: Callable[..., Path], tmp_path: Path, tree: Callable[[Path], set[str]]
    ) -> None:
        wheel = make_wheel({"good/a.py": "a = 1\n", "good/b.py": "b = 2\n"})
        _point_second_at_first(wheel, "good/a.py", "good/b.py")
        before = tree(tmp_path)
        with pytest.raises(UnsafeArchive, match=r"overlaps"):
            unpack_wheel(wheel, tmp_path / "out")
        assert tree(tmp_path) == before

    def test_encrypted_member_is_refused(
        self, make_wheel: Callable[..., Path], tmp_path: Path
    ) -> None:
        wheel = make_wheel(GOOD)
        data = bytearray(wheel.read_bytes())
        entry = data.index(b"PK\x01\x02")
        flags = struct.unpack_from("<H", data, entry + 8)[0]
        struct.pack_into("<H", data, entry + 8, flags | 1)
        wheel.write_bytes(bytes(data))
        with pytest.raises(UnsafeArchive, match=r"encrypted"):
            unpack_wheel(wheel, tmp_path / "out")

    def test_lying_size_is_caught(self, make_wheel: Callable[..., Path], tmp_path: Path) -> None:
        # The central directory claims fewer bytes than the data holds.
        wheel = make_wheel({"good/big.py": "x" * 5000})
        data = bytearray(wheel.read_bytes())
        entry = _central_entry(data, b"good/big.py")
        struct.pack_into("<I", data, entry + 24, 10)
        wheel.write_bytes(bytes(data))
        with pytest.raises(InvalidWheel) as info:
            unpack_wheel(wheel, tmp_path / "out")
        assert "good/big.py" in str(info.value)
        assert not (tmp_path / "out").exists()
        assert [p.name for p in tmp_path.iterdir()] == ["wheels-made"]


def _central_entry(data: bytearray, name: bytes) -> int:
    start = 0
    while True:
        entry = data.index(b"PK\x01\x02", start)
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46 : entry + 46 + length]) == name:
            return entry
        start = entry + 4


def _point_second_at_first(wheel: Path, first: str, second: str) -> None:
    data = bytearray(wheel.read_bytes())
    offset = struct.unpack_from("<I", data, _central_entry(data, first.encode()) + 42)[0]
    struct.pack_into("<I", data, _central_entry(data, second.encode()) + 42, offset)
    wheel.write_bytes(bytes(data))


def test_zlib_inflates_where_isal_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    from install_wheel import _zipdata

    monkeypatch.setitem(sys.modules, "isal", None)  # import isal raises ImportError
    assert _zipdata._inflater() == (zlib, (zlib.error,))
