"""Decoding, line joining, comments and ``${VAR}`` expansion, tracking source positions."""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator, Mapping

from requirements_txt._frozen import Frozen, set_field
from requirements_txt.errors import UnreadableRequirementsFile

__all__ = ["LogicalLine", "decode", "logical_lines"]

# pip's rule: a comment starts at a `#` that opens the line or follows whitespace,
# so the `#` of `…#egg=foo` or `…#sha256=…` in a URL stays.
_COMMENT = re.compile(r"(^|\s+)#.*$")
# pip expands only `${NAME}` with POSIX-portable names, so a lone `$` is safe.
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
# Longer BOMs first: the UTF-16 LE BOM is a prefix of the UTF-32 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_PEP263 = re.compile(rb"coding[:=]\s*([-\w.]+)")

Position = tuple[int, int]


class LogicalLine(Frozen):
    """One logical line, after joining, comment stripping and expansion.

    ``positions[i]`` is the 1-based ``(line, column)`` in the physical file of
    ``text[i]``; one extra entry at the end points just past the last character.
    """

    __match_args__ = ("text", "positions", "line")
    __slots__ = __match_args__

    text: str
    positions: tuple[Position, ...]
    line: int

    def __init__(self, text: str, positions: tuple[Position, ...], line: int) -> None:
        set_field(self, "text", text)
        set_field(self, "positions", positions)
        set_field(self, "line", line)

    def position(self, offset: int) -> Position:
        """The physical ``(line, column)`` of character *offset* (clamped to the end)."""
        return self.positions[min(max(offset, 0), len(self.text))]


def decode(data: bytes, path: str) -> str:
    """Decode a requirements file as pip does, but never guess from the locale.

    A byte-order mark wins, then a PEP 263 ``coding`` comment in one of the
    first two lines, else the bytes must be UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, path)
    for number, physical in enumerate(data.split(b"\n")[:2], start=1):
        if physical.startswith(b"#"):
            match = _PEP263.search(physical)
            if match is not None:
                encoding = match.group(1).decode("ascii")
                try:
                    codecs.lookup(encoding)
                    return _decode(data, encoding, path)
                except LookupError:
                    # Unknown, or a codec such as rot13 that does not decode bytes to text.
                    raise UnreadableRequirementsFile(
                        f"unknown encoding {encoding!r} in coding comment",
                        path=path,
                        line=number,
                        column=match.start(1) + 1,
                    ) from None
    return _decode(data, "utf-8", path)


def _quietly(data: bytes, encoding: str, errors: str = "strict") -> str:
    if encoding == "utf-8":
        return data.decode(encoding, errors)
    with warnings.catch_warnings():
        # unicode_escape warns about unknown escapes ("\ "); keep them, as Python does.
        warnings.simplefilter("ignore", DeprecationWarning)
        return data.decode(encoding, errors)


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return _quietly(data, encoding)
    except UnicodeError as exc:
        if not isinstance(exc, UnicodeDecodeError):
            # Some codecs fail without a position ("undefined" always does).
            raise UnreadableRequirementsFile(
                f"cannot decode as {encoding}: {exc}", path=path, line=1, column=1
            ) from None
        # Locate the first bad byte in lines and characters, as an editor would.
        try:
            before = _quietly(data[: exc.start], encoding, "replace")
        except UnicodeError:  # a codec without "replace" (idna): count bytes
            before = data[: exc.start].decode("latin-1")
        line_start = before.rfind("\n") + 1
        raise UnreadableRequirementsFile(
            f"not valid {encoding} (byte {data[exc.start]:#04x}); "
            "save the file as UTF-8 or declare its encoding in a '# -*- coding: ... -*-' line",
            path=path,
            line=before.count("\n") + 1,
            column=len(before) - line_start + 1,
        ) from None


def logical_lines(text: str, env: Mapping[str, str]) -> Iterator[LogicalLine]:
    """Yield the non-empty logical lines of *text*, in pip's order of operations.

    Continuations are joined first, so a comment before a trailing ``\\``
    swallows the next line too, exactly as in pip; then comments are cut, the
    line is stripped, and ``${VAR}`` is replaced by its value in *env* when set
    and non-empty.
    """
    for line, joined, positions in _join(text):
        cut = _strip_comment(joined, positions)
        if cut is None:
            continue
        stripped, stripped_positions = cut
        expanded, expanded_positions = _expand(stripped, stripped_positions, env)
        yield LogicalLine(expanded, tuple(expanded_positions), line)


def _join(text: str) -> Iterator[tuple[int, str, list[Position]]]:
    """Join lines ending in ``\\`` with the next, numbered by the first physical line."""
    pieces: list[str] = []
    positions: list[Position] = []
    first = 0
    # pip numbers lines with str.splitlines(), which also breaks at \f, \v, \x1c…
    for number, raw in enumerate(text.splitlines(), start=1):
        raw_positions = [(number, column) for column in range(1, len(raw) + 2)]
        is_comment = _COMMENT.match(raw) is not None
        if not raw.endswith("\\") or is_comment:
            if is_comment:
                # A space keeps a comment line after a continuation a comment.
                raw = " " + raw
                raw_positions.insert(0, (number, 1))
            if pieces:
                pieces.append(raw)
                positions.extend(raw_positions)
                yield first, "".join(pieces), positions
                pieces, positions = [], []
            else:
                yield number, raw, raw_positions
        else:
            if not pieces:
                first = number
            # pip strips backslashes from both ends of a continued line.
            lead = len(raw) - len(raw.lstrip("\\"))
            kept = raw.strip("\\")
            pieces.append(kept)
            positions.extend(raw_positions[lead : lead + len(kept)])
    if pieces:
        # The file ends inside a continuation: end just past its last character.
        last_line, last_column = positions[-1] if positions else (first, 0)
        positions.append((last_line, last_column + 1))
        yield first, "".join(pieces), positions


def _strip_comment(text: str, positions: list[Position]) -> tuple[str, list[Position]] | None:
    match = _COMMENT.search(text)
    end = match.start() if match is not None else len(text)
    kept = text[:end]
    stripped = kept.strip()
    if not stripped:
        return None
    start = len(kept) - len(kept.lstrip())
    stop = start + len(stripped)
    last_line, last_column = positions[stop - 1]
    return stripped, [*positions[start:stop], (last_line, last_column + 1)]


def _expand(
    text: str, positions: list[Position], env: Mapping[str, str]
) -> tuple[str, list[Position]]:
    if "${" not in text:
        return text, positions
    out: list[str] = []
    out_positions: list[Position] = []
    cursor = 0
    for match in _ENV_VAR.finditer(text):
        value = env.get(match.group(1))
        if not value:
            continue
        out.append(text[cursor : match.start()])
        out_positions.extend(positions[cursor : match.start()])
        out.append(value)
        # Characters that came from a variable point at its `$`.
        out_positions.extend([positions[match.start()]] * len(value))
        cursor = match.end()
    out.append(text[cursor:])
    out_positions.extend(positions[cursor:])
    return "".join(out), out_positions
