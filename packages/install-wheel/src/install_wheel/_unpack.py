"""`unpack_wheel`: a wheel's files, checked member by member, renamed into place whole."""

from __future__ import annotations

import itertools
import os
import re
import stat
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Final

from install_wheel._zipdata import MemberData
from install_wheel._zipdir import ZipEntry
from install_wheel.errors import InvalidWheel, RecordMismatch, UnsafeArchive, WriteError
from puffin_cache import TEMP_PREFIX, CacheWriteError, persist_dir, remove_tree

if TYPE_CHECKING:
    from install_wheel._record import RecordEntry

__all__ = ["UnpackLimits", "unpack_wheel"]

_MIB: Final = 1 << 20
_GIB: Final = 1 << 30
# RECORD is read whole; a million files take some 100 MiB of it.
_MAX_RECORD: Final = 256 * _MIB
_DRIVE: Final = re.compile(r"^[A-Za-z]:")
_SPECIAL_KINDS: Final = {
    stat.S_IFLNK: "a symbolic link (wheels may not hold links)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}
# stat.S_IFMT as a mask: a bitwise and costs less than the call, per member.
_S_IFMT: Final = 0o170000
_NOT_HASHED: Final = frozenset({"RECORD", "RECORD.jws", "RECORD.p7s"})
# Flags for files we create: never follow a link, never reuse an existing name.
_CREATE: Final = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
# The smallest local file header: what a member occupies before its data.
_LOCAL_HEADER: Final = 30


@dataclass(frozen=True, slots=True)
class UnpackLimits:
    """Caps that stop zip bombs before (and while) anything is written.

    ``max_total_size`` bounds the sum of the members' sizes, ``max_members`` their
    number; a member of at least ``ratio_floor`` bytes may be at most ``max_ratio``
    times bigger than its compressed data (deflate of real files stays far below
    100, of zeros near 1,000).

    >>> UnpackLimits().max_total_size == 4 * 1024**3
    True
    """

    max_total_size: int = 4 * _GIB
    max_members: int = 200_000
    max_ratio: float = 200.0
    ratio_floor: int = _MIB


# A file member: its normalized, "/"-separated relative path, and its entry.
_File = tuple[str, ZipEntry]


def _safe_path(name: str) -> tuple[str | None, str]:
    """The normalized relative path of member *name*, or ``None`` and the reason."""
    if (
        # The usual member: nothing to normalize, nothing to refuse.
        "/." not in name
        and "//" not in name
        and "\\" not in name
        and "\x00" not in name
        and name[:1] not in ("/", ".", "")
        and name[1:2] != ":"
    ):
        return name.rstrip("/"), ""
    if "\x00" in name:
        return None, "its name holds a NUL character"
    if name.startswith(("/", "\\")):
        return None, "it has an absolute path"
    if _DRIVE.match(name):
        return None, "it has an absolute path with a drive letter"
    parts = []
    # Backslashes separate on Windows, so "..\\x" must be refused on every platform.
    for part in name.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            return None, "its path holds a '..' component and would land outside the target"
        parts.append(part)
    if not parts:
        return None, "its name is empty"
    return "/".join(parts), ""


def _check_members(
    entries: list[ZipEntry], wheel: str, limits: UnpackLimits
) -> tuple[list[_File], list[str]]:
    """Every file member (checked) and every directory to create, from the central directory."""
    if len(entries) > limits.max_members:
        raise UnsafeArchive(
            wheel, entries[limits.max_members].name, f"over {limits.max_members} members"
        )
    files: list[_File] = []
    file_paths: set[str] = set()
    dirs: set[str] = set()
    seen: set[str] = set()
    total = 0
    max_total, ratio_floor, max_ratio = limits.max_total_size, limits.ratio_floor, limits.max_ratio
    for entry in entries:
        name = entry.name
        path, reason = _safe_path(name)
        if path is None:
            raise UnsafeArchive(wheel, name, reason)
        if path in seen:
            raise UnsafeArchive(wheel, name, "another member has the same path")
        seen.add(path)
        if entry.flags & 0x1:
            raise UnsafeArchive(wheel, name, "it is encrypted")
        kind = entry.mode & _S_IFMT
        if kind in _SPECIAL_KINDS:
            raise UnsafeArchive(wheel, name, f"it is {_SPECIAL_KINDS[kind]}")
        size = entry.file_size
        if kind == stat.S_IFDIR or name.endswith(("/", "\\")):
            if size:
                raise UnsafeArchive(wheel, name, "a directory entry with content")
            dirs.add(path)
            continue
        total += size
        if total > max_total:
            raise UnsafeArchive(
                wheel,
                name,
                f"the members add up to over {max_total // _MIB} MiB "
                "(a zip bomb?); raise UnpackLimits.max_total_size to allow it",
            )
        if size >= ratio_floor and size > max_ratio * max(entry.compress_size, 1):
            raise UnsafeArchive(
                wheel,
                name,
                f"it expands {size // max(entry.compress_size, 1)} times "
                f"(over {max_ratio:g}; a zip bomb?)",
            )
        files.append((path, entry))
        file_paths.add(path)
    # Most paths share their parent with others: walk up from each parent once.
    for parent in {path.rpartition("/")[0] for path in itertools.chain(file_paths, dirs)}:
        while parent and parent not in dirs:
            dirs.add(parent)
            parent = parent.rpartition("/")[0]
    clash = file_paths & dirs
    if clash:
        path = min(clash)
        raise UnsafeArchive(wheel, path, "it is both a file and a directory")
    _check_overlap(entries, wheel)
    return files, sorted(dirs)


def _check_overlap(entries: list[ZipEntry], wheel: str) -> None:
    # Members that share compressed bytes expand a small file into a huge one
    # without any single member's ratio looking wrong.
    ordered = sorted(entries, key=attrgetter("offset"))
    for first, second in itertools.pairwise(ordered):
        if first.offset + _LOCAL_HEADER + first.compress_size > second.offset:
            raise UnsafeArchive(
                wheel, second.name, f"its data overlaps member {first.name!r} (a zip bomb?)"
            )


def _find_dist_info(files: list[_File], wheel: str) -> str:
    names = {path.partition("/")[0] for path, _ in files if path.count("/") == 1}
    found = sorted(n for n in names if n.endswith(".dist-info"))
    if not found:
        raise InvalidWheel(wheel, "no top-level .dist-info directory")
    if len(found) > 1:
        raise InvalidWheel(wheel, f"several .dist-info directories: {', '.join(found)}")
    wheel_file = f"{found[0]}/WHEEL"
    if not any(path == wheel_file for path, _ in files):
        raise InvalidWheel(wheel, f"no {wheel_file} file")
    return found[0]


def _read_record(
    data: MemberData, files: list[_File], dist_info: str, wheel: str
) -> dict[str, RecordEntry]:
    entry = next((e for path, e in files if path == f"{dist_info}/RECORD"), None)
    if entry is None:
        raise InvalidWheel(wheel, f"no {dist_info}/RECORD file")
    if entry.file_size > _MAX_RECORD:
        raise InvalidWheel(wheel, f"{dist_info}/RECORD is over {_MAX_RECORD // _MIB} MiB")
    raw = data.read(entry)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidWheel(wheel, f"unreadable RECORD: {exc}") from exc
    # RECORD is read only when verifying, and so is its module (csv, base64, hashlib):
    # an unpacking worker of the installer never needs them.
    from install_wheel._record import parse_record

    entries = parse_record(text, wheel=wheel)
    return {(_safe_path(e.path)[0] or e.path): e for e in entries}


def _verify(
    entry: ZipEntry,
    row: RecordEntry | None,
    expected: tuple[str, bytes] | None,
    digest: bytes,
    wheel: str,
) -> None:
    """Refuse *entry* unless its RECORD *row* (with the `strong_hash` *expected* of it)
    lists its size and the *digest* of what was written."""
    name = entry.name
    if row is None:
        raise RecordMismatch(wheel, name, "it is not listed in RECORD")
    if expected is None or row.size is None:
        raise RecordMismatch(wheel, name, f"RECORD gives no usable hash and size ({row.hash!r})")
    if row.size != entry.file_size:
        raise RecordMismatch(wheel, name, f"size {entry.file_size}, RECORD says {row.size}")
    if digest != expected[1]:
        raise RecordMismatch(wheel, name, f"its {expected[0]} digest differs from RECORD's")


def _temp_dir_beside(target: Path) -> Path:
    # Beside the target so the final rename stays on one file system; TEMP_PREFIX
    # marks it as unfinished work for readers and `puffin clean`.
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temp = target.parent / f"{TEMP_PREFIX}{os.urandom(6).hex()}-{target.name[:60]}"
        try:
            temp.mkdir(0o777)
        except FileExistsError:
            continue
        return temp


def unpack_wheel(
    wheel_path: str | os.PathLike[str],
    target_dir: str | os.PathLike[str],
    *,
    limits: UnpackLimits | None = None,
    verify_record: bool = False,
    name: str | None = None,
) -> Path:
    """Unzip the wheel at *wheel_path* into *target_dir*, atomically, and return it.

    The central directory is checked first: members with absolute paths, drive
    letters or ``..`` components (``\\`` counts as a separator), links, devices,
    duplicate paths, encryption, overlapping data, and sizes or ratios over
    *limits* refuse the whole wheel. Sizes are counted again while extracting.
    Files go into a temporary directory beside *target_dir* that is renamed into
    place at the end; if *target_dir* appeared meanwhile (another process), that
    copy is kept. Executable bits are kept, other modes follow the umask.

    With *verify_record*, every member except RECORD and its signatures must be
    listed in RECORD with a sha256-or-stronger hash and size, and match; RECORD
    rows for files the wheel does not hold are ignored (as pip does).

    Errors name the wheel *name* (default: the file name of *wheel_path*), for a wheel
    read from a temporary file or from memory (``/proc/<pid>/fd/<n>``).

    :raises UnsafeArchive: a member is refused; nothing was written.
    :raises RecordMismatch: a member's hash or size differs from RECORD.
    :raises InvalidWheel: not a zip, or no single ``.dist-info`` with ``WHEEL``.
    :raises WriteError: the target could not be written.
    """
    limits = UnpackLimits() if limits is None else limits
    wheel = name or os.path.basename(os.fspath(wheel_path))
    target = Path(target_dir)
    try:
        file = open(wheel_path, "rb")  # noqa: SIM115 - closed below, after the archive
    except OSError as exc:
        raise InvalidWheel(wheel, f"cannot read it: {exc.strerror or exc}") from exc
    with file:
        try:
            data = MemberData(file, wheel)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise InvalidWheel(wheel, f"cannot read it as a zip archive: {reason}") from exc
        try:
            return _unpack(data, wheel, target, limits, verify_record=verify_record)
        finally:
            data.close()


def _unpack(
    data: MemberData,
    wheel: str,
    target: Path,
    limits: UnpackLimits,
    *,
    verify_record: bool,
) -> Path:
    files, dirs = _check_members(data.entries, wheel, limits)
    dist_info = _find_dist_info(files, wheel)
    record = _read_record(data, files, dist_info, wheel) if verify_record else None
    try:
        temp = _temp_dir_beside(target)
    except OSError as exc:
        raise WriteError(wheel, target, exc.strerror or str(exc)) from exc
    try:
        _unpack_into(data, files, dirs, temp, wheel, record, dist_info)
        try:
            return persist_dir(temp, target)
        except CacheWriteError as exc:
            raise WriteError(wheel, target, exc.reason) from exc
    finally:
        remove_tree(temp)


def _unpack_into(
    data: MemberData,
    files: list[_File],
    dirs: list[str],
    temp: Path,
    wheel: str,
    record: dict[str, RecordEntry] | None,
    dist_info: str,
) -> None:
    sep = os.sep
    root = os.fspath(temp) + sep
    write = data.write
    current = ""
    try:
        for current in dirs:  # sorted: parents first
            os.mkdir(root + current.replace("/", sep))
        for current, entry in files:
            fd = os.open(
                root + current.replace("/", sep),
                _CREATE,
                0o777 if entry.mode & 0o111 else 0o666,
            )
            try:
                if record is None:
                    write(entry, fd, None)
                else:
                    _write_checked(data, current, entry, fd, record, wheel, dist_info)
            finally:
                os.close(fd)
    except FileExistsError as exc:
        # Only a case-insensitive file system maps two distinct member paths to one file.
        raise UnsafeArchive(
            wheel, current, "another member has the same path on this case-insensitive disk"
        ) from exc
    except OSError as exc:
        raise WriteError(wheel, temp / current, exc.strerror or str(exc)) from exc


def _write_checked(
    data: MemberData,
    path: str,
    entry: ZipEntry,
    fd: int,
    record: dict[str, RecordEntry],
    wheel: str,
    dist_info: str,
) -> None:
    """Write one member to *fd*, then check it against its RECORD row (RECORD and its
    signatures have none)."""
    if path.startswith(dist_info + "/") and path.rpartition("/")[2] in _NOT_HASHED:
        data.write(entry, fd, None)
        return
    import hashlib

    from install_wheel._record import strong_hash

    row = record.get(path)
    expected = strong_hash(row.hash) if row else None
    # Without a usable row the member is refused below; hash it anyway, like the others.
    hasher = hashlib.new(expected[0] if expected else "sha256")
    data.write(entry, fd, hasher.update)
    _verify(entry, row, expected, hasher.digest(), wheel)
