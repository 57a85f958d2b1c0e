"""RECORD files: rows of path, hash and size (PEP 376, PEP 427)."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from install_wheel.errors import InvalidWheel

__all__ = [
    "RecordEntry",
    "format_record",
    "hash_bytes",
    "hash_file",
    "parse_record",
    "strong_hash",
]

# md5 and sha1 are too weak for the wheel spec; shake_* need a length RECORD cannot give.
_STRONG: Final = frozenset(hashlib.algorithms_guaranteed) - {
    "md5",
    "sha1",
    "shake_128",
    "shake_256",
}
_CHUNK: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One RECORD row: a ``/``-separated path, ``algorithm=urlsafe-b64`` hash, size.

    >>> RecordEntry.from_row(["a/b.py", "sha256=AAAA", "3"])
    RecordEntry(path='a/b.py', hash='sha256=AAAA', size=3)
    >>> RecordEntry.from_row(["a.dist-info/RECORD", "", ""]).hash is None
    True
    """

    path: str
    hash: str | None
    size: int | None

    @classmethod
    def from_row(cls, row: list[str]) -> RecordEntry:
        """Read a CSV row; a missing or unreadable hash or size reads as unknown."""
        path = row[0]
        digest = row[1] if len(row) > 1 and row[1] else None
        size_text = row[2] if len(row) > 2 else ""
        size = int(size_text) if size_text.isdigit() else None
        return cls(path, digest, size)

    def to_row(self) -> tuple[str, str, str]:
        """The CSV fields, unknown ones empty."""
        return (self.path, self.hash or "", "" if self.size is None else str(self.size))


def parse_record(text: str, *, wheel: str) -> list[RecordEntry]:
    """Parse a RECORD file; rows with an empty path are skipped.

    Unknown or malformed hashes and sizes are kept as unknown (``None``) rather
    than refused: many published wheels carry them, and a missing hash only means
    the installer hashes that file itself.

    :raises InvalidWheel: the text is not CSV.
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidWheel(wheel, f"RECORD is not valid CSV: {exc}") from exc
    return [RecordEntry.from_row(row) for row in rows if row and row[0]]


def format_record(entries: Iterable[RecordEntry | tuple[str, str, str]]) -> bytes:
    """The RECORD file for *entries*, UTF-8, ``\\n`` line ends, CSV quoting where needed.

    >>> format_record([RecordEntry("a,b.py", "sha256=x", 1), ("a.dist-info/RECORD", "", "")])
    b'"a,b.py",sha256=x,1\\na.dist-info/RECORD,,\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(e.to_row() if isinstance(e, RecordEntry) else e for e in entries)
    return out.getvalue().encode("utf-8")


def strong_hash(digest: str | None) -> tuple[str, bytes] | None:
    """``(algorithm, raw digest)`` of a RECORD hash good enough to trust, else ``None``.

    >>> strong_hash("sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")[0]
    'sha256'
    >>> strong_hash("md5=1B2M2Y8AsgTpgAmY7PhCfg") is None
    True
    """
    if not digest:
        return None
    algorithm, sep, encoded = digest.partition("=")
    if not sep or algorithm not in _STRONG:
        return None
    try:
        raw = urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        return None
    if len(raw) != hashlib.new(algorithm).digest_size:
        return None
    return algorithm, raw


def _encode(algorithm: str, raw: bytes) -> str:
    return f"{algorithm}={urlsafe_b64encode(raw).rstrip(b'=').decode('ascii')}"


def hash_bytes(data: bytes, algorithm: str = "sha256") -> tuple[str, int]:
    """The RECORD hash and size of *data*.

    >>> hash_bytes(b"")
    ('sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU', 0)
    """
    return _encode(algorithm, hashlib.new(algorithm, data).digest()), len(data)


def hash_file(path: str | os.PathLike[str], algorithm: str = "sha256") -> tuple[str, int]:
    """The RECORD hash and size of the file at *path*."""
    hasher = hashlib.new(algorithm)
    size = 0
    with open(path, "rb", buffering=0) as file:
        while chunk := file.read(_CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return _encode(algorithm, hasher.digest()), size
