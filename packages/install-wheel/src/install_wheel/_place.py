"""Creating files in an environment without clobbering others', and undoing an install."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import Final

from install_wheel._link import Linker, LinkMode
from install_wheel.errors import FileConflict

__all__ = ["Placer"]

_CREATE: Final = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_LINK_FALLBACK: Final = frozenset(
    {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
)
_COMPARE_CHUNK: Final = 1 << 20


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _same_content(first: str, second: str) -> bool:
    with open(first, "rb", buffering=0) as a, open(second, "rb", buffering=0) as b:
        while True:
            chunk = a.read(_COMPARE_CHUNK)
            if chunk != b.read(_COMPARE_CHUNK):
                return False
            if not chunk:
                return True


def _is_prefix(path: str, size: int, wanted: str | bytes) -> bool:
    """Whether the file *path* (of *size* bytes) holds the start of *wanted* (a file's
    path, or the bytes themselves) and less than all of it."""
    with open(path, "rb", buffering=0) as file:
        head = file.read(size + 1)
    if len(head) != size:
        return False
    if isinstance(wanted, bytes):
        return size < len(wanted) and wanted.startswith(head)
    with open(wanted, "rb", buffering=0) as file:
        start = file.read(size + 1)
    return len(start) > size and start.startswith(head)


def _owner(site_packages: str, path: str) -> str | None:
    """The ``.dist-info`` whose RECORD lists *path*; only looked up to explain a conflict."""
    try:
        relative = os.path.relpath(path, site_packages).replace(os.sep, "/")
        names = sorted(os.listdir(site_packages))
    except (OSError, ValueError):
        return None
    for name in names:
        if not name.endswith(".dist-info"):
            continue
        try:
            with open(os.path.join(site_packages, name, "RECORD"), encoding="utf-8") as file:
                for line in file:
                    if line.startswith(relative) and line[len(relative) : len(relative) + 1] in (
                        ",",
                        "",
                    ):
                        return name
        except (OSError, UnicodeDecodeError):
            continue
    return None


class Placer:
    """Creates directories and files for one install, remembering what it created.

    A destination that exists already is fine when it is the same file (a hard link
    of the same source, from an interrupted earlier run) or has the same bytes (the
    identical ``__init__.py`` that old-style namespace packages all ship). One that
    holds the first bytes of the file to place, and no distribution's RECORD lists, is
    what a copy or write cut short by a killed install leaves: it is replaced.
    Otherwise it is a `FileConflict`, unless *overwrite*. `rollback` removes what was
    created.
    """

    def __init__(self, wheel: str, site_packages: str, mode: LinkMode, *, overwrite: bool) -> None:
        self.wheel = wheel
        self.site_packages = site_packages
        self.linker = Linker(mode)
        self.overwrite = overwrite
        self.created_files: list[str] = []
        self.created_dirs: list[str] = []

    def make_dirs(self, src: str, dst: str, dirs: list[str]) -> None:
        """Create ``dst + d`` for each of *dirs* (parents first); existing directories are
        shared (namespace packages), a file in the way is a conflict with ``src + d``."""
        mkdir = os.mkdir
        created = self.created_dirs.append
        for directory in dirs:
            path = dst + directory
            try:
                mkdir(path)
            except FileExistsError:
                if not os.path.isdir(path):
                    raise self._conflict(path, Path(src + directory)) from None
                continue
            created(path)

    def make_root(self, directory: str) -> None:
        """Create a scheme directory and its missing parents (removed on rollback)."""
        missing = []
        path = directory.rstrip(os.sep) or directory
        while not os.path.isdir(path):
            missing.append(path)
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                if not os.path.isdir(path):
                    raise self._conflict(path, Path(path)) from None
                continue
            self.created_dirs.append(path)

    def place_all(self, src: str, dst: str, files: list[str]) -> None:
        """Link, clone or copy ``src + f`` to ``dst + f`` for each of *files*."""
        linker = self.linker
        place = os.link if linker.mode is LinkMode.HARDLINK else linker.place
        created = self.created_files.append
        for file in files:
            source = src + file
            destination = dst + file
            try:
                place(source, destination)
            except FileExistsError:
                self._existing(source, destination)
                continue
            except OSError as exc:
                if place is not os.link or exc.errno not in _LINK_FALLBACK:
                    raise
                # The linker repeats the link once, then falls back to copying.
                place = linker.place
                try:
                    place(source, destination)
                except FileExistsError:
                    self._existing(source, destination)
                    continue
            created(destination)

    def write(self, destination: str, data: bytes, *, source: Path, executable: bool) -> None:
        """Create *destination* holding *data* (mode 0o777 or 0o666 under the umask);
        *source* is what the data was made from, for a conflict's message."""
        try:
            fd = os.open(destination, _CREATE, 0o777 if executable else 0o666)
        except FileExistsError:
            self._existing_bytes(destination, data, source, executable=executable)
            return
        self.created_files.append(destination)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def _conflict(self, destination: str, source: Path) -> FileConflict:
        return FileConflict(
            self.wheel, Path(destination), source, _owner(self.site_packages, destination)
        )

    def _existing(self, source: str, destination: str) -> None:
        try:
            present = os.lstat(destination)
        except FileNotFoundError:
            # Removed meanwhile by someone else: place it after all.
            self.linker.place(source, destination)
            self.created_files.append(destination)
            return
        cut_short = False
        if stat.S_ISREG(present.st_mode):
            wanted = os.stat(source)
            if os.path.samestat(present, wanted):
                return
            if present.st_size == wanted.st_size and _same_content(source, destination):
                return
            cut_short = present.st_size < wanted.st_size and self._left_by_a_crash(
                destination, present.st_size, source
            )
        if not (self.overwrite or cut_short) or stat.S_ISDIR(present.st_mode):
            raise self._conflict(destination, Path(source))
        temp = self._temp_beside(destination)
        self.linker.place(source, temp)
        os.replace(temp, destination)

    def _existing_bytes(
        self, destination: str, data: bytes, source: Path, *, executable: bool
    ) -> None:
        cut_short = False
        with suppress(OSError):
            present = os.lstat(destination)
            if stat.S_ISREG(present.st_mode) and present.st_size == len(data):
                with open(destination, "rb") as file:
                    if file.read() == data:
                        return
            if stat.S_ISREG(present.st_mode) and present.st_size < len(data):
                cut_short = self._left_by_a_crash(destination, present.st_size, data)
        if not (self.overwrite or cut_short) or os.path.isdir(destination):
            raise self._conflict(destination, source)
        temp = self._temp_beside(destination)
        fd = os.open(temp, _CREATE, 0o777 if executable else 0o666)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, destination)

    def _left_by_a_crash(self, destination: str, size: int, wanted: str | bytes) -> bool:
        """Whether *destination* is the start of *wanted* that nobody owns: a file an
        install killed mid-copy left (hard links are never partial; copies, clones and
        generated files are written in place)."""
        try:
            if not _is_prefix(destination, size, wanted):
                return False
        except OSError:
            return False
        return _owner(self.site_packages, destination) is None

    @staticmethod
    def _temp_beside(destination: str) -> str:
        head, tail = os.path.split(destination)
        return os.path.join(head, f".{tail[:60]}.{os.urandom(4).hex()}.tmp")

    def rollback(self) -> None:
        """Remove the files and directories this install created, newest first."""
        for path in reversed(self.created_files):
            with suppress(OSError):
                os.unlink(path)
        for path in reversed(self.created_dirs):
            with suppress(OSError):
                os.rmdir(path)
        self.created_files.clear()
        self.created_dirs.clear()
