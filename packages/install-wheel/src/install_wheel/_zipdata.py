"""Member data read straight from a memory-mapped wheel, checked for size and CRC.

``zipfile.ZipFile.open`` costs tens of microseconds per member (seeks, a header
object, buffered reads); wheels hold thousands of small files, so stored and
deflated members are decoded here from the mapped file instead. The central
directory (parsed by ``zipfile``) is the only source of sizes; the data must
produce exactly that many bytes, with the right CRC.
"""

from __future__ import annotations

import mmap
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from types import ModuleType
from typing import BinaryIO, Final

from install_wheel.errors import InvalidWheel, UnsafeArchive


def _inflater() -> tuple[ModuleType, tuple[type[Exception], ...]]:
    """ISA-L's zlib API when installed (its inflate takes half the CPU of zlib's on the
    members of wheels, its CRC-32 a fifteenth), else zlib; and the errors its
    decompressors raise."""
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover - isal ships no wheel for this platform
        return zlib, (zlib.error,)
    error: type[Exception] = isal_zlib.error  # type: ignore[assignment]
    return isal_zlib, (zlib.error, error)


_INFLATER, _INFLATE_ERRORS = _inflater()
_crc32 = _INFLATER.crc32

__all__ = ["MemberData"]

_LOCAL_SIGNATURE: Final = b"PK\x03\x04"
_LOCAL_HEADER: Final = 30
_UTF8_FLAG: Final = 0x800
_CHUNK: Final = 4 << 20


class MemberData:
    """Decoded bytes of the members of one open wheel file."""

    def __init__(self, archive: zipfile.ZipFile, file: BinaryIO, wheel: str) -> None:
        self._archive = archive
        self._wheel = wheel
        self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self._view = memoryview(self._map)

    def close(self) -> None:
        """Unmap the file (left to the garbage collector while a chunk is still referenced)."""
        self._view.release()
        with suppress(BufferError):
            self._map.close()

    def _start(self, info: zipfile.ZipInfo) -> int:
        offset = info.header_offset
        header = self._view[offset : offset + _LOCAL_HEADER]
        if len(header) < _LOCAL_HEADER or bytes(header[:4]) != _LOCAL_SIGNATURE:
            raise InvalidWheel(self._wheel, f"bad local header for member {info.filename!r}")
        lengths: tuple[int, int] = struct.unpack_from("<HH", header, 26)
        name_length, extra_length = lengths
        start = offset + _LOCAL_HEADER
        name = info.orig_filename
        # cp437 and UTF-8 both encode ASCII as ASCII, whose codec is the fast one.
        encoding = (
            "ascii" if name.isascii() else "utf-8" if info.flag_bits & _UTF8_FLAG else "cp437"
        )
        if self._view[start : start + name_length] != name.encode(encoding):
            # Tools that read local headers would see another file than we check.
            raise UnsafeArchive(
                self._wheel, info.filename, "its local header names a different file"
            )
        return start + name_length + extra_length

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes | memoryview]:
        """The member's bytes in chunks of at most a few MiB.

        :raises UnsafeArchive: more or fewer bytes than the central directory declares.
        :raises InvalidWheel: corrupt data (bad CRC, truncated stream).
        """
        method = info.compress_type
        if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            yield from self._via_zipfile(info)
            return
        start = self._start(info)
        data = self._view[start : start + info.compress_size]
        if len(data) != info.compress_size:
            raise InvalidWheel(self._wheel, f"member {info.filename!r} is cut short")
        crc = 0
        size = 0
        if method == zipfile.ZIP_STORED:
            for position in range(0, len(data), _CHUNK):
                piece = data[position : position + _CHUNK]
                crc = _crc32(piece, crc)
                size += len(piece)
                yield piece
        else:
            inflate = _INFLATER.decompressobj(-zlib.MAX_WBITS)
            pending: bytes | memoryview = data
            while not inflate.eof:
                try:
                    chunk = inflate.decompress(pending, _CHUNK)
                except _INFLATE_ERRORS as exc:
                    raise InvalidWheel(
                        self._wheel, f"member {info.filename!r} is corrupt: {exc}"
                    ) from exc
                pending = inflate.unconsumed_tail
                if not chunk and not pending:
                    break
                size += len(chunk)
                if size > info.file_size:
                    raise UnsafeArchive(
                        self._wheel, info.filename, "it holds more data than its declared size"
                    )
                crc = _crc32(chunk, crc)
                yield chunk
            if not inflate.eof:
                raise InvalidWheel(self._wheel, f"member {info.filename!r} is cut short")
        if size != info.file_size:
            raise UnsafeArchive(
                self._wheel, info.filename, f"{size} bytes of data, {info.file_size} declared"
            )
        if crc != info.CRC:
            raise InvalidWheel(self._wheel, f"member {info.filename!r} fails its CRC check")

    def _via_zipfile(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        # bzip2 and lzma members are rare in wheels; zipfile checks their size and CRC.
        size = 0
        try:
            with self._archive.open(info) as source:
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    if size > info.file_size:
                        raise UnsafeArchive(
                            self._wheel, info.filename, "it holds more data than its declared size"
                        )
                    yield chunk
        except UnsafeArchive:
            raise
        except Exception as exc:
            # Decoders raise what they like (BadZipFile, EOFError, LZMAError, a bare
            # OSError from bz2); only an OSError with an errno is about the disk.
            if isinstance(exc, OSError) and exc.errno is not None:
                raise
            raise InvalidWheel(self._wheel, f"cannot extract {info.filename!r}: {exc}") from exc
        if size != info.file_size:
            raise UnsafeArchive(
                self._wheel, info.filename, f"{size} bytes of data, {info.file_size} declared"
            )
