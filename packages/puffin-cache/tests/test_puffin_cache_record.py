"""Tests of cached records: framing, corruption as a miss, and concurrent processes."""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from puffin_cache import (
    TEMP_PREFIX,
    CachedRecord,
    decode_payload,
    encode_payload,
    read_record,
    write_record,
)

POLICY = {"etag": '"v1"', "max-age": 600, "vary": ["accept"]}


def _frame(policy: bytes, payload: bytes, *, codec: int = 0, version: int = 1) -> bytes:
    """A record built from the layout documented in puffin_cache._record, independently."""
    checksum = zlib.crc32(policy + payload)
    header = b"PFCR" + struct.pack("<BBxxIQI", version, codec, len(policy), len(payload), checksum)
    return header + policy + payload


class TestRoundTrip:
    def test_policy_and_payload(self, tmp_path: Path) -> None:
        path = tmp_path / "simple-v0" / "pypi" / "foo.pfcr"
        write_record(path, POLICY, b"\x00payload\xff")
        assert read_record(path) == (POLICY, b"\x00payload\xff")

    def test_empty_payload_and_policy(self, tmp_path: Path) -> None:
        write_record(tmp_path / "r", {}, b"")
        assert read_record(tmp_path / "r") == ({}, b"")

    def test_layout_matches_the_documentation(self, tmp_path: Path) -> None:
        write_record(tmp_path / "r", {"b": 1, "a": [2]}, b"xyz")
        expected = _frame(b'{"a":[2],"b":1}', b"xyz")
        assert (tmp_path / "r").read_bytes() == expected

    def test_cached_record_keeps_plain_data(self, tmp_path: Path) -> None:
        data = {
            "files": [("foo-1.0.tar.gz", "https://example.com/f", {"sha256": "ab"}, None, 12)],
            "raw": b"\x00\x01",
            "set": frozenset({"a"}),
            "float": 1.5,
            "yanked": False,
        }
        CachedRecord(POLICY, data).write(tmp_path / "r", fsync=True)
        record = CachedRecord.read(tmp_path / "r")
        assert record == CachedRecord(POLICY, data)

    def test_unserializable_policy_is_a_type_error(self, tmp_path: Path) -> None:
        with pytest.raises(TypeError):
            write_record(tmp_path / "r", {"when": object()}, b"")
        assert list(tmp_path.iterdir()) == []


class TestCorruptionIsAMiss:
    @pytest.fixture
    def record(self, tmp_path: Path) -> bytes:
        CachedRecord({"max-age": 1}, [("a", 1), ("b", 2)]).write(tmp_path / "r")
        return (tmp_path / "r").read_bytes()

    def test_every_truncation(self, tmp_path: Path, record: bytes) -> None:
        path = tmp_path / "cut"
        for length in range(len(record)):
            path.write_bytes(record[:length])
            assert read_record(path) is None, length
            assert CachedRecord.read(path) is None, length

    def test_every_flipped_byte(self, tmp_path: Path, record: bytes) -> None:
        path = tmp_path / "flipped"
        for index in range(len(record)):
            garbled = bytearray(record)
            garbled[index] ^= 0x5A
            path.write_bytes(garbled)
            assert CachedRecord.read(path) is None, index

    def test_trailing_bytes(self, tmp_path: Path, record: bytes) -> None:
        (tmp_path / "long").write_bytes(record + b"\0")
        assert read_record(tmp_path / "long") is None

    @pytest.mark.parametrize("content", [b"", b"PFCR", b"not a record at all" * 3, bytes(24)])
    def test_foreign_files(self, tmp_path: Path, content: bytes) -> None:
        (tmp_path / "f").write_bytes(content)
        assert read_record(tmp_path / "f") is None

    def test_missing_and_directory(self, tmp_path: Path) -> None:
        assert read_record(tmp_path / "missing") is None
        assert read_record(tmp_path) is None
        assert CachedRecord.read(tmp_path / "missing" / "deeper") is None

    def test_huge_length_field_does_not_allocate(self, tmp_path: Path) -> None:
        header = b"PFCR" + struct.pack("<BBxxIQI", 1, 0, 2, 2**62, 0)
        (tmp_path / "f").write_bytes(header + b"{}")
        assert read_record(tmp_path / "f") is None

    def test_other_format_version(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_bytes(_frame(b"{}", b"", version=2))
        assert read_record(tmp_path / "f") is None

    def test_policy_that_is_not_an_object(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_bytes(_frame(b"[1]", b""))
        assert read_record(tmp_path / "f") is None
        (tmp_path / "f").write_bytes(_frame(b"{nope", b""))
        assert read_record(tmp_path / "f") is None

    def test_raw_record_is_not_a_cached_record(self, tmp_path: Path) -> None:
        write_record(tmp_path / "f", {}, encode_payload([1]))
        assert CachedRecord.read(tmp_path / "f") is None

    def test_payload_naming_code_is_refused(self, tmp_path: Path) -> None:
        evil = pickle.dumps(os.getcwd, protocol=5)
        (tmp_path / "f").write_bytes(_frame(b"{}", evil, codec=1))
        assert CachedRecord.read(tmp_path / "f") is None
        with pytest.raises(ValueError, match="plain data"):
            decode_payload(evil)

    def test_garbage_payload(self) -> None:
        with pytest.raises(ValueError, match="undecodable"):
            decode_payload(b"\x80\x05garbage")


WORKER = Path(__file__).with_name("puffin_cache_record_worker.py")


class TestConcurrentProcesses:
    def test_readers_never_see_partial_records(self, tmp_path: Path) -> None:
        root = tmp_path / "cache"
        start = time.time() + 0.5  # lets every interpreter start before the hammering
        procs = [
            subprocess.Popen(
                [sys.executable, str(WORKER), str(root), str(worker), str(start), "1.2"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for worker in range(4)
        ]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            results.append(json.loads(out))
        assert all(r["writes"] > 0 and r["reads"] > 0 for r in results), results
        assert sum(r["foreign"] for r in results) > 0, "no process read another's write"
        leftovers = [p for p in root.rglob("*") if p.name.startswith(TEMP_PREFIX)]
        assert leftovers == []


class TestOutOfBandBuffers:
    """Data holding `pickle.PickleBuffer`s: the buffers are stored after the stream and
    come back as views (of a mapping, for a big record), never copied."""

    @pytest.mark.parametrize("size", [10, 1 << 20], ids=["small", "mapped"])
    def test_round_trip(self, tmp_path: Path, size: int) -> None:
        blob = bytes(range(256)) * (size // 256 + 1)
        path = tmp_path / "page.pfcr"
        CachedRecord({"stored": 1}, ("head", pickle.PickleBuffer(blob), 7)).write(path)
        record = CachedRecord.read(path)
        assert record is not None
        head, view, seven = record.data
        assert (head, seven) == ("head", 7)
        assert isinstance(view, memoryview)
        assert view.readonly
        assert bytes(view) == blob

    @pytest.mark.parametrize("size", [10, 1 << 20], ids=["small", "mapped"])
    def test_a_flipped_byte_in_a_buffer_is_a_miss(self, tmp_path: Path, size: int) -> None:
        path = tmp_path / "page.pfcr"
        CachedRecord({}, [pickle.PickleBuffer(b"x" * size)]).write(path)
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF
        path.write_bytes(bytes(data))
        assert CachedRecord.read(path) is None

    def test_lengths_that_do_not_add_up_are_a_miss(self, tmp_path: Path) -> None:
        path = tmp_path / "page.pfcr"
        CachedRecord({}, [pickle.PickleBuffer(b"abc")]).write(path)
        data = bytearray(path.read_bytes())
        header = struct.Struct("<4sBBHIQI")
        policy_length = header.unpack_from(data)[4]
        start = header.size + policy_length
        data[start + 4] += 1  # the buffer's length
        payload = bytes(data[start:])
        checksum = zlib.crc32(payload, zlib.crc32(bytes(data[header.size : start])))
        fields = list(header.unpack_from(data))
        fields[-1] = checksum
        data[: header.size] = header.pack(*fields)
        path.write_bytes(bytes(data))
        assert CachedRecord.read(path) is None
