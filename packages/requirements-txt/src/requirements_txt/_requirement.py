"""Tell named requirements from bare paths and URLs as pip does, and parse them."""

from __future__ import annotations

import re
from pathlib import Path

from puffin_pep508 import (
    InvalidMarker,
    InvalidUrl,
    Requirement,
    UnnamedRequirement,
)
from puffin_pep508 import InvalidRequirement as Pep508InvalidRequirement
from requirements_txt._lines import LogicalLine
from requirements_txt._options import Token
from requirements_txt.errors import InvalidEditable, InvalidRequirement

__all__ = ["parse_editable", "parse_requirement"]

_VCS = ("git", "hg", "svn", "bzr")
# pip's VCS schemes (its backends' `schemes`), all `<vcs>+<transport>`.
_VCS_SCHEMES = frozenset(
    [f"git+{t}" for t in ("http", "https", "ssh", "git", "file")]
    + [f"hg+{t}" for t in ("file", "http", "https", "ssh", "static-http")]
    + [f"svn+{t}" for t in ("ssh", "http", "https", "svn", "file")]
    + [f"bzr+{t}" for t in ("http", "https", "ssh", "sftp", "ftp", "lp", "file")]
)
_URL_SCHEMES = frozenset({"http", "https", "file", "ftp"}) | _VCS_SCHEMES
_ARCHIVES = (
    ".whl",
    ".zip",
    ".tar.gz",
    ".tgz",
    ".tar",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tlz",
    ".tar.lz",
    ".tar.lzma",
)
# A URL scheme has two or more characters, so `C:\…` stays a Windows path.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_EXTRAS = re.compile(r"^(.+)(\[[^\]]+\])$")


def _scheme(text: str) -> str | None:
    match = _SCHEME.match(text)
    return match.group(1).lower() if match is not None else None


def _looks_like_path(text: str) -> bool:
    # Backslashes count on every platform: files are shared across them.
    return "/" in text or "\\" in text or text.startswith(".")


def _without_extras(text: str) -> str:
    match = _EXTRAS.match(text)
    return match.group(1) if match is not None else text


def is_unnamed(text: str) -> bool:
    """Whether a requirement-line text is a bare URL or path rather than PEP 508.

    pip's rule without touching the disk: a URL with a known scheme, an
    archive filename, or anything that looks like a path, unless it is
    ``name @ …``.

    >>> [is_unnamed(t) for t in ("foo==1", "./pkg[x]", "foo @ ./x.whl", "a-1-py3-none-any.whl")]
    [False, True, False, True]
    """
    if _scheme(text) in _URL_SCHEMES:
        return True
    head = text.split(";", 1)[0].strip()
    base = _without_extras(head)
    if not (base.lower().endswith(_ARCHIVES) or _looks_like_path(base)):
        return False
    before_at, at, _ = head.partition("@")
    return not at or _looks_like_path(before_at)


_PARSE_ERRORS = (Pep508InvalidRequirement, InvalidMarker, InvalidUrl)


def _start(text: str, exc: Pep508InvalidRequirement | InvalidMarker | InvalidUrl) -> int:
    """Offset in *text* of the error; a marker or URL error counts from its own input."""
    if exc.input == text:
        return exc.start
    found = text.find(exc.input)
    return exc.start + (found if found >= 0 else 0)


def _fail(
    kind: type[InvalidRequirement], message: str, line: LogicalLine, offset: int, path: str
) -> InvalidRequirement:
    number, column = line.position(offset)
    return kind(message, path=path, line=number, column=column)


def parse_requirement(
    text: str, line: LogicalLine, path: str, working_dir: Path
) -> Requirement | UnnamedRequirement:
    """Parse the requirement part of a line (which starts the line)."""
    try:
        if is_unnamed(text):
            return UnnamedRequirement.parse(text, working_dir=working_dir)
        return Requirement.parse(text, working_dir=working_dir)
    except _PARSE_ERRORS as exc:
        raise _fail(InvalidRequirement, exc.message, line, _start(text, exc), path) from exc


def parse_editable(
    token: Token, line: LogicalLine, path: str, working_dir: Path
) -> UnnamedRequirement:
    """Parse an ``-e`` value: a local project path (with extras) or a VCS URL."""
    text = token.value
    shift = 0
    lowered = text.lower()
    for vcs in _VCS:
        # pip reads `git://…` after -e as `git+git://…`.
        if lowered.startswith(f"{vcs}:"):
            text = f"{vcs}+{text}"
            shift = len(vcs) + 1
            break
    scheme = _scheme(text)
    if scheme is not None and scheme != "file" and scheme not in _VCS_SCHEMES:
        raise _fail(
            InvalidEditable,
            f"{token.value!r} is not a valid editable requirement: it must be a path to a "
            "local project or a VCS URL (git+https://…, hg+…, svn+…, bzr+…)",
            line,
            token.offset(0),
            path,
        )
    try:
        return UnnamedRequirement.parse(text, working_dir=working_dir)
    except _PARSE_ERRORS as exc:
        offset = token.offset(max(_start(text, exc) - shift, 0))
        raise _fail(InvalidEditable, exc.message, line, offset, path) from exc
