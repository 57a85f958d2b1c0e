"""The requirement lines of an input file, and pins read back from a requirements file."""

from __future__ import annotations

import re

from puffin_normalize import normalize

__all__ = ["first_line", "read_lines", "read_pins"]

# pip's rule: a comment starts at `#` at the start of a line or after whitespace (a `#`
# inside a URL fragment is not one).
_COMMENT = re.compile(r"(^|\s)#.*$")
# `name==version`, `name===version` or `name @ url`, extras allowed, marker after `;`.
_PIN = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*"
    r"(?:===?\s*(?P<version>[^\s;\\]+)|@\s*(?P<url>[^\s;\\]+))"
)


def read_lines(text: str) -> list[str]:
    """The requirements of *text*, one a line; comments and blank lines left out.

    >>> read_lines("# a comment\\nflask>=2  # why\\n\\n  numpy \\n")
    ['flask>=2', 'numpy']
    """
    found = []
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw).strip()
        if line:
            found.append(line)
    return found


def first_line(text: str) -> str:
    """The first non-blank line of *text*, stripped (an error's headline).

    >>> first_line("\\n  error: no solution found\\n  Because ...")
    'error: no solution found'
    """
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def read_pins(text: str) -> dict[str, str]:
    """The pins of a requirements file as normalized name -> version (or ``@ url``).

    Comments, options and lines continued from a ``\\`` (``--hash``) are left out.

    >>> read_pins("Flask==3.1.3\\n    # via -r -\\nfoo @ file:///w/foo.whl\\n-i x\\n")
    {'flask': '3.1.3', 'foo': '@ file:///w/foo.whl'}
    """
    pins: dict[str, str] = {}
    continued = False
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw).strip()
        was_continued, continued = continued, line.endswith("\\")
        if was_continued or not line or line.startswith("-"):
            continue
        match = _PIN.match(line)
        if match is not None:
            version = match["version"]
            pins[normalize(match["name"])] = version if version else f"@ {match['url']}"
    return pins
