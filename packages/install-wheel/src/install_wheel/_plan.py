"""The files of an unpacked wheel, tree by tree, and the RECORD lines that describe them.

This is the per-file hot path of an install: one ``scandir`` per directory, one
string per file, and RECORD lines built from the wheel's own RECORD text without
a CSV round trip.
"""

from __future__ import annotations

import csv
import io
import os
import re
from typing import Final, cast

from install_wheel._record import hash_file, strong_hash
from install_wheel.errors import InvalidWheel

__all__ = ["Tree", "record_line", "trusted_tails"]

_SHA256_LINE: Final = re.compile(r"^([^\",\r\n][^,\r\n]*)(,sha256=[A-Za-z0-9_-]{43},\d+)\r?$", re.M)
_NEEDS_QUOTES: Final = re.compile(r'[,"\r\n]')


def record_line(path: str, digest: str, size: int | str) -> str:
    """One RECORD line (without its newline), the path quoted as CSV needs.

    >>> record_line("a,b.py", "sha256=x", 3)
    '"a,b.py",sha256=x,3'
    """
    return f"{_quote(path)},{digest},{size}"


def _quote(path: str) -> str:
    if _NEEDS_QUOTES.search(path) is None:
        return path
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([path])
    return out.getvalue()


def trusted_tails(text: str) -> dict[str, str]:
    """``path -> ",hash,size"`` for the RECORD rows whose hash and size can be reused:
    a sha256-or-stronger hash and a decimal size. Other rows are left out (their
    files get hashed), so a malformed RECORD costs time, never correctness.

    >>> trusted_tails("a.py,sha256=" + "A" * 43 + ",5\\nb.py,,\\n")
    {'a.py': ',sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,5'}
    """
    # The usual line (unquoted path, sha256) is matched without a Python loop.
    tails = dict(_SHA256_LINE.findall(text))
    lines = text.count("\n") + (not text.endswith("\n"))
    # Every RECORD has one row without a hash (its own); more need a closer look.
    if lines - len(tails) > 1:
        for line in text.splitlines():
            _other_line(line, tails)
    return tails


def _other_line(line: str, tails: dict[str, str]) -> None:
    if line.startswith('"'):
        try:
            row = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            return
        if len(row) != 3:
            return
        path, digest, size = row
    else:
        path, _, rest = line.partition(",")
        digest, _, size = rest.partition(",")
    if path not in tails and size.isdigit() and strong_hash(digest) is not None:
        tails[path] = f",{digest},{size}"


class Tree:
    """The files below one source directory that land below one destination directory.

    ``src`` and ``dst`` end with a separator; ``rec`` (the RECORD prefix of the
    destination, relative to site-packages) and ``key`` (the RECORD prefix of the
    source in the wheel) end with ``/`` or are empty. ``files`` and ``dirs`` are
    relative paths with native separators, directories parents first.
    """

    __slots__ = ("dirs", "dst", "files", "key", "rec", "src")

    def __init__(self, src: str, dst: str, rec: str, key: str) -> None:
        self.src = src
        self.dst = dst
        self.rec = rec
        self.key = key
        self.files: list[str] = []
        self.dirs: list[str] = []

    def walk(self, wheel: str, skip: frozenset[str] = frozenset()) -> Tree:
        """Collect every file and directory below ``src``, leaving out top-level
        entries named in *skip*.

        :raises InvalidWheel: a symbolic link or special file (unpacking never makes one).
        """
        files, dirs = self.files, self.dirs
        sep = os.sep
        stack = [(self.src, "")]
        while stack:
            directory, prefix = stack.pop()
            with os.scandir(directory) as entries:
                for entry in entries:
                    name = entry.name
                    if not prefix and name in skip:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        relative = prefix + name
                        dirs.append(relative)
                        stack.append((entry.path, relative + sep))
                    elif entry.is_file(follow_symlinks=False):
                        files.append(prefix + name)
                    else:
                        raise InvalidWheel(
                            wheel, f"{entry.path} is a link or special file, not a regular file"
                        )
        return self

    def destinations(self) -> list[str]:
        """The absolute destination of every file."""
        dst = self.dst
        return [dst + name for name in self.files]

    def record_lines(self, trusted: dict[str, str]) -> list[str]:
        """RECORD lines for every file: the wheel's hash and size where *trusted* has
        them (see `trusted_tails`), else the installed file hashed."""
        # map() and comprehensions keep the per-file work out of the interpreter loop.
        names = self.files if os.sep == "/" else [f.replace(os.sep, "/") for f in self.files]
        key, rec = self.key, self.rec
        tails = list(map(trusted.get, [key + n for n in names] if key else names))
        if None in tails:
            for index, tail in enumerate(tails):
                if tail is None:
                    digest, size = hash_file(self.dst + self.files[index])
                    tails[index] = f",{digest},{size}"
        paths = [rec + n for n in names] if rec else names
        if _NEEDS_QUOTES.search("\0".join(paths)) is not None:
            paths = [_quote(path) for path in paths]
        return list(map(str.__add__, paths, cast("list[str]", tails)))
