"""Errors of puffin-pep440.

::

    Pep440Error
    ├── InvalidVersion (also ValueError)
    └── InvalidSpecifier (also ValueError)

Both parse errors carry the input ``text``, a ``message`` naming the cause,
and the 0-based ``start`` and ``length`` of the offending part of ``text``, so
that a caller parsing a larger string (a PEP 508 requirement) can point at
the right column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["InvalidSpecifier", "InvalidVersion", "Pep440Error"]


class Pep440Error(Exception):
    """Root of every error raised by puffin-pep440."""


class _ParseError(Pep440Error, ValueError):
    """Shared shape of the two parse errors (not exported)."""

    kind = "input"

    def __init__(self, text: str, message: str, *, start: int = 0, length: int = 0) -> None:
        self.text = text
        self.message = message
        self.start = start
        self.length = length
        super().__init__(text, message, start, length)

    def __str__(self) -> str:
        return f"invalid {self.kind} {self.text!r}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # The keyword-only fields do not survive the default reduction.
        return (_rebuild, (type(self), self.text, self.message, self.start, self.length))


def _rebuild(
    cls: type[_ParseError], text: str, message: str, start: int, length: int
) -> _ParseError:
    return cls(text, message, start=start, length=length)


class InvalidVersion(_ParseError):
    """A string that is not a valid PEP 440 version.

    >>> from puffin_pep440 import Version
    >>> try:
    ...     Version.parse("1.0foo")
    ... except InvalidVersion as error:
    ...     print(error, error.start, error.length)
    invalid version '1.0foo': unexpected 'foo' after '1.0' 3 3
    """

    kind = "version"

    @classmethod
    def _undiagnosed(cls, text: str) -> InvalidVersion:
        """An error for *text* whose message and position are worked out when first read.

        Callers often parse many strings and skip the invalid ones without a
        look at the error, so the diagnosis waits until someone asks.
        """
        error = cls.__new__(cls)
        Pep440Error.__init__(error, text)
        error.text = text
        return error

    if not TYPE_CHECKING:  # mypy must still flag misspelt attributes

        def __getattr__(self, name: str) -> object:
            # Reached only for attributes not set, i.e. those of an undiagnosed error.
            if name not in ("message", "start", "length"):
                raise AttributeError(name)
            # Imported here: _parse_version imports this module.
            from puffin_pep440._parse_version import diagnose

            found = diagnose(self.text)
            self.message, self.start, self.length = found.message, found.start, found.length
            return getattr(found, name)


class InvalidSpecifier(_ParseError):
    """A string that is not a valid PEP 440 version specifier (or list of them).

    >>> from puffin_pep440 import VersionSpecifier
    >>> try:
    ...     VersionSpecifier.parse("==>1")
    ... except InvalidSpecifier as error:
    ...     print(error, error.start)
    invalid specifier '==>1': expected a version after '==', found '>' 2
    """

    kind = "specifier"
