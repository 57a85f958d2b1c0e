"""Cached records: one file holding a decoded-ready payload plus its HTTP cache policy.

A record is a 24-byte header, the policy as compact JSON, then the payload::

    magic "PFCR" | format u8 | codec u8 | reserved u16 (zero) | policy length u32
    | payload length u64 | CRC-32 of policy + payload u32

Reading checks every field and the checksum, so a truncated, garbled or foreign file
reads as a miss (``None``), never as an exception or as wrong data.

Data holding `pickle.PickleBuffer`s (big blobs) is written with those buffers after
the pickle stream (codec 2: buffer count u32, their lengths u64 each, the stream, the
buffers) and read back without copying them: a large record is mapped into memory and
each buffer comes back as a read-only `memoryview` of the mapping.
"""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import sys
import zlib
from typing import Any, Final, Self

# The C accelerator alone: the `pickle` module around it costs ~1.5 ms of start-up.
try:
    from _pickle import PickleBuffer, Unpickler, UnpicklingError, dumps
except ImportError:  # not CPython
    from pickle import PickleBuffer, Unpickler, UnpicklingError, dumps

from puffin_cache._atomic import write_atomic
from puffin_cache._frozen import Frozen, set_field

__all__ = [
    "PAYLOAD_CODEC",
    "CachedRecord",
    "PickleBuffer",
    "decode_payload",
    "encode_payload",
    "read_record",
    "write_record",
]

_MAGIC: Final = b"PFCR"
_FORMAT: Final = 1
_HEADER: Final = struct.Struct("<4sBBHIQI")
_RAW: Final = 0
_PICKLE5: Final = 1
_PICKLE5_BUFFERS: Final = 2
_COUNT: Final = struct.Struct("<I")
_LENGTH: Final = struct.Struct("<Q")
# Records at least this big are mapped rather than read, when they hold buffers; not
# on Windows, where a mapped file cannot be replaced by a concurrent writer.
_MAP_SIZE: Final = 1 << 16
_CAN_MAP: Final = sys.platform != "win32"
# Fixed, not pickle.HIGHEST_PROTOCOL: every Python that shares the cache (3.8+) reads 5.
_PICKLE_PROTOCOL: Final = 5

PAYLOAD_CODEC: Final = "pickle-5-data"
"""The codec of `encode_payload`: pickle protocol 5, restricted to plain data on load.

Chosen by ``tools/bench_cache_record.py`` (a page of 1,500 files, read + check +
decode, median on CPython 3.11): 1.1 ms as dicts and 0.5 ms as tuples, against 3.4 ms
and 1.3 ms for JSON. marshal is as fast but its format may change between Python
versions, and one cache serves every Python that runs puffin; pickle protocol 5 reads
the same everywhere (3.8+) and keeps tuples and bytes. The restricted loader refuses
any class or function, so a tampered record cannot run code.
"""


class _DataUnpickler(Unpickler):
    """Loads only built-in data (str, bytes, numbers, containers): never imports code."""

    def find_class(self, module: str, name: str, /) -> Any:
        raise UnpicklingError(f"cached records hold plain data only, not {module}.{name}")


def encode_payload(data: object) -> bytes:
    """Encode plain data (None, bool, int, float, str, bytes, and tuples, lists, dicts,
    sets of those) with `PAYLOAD_CODEC`.

    >>> decode_payload(encode_payload({"files": [("a.whl", 12)]}))
    {'files': [('a.whl', 12)]}
    """
    return dumps(data, protocol=_PICKLE_PROTOCOL)


def decode_payload(payload: bytes | memoryview) -> Any:
    """Decode what `encode_payload` produced.

    :raises ValueError: *payload* is not plain data in that codec (classes are refused).
    """
    try:
        return _DataUnpickler(io.BytesIO(payload)).load()
    except Exception as exc:
        raise ValueError(f"undecodable cached payload: {exc}") from exc


def _encode(data: object) -> tuple[int, bytes]:
    """The codec and payload of *data*: its `pickle.PickleBuffer`s out of band."""
    buffers: list[PickleBuffer] = []
    stream = dumps(data, protocol=_PICKLE_PROTOCOL, buffer_callback=buffers.append)
    if not buffers:
        return _PICKLE5, stream
    views = [buffer.raw() for buffer in buffers]
    head = [_COUNT.pack(len(views)), *(_LENGTH.pack(len(view)) for view in views)]
    return _PICKLE5_BUFFERS, b"".join([*head, _LENGTH.pack(len(stream)), stream, *views])


def _decode(codec: int, payload: bytes | memoryview) -> Any:
    """Decode a payload of *codec* (see `_encode`); buffers are views of *payload*.

    :raises ValueError: *payload* is not what `_encode` wrote.
    """
    if codec == _PICKLE5:
        return decode_payload(payload)
    view = memoryview(payload)
    try:
        (count,) = _COUNT.unpack_from(view)
        at = _COUNT.size
        lengths = [_LENGTH.unpack_from(view, at + _LENGTH.size * n)[0] for n in range(count + 1)]
    except struct.error as exc:
        raise ValueError(f"undecodable cached payload: {exc}") from None
    at += _LENGTH.size * (count + 1)
    stream_end = at + lengths[count]
    if stream_end + sum(lengths[:count]) != len(view):
        raise ValueError("undecodable cached payload: lengths do not add up")
    buffers = []
    start = stream_end
    for length in lengths[:count]:
        buffers.append(view[start : start + length])
        start += length
    try:
        return _DataUnpickler(io.BytesIO(view[at:stream_end]), buffers=buffers).load()
    except Exception as exc:
        raise ValueError(f"undecodable cached payload: {exc}") from exc


def write_record(
    path: str | os.PathLike[str],
    policy: dict[str, Any],
    payload: bytes,
    *,
    fsync: bool = False,
) -> None:
    """Atomically write a record of *policy* (JSON-serializable) and opaque *payload*.

    :raises CacheWriteError: the file could not be written.
    """
    _write(path, policy, payload, codec=_RAW, fsync=fsync)


def read_record(path: str | os.PathLike[str]) -> tuple[dict[str, Any], bytes] | None:
    """The ``(policy, payload)`` stored at *path*, or ``None`` if it is missing,
    unreadable, truncated or corrupt.
    """
    parsed = _read(path)
    if parsed is None:
        return None
    payload = parsed[2]
    return parsed[1], payload if isinstance(payload, bytes) else bytes(payload)


def _write(
    path: str | os.PathLike[str], policy: dict[str, Any], payload: bytes, *, codec: int, fsync: bool
) -> None:
    policy_bytes = json.dumps(policy, separators=(",", ":"), sort_keys=True).encode()
    checksum = zlib.crc32(payload, zlib.crc32(policy_bytes))
    header = _HEADER.pack(_MAGIC, _FORMAT, codec, 0, len(policy_bytes), len(payload), checksum)
    write_atomic(path, b"".join((header, policy_bytes, payload)), fsync=fsync)


# Non-blocking, so that a named pipe at an entry's path is refused at once instead of
# waiting for a writer; it changes nothing for a regular file.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read(path: str | os.PathLike[str]) -> tuple[int, dict[str, Any], bytes | memoryview] | None:
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        # Missing, a directory, a link to nowhere, no permission: "fetch it again".
        return None
    try:
        with open(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None  # a pipe, a socket, a device: not a record we wrote
            return _parse(file)
    except OSError:
        return None


def _parse(file: io.BufferedReader) -> tuple[int, dict[str, Any], bytes | memoryview] | None:
    # Reading the parts separately, not slicing one buffer, saves a copy of the payload;
    # checking the lengths against the file size first keeps a garbled length from
    # asking for gigabytes.
    size = os.fstat(file.fileno()).st_size
    header = file.read(_HEADER.size)
    if len(header) != _HEADER.size:
        return None
    magic, version, codec, reserved, policy_length, payload_length, checksum = _HEADER.unpack(
        header
    )
    if magic != _MAGIC or version != _FORMAT or reserved != 0:
        return None
    if _HEADER.size + policy_length + payload_length != size:
        return None
    policy_bytes = file.read(policy_length)
    payload: bytes | memoryview
    if codec == _PICKLE5_BUFFERS and _CAN_MAP and size >= _MAP_SIZE:
        # Mapped: the buffers are decoded as views of the file, never copied.
        import mmap

        mapped = mmap.mmap(file.fileno(), size, access=mmap.ACCESS_READ)
        payload = memoryview(mapped)[_HEADER.size + policy_length :]
    else:
        payload = file.read(payload_length)
    if len(payload) != payload_length or len(policy_bytes) != policy_length:
        return None
    if zlib.crc32(payload, zlib.crc32(policy_bytes)) != checksum:
        return None
    try:
        policy = json.loads(policy_bytes)
    except ValueError:
        return None
    if not isinstance(policy, dict):
        return None
    return codec, policy, payload


class CachedRecord(Frozen):
    """A cached response: the decoded *data* a caller needs plus its HTTP cache *policy*.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.pfcr"
    >>> CachedRecord({"max-age": 600}, [("a-1.0.tar.gz", 10)]).write(path)
    >>> CachedRecord.read(path)
    CachedRecord(policy={'max-age': 600}, data=[('a-1.0.tar.gz', 10)])
    """

    __match_args__ = ("policy", "data")
    __slots__ = __match_args__

    policy: dict[str, Any]
    data: Any

    def __init__(self, policy: dict[str, Any], data: Any) -> None:
        set_field(self, "policy", policy)
        set_field(self, "data", data)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Self | None:
        """The record at *path*, or ``None`` if it is missing, corrupt, or was written
        with another codec."""
        parsed = _read(path)
        if parsed is None or parsed[0] not in (_PICKLE5, _PICKLE5_BUFFERS):
            return None
        try:
            data = _decode(parsed[0], parsed[2])
        except ValueError:
            return None
        return cls(parsed[1], data)

    def write(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        """Atomically write this record to *path*.

        :raises CacheWriteError: the file could not be written.
        """
        codec, payload = _encode(self.data)
        _write(path, self.policy, payload, codec=codec, fsync=fsync)
