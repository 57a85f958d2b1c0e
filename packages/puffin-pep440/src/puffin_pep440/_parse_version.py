"""The PEP 440 version grammar, and the diagnosis of strings that break it."""

from __future__ import annotations

import re
import sys

from puffin_pep440.errors import InvalidVersion

__all__ = ["PRE_LETTERS", "VERSION_RE", "diagnose", "parse_local"]

# Every spelling PEP 440 accepts, tried longest first where one is a prefix
# of another ("alpha" before "a", "preview" before "pre"), as the normalized
# form would otherwise swallow part of the word. "{P}" marks the quantifiers
# that never need to give back what they took: possessive where the regex
# engine has them right (CPython 3.11.5+), for speed.
_PATTERN = r"""
    v?{P}
    (?:(?P<epoch>[0-9]+)!)?{P}
    (?P<release>[0-9]+(?:\.[0-9]+)*{P})
    (?:
        [-_.]?{P}
        (?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)
        [-_.]?{P}
        (?P<pre_n>[0-9]+)?
    )?{P}
    (?:
        -(?P<post_implicit>[0-9]+)
        |
        [-_.]?
        (?P<post_l>post|rev|r)
        [-_.]?
        (?P<post_n>[0-9]+)?
    )?{P}
    (?:
        [-_.]?{P}
        (?P<dev_l>dev)
        [-_.]?{P}
        (?P<dev_n>[0-9]+)?
    )?{P}
    (?:
        \+
        (?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*{P})
    )?{P}
"""
VERSION_RE = re.compile(
    _PATTERN.replace("{P}", "+" if sys.version_info >= (3, 11, 5) else ""),
    # ASCII: case folding must not let U+017F (long s) stand for "s", nor
    # non-ASCII digits for numbers.
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)

#: Every accepted spelling of a pre-release letter, mapped to its normal form.
PRE_LETTERS = {
    "a": "a",
    "alpha": "a",
    "b": "b",
    "beta": "b",
    "c": "rc",
    "rc": "rc",
    "pre": "rc",
    "preview": "rc",
}

_LOCAL_SEPARATORS = str.maketrans("-_", "..")
_TOKEN = re.compile(r"[-_.]?[a-z0-9]*", re.IGNORECASE | re.ASCII)
_WORDS = ("alpha", "beta", "preview", "pre", "rc", "post", "rev", "dev")


def parse_local(label: str) -> tuple[int | str, ...]:
    """Split a local version label into lower-case words and numbers."""
    # The grammar allows ASCII letters and digits only, so isdigit() means a number.
    return tuple(
        int(part) if part.isdigit() else part
        for part in label.lower().translate(_LOCAL_SEPARATORS).split(".")
    )


def _token(text: str, pos: int) -> str:
    """The word starting at *pos* (at least one character), to quote in a message."""
    match = _TOKEN.match(text, pos)
    end = match.end() if match is not None else pos
    return text[pos : max(end, pos + 1)]


def diagnose(text: str) -> InvalidVersion:
    """Explain why *text*, which failed to parse, is not a PEP 440 version."""
    if not isinstance(text, str):
        raise TypeError(f"a version must be parsed from a str, not {type(text).__name__}")
    body = text.strip()
    if not body:
        return InvalidVersion(text, "empty version", start=0, length=len(text))
    first = len(text) - len(text.lstrip())
    last = first + len(body)
    match = VERSION_RE.match(text, first, last)
    if match is None:
        pos = first + 1 if text[first] in "vV" else first
        if pos == last:
            return InvalidVersion(text, "expected a number after 'v'", start=pos, length=0)
        token = _token(text, pos)
        return InvalidVersion(
            text,
            f"a version starts with a number, not {token!r}",
            start=pos,
            length=len(token),
        )
    pos = match.end()
    if pos == last:
        # The grammar matched: only a number too long for int() can fail.
        limit = sys.get_int_max_str_digits()
        return InvalidVersion(
            text, f"a number has more than {limit} digits", start=first, length=len(body)
        )
    char = text[pos]
    if char.isspace():
        return InvalidVersion(
            text, f"unexpected whitespace after {text[first:pos]!r}", start=pos, length=1
        )
    if char == "+":
        return InvalidVersion(
            text,
            "expected a local version label (letters and digits, separated by '.', '-' or '_') "
            "after '+'",
            start=pos + 1,
            length=last - pos - 1,
        )
    token = _token(text, pos)
    if match.group("local") is not None:
        message = f"unexpected {token!r} in the local version label"
    elif char == "!":
        message = "unexpected '!': an epoch comes first, once"
    else:
        message = f"unexpected {token!r} after {text[first:pos]!r}"
        word = token.lstrip("-_.").lower()
        if any(word.startswith(known) for known in _WORDS):
            message += " (the order is: release, pre-release, post-release, dev-release, +local)"
    return InvalidVersion(text, message, start=pos, length=len(token))
