"""`extract_archive`: unpack a source distribution (tar or zip) without trusting it."""

from __future__ import annotations

import contextlib
import gzip
import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from puffin_build._members import Kind, MemberCheck
from puffin_build.errors import InvalidSourceArchive

__all__ = [
    "ARCHIVE_SUFFIXES",
    "DEFAULT_MAX_UNPACKED",
    "MAX_COMPRESSION_RATIO",
    "extract_archive",
]

_MIB: Final = 1024 * 1024

DEFAULT_MAX_UNPACKED: Final = 4 * 1024 * _MIB
"""The most bytes an archive may unpack to by default (4 GiB)."""

MAX_COMPRESSION_RATIO: Final = 200
"""The largest uncompressed/compressed size ratio of a zip member of 1 MiB or more.

Source files compress by 3 to 20 times; a member that inflates hundreds of times
is a zip bomb.
"""

ARCHIVE_SUFFIXES: Final = (".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip")
"""The file name endings `extract_archive` knows (compared without case)."""

# A symbolic link stored in a zip holds its target as data: a few hundred bytes at most.
_MAX_ZIP_LINK: Final = 4096
_CHUNK: Final = 256 * 1024
# Errors that mean "the archive's data is bad" (an OSError without errno is also one:
# bz2 and gzip raise those; OSErrors with an errno come from the file system).
_CORRUPT: Final = (
    tarfile.TarError,
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    gzip.BadGzipFile,
    NotImplementedError,
    UnicodeDecodeError,
)


def extract_archive(archive: Path, target: Path, *, max_size: int = DEFAULT_MAX_UNPACKED) -> Path:
    """Unpack the source archive *archive* into the existing, empty directory *target*.

    Every member is checked before anything is written: an absolute path, a ``..``
    component, a link that resolves outside the tree, a member under a link, a device
    or FIFO, more than *max_size* bytes in all, or (in a zip) a member that inflates
    more than `MAX_COMPRESSION_RATIO` times refuse the whole archive. Executable bits
    are kept; owners, set-id bits and write bits for others are not.

    :returns: the project root: the archive's single top-level directory if it has
        exactly one (``foo-1.0/``, as sdists do), else *target*.
    :raises InvalidSourceArchive: the archive is refused, unreadable, corrupt or of an
        unknown kind; it names the member at fault.
    """
    name = archive.name
    lowered = name.lower()
    if lowered.endswith(".zip"):
        check = _extract_zip(archive, target, max_size)
    elif lowered.endswith(ARCHIVE_SUFFIXES):
        check = _extract_tar(archive, target, max_size)
    else:
        raise InvalidSourceArchive(
            name, None, f"unknown archive format (expected one of {', '.join(ARCHIVE_SUFFIXES)})"
        )
    top = check.root()
    return target / top if top is not None else target


def _corrupt(archive: str, exc: BaseException) -> InvalidSourceArchive:
    # tarfile lists every compression it tried, one per line: the first line says enough.
    reason = (str(exc) or type(exc).__name__).splitlines()[0].rstrip(":")
    return InvalidSourceArchive(archive, None, f"the archive is corrupt or truncated ({reason})")


def _unreadable(archive: str, exc: OSError) -> InvalidSourceArchive:
    return InvalidSourceArchive(archive, None, f"cannot read it: {exc.strerror or exc}")


@contextlib.contextmanager
def _reading(archive: Path) -> Iterator[None]:
    """Turn the archive libraries' errors into `InvalidSourceArchive` (an error writing
    the target passes through)."""
    try:
        yield
    except InvalidSourceArchive:
        raise
    except _CORRUPT as exc:
        raise _corrupt(archive.name, exc) from exc
    except OSError as exc:
        if exc.errno is None:
            raise _corrupt(archive.name, exc) from exc
        if exc.filename is None or Path(exc.filename) == archive:
            raise _unreadable(archive.name, exc) from exc
        raise


def _extract_tar(archive: Path, target: Path, max_size: int) -> MemberCheck:
    check = MemberCheck(archive.name, max_size=max_size)
    # "r:*" rather than the suffix's compression: some .tar.gz files are plain tars.
    with _reading(archive), tarfile.open(archive, "r:*") as tar:
        wanted = [member for member in tar.getmembers() if _check_tar(check, member)]
        check.finish()
        _extract_tar_members(check, tar, wanted, target)
    return check


def _check_tar(check: MemberCheck, member: tarfile.TarInfo) -> bool:
    """Check one tar member; whether to extract it (the root directory is not)."""
    name = member.name
    if member.isreg():
        return check.add(name, "file", size=member.size) is not None
    if member.isdir():
        return check.add(name, "dir") is not None
    if member.issym():
        return check.add(name, "link", link=member.linkname) is not None
    if member.islnk():
        check.hard_link(name, member.linkname)
        return True
    if member.ischr() or member.isblk():
        raise check.refuse(name, "a device file")
    if member.isfifo():
        raise check.refuse(name, "a FIFO")
    raise check.refuse(name, f"an unsupported member type ({member.type!r})")


def _extract_tar_members(
    check: MemberCheck, tar: tarfile.TarFile, members: list[tarfile.TarInfo], target: Path
) -> None:
    if not hasattr(tarfile, "data_filter"):  # pragma: no cover - Python 3.11.0 to 3.11.3
        # The checks above stand alone; the filter is a second line of defence.
        tar.extractall(target, members=members)
        return
    try:
        tar.extractall(target, members=members, filter="data")
    except tarfile.FilterError as exc:
        raise InvalidSourceArchive(check.archive, exc.tarinfo.name, str(exc)) from exc


def _extract_zip(archive: Path, target: Path, max_size: int) -> MemberCheck:
    check = MemberCheck(archive.name, max_size=max_size)
    with _reading(archive), zipfile.ZipFile(archive) as zf:
        plan = [_check_zip(check, zf, info) for info in zf.infolist()]
        check.finish()
        _write_zip(check, zf, plan, target)
    return check


_ZipItem = tuple[zipfile.ZipInfo, str | None, Kind, int, str]


def _check_zip(check: MemberCheck, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> _ZipItem:
    """Check one zip member: (info, normalized path, kind, permission bits, link target)."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise check.refuse(name, "an encrypted member")
    # Permission bits are only meaningful in archives made on Unix.
    mode = info.external_attr >> 16 if info.create_system == 3 else 0
    kind = stat.S_IFMT(mode)
    if kind in (stat.S_IFCHR, stat.S_IFBLK):
        raise check.refuse(name, "a device file")
    if kind == stat.S_IFIFO:
        raise check.refuse(name, "a FIFO")
    if kind == stat.S_IFSOCK:
        raise check.refuse(name, "a socket")
    if info.is_dir():
        return (info, check.add(name, "dir"), "dir", 0, "")
    if kind == stat.S_IFLNK:
        if info.file_size > _MAX_ZIP_LINK:
            raise check.refuse(name, "a symbolic link with an overlong target")
        link = zf.read(info).decode("utf-8")
        return (info, check.add(name, "link", link=link), "link", 0, link)
    if info.file_size >= _MIB and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        raise check.refuse(
            name,
            f"it inflates {info.file_size} bytes from {info.compress_size} "
            f"(over {MAX_COMPRESSION_RATIO} times; a zip bomb?)",
        )
    return (info, check.add(name, "file", size=info.file_size), "file", mode & 0o777, "")


def _write_zip(check: MemberCheck, zf: zipfile.ZipFile, plan: list[_ZipItem], target: Path) -> None:
    base = os.fspath(target)
    written = 0
    links = []
    for info, path, kind, mode, link in plan:
        if path is None:
            continue
        dest = os.path.join(base, *path.split("/"))
        if kind == "dir":
            os.makedirs(dest, exist_ok=True)
        elif kind == "link":
            links.append((dest, link))
        else:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            written += _write_member(check, zf, info, dest, mode, check.max_size - written)
    # Links last: no member is written through one (MemberCheck refuses that), and a
    # link to a later member then points at something that exists.
    for dest, link in links:
        os.symlink(link, dest)


def _write_member(
    check: MemberCheck, zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: str, mode: int, room: int
) -> int:
    """Copy one member to *dest*; the bytes written, never more than *room*."""
    # The umask applies to these modes, as it would to files a tool creates.
    permissions = 0o777 if mode & stat.S_IXUSR else 0o666
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    written = 0
    with zf.open(info) as source, open(os.open(dest, flags, permissions), "wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            # The sizes were checked, but they are the archive's own claims.
            if written > room:
                raise check.refuse(
                    info.filename, f"the archive unpacks to more than {check.max_size} bytes"
                )
            out.write(chunk)
    return written
