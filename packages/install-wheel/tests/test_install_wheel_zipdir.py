"""Tests of the central directory reader and of member data decoding, against zipfile.

Archives are written by ``zipfile`` (Zip64 by lowering its limits, data descriptors by
writing to a stream that cannot seek), then patched where ``zipfile`` cannot write
what a test needs (cp437 names, NUL bytes, damaged records).
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from install_wheel import InvalidWheel, UnsafeArchive, unpack_wheel
from install_wheel._record import format_record, hash_bytes
from install_wheel._zipdata import MemberData
from install_wheel._zipdir import BadZip, ZipEntry, read_central_directory

WHEEL = ("z-1.0.dist-info/WHEEL", b"Wheel-Version: 1.0\n")
MEMBERS = (
    ("z/__init__.py", b"VALUE = 1\n" * 50),
    ("z/data.bin", os.urandom(3000)),
    ("z/empty.txt", b""),
    WHEEL,
)


def _archive(
    members: Sequence[tuple[str, bytes]] = MEMBERS,
    *,
    method: int = zipfile.ZIP_DEFLATED,
    comment: bytes = b"",
    seekable: bool = True,
) -> bytes:
    """A zip archive written by zipfile, as bytes."""
    buffer = io.BytesIO()
    target: io.BytesIO | _Unseekable = buffer if seekable else _Unseekable(buffer)
    with zipfile.ZipFile(target, "w", compression=method) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
        archive.comment = comment
    return buffer.getvalue()


class _Unseekable:
    """A write-only stream: zipfile then writes data descriptors (flag 0x8)."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self._buffer = buffer

    def write(self, data: bytes) -> int:
        return self._buffer.write(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _as_zipfile_sees(data: bytes) -> list[tuple[object, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (
                info.orig_filename,
                info.flag_bits,
                info.compress_type,
                info.CRC,
                info.compress_size,
                info.file_size,
                info.header_offset,
                info.external_attr >> 16,
            )
            for info in archive.infolist()
        ]


def _as_read(data: bytes) -> list[tuple[object, ...]]:
    return [
        (e.name, e.flags, e.method, e.crc, e.compress_size, e.file_size, e.offset, e.mode)
        for e in read_central_directory(data)
    ]


def _unpacks(data: bytes, tmp_path: Path) -> Path:
    wheel = tmp_path / "z-1.0-py3-none-any.whl"
    wheel.write_bytes(data)
    return unpack_wheel(wheel, tmp_path / "out", verify_record=False)


def _refused(data: bytes, tmp_path: Path, match: str) -> InvalidWheel:
    wheel = tmp_path / "z-1.0-py3-none-any.whl"
    wheel.write_bytes(data)
    with pytest.raises(InvalidWheel, match=match) as caught:
        unpack_wheel(wheel, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    return caught.value


def _central_entries(data: bytes | bytearray) -> list[int]:
    """Offsets of the central directory entries (zipfile's archives hold no decoys)."""
    found = []
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        found.append(position)
        position = data.find(b"PK\x01\x02", position + 4)
    return found


def _rename_raw(data: bytes, old: bytes, new: bytes, *, flags: int | None = None) -> bytes:
    """Replace a member name of the same length in its local and central headers."""
    assert len(old) == len(new) and data.count(old) == 2
    patched = bytearray(data.replace(old, new))
    if flags is not None:
        for entry in _central_entries(patched):
            if patched[entry + 46 : entry + 46 + len(new)] == new:
                struct.pack_into("<H", patched, entry + 8, flags)
    return bytes(patched)


class TestReadCentralDirectory:
    def test_agrees_with_zipfile(self) -> None:
        data = _archive()
        assert _as_read(data) == _as_zipfile_sees(data)
        assert [e.name for e in read_central_directory(data)] == [n for n, _ in MEMBERS]

    def test_reads_a_memory_map(self, tmp_path: Path) -> None:
        path = tmp_path / "a.zip"
        path.write_bytes(_archive())
        with path.open("rb") as file:
            data = MemberData(file, path.name)
            try:
                assert [(e.name, e.file_size) for e in data.entries] == [
                    (name, len(content)) for name, content in MEMBERS
                ]
            finally:
                data.close()

    @pytest.mark.parametrize("comment", [b"a comment", b"x" * 0xFFFF, b"PK\x05\x06"[:3]])
    def test_archive_comment(self, comment: bytes, tmp_path: Path) -> None:
        data = _archive(comment=comment)
        assert data.endswith(comment)
        assert _as_read(data) == _as_zipfile_sees(data)
        assert (_unpacks(data, tmp_path) / "z" / "data.bin").read_bytes() == MEMBERS[1][1]

    def test_trailing_signature_fragment_is_skipped(self) -> None:
        # A comment ending in a signature with less than a record after it.
        data = _archive(comment=b"...PK\x05\x06" + bytes(10))
        assert [e.name for e in read_central_directory(data)] == [n for n, _ in MEMBERS]

    def test_prepended_bytes_shift_every_offset(self, tmp_path: Path) -> None:
        """A launcher script in front of the archive, whose offsets count from its own
        start: accepted, as zipfile (and so pip) accept it."""
        stub = b'#!/bin/sh\nexec python3 -m z "$0"\n'
        data = stub + _archive()
        assert _as_read(data) == _as_zipfile_sees(data)
        assert read_central_directory(data)[0].offset == len(stub)
        assert (_unpacks(data, tmp_path) / "z" / "__init__.py").read_bytes() == MEMBERS[0][1]

    def test_zip64(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        # zipfile writes Zip64 extra fields and end records past these limits.
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
        monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
        data = bytearray(_archive())
        monkeypatch.undo()
        assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
        saturated = [
            entry
            for entry in _central_entries(data)
            if struct.unpack_from("<L", data, entry + 42)[0] == 0xFFFFFFFF
        ]
        assert len(saturated) >= 2  # offsets past the first hundred bytes
        # Saturate the 32-bit end record too: only the Zip64 values may be used.
        end = data.rindex(b"PK\x05\x06")
        struct.pack_into("<HHLL", data, end + 8, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        assert _as_read(bytes(data)) == _as_zipfile_sees(bytes(data))
        target = _unpacks(b"stub" + bytes(data), tmp_path)
        assert (target / "z" / "data.bin").read_bytes() == MEMBERS[1][1]

    def test_data_descriptors(self, tmp_path: Path) -> None:
        data = _archive(seekable=False)
        entries = read_central_directory(data)
        assert all(e.flags & 0x8 for e in entries)
        # The local headers hold no sizes; the central directory's are used.
        assert struct.unpack_from("<LL", data, 18) == (0, 0)
        assert _as_read(data) == _as_zipfile_sees(data)
        assert (_unpacks(data, tmp_path) / "z" / "data.bin").read_bytes() == MEMBERS[1][1]

    def test_cp437_and_utf8_names(self, tmp_path: Path) -> None:
        data = _archive([("z/caf\u00e9.py", b"utf = 8\n"), ("z/cafX.py", b"cp = 437\n"), WHEEL])
        assert read_central_directory(data)[0].flags & 0x800
        # No UTF-8 flag: byte 0x82 is "é" in cp437.
        data = _rename_raw(data, b"z/cafX.py", b"z/caf\x82.py")
        entries = read_central_directory(data)
        assert [e.name for e in entries[:2]] == ["z/caf\u00e9.py", "z/caf\u00e9.py"]
        assert entries[1].raw_name == b"z/caf\x82.py"
        assert _as_read(data) == _as_zipfile_sees(data)
        error = _refused(data, tmp_path, "same path")
        assert isinstance(error, UnsafeArchive)

    def test_cp437_name_unpacks(self, tmp_path: Path) -> None:
        data = _rename_raw(_archive([("z/X.py", b"x = 1\n"), WHEEL]), b"z/X.py", b"z/\x94.py")
        assert (_unpacks(data, tmp_path) / "z" / "\u00f6.py").read_bytes() == b"x = 1\n"

    def test_flagged_utf8_name_that_is_not(self, tmp_path: Path) -> None:
        data = _archive([("z/X.py", b"x = 1\n"), WHEEL])
        data = _rename_raw(data, b"z/X.py", b"z/\xff.py", flags=0x800)
        with pytest.raises(BadZip, match=r"flagged UTF-8 but is not"):
            read_central_directory(data)
        _refused(data, tmp_path, r"cannot read it as a zip archive: member name b'z/\\xff.py'")

    def test_entry_is_a_slotted_record(self) -> None:
        entry = read_central_directory(_archive())[0]
        assert isinstance(entry, ZipEntry)
        assert not hasattr(entry, "__dict__")


class TestMalformedArchives:
    """Every damage is an InvalidWheel ("cannot read it as a zip archive: …"), never
    another exception."""

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "the file is empty"),
            (b"PK\x05\x06", "4 bytes are too few"),
            (b"not a zip at all, but long enough", "no end of central directory record"),
        ],
    )
    def test_not_a_zip(self, tmp_path: Path, data: bytes, reason: str) -> None:
        _refused(data, tmp_path, f"cannot read it as a zip archive: {reason}")

    def test_directory_beyond_its_records(self, tmp_path: Path) -> None:
        data = bytearray(_archive())
        end = data.rindex(b"PK\x05\x06")
        size = struct.unpack_from("<L", data, end + 12)[0]
        struct.pack_into("<L", data, end + 12, size + 1000)
        _refused(bytes(data), tmp_path, r"zip archive: the central directory \(\d+ bytes")

    def test_entry_without_signature(self, tmp_path: Path) -> None:
        data = bytearray(_archive())
        second = _central_entries(data)[1]
        data[second : second + 4] = b"PK\x09\x09"
        _refused(bytes(data), tmp_path, "no central directory entry at offset")

    def test_entry_cut_short(self, tmp_path: Path) -> None:
        data = bytearray(_archive())
        last = _central_entries(data)[-1]
        struct.pack_into("<H", data, last + 30, 500)  # an extra field past the directory
        _refused(bytes(data), tmp_path, "the central directory is cut short")

    def test_directory_size_inside_an_entry(self, tmp_path: Path) -> None:
        data = bytearray(_archive())
        end = data.rindex(b"PK\x05\x06")
        # Ten bytes more at the start: the first "entry" is the tail of a member's data.
        size = struct.unpack_from("<L", data, end + 12)[0]
        offset = struct.unpack_from("<L", data, end + 16)[0]
        struct.pack_into("<LL", data, end + 12, size + 10, offset - 10)
        _refused(bytes(data), tmp_path, "no central directory entry")
        # A size that is not a whole number of entries.
        struct.pack_into("<LL", data, end + 12, 20, offset + size - 20)
        _refused(bytes(data), tmp_path, "the central directory is cut short")

    def test_zip64_on_several_disks(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
        data = bytearray(_archive())
        monkeypatch.undo()
        locator = data.rindex(b"PK\x06\x07")
        struct.pack_into("<L", data, locator + 16, 3)
        _refused(bytes(data), tmp_path, "spans several disks")

    def test_zip64_locator_without_its_record(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """As in zipfile, a locator whose record is missing is ignored: the directory is
        then looked for right before the locator, 76 bytes too late."""
        monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
        data = bytearray(_archive())
        monkeypatch.undo()
        record = data.rindex(b"PK\x06\x06")
        data[record : record + 4] = b"PK\x00\x00"
        with pytest.raises(BadZip, match="no central directory entry"):
            read_central_directory(bytes(data))
        with pytest.raises(zipfile.BadZipFile, match="Bad magic number"):
            zipfile.ZipFile(io.BytesIO(data))

    def test_zip64_extra_lacking_a_value(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
        data = bytearray(_archive())
        monkeypatch.undo()
        entry = next(
            e
            for e in _central_entries(data)
            if struct.unpack_from("<L", data, e + 42)[0] == 0xFFFFFFFF
        )
        name_length, extra_length = struct.unpack_from("<HH", data, entry + 28)
        extra = entry + 46 + name_length
        assert struct.unpack_from("<H", data, extra)[0] == 1
        # Claim only 0 bytes of Zip64 values; the rest becomes another (empty) field.
        struct.pack_into("<HH", data, extra, 1, 0)
        struct.pack_into("<HH", data, extra + 4, 0xCAFE, extra_length - 8)
        _refused(bytes(data), tmp_path, "a Zip64 extra field lacks a size or offset")
        # An extra field longer than the space given to it.
        struct.pack_into("<HH", data, extra, 0xCAFE, extra_length)
        _refused(bytes(data), tmp_path, "extra field 0xcafe is cut short")

    def test_saturated_values_without_zip64_field_stand(self) -> None:
        """As in zipfile: a size of 0xFFFFFFFF with no Zip64 field is that size."""
        data = bytearray(_archive())
        first = _central_entries(data)[0]
        struct.pack_into("<L", data, first + 24, 0xFFFFFFFF)
        assert read_central_directory(bytes(data))[0].file_size == 0xFFFFFFFF

    def test_every_damaged_byte_is_an_invalid_wheel_or_harmless(self, tmp_path: Path) -> None:
        """Each byte of the central directory and end record, changed two ways."""
        data = _archive()
        start = _central_entries(data)[0]
        wheel = tmp_path / "z-1.0-py3-none-any.whl"
        outcomes: set[str] = set()
        for position in range(start, len(data)):
            for value in (data[position] ^ 0xFF, 0):
                damaged = bytearray(data)
                damaged[position] = value
                wheel.write_bytes(bytes(damaged))
                target = tmp_path / "out" / f"{position}-{value}"
                try:
                    unpack_wheel(wheel, target)
                except InvalidWheel as exc:
                    outcomes.add(type(exc).__name__)
                else:
                    outcomes.add("unpacked")
        assert outcomes <= {"InvalidWheel", "UnsafeArchive", "unpacked"}
        assert "InvalidWheel" in outcomes

    def test_every_truncation_is_an_invalid_wheel(self, tmp_path: Path) -> None:
        data = _archive([("z/a.py", b"x = 1\n" * 20), WHEEL])
        wheel = tmp_path / "z-1.0-py3-none-any.whl"
        for length in range(len(data)):
            wheel.write_bytes(data[:length])
            with pytest.raises(InvalidWheel):
                unpack_wheel(wheel, tmp_path / "out")
        assert not (tmp_path / "out").exists()


class TestMemberData:
    @pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    def test_zipfile_methods_with_record(self, method: int, tmp_path: Path) -> None:
        """bzip2 and lzma members go through zipfile, RECORD included."""
        payload = os.urandom(2000) * 3
        rows = [("z/data.bin", *hash_bytes(payload)), (WHEEL[0], *hash_bytes(WHEEL[1]))]
        record = format_record(
            [(path, digest, str(size)) for path, digest, size in rows]
            + [("z-1.0.dist-info/RECORD", "", "")]
        )
        members = [("z/data.bin", payload), WHEEL, ("z-1.0.dist-info/RECORD", record)]
        wheel = tmp_path / "z-1.0-py3-none-any.whl"
        wheel.write_bytes(b"prefix" + _archive(members, method=method))
        target = unpack_wheel(wheel, tmp_path / "out", verify_record=True)
        assert (target / "z" / "data.bin").read_bytes() == payload

    def test_unknown_method(self, tmp_path: Path) -> None:
        data = bytearray(_archive([("z/a.py", b"x = 1\n"), WHEEL], method=zipfile.ZIP_STORED))
        first = _central_entries(data)[0]
        struct.pack_into("<H", data, first + 10, 99)
        struct.pack_into("<H", data, 8, 99)  # in the local header too
        _refused(bytes(data), tmp_path, r"cannot extract 'z/a\.py': .*not supported")

    def test_bzip2_local_header_naming_another_file(self, tmp_path: Path) -> None:
        data = _archive([("z/aa.py", b"x = 1\n"), WHEEL], method=zipfile.ZIP_BZIP2)
        local = data.replace(b"z/aa.py", b"z/bb.py", 1)
        error = _refused(local, tmp_path, "local header names a different file")
        assert isinstance(error, UnsafeArchive)

    @pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    @pytest.mark.parametrize("size", [100, 9 << 20])  # in one piece, and in chunks
    def test_fewer_bytes_than_declared(self, tmp_path: Path, method: int, size: int) -> None:
        data = bytearray(_archive([("z/a.bin", os.urandom(size)), WHEEL], method=method))
        first = _central_entries(data)[0]
        struct.pack_into("<L", data, first + 24, size + 1)
        error = _refused(bytes(data), tmp_path, f"{size} bytes of data, {size + 1} declared")
        assert isinstance(error, UnsafeArchive)

    def test_stored_size_differs_from_compressed_size(self, tmp_path: Path) -> None:
        data = bytearray(_archive([("z/a.bin", b"12345678"), WHEEL], method=zipfile.ZIP_STORED))
        first = _central_entries(data)[0]
        struct.pack_into("<L", data, first + 24, 4)
        _refused(bytes(data), tmp_path, "8 bytes of data, 4 declared")

    def test_member_past_the_end(self, tmp_path: Path) -> None:
        data = bytearray(_archive())
        first = _central_entries(data)[0]
        struct.pack_into("<L", data, first + 42, len(data) - 10)
        _refused(bytes(data), tmp_path, r"bad local header for member 'z/__init__\.py'")

    def test_zip64_offset_past_any_file(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
        data = bytearray(_archive())
        monkeypatch.undo()
        entry = _central_entries(data)[-1]
        name_length, extra_length = struct.unpack_from("<HH", data, entry + 28)
        # The last Zip64 value of the last member (WHEEL) is its header offset.
        struct.pack_into("<Q", data, entry + 46 + name_length + extra_length - 8, 2**64 - 1)
        assert read_central_directory(bytes(data))[-1].offset == 2**64 - 1
        _refused(bytes(data), tmp_path, r"bad local header for member 'z-1\.0\.dist-info/WHEEL'")

    def test_nul_in_name_is_refused(self, tmp_path: Path) -> None:
        """zipfile cuts such names at the NUL (and would write ``z/evil.py``); they are
        refused."""
        data = _rename_raw(
            _archive([("z/evil.pyXtxt", b"x = 1\n"), WHEEL]), b"z/evil.pyXtxt", b"z/evil.py\0txt"
        )
        error = _refused(data, tmp_path, "NUL character")
        assert isinstance(error, UnsafeArchive)
        assert error.member == "z/evil.py\0txt"

    def test_short_writes_are_completed(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        payload = os.urandom(10_000)
        archive = tmp_path / "a.zip"
        archive.write_bytes(_archive([("z/a.bin", payload), WHEEL]))
        write = os.write
        monkeypatch.setattr(os, "write", lambda fd, data: write(fd, bytes(data)[:777]))
        out = tmp_path / "a.bin"
        with archive.open("rb") as file, out.open("wb") as sink:
            data = MemberData(file, archive.name)
            try:
                data.write(data.entries[0], sink.fileno(), None)
            finally:
                data.close()
        monkeypatch.undo()
        assert out.read_bytes() == payload
