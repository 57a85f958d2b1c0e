"""The files of a PEP 691 page read as rows (see `pypi_types._rows`), without objects.

Checking an upload time with a regular expression cost more than the rest of an
entry's reading: the times of a page are checked together instead, in a few C-level
passes over their joined text (they are nearly always written alike), and each
entry's other fields in one short loop.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any, Final

from pypi_types._hashes import Hashes
from pypi_types._rows import hashes_to_row

__all__ = ["rows_from_json"]

_ABSOLUTE: Final = ("https://", "http://")
_DICT: Final = frozenset({dict})
_STR: Final = frozenset({str})
_NO_VALUE: Final = frozenset({type(None)})
_ABSENT: Final = object()

# What a PEP 700 upload time looks like (with or without fraction and zone); anything
# else takes the slow, strict path.
_ISO_TIME: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")
# The shapes of an upload time with a zone (every digit written as 0): those of
# `_ISO_TIME` with ASCII digits and a zone.
_DIGITS_AS_ZERO: Final = bytes.maketrans(b"0123456789", b"0000000000")
_ZONED_SHAPES: Final = frozenset(
    f"0000-00-00T00:00:00{fraction}{zone}".encode()
    for fraction in ("", *(f".{'0' * digits}" for digits in range(1, 7)))
    for zone in ("Z", "+00:00", "-00:00")
)


class _Irregular(Exception):
    """A page the fast reader leaves to the strict one (which says what is wrong)."""


def rows_from_json(entries: list[Any]) -> list[tuple[Any, ...]] | None:
    """The rows of the ``files`` of a PEP 691 page, read without building objects;
    None when any entry is not the regular kind (the strict reader then takes over),
    or has a URL to resolve: a relative one, or one with a ``#`` fragment (see
    `parse_simple_json`).

    >>> rows_from_json([{"filename": "a-1.0.tar.gz", "url": "https://example.com/a",
    ...                  "yanked": True, "upload-time": "2024-02-03T04:05:06Z"}])[0][4:7]
    ('', False, '2024-02-03T04:05:06+00:00')
    >>> rows_from_json([{"filename": "a-1.0.tar.gz", "url": "a-1.0.tar.gz"}]) is None
    True
    """
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    try:
        if _kinds(entries) - _DICT:
            return None
        times = _times(list(map(dict.get, entries, repeat("upload-time"))))
        for entry, uploaded in zip(entries, times, strict=True):
            filename = entry["filename"]
            url = entry["url"]
            if (
                type(filename) is not str
                or type(url) is not str
                or not url.startswith(_ABSOLUTE)
                or "#" in url
            ):
                return None
            hashes = entry.get("hashes")
            if hashes is not None:
                digest = hashes.get("sha256") if type(hashes) is dict and len(hashes) == 1 else None
                if type(digest) is str:
                    hashes = (digest.lower(), None, None, None)
                else:
                    hashes = _digests(hashes)
            requires_python = entry.get("requires-python")
            if requires_python is not None:
                if type(requires_python) is not str:
                    return None
                requires_python = requires_python or None
            yanked = entry.get("yanked")
            if yanked is None or yanked is False:
                yanked = None
            elif yanked is True:
                yanked = ""
            elif type(yanked) is not str:
                return None
            core = entry.get("core-metadata", _ABSENT)
            if core is _ABSENT:
                core = entry.get("dist-info-metadata")  # its name before PEP 714
            if core is None or type(core) is bool:
                core = bool(core)
            else:
                core = _digests(core) or True
            size = entry.get("size")
            if size is not None and (type(size) is not int or size < 0):
                return None
            append((filename, url, hashes, requires_python, yanked, core, uploaded, size))
    except (_Irregular, KeyError, TypeError, AttributeError):
        return None
    return rows


def _kinds(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _digests(value: Any) -> tuple[str | None, ...] | None:
    if type(value) is not dict or not all(
        type(k) is str and type(v) is str for k, v in value.items()
    ):
        raise _Irregular
    return hashes_to_row(Hashes.from_mapping(value))


def _times(values: list[Any]) -> list[Any]:
    """The upload times of a page's files (None or text), each with a zone.

    :raises _Irregular: a time that is not ISO 8601 text.
    """
    kinds = _kinds(values)
    if kinds == _STR:
        text = "\n".join(values)
        # No time holds a newline when the text has as many as the join put in.
        if text.count("\n") == len(values) - 1 and _zoned(text, len(values)):
            # PEP 700 times are UTC: "Z" is the zone of those that have one.
            return text.replace("Z", "+00:00").split("\n") if "Z" in text else values
    elif kinds == _NO_VALUE:
        return values
    return list(map(_time, values))


def _zoned(text: str, lines: int) -> bool:
    """Whether each of the *lines* lines of *text* is an upload time with a zone and
    ASCII digits (`_ZONED_SHAPES`; any other character encodes to bytes none has)."""
    shapes = text.encode().translate(_DIGITS_AS_ZERO)
    end = shapes.find(b"\n")
    first = shapes if end < 0 else shapes[:end]
    if first in _ZONED_SHAPES and shapes == (first + b"\n") * (lines - 1) + first:
        return True  # all written alike, the usual case
    return set(shapes.split(b"\n")) <= _ZONED_SHAPES


def _time(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise _Irregular
    match = _ISO_TIME.fullmatch(value)
    if match is None:
        raise _Irregular
    zone = match.group(1)
    if zone is None:
        return value + "+00:00"  # PEP 700 times are UTC
    if zone == "Z":
        return value[:-1] + "+00:00"
    return value
