"""Files as rows: the compact form of a project page's files, read fast and made `File`s late.

A row is a tuple of plain data: ``(filename, url, hashes, requires_python, yank_reason,
core_metadata, upload_time, size)`` with *hashes* None or ``(sha256, sha384, sha512,
md5)``, *yank_reason* None (not yanked) or a string (``""``: no reason given),
*core_metadata* a bool or a hashes tuple, and *upload_time* ISO 8601 text with a zone.
Pages hold thousands of files of which a resolution looks closely at a few: `FileRows`
keeps rows and makes the `File` of a row only when it is asked for (PEP 691 pages are
read as rows by `pypi_types._json_rows`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Final, overload

from pypi_types._hashes import Hashes
from pypi_types._simple import File, Yanked

__all__ = ["FileRows", "file_from_row", "files_from_rows", "files_to_rows", "hashes_to_row"]

_NO_HASHES: Final = Hashes()


def hashes_to_row(hashes: Hashes) -> tuple[str | None, ...] | None:
    """The row form of *hashes*: None when empty."""
    if hashes.is_empty:
        return None
    return (hashes.sha256, hashes.sha384, hashes.sha512, hashes.md5)


def files_to_rows(files: Sequence[File]) -> list[tuple[Any, ...]]:
    """*files* as rows (a `FileRows` gives its own)."""
    if isinstance(files, FileRows):
        return files.rows
    rows = []
    for file in files:
        core = file.core_metadata
        rows.append(
            (
                file.filename,
                file.url,
                hashes_to_row(file.hashes),
                file.requires_python,
                None if file.yanked is None else (file.yanked.reason or ""),
                core if isinstance(core, bool) else hashes_to_row(core),
                None if file.upload_time is None else file.upload_time.isoformat(),
                file.size,
            )
        )
    return rows


def file_from_row(row: tuple[Any, ...]) -> File:
    """The `File` of one row."""
    filename, url, hashes, requires_python, yanked, core, upload_time, size = row
    return File(
        filename,
        url,
        _NO_HASHES if hashes is None else Hashes(*hashes),
        requires_python,
        None if yanked is None else Yanked(yanked or None),
        core if core is False or core is True else Hashes(*core),
        None if upload_time is None else datetime.fromisoformat(upload_time),
        size,
    )


def files_from_rows(rows: Any) -> tuple[File, ...]:
    """The files of *rows*, all made now.

    :raises ValueError: *rows* are not rows.
    """
    try:
        if not all(type(row[0]) is str and type(row[1]) is str for row in rows):
            raise ValueError("not file rows")
        return tuple(map(file_from_row, rows))
    except (TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"not file rows: {exc}") from None


class FileRows(Sequence[File]):
    """The files of a page, kept as rows (see the module doc) and made `File`s on access.

    ``rows`` are there for a fast first pass (filenames, upload times); `file_from_row`
    makes the `File` of a row picked.

    >>> rows = FileRows([("a-1.0.tar.gz", "https://example.com/a-1.0.tar.gz",
    ...                   None, None, None, False, None, None)])
    >>> rows[0].filename, len(rows)
    ('a-1.0.tar.gz', 1)
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: list[tuple[Any, ...]] | None) -> None:
        self._rows = rows

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """Every row, in the page's order (a lazy subclass makes them on first use)."""
        rows = self._rows
        if rows is None:
            rows = self._rows = self._load_rows()
        return rows

    def _load_rows(self) -> list[tuple[Any, ...]]:
        """The rows of a subclass that keeps them in another form (``None`` was given)."""
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> File: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[File, ...]: ...
    def __getitem__(self, index: int | slice) -> File | tuple[File, ...]:
        if isinstance(index, slice):
            return tuple(file_from_row(row) for row in self.rows[index])
        return file_from_row(self.rows[index])

    def __iter__(self) -> Iterator[File]:
        return iter(files_from_rows(self.rows))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FileRows):
            return self.rows == other.rows
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<FileRows({len(self.rows)} files)>"
