"""Repairs for the malformed version specifiers that old, immutable releases carry.

A strict parse runs first; only when it fails are the repairs below tried,
and only a repair that then parses is used. The caller records what was
repaired, so nothing changes silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from puffin_pep440 import VersionSpecifiers
from puffin_pep508 import Requirement

__all__ = ["lenient_requirement", "lenient_specifiers", "repair_specifiers"]

_T = TypeVar("_T")

# Patterns, not compiled ones: the `re` functions compile them (once) on first use,
# and most runs repair nothing.
# `>=3.6.*`: a wildcard is only defined for `==` and `!=`; the intent is `>=3.6`.
_ORDERED_WILDCARD = r"(~=|>=|<=|>|<)(\s*)(\d+(?:\.\d+)*)\.\*"
# `!=3.0*`: the dot before the wildcard is missing.
_MISSING_DOT = r"(\d)\*"
# `!=~1.0`, `=>1.0`, `=<1.0`: operators typed in the wrong order.
_SWAPPED = {"!=~": "!=", "=>": ">=", "=<": "<="}
_SWAPPED_RE = "|".join(re.escape(key) for key in _SWAPPED)
# `>=7.2.0<8.0.0` or `>=2.7 <3`: a comma is missing between two clauses.
_MISSING_COMMA = r"([\w*+!])\s*(?=(?:===|~=|==|!=|<=|>=|<|>)\s*[\w])"
_VERSION_START = r"[(<>=!~]"
# Quotes around a version: `>='2.7'`.
_QUOTED = r"""(['"])([\w.*+!-]+)\1"""


def repair_specifiers(text: str) -> str:
    """Apply every repair to a specifier list; the result may still be invalid.

    >>> repair_specifiers(">=2.7,!=3.0*,!=3.1*, >=3.6.*,")
    '>=2.7, !=3.0.*, !=3.1.*, >=3.6'
    >>> repair_specifiers(">=7.2.0<8.0.0")
    '>=7.2.0,<8.0.0'
    """
    text = re.sub(_SWAPPED_RE, lambda match: _SWAPPED[match[0]], text)
    text = re.sub(_QUOTED, r"\2", text)
    text = re.sub(_MISSING_DOT, r"\1.*", text)
    text = re.sub(_ORDERED_WILDCARD, r"\1\2\3", text)
    text = re.sub(_MISSING_COMMA, r"\1,", text)
    parts = [part.strip() for part in text.split(",")]
    # Empty clauses come from stray commas: `>=3.6,` or `>=2.7,,<4`.
    return ", ".join(part for part in parts if part) if "" in parts else text.strip()


def lenient_specifiers(text: str) -> tuple[VersionSpecifiers, str | None]:
    """Parse *text*, repairing it if needed; return the specifiers and the repaired text.

    The second item is None when *text* parsed as written. Raises the strict
    parser's error when no repair helps.
    """
    return _lenient(text, VersionSpecifiers.parse, repair_specifiers)


def lenient_requirement(text: str) -> tuple[Requirement, str | None]:
    """Parse a requirement, repairing its version part if needed (see `lenient_specifiers`)."""
    return _lenient(text, Requirement.parse, _repair_requirement_text)


def _lenient(
    text: str, parse: Callable[[str], _T], repair: Callable[[str], str]
) -> tuple[_T, str | None]:
    try:
        return parse(text), None
    except ValueError as error:
        repaired = repair(text)
        if repaired == text:
            raise
        try:
            return parse(repaired), repaired
        except ValueError:
            raise error from None


def _repair_requirement_text(text: str) -> str:
    # Only the version part is repaired: markers (`python_version<"3"`) and
    # URLs use the same characters with other meanings.
    if "@" in text:
        return text
    head, semicolon, marker = text.partition(";")
    bracket = head.find("]")
    start = bracket + 1 if bracket >= 0 else 0
    # The version part starts at the first operator or parenthesis after the name.
    match = re.compile(_VERSION_START).search(head, start)
    if match is None:
        return text
    cut = match.start()
    version = head[cut:].strip()
    opened = version.startswith("(") and version.endswith(")")
    inner = version[1:-1] if opened else version
    fixed = repair_specifiers(inner)
    if fixed == inner.strip():
        return text
    rebuilt = head[:cut].rstrip() + (f" ({fixed})" if opened else f" {fixed}")
    return rebuilt + (f";{marker}" if semicolon else "")
