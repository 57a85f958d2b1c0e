"""`read_central_directory`: a zip archive's members, read from its mapped bytes.

``zipfile.ZipFile`` builds a ``ZipInfo`` per member (a dozen attributes, a date, a
walk over the extra fields, a name index); unpacking a wheel needs eight numbers and
a name per member, and wheels hold thousands of them. The rules follow
``zipfile``'s, so that the archives it opens open here too:

- the end of central directory record is the last 22 bytes, or else the last
  signature among the final 64 KiB (an archive comment takes at most that);
- a Zip64 locator right before it (refused if it tells of several disks) points to
  the Zip64 end record right before the locator, whose size and offset of the
  central directory replace the 32-bit ones;
- the central directory is the stated number of bytes right before those records.
  If that puts it past its stated offset, the difference is taken for bytes in
  front of the archive (a self-extracting stub, a launcher script; the archive's
  offsets count from its own first byte) and every member's offset moves by as
  much; before its stated offset, the archive is refused;
- sizes and offsets of ``0xFFFFFFFF`` come from the member's Zip64 extra field;
- names are UTF-8 under flag 0x800, else cp437.

Unlike ``zipfile``, extra fields other than Zip64's are not read, and the "version
needed to extract" is not compared with what ``zipfile`` supports: the caller judges
compression methods and encryption by themselves.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import mmap

__all__ = ["BadZip", "ZipEntry", "read_central_directory"]

_END_SIGNATURE: Final = b"PK\x05\x06"
# signature, this disk, directory's disk, entries here, entries, size, offset, comment length
_END: Final = struct.Struct("<4sHHHHLLH")
_LOCATOR_SIGNATURE: Final = b"PK\x06\x07"
# signature, disk of the Zip64 end record, its offset, number of disks
_LOCATOR: Final = struct.Struct("<4sLQL")
_END64_SIGNATURE: Final = b"PK\x06\x06"
# signature, record size, versions (2), this disk, directory's disk, entries here,
# entries, size, offset
_END64: Final = struct.Struct("<4sQHHLLQQQQ")
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
# signature, (versions), flags, method, (time, date), CRC-32, compressed size, size,
# name length, extra length, comment length, (disk, internal attributes), external
# attributes, local header offset
_CENTRAL: Final = struct.Struct("<4s4xHH4xLLLHHH4xLL")
_EXTRA_HEADER: Final = struct.Struct("<HH")
_ZIP64_EXTRA: Final = 0x0001
_SATURATED: Final = 0xFFFFFFFF
_UTF8_FLAG: Final = 0x800
_MAX_COMMENT: Final = 0xFFFF


class BadZip(ValueError):
    """Bytes that do not hold a zip archive this module can read, and why."""


@dataclass(slots=True, eq=False)
class ZipEntry:
    """One member as the central directory describes it.

    ``offset`` is where its local header starts in the file, past any bytes in front
    of the archive; ``mode`` is the upper half of the external attributes (the
    ``st_mode`` of archivers on Unix). Not frozen: a frozen dataclass sets each field
    through ``object.__setattr__``, and thousands are made per wheel.

    >>> ZipEntry("a/b.py", b"a/b.py", 0, 8, 0, 2, 0, 0, 0o100644).method
    8
    """

    name: str
    raw_name: bytes  # as stored: the local header must hold the same bytes
    flags: int
    method: int
    crc: int
    compress_size: int
    file_size: int
    offset: int
    mode: int


def _find_end(archive: bytes | mmap.mmap) -> int:
    """Where the end of central directory record starts."""
    size = len(archive)
    end = size - _END.size
    if end < 0:
        raise BadZip(f"{size} bytes are too few for a zip archive")
    if archive[end : end + 4] == _END_SIGNATURE and archive[size - 2 : size] == b"\0\0":
        return end  # no archive comment: the usual case
    # Only where a whole record fits: a signature in the last 21 bytes starts none.
    end = archive.rfind(_END_SIGNATURE, max(0, end - _MAX_COMMENT), end + 4)
    if end < 0:
        raise BadZip("no end of central directory record (not a zip file?)")
    return end


def _locate(archive: bytes | mmap.mmap) -> tuple[int, int, int]:
    """The start and end of the central directory, and how far every offset it holds
    lies before the actual position (the bytes in front of the archive)."""
    end = _find_end(archive)
    fields: tuple[bytes, int, int, int, int, int, int, int] = _END.unpack_from(archive, end)
    size, offset = fields[5], fields[6]
    directory_end = end
    locator = end - _LOCATOR.size
    if locator >= 0 and archive[locator : locator + 4] == _LOCATOR_SIGNATURE:
        found: tuple[bytes, int, int, int] = _LOCATOR.unpack_from(archive, locator)
        if found[1] != 0 or found[3] > 1:
            raise BadZip("it spans several disks")
        record = locator - _END64.size
        if record >= 0 and archive[record : record + 4] == _END64_SIGNATURE:
            # Zip64 sizes; a locator without its record is ignored, as zipfile does.
            end64: tuple[int, ...] = _END64.unpack_from(archive, record)[1:]
            size, offset = end64[-2], end64[-1]
            directory_end = record
    shift = directory_end - size - offset
    if shift < 0:
        raise BadZip(
            f"the central directory ({size} bytes at offset {offset}) "
            f"does not end where the archive's end records begin ({directory_end})"
        )
    return directory_end - size, directory_end, shift


def _zip64_values(extra: bytes, file_size: int, compress_size: int, offset: int) -> list[int]:
    """*file_size*, *compress_size* and *offset*, those that are saturated replaced by
    the Zip64 extra field's values (which come in that order, each only if saturated)."""
    values = [file_size, compress_size, offset]
    position = 0
    while position + _EXTRA_HEADER.size <= len(extra):
        tag, length = _EXTRA_HEADER.unpack_from(extra, position)
        position += _EXTRA_HEADER.size
        if position + length > len(extra):
            raise BadZip(f"extra field {tag:#06x} is cut short")
        if tag == _ZIP64_EXTRA:
            field = position
            for index, value in enumerate(values):
                if value == _SATURATED:
                    if field + 8 > position + length:
                        raise BadZip("a Zip64 extra field lacks a size or offset")
                    values[index] = int.from_bytes(extra[field : field + 8], "little")
                    field += 8
            return values
        position += length
    return values  # no Zip64 field: the values are what they say, as for zipfile


def read_central_directory(archive: bytes | mmap.mmap) -> list[ZipEntry]:
    """The members of the zip *archive* (its whole bytes, mapped), in directory order.

    :raises BadZip: no end of central directory record, a directory that does not fit
        in the file or is cut short, an entry without its signature, a name that is
        flagged UTF-8 but is not, a Zip64 field without the values it should hold.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as zf:
    ...     zf.writestr("pkg/été.py", "x = 1\\n")
    >>> [(e.name, e.file_size) for e in read_central_directory(buffer.getvalue())]
    [('pkg/été.py', 6)]
    """
    position, end, shift = _locate(archive)
    entries: list[ZipEntry] = []
    append = entries.append
    unpack = _CENTRAL.unpack_from
    header = _CENTRAL.size
    saturated = _SATURATED
    while position < end:
        if position + header > end:
            raise BadZip("the central directory is cut short")
        (
            signature,
            flags,
            method,
            crc,
            compress_size,
            file_size,
            name_length,
            extra_length,
            comment_length,
            attributes,
            offset,
        ) = unpack(archive, position)
        if signature != _CENTRAL_SIGNATURE:
            raise BadZip(f"no central directory entry at offset {position}")
        name_start = position + header
        extra_start = name_start + name_length
        position = extra_start + extra_length + comment_length
        if position > end:
            raise BadZip("the central directory is cut short")
        raw = archive[name_start:extra_start]
        if file_size == saturated or compress_size == saturated or offset == saturated:
            extra = archive[extra_start : extra_start + extra_length]
            file_size, compress_size, offset = _zip64_values(
                extra, file_size, compress_size, offset
            )
        try:
            # ASCII, the usual name, decodes fastest as UTF-8; both encodings agree on it.
            name = raw.decode() if flags & _UTF8_FLAG or raw.isascii() else raw.decode("cp437")
        except UnicodeDecodeError as exc:
            raise BadZip(f"member name {raw!r} is flagged UTF-8 but is not ({exc})") from exc
        append(
            ZipEntry(
                name,
                raw,
                flags,
                method,
                crc,
                compress_size,
                file_size,
                offset + shift,
                attributes >> 16,
            )
        )
    return entries
