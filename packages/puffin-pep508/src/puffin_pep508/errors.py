"""Errors of puffin-pep508.

::

    Pep508Error
    ├── InvalidRequirement (also ValueError)   a dependency specifier that does not parse
    ├── InvalidMarker (also ValueError)        a marker expression that does not parse
    ├── InvalidUrl (also ValueError)           a URL or path that is not usable
    ├── UndefinedComparison (also ValueError)  a marker comparison with no defined meaning
    └── UndefinedEnvironmentName (also KeyError)  a marker variable with no value

The three parse errors carry the text they failed on (``input``), a ``message``
and the 0-based ``start`` and ``length`` of the offending part of ``input``.
"""

from __future__ import annotations

__all__ = [
    "InvalidMarker",
    "InvalidRequirement",
    "InvalidUrl",
    "Pep508Error",
    "UndefinedComparison",
    "UndefinedEnvironmentName",
]


class Pep508Error(Exception):
    """Root of every error raised by puffin-pep508."""


class _ParseError(Pep508Error, ValueError):
    """A parse failure at a span of the input (shared by the `InvalidX` errors)."""

    _what = "input"

    def __init__(self, input: str, message: str, start: int, length: int = 1) -> None:
        self.input = input
        self.message = message
        self.start = start
        self.length = length
        super().__init__(input, message, start, length)

    def __str__(self) -> str:
        # One line: callers embed it in their own messages (file:line: ...).
        return f"{self.message} (column {self.start + 1} of {self._what} {self.input!r})"

    def render(self) -> str:
        """The message, the input and a ``^^^`` line under the offending part.

        >>> print(InvalidRequirement("foo==>1", "invalid version", 5, 2).render())
        invalid version
        foo==>1
             ^^
        """
        pointer = " " * self.start + "^" * max(self.length, 1)
        return f"{self.message}\n{self.input}\n{pointer}"


class InvalidRequirement(_ParseError):
    """A dependency specifier (PEP 508 requirement) that does not parse.

    >>> str(InvalidRequirement("foo[bar", "expected ',' or ']'", 7, 1))
    "expected ',' or ']' (column 8 of requirement 'foo[bar')"
    """

    _what = "requirement"


class InvalidMarker(_ParseError):
    """An environment marker expression that does not parse."""

    _what = "marker"


class InvalidUrl(_ParseError):
    """A URL or local path in a requirement that cannot be turned into a URL."""

    _what = "URL"


class UndefinedComparison(Pep508Error, ValueError):
    """A marker comparison that has no defined result (e.g. ``os_name ~= "posix"``)."""

    def __init__(self, marker: str, reason: str) -> None:
        self.marker = marker
        self.reason = reason
        super().__init__(marker, reason)

    def __str__(self) -> str:
        return f"cannot evaluate {self.marker!r}: {self.reason}"


class UndefinedEnvironmentName(Pep508Error, KeyError):
    """A marker names a variable that the evaluation environment does not define."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"the marker environment has no value for {self.name!r}"
