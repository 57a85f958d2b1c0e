"""Member data read straight from a memory-mapped wheel, checked for size and CRC.

``zipfile.ZipFile.open`` costs tens of microseconds per member (seeks, a header
object, buffered reads); wheels hold thousands of small files, so stored and
deflated members are decoded here from the mapped file instead. The central
directory (`read_central_directory`) is the only source of sizes; the data must
produce exactly that many bytes, with the right CRC.
"""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from types import ModuleType
from typing import IO, TYPE_CHECKING, Final

from install_wheel._zipdir import BadZip, ZipEntry, read_central_directory
from install_wheel.errors import InvalidWheel, UnsafeArchive

if TYPE_CHECKING:
    import zipfile


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
_decompressobj = _INFLATER.decompressobj

__all__ = ["MemberData"]

_STORED: Final = 0
_DEFLATED: Final = 8
_LOCAL_SIGNATURE: Final = b"PK\x03\x04"
# signature, (versions, flags, method, time, date, CRC-32, sizes), name length, extra length
_LOCAL: Final = struct.Struct("<4s22xHH")
_RAW_DEFLATE: Final = -zlib.MAX_WBITS
# Members up to this size are decoded in one piece, bigger ones in pieces of this size.
_CHUNK: Final = 4 << 20


class MemberData:
    """The members of one open wheel file (``entries``, in central directory order),
    and their decoded bytes.

    :raises BadZip: the file is empty, or see `read_central_directory`.
    :raises OSError: it cannot be mapped.
    """

    def __init__(self, file: IO[bytes], wheel: str) -> None:
        self._file = file
        self._wheel = wheel
        if not os.fstat(file.fileno()).st_size:
            raise BadZip("the file is empty")
        self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self._view = memoryview(self._map)
        self._archive: zipfile.ZipFile | None = None  # for bzip2 and lzma members
        try:
            self.entries = read_central_directory(self._map)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Unmap the file (left to the garbage collector while a chunk is still referenced)."""
        if self._archive is not None:
            self._archive.close()
        self._view.release()
        with suppress(BufferError):
            self._map.close()

    def _data(self, entry: ZipEntry) -> memoryview:
        """The member's compressed bytes, once its local header names the same file."""
        offset = entry.offset
        try:
            signature, name_length, extra_length = _LOCAL.unpack_from(self._map, offset)
        except (struct.error, OverflowError):  # past the end; past 2**63 (Zip64)
            signature = b""
        if signature != _LOCAL_SIGNATURE:
            raise InvalidWheel(self._wheel, f"bad local header for member {entry.name!r}")
        start = offset + _LOCAL.size
        if self._map[start : start + name_length] != entry.raw_name:
            # Tools that read local headers would see another file than we check.
            raise UnsafeArchive(self._wheel, entry.name, "its local header names a different file")
        start += name_length + extra_length
        data = self._view[start : start + entry.compress_size]
        if len(data) != entry.compress_size:
            raise InvalidWheel(self._wheel, f"member {entry.name!r} is cut short")
        return data

    def write(
        self, entry: ZipEntry, fd: int, update: Callable[[bytes | memoryview], object] | None
    ) -> None:
        """Write the member's bytes to the file descriptor *fd*, and to *update* if given
        (a hash's ``update``).

        :raises UnsafeArchive: more or fewer bytes than the central directory declares.
        :raises InvalidWheel: corrupt data (bad CRC, truncated stream).
        :raises OSError: *fd* refused the bytes.
        """
        size = entry.file_size
        method = entry.method
        if size > _CHUNK or (method != _DEFLATED and method != _STORED):
            for chunk in self.chunks(entry):
                if update is not None:
                    update(chunk)
                _write_all(fd, chunk)
            return
        # The usual member, decoded in one piece: the same checks as `chunks`, fewer steps.
        data: bytes | memoryview = self._data(entry)
        if method == _DEFLATED:
            inflate = _decompressobj(_RAW_DEFLATE)
            try:
                # One byte more than declared, to tell "too much" from "just right".
                data = inflate.decompress(data, size + 1)
            except _INFLATE_ERRORS as exc:
                raise InvalidWheel(self._wheel, f"member {entry.name!r} is corrupt: {exc}") from exc
            if len(data) > size:
                raise UnsafeArchive(
                    self._wheel, entry.name, "it holds more data than its declared size"
                )
            if not inflate.eof:
                raise InvalidWheel(self._wheel, f"member {entry.name!r} is cut short")
        if len(data) != size:
            raise UnsafeArchive(
                self._wheel, entry.name, f"{len(data)} bytes of data, {size} declared"
            )
        if _crc32(data) != entry.crc:
            raise InvalidWheel(self._wheel, f"member {entry.name!r} fails its CRC check")
        if update is not None:
            update(data)
        if size:  # an empty file needs no write
            written = os.write(fd, data)
            if written != size:
                _write_all(fd, memoryview(data)[written:])

    def read(self, entry: ZipEntry) -> bytes:
        """The member's bytes (see `write`)."""
        return b"".join(self.chunks(entry))

    def chunks(self, entry: ZipEntry) -> Iterator[bytes | memoryview]:
        """The member's bytes in chunks of at most a few MiB.

        :raises UnsafeArchive: more or fewer bytes than the central directory declares.
        :raises InvalidWheel: corrupt data (bad CRC, truncated stream).
        """
        data = self._data(entry)  # checks the local header, whatever the method
        method = entry.method
        if method not in (_STORED, _DEFLATED):
            yield from self._via_zipfile(entry)
            return
        crc = 0
        size = 0
        if method == _STORED:
            for position in range(0, len(data), _CHUNK):
                piece = data[position : position + _CHUNK]
                crc = _crc32(piece, crc)
                size += len(piece)
                yield piece
        else:
            inflate = _decompressobj(_RAW_DEFLATE)
            pending: bytes | memoryview = data
            while not inflate.eof:
                try:
                    chunk = inflate.decompress(pending, _CHUNK)
                except _INFLATE_ERRORS as exc:
                    raise InvalidWheel(
                        self._wheel, f"member {entry.name!r} is corrupt: {exc}"
                    ) from exc
                pending = inflate.unconsumed_tail
                if not chunk and not pending:
                    break
                size += len(chunk)
                if size > entry.file_size:
                    raise UnsafeArchive(
                        self._wheel, entry.name, "it holds more data than its declared size"
                    )
                crc = _crc32(chunk, crc)
                yield chunk
            if not inflate.eof:
                raise InvalidWheel(self._wheel, f"member {entry.name!r} is cut short")
        if size != entry.file_size:
            raise UnsafeArchive(
                self._wheel, entry.name, f"{size} bytes of data, {entry.file_size} declared"
            )
        if crc != entry.crc:
            raise InvalidWheel(self._wheel, f"member {entry.name!r} fails its CRC check")

    def _via_zipfile(self, entry: ZipEntry) -> Iterator[bytes]:
        # bzip2 and lzma members are rare in wheels; zipfile decodes them and checks
        # their CRC (it reads the whole central directory again, once per wheel).
        size = 0
        try:
            with self._open(entry) as source:
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    if size > entry.file_size:
                        raise UnsafeArchive(
                            self._wheel, entry.name, "it holds more data than its declared size"
                        )
                    yield chunk
        except UnsafeArchive:
            raise
        except Exception as exc:
            # Decoders raise what they like (BadZipFile, EOFError, LZMAError, a bare
            # OSError from bz2, NotImplementedError for an unknown method); only an
            # OSError with an errno is about the disk.
            if isinstance(exc, OSError) and exc.errno is not None:
                raise
            raise InvalidWheel(self._wheel, f"cannot extract {entry.name!r}: {exc}") from exc
        if size != entry.file_size:
            raise UnsafeArchive(
                self._wheel, entry.name, f"{size} bytes of data, {entry.file_size} declared"
            )

    def _open(self, entry: ZipEntry) -> IO[bytes]:
        # Imported here: it costs a worker process ~10 ms at start (bz2, lzma, ...).
        import zipfile

        if self._archive is None:
            self._archive = zipfile.ZipFile(self._file)
        info = zipfile.ZipInfo(entry.name)
        info.flag_bits = entry.flags
        info.compress_type = entry.method
        info.compress_size = entry.compress_size
        info.file_size = entry.file_size
        info.CRC = entry.crc
        info.header_offset = entry.offset
        return self._archive.open(info)


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
