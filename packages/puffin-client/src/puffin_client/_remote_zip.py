"""A wheel's METADATA without downloading the wheel: HTTP range requests into the zip.

Three reads at most: the tail of the file (end of central directory, and usually the
central directory itself), the central directory if it did not fit, then the local
header and compressed bytes of ``<name>.dist-info/METADATA``. A server that ignores
``Range`` (answers 200) gets its whole response streamed to a temporary file instead.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import IO, TYPE_CHECKING, Final, NamedTuple

from puffin_client.errors import FetchError, MetadataError
from puffin_normalize import normalize

if TYPE_CHECKING:
    from puffin_client._base import BaseClient

__all__ = ["METADATA_MEMBER", "fetch_metadata_by_range", "read_metadata_member"]

TAIL_SIZE: Final = 64 * 1024
"""Bytes asked for at the end of the file: enough for the central directory of most wheels."""

METADATA_MEMBER: Final = re.compile(r"^([^/]+)\.dist-info/METADATA$")
"""Top-level ``.dist-info/METADATA`` members of a wheel."""

_EOCD: Final = struct.Struct("<4s4H2LH")
_EOCD_SIGNATURE: Final = b"PK\x05\x06"
_ZIP64_LOCATOR: Final = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIGNATURE: Final = b"PK\x06\x07"
_ZIP64_EOCD: Final = struct.Struct("<4sQ2H2L4Q")
_ZIP64_EOCD_SIGNATURE: Final = b"PK\x06\x06"
_CENTRAL: Final = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
_LOCAL: Final = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE: Final = b"PK\x03\x04"
_SLACK: Final = 1024
_UTF8_FLAG: Final = 0x800
# zipfile's ZIP_STORED and ZIP_DEFLATED: zipfile itself is imported only for whole files.
_STORED: Final = 0
_DEFLATED: Final = 8
_METADATA_SUFFIX: Final = b".dist-info/METADATA"


class _NotReadable(Exception):
    """The ranges do not make sense as a zip we can read: fall back to the whole file."""


class _Member(NamedTuple):
    name: str
    method: int
    crc: int
    compressed_size: int
    size: int
    header_offset: int
    extra_length: int


def pick_metadata(names: list[str], project: str) -> str | None:
    """The METADATA member of *project* among *names* (another project's ``.dist-info``
    may be vendored alongside); None when there is none.

    >>> pick_metadata(["a/b.py", "Foo_Bar-1.0.dist-info/METADATA"], "foo-bar")
    'Foo_Bar-1.0.dist-info/METADATA'
    """
    candidates = [name for name in names if METADATA_MEMBER.match(name)]
    for name in candidates:
        dist_info = name.partition(".dist-info/")[0]
        if normalize(dist_info.rpartition("-")[0] or dist_info) == project:
            return name
    return candidates[0] if len(candidates) == 1 else None


def read_metadata_member(
    archive: IO[bytes] | str, filename: str, project: str, *, url: str | None = None
) -> bytes:
    """The METADATA bytes of the wheel in *archive* (a file object or a path), fetched
    from *url* if it was.

    :raises MetadataError: not a zip, or no METADATA of *project* in it.
    """
    import zipfile

    try:
        with zipfile.ZipFile(archive) as wheel:
            member = pick_metadata(wheel.namelist(), project)
            if member is None:
                raise MetadataError(
                    filename, "no .dist-info/METADATA in the archive", url=url, content=True
                )
            return wheel.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise MetadataError(filename, f"not a readable zip archive: {exc}", url=url) from exc
    except OSError as exc:
        raise MetadataError(filename, exc.strerror or str(exc), url=url) from exc


async def fetch_metadata_by_range(
    client: BaseClient, url: str, filename: str, project: str
) -> bytes:
    """The METADATA of the remote wheel at *url*, read with as few bytes as possible.

    :raises FetchError: a request failed.
    :raises MetadataError: the wheel has no readable METADATA.
    """
    reader = _RangeReader(client, url)
    try:
        tail = await reader.tail(TAIL_SIZE)
        if isinstance(tail, tuple):
            return await _from_ranges(reader, tail, filename, project)
        if tail is not None:
            # The server ignored the range and sent the whole wheel.
            with tail:
                tail.seek(0)
                return read_metadata_member(tail, filename, project, url=url)
    except _NotReadable:
        pass
    return await _whole_file(client, url, filename, project)


class _RangeReader:
    def __init__(self, client: BaseClient, url: str) -> None:
        self.client = client
        self.url = url
        self.size = 0

    async def tail(self, length: int) -> tuple[int, bytes] | IO[bytes] | None:
        """(offset, bytes) of the end of the file; when the server ignores ranges, a
        temporary file holding the whole body it sent instead (None if none)."""
        async with self.client.stream(self.url, headers={"range": f"bytes=-{length}"}) as response:
            if response.status == 200:
                import tempfile

                # Handed to the caller, who closes it; closed here if the body fails.
                spool = tempfile.TemporaryFile()  # noqa: SIM115
                try:
                    async for chunk in response.aiter_bytes():
                        spool.write(chunk)
                except BaseException:
                    spool.close()
                    raise
                return spool
            if response.status == 416:
                return None
            if response.status != 206:
                raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
            start, total = _content_range(response.headers.get("content-range", ""))
            data = await response.aread()
        if start + len(data) != total:
            raise _NotReadable
        self.size = total
        return start, data

    async def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` (exclusive)."""
        end = min(end, self.size)
        headers = {"range": f"bytes={start}-{end - 1}"}
        async with self.client.stream(self.url, headers=headers) as response:
            if response.status != 206:
                if response.ok:
                    raise _NotReadable
                raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
            got_start, _ = _content_range(response.headers.get("content-range", ""))
            data = await response.aread()
        if got_start != start or len(data) != end - start:
            raise _NotReadable
        return data


def _content_range(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*bytes\s+(\d+)-(\d+)/(\d+)\s*", value)
    if match is None:
        raise _NotReadable
    return int(match[1]), int(match[3])


async def _from_ranges(
    reader: _RangeReader, tail: tuple[int, bytes], filename: str, project: str
) -> bytes:
    tail_start, tail_data = tail
    cd_offset, cd_size = _find_central_directory(tail_start, tail_data)
    if cd_offset >= tail_start:
        central = tail_data[cd_offset - tail_start : cd_offset - tail_start + cd_size]
    else:
        central = await reader.read(cd_offset, cd_offset + cd_size)
    members = _metadata_members(central) or _parse_central_directory(central)
    name = pick_metadata(list(members), project)
    if name is None:
        raise MetadataError(
            filename, "no .dist-info/METADATA in the archive", url=reader.url, content=True
        )
    member = members[name]
    if member.method not in (_STORED, _DEFLATED):
        raise _NotReadable
    encoded_name = len(name.encode())
    start = member.header_offset
    end = start + _LOCAL.size + encoded_name + member.extra_length + member.compressed_size + _SLACK
    if start >= tail_start:
        chunk = tail_data[start - tail_start : end - tail_start]
    else:
        chunk = await reader.read(start, min(end, cd_offset))
    header = chunk[: _LOCAL.size]
    if len(header) != _LOCAL.size:
        raise _NotReadable
    fields = _LOCAL.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise _NotReadable
    data_start = _LOCAL.size + fields[10] + fields[11]
    data = chunk[data_start : data_start + member.compressed_size]
    if len(data) < member.compressed_size:
        # The local extra field was longer than the slack: read the rest.
        missing_from = start + data_start + len(data)
        data += await reader.read(missing_from, start + data_start + member.compressed_size)
    return _decompress(member, data, filename, reader.url)


def _decompress(member: _Member, data: bytes, filename: str, url: str) -> bytes:
    if member.method == _STORED:
        content = data
    else:
        try:
            content = zlib.decompressobj(-15).decompress(data, member.size + 1)
        except zlib.error as exc:
            raise _NotReadable from exc
    if len(content) != member.size or zlib.crc32(content) != member.crc:
        raise MetadataError(filename, "METADATA does not match its CRC in the archive", url=url)
    return content


def _find_central_directory(tail_start: int, tail: bytes) -> tuple[int, int]:
    position = tail.rfind(_EOCD_SIGNATURE)
    if position < 0 or position + _EOCD.size > len(tail):
        raise _NotReadable
    (_, _, _, _, entries, cd_size, cd_offset, _) = _EOCD.unpack_from(tail, position)
    if cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF or entries == 0xFFFF:
        locator_at = position - _ZIP64_LOCATOR.size
        if locator_at < 0:
            raise _NotReadable
        signature, _, eocd64_offset, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
        if signature != _ZIP64_LOCATOR_SIGNATURE:
            raise _NotReadable
        relative = eocd64_offset - tail_start
        if relative < 0 or relative + _ZIP64_EOCD.size > len(tail):
            raise _NotReadable
        fields = _ZIP64_EOCD.unpack_from(tail, relative)
        if fields[0] != _ZIP64_EOCD_SIGNATURE:
            raise _NotReadable
        cd_size, cd_offset = fields[8], fields[9]
    if cd_offset + cd_size > tail_start + len(tail):
        raise _NotReadable
    return cd_offset, cd_size


def _parse_central_directory(data: bytes) -> dict[str, _Member]:
    members: dict[str, _Member] = {}
    position = 0
    while position + _CENTRAL.size <= len(data):
        member = _member_at(data, position)
        if member is None:
            break
        members[member[0].name] = member[0]
        position = member[1]
    if not members:
        raise _NotReadable
    return members


def _member_at(data: bytes, position: int) -> tuple[_Member, int] | None:
    """The central directory entry at *position* and where the next one starts; None
    when there is no entry there."""
    if position < 0 or position + _CENTRAL.size > len(data):
        return None
    fields = _CENTRAL.unpack_from(data, position)
    if fields[0] != _CENTRAL_SIGNATURE:
        return None
    flags, method, crc = fields[5], fields[6], fields[9]
    compressed, size = fields[10], fields[11]
    name_length, extra_length, comment_length = fields[12], fields[13], fields[14]
    offset = fields[18]
    name_start = position + _CENTRAL.size
    raw_name = data[name_start : name_start + name_length]
    extra = data[name_start + name_length : name_start + name_length + extra_length]
    name = raw_name.decode("utf-8" if flags & _UTF8_FLAG else "cp437", errors="replace")
    if 0xFFFFFFFF in (compressed, size, offset):
        size, compressed, offset = _zip64_values(extra, size, compressed, offset)
    member = _Member(name, method, crc, compressed, size, offset, extra_length)
    return member, name_start + name_length + extra_length + comment_length


def _metadata_members(data: bytes) -> dict[str, _Member]:
    """The entries of the central directory *data* named ``….dist-info/METADATA``,
    found by searching for that name rather than reading every entry (a big wheel lists
    thousands); empty when the search finds none (the full reading then decides)."""
    members: dict[str, _Member] = {}
    found = data.find(_METADATA_SUFFIX)
    while found >= 0:
        end = found + len(_METADATA_SUFFIX)
        # The entry's fixed part ends where its name starts: look back for its
        # signature, past any copy of the signature bytes inside the name itself.
        start = data.rfind(_CENTRAL_SIGNATURE, 0, found)
        while start >= 0:
            name_length = int.from_bytes(data[start + 28 : start + 30], "little")
            if start + _CENTRAL.size + name_length == end:
                member = _member_at(data, start)
                if member is not None:
                    members[member[0].name] = member[0]
                break
            start = data.rfind(_CENTRAL_SIGNATURE, 0, start)
        found = data.find(_METADATA_SUFFIX, end)
    return members


def _zip64_values(extra: bytes, size: int, compressed: int, offset: int) -> tuple[int, int, int]:
    position = 0
    while position + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, position)
        body = extra[position + 4 : position + 4 + length]
        if tag == 1:
            values = [size, compressed, offset]
            cursor = 0
            for index, value in enumerate(values):
                if value == 0xFFFFFFFF:
                    if cursor + 8 > len(body):
                        raise _NotReadable
                    values[index] = struct.unpack_from("<Q", body, cursor)[0]
                    cursor += 8
            return values[0], values[1], values[2]
        position += 4 + length
    raise _NotReadable


async def _whole_file(client: BaseClient, url: str, filename: str, project: str) -> bytes:
    import tempfile

    with tempfile.TemporaryFile() as spool:
        async with client.stream(url) as response:
            if not response.ok:
                raise FetchError(response.url, f"HTTP {response.status}", status=response.status)
            async for chunk in response.aiter_bytes():
                spool.write(chunk)
        spool.seek(0)
        return read_metadata_member(spool, filename, project, url=url)
