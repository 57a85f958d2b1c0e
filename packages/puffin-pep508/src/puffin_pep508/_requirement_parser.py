"""Hand-written parser of dependency specifiers, with packaging's acceptance rules.

Grammar (``WS`` is spaces and tabs)::

    requirement = WS? NAME WS? extras? WS? (url_part | version_part) END
    extras      = "[" WS? (NAME (WS? "," WS? NAME)*)? WS? "]"
    url_part    = "@" WS? URL (WS (";" marker)?)?           URL: no spaces or tabs
    version_part = ("(" WS? versions WS? ")" | versions) WS? (";" marker)?
    versions    = (SPECIFIER (WS? "," WS? SPECIFIER)* ","?)?

A specifier is an operator, optional whitespace, then everything up to whitespace, ``,``,
``;`` or ``)`` (for ``===``: up to whitespace, ``;`` or ``)``); puffin-pep440
decides whether it is valid, so its error points inside the specifier.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, NoReturn

from puffin_normalize import ExtraName, InvalidName, PackageName
from puffin_pep440 import InvalidSpecifier, VersionSpecifier, VersionSpecifiers
from puffin_pep508._marker_parser import parse_marker
from puffin_pep508._url import VerbatimUrl, looks_like_url
from puffin_pep508.errors import InvalidMarker, InvalidRequirement, InvalidUrl

if TYPE_CHECKING:
    from puffin_pep508._marker import MarkerTree

__all__ = ["parse_requirement", "parse_unnamed_requirement"]

_WS = re.compile(r"[ \t]*")
_HEAD = re.compile(r"[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)?[ \t]*")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# One specifier, the blanks after it, and a comma if one follows (group 2).
_SPECIFIER = re.compile(r"(===\s*[^\s;)]*|(?:==|~=|!=|<=|>=|<|>)\s*[^\s,;)]*)[ \t]*(,[ \t]*)?")
_URL = re.compile(r"[^ \t]+")

# Names repeat a lot across an index's requirements; parsing one costs more than a lookup.
_NAMES: dict[str, PackageName] = {}
_NAMES_SIZE = 8192

Parsed = tuple[
    PackageName, tuple[ExtraName, ...], VersionSpecifiers | VerbatimUrl | None, "MarkerTree | None"
]


def _fail(text: str, message: str, start: int, length: int = 1) -> NoReturn:
    raise InvalidRequirement(text, message, start, length)


def _skip_ws(text: str, pos: int) -> int:
    if pos < len(text) and text[pos] in " \t":
        match = _WS.match(text, pos)
        assert match is not None
        return match.end()
    return pos


def _found(text: str, pos: int) -> str:
    return f"found {text[pos]!r}" if pos < len(text) else "found end of input"


def _package_name(text: str, start: int, end: int) -> PackageName:
    raw = text[start:end]
    name = _NAMES.get(raw)
    if name is None:
        try:
            name = PackageName.parse(raw)
        except InvalidName as exc:
            raise InvalidRequirement(text, str(exc), start, end - start) from exc
        if len(_NAMES) >= _NAMES_SIZE:
            _NAMES.clear()
        _NAMES[raw] = name
    return name


def parse_requirement(text: str, working_dir: str | os.PathLike[str] | None) -> Parsed:
    """Split a PEP 508 requirement into name, extras, versions or URL, and marker."""
    if not isinstance(text, str):
        raise TypeError(f"a requirement must be parsed from a str, not {type(text).__name__}")
    end = len(text)
    head = _HEAD.match(text)
    assert head is not None  # every part of the pattern is optional
    pos = head.end()
    if head.end(1) < 0 or text.startswith(":", head.end(1)):
        pos = head.start(1) if head.end(1) >= 0 else pos
        if head.end(1) >= 0 or text.startswith(("/", "."), pos):
            _fail(text, "expected a package name; write a URL or path as 'name @ url'", pos)
        _fail(text, f"expected a package name, {_found(text, pos)}", pos)
    name = _package_name(text, head.start(1), head.end(1))

    extras: tuple[ExtraName, ...] = ()
    version_or_url: VersionSpecifiers | VerbatimUrl | None = None
    if pos < end:
        char = text[pos]
        if char == "[":
            extras, pos = parse_extras(text, pos)
            pos = _skip_ws(text, pos)
            char = text[pos] if pos < end else ""
        if char == "@":
            version_or_url, pos = _parse_url_part(text, _skip_ws(text, pos + 1), working_dir)
            if pos < end and text[pos] != ";":
                url_text = version_or_url.given or ""
                if ";" in url_text:
                    at = text.rindex(url_text, 0, pos) + url_text.index(";")
                    _fail(text, "a marker after a URL needs whitespace before the ';'", at)
                _fail(text, f"expected ';' or end after the URL, {_found(text, pos)}", pos)
        elif char != ";" and char:
            version_or_url, pos = _parse_version_part(text, pos)
            if pos < end and text[pos] != ";":
                if version_or_url is not None:
                    expected = "',', ';' or end after the version specifier"
                elif text[pos] == "=":
                    _fail(text, "'=' is not a comparison operator (did you mean '=='?)", pos)
                else:
                    expected = "a version specifier, '@ url', ';' or end"
                _fail(text, f"expected {expected}, {_found(text, pos)}", pos)

    marker = _parse_marker_part(text, pos + 1) if pos < end else None
    return name, extras, version_or_url, marker


def parse_extras(text: str, pos: int) -> tuple[tuple[ExtraName, ...], int]:
    """Parse ``[a, b]`` at ``text[pos] == "["``; return the extras and the position after."""
    end = len(text)
    pos = _skip_ws(text, pos + 1)
    if pos < end and text[pos] == "]":
        return (), pos + 1
    seen: dict[ExtraName, None] = {}
    expected = "an extra name or ']'"
    while True:
        match = _NAME.match(text, pos)
        if match is None:
            _fail(text, f"expected {expected}, {_found(text, pos)}", pos)
        try:
            seen.setdefault(ExtraName.parse(match[0]), None)
        except InvalidName as exc:
            raise InvalidRequirement(text, str(exc), pos, match.end() - pos) from exc
        pos = _skip_ws(text, match.end())
        if pos < end and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            expected = "an extra name after ','"
            continue
        if pos < end and text[pos] == "]":
            return tuple(seen), pos + 1
        if _NAME.match(text, pos):
            _fail(text, "expected ',' between extra names", pos)
        _fail(text, f"expected ',' or ']' after the extra name, {_found(text, pos)}", pos)


def _parse_url_part(
    text: str, pos: int, working_dir: str | os.PathLike[str] | None
) -> tuple[VerbatimUrl, int]:
    match = _URL.match(text, pos)
    if match is None:
        _fail(text, f"expected a URL after '@', {_found(text, pos)}", pos)
    try:
        url = VerbatimUrl.parse(match[0], working_dir)
    except InvalidUrl as exc:
        raise InvalidRequirement(text, exc.message, pos + exc.start, exc.length) from exc
    return url, _skip_ws(text, match.end())


def _parse_version_part(text: str, pos: int) -> tuple[VersionSpecifiers | None, int]:
    end = len(text)
    paren = pos if pos < end and text[pos] == "(" else -1
    if paren >= 0:
        pos = _skip_ws(text, pos + 1)
    specs: list[VersionSpecifier] = []
    while (match := _SPECIFIER.match(text, pos)) is not None:
        piece = match[1]
        if piece.startswith("==="):
            # packaging reads "===" up to whitespace, ';' or ')', commas included,
            # and then splits the whole specifier string on commas.
            start = pos
            for part in piece.split(","):
                if part:
                    specs.append(_parse_specifier(text, part, start))
                start += len(part) + 1
        else:
            specs.append(_parse_specifier(text, piece, pos))
        pos = match.end()
        if match.lastindex != 2:  # no comma: the list ends here
            break
    if paren >= 0:
        if pos >= end or text[pos] != ")":
            message = f"expected ')' to close the '(' at column {paren + 1}"
            _fail(text, f"{message}, {_found(text, pos)}", pos)
        pos = _skip_ws(text, pos + 1)
    return (VersionSpecifiers(specs) if specs else None), pos


def _parse_specifier(text: str, piece: str, start: int) -> VersionSpecifier:
    try:
        return VersionSpecifier.parse(piece)
    except InvalidSpecifier as exc:
        raise InvalidRequirement(text, exc.message, start + exc.start, exc.length) from exc


def _parse_marker_part(text: str, pos: int) -> MarkerTree:
    try:
        return parse_marker(text, pos)
    except InvalidMarker as exc:
        raise InvalidRequirement(text, exc.message, exc.start, exc.length) from exc


def parse_unnamed_requirement(
    text: str, working_dir: str | os.PathLike[str] | None
) -> tuple[VerbatimUrl, tuple[ExtraName, ...], MarkerTree | None]:
    """Split ``<url or path>[extras] [; marker]`` into its parts."""
    if not isinstance(text, str):
        raise TypeError(f"a requirement must be parsed from a str, not {type(text).__name__}")
    pos = _skip_ws(text, 0)
    separator = _marker_separator(text, pos)
    url_end = separator if separator >= 0 else len(text)
    while url_end > pos and text[url_end - 1] in " \t":
        url_end -= 1
    if url_end == pos:
        _fail(text, f"expected a URL or path, {_found(text, pos)}", pos)
    extras: tuple[ExtraName, ...] = ()
    if text[url_end - 1] == "]":
        bracket = text.rfind("[", pos, url_end)
        if bracket > pos:
            extras, after = parse_extras(text, bracket)
            if after != url_end:
                _fail(text, "expected the extras to end the URL or path", after)
            url_end = bracket
    try:
        url = VerbatimUrl.parse(text[pos:url_end], working_dir)
    except InvalidUrl as exc:
        raise InvalidRequirement(text, exc.message, pos + exc.start, exc.length) from exc
    marker = _parse_marker_part(text, separator + 1) if separator >= 0 else None
    return url, extras, marker


def _marker_separator(text: str, pos: int) -> int:
    """Where the ``;`` before the marker is, or -1 (pip's rule: URLs may contain ';')."""
    if not looks_like_url(text[pos:]):
        return text.find(";", pos)
    at = text.find(";", pos)
    while at >= 0:
        if text[at - 1] in " \t" or text[at + 1 : at + 2] in (" ", "\t"):
            return at
        at = text.find(";", at + 1)
    return -1
