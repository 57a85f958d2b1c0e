"""Errors of distribution-filename.

::

    FilenameError
    ├── InvalidWheelFilename (also ValueError)
    └── InvalidSourceDistFilename (also ValueError)

Both name the ``filename`` and the ``reason``; an invalid name or version
inside the filename is chained as the cause.
"""

from __future__ import annotations

__all__ = ["FilenameError", "InvalidSourceDistFilename", "InvalidWheelFilename"]


class FilenameError(Exception):
    """Root of every error raised by distribution-filename."""


class _InvalidFilename(FilenameError, ValueError):
    kind = "filename"

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(filename, reason)

    def __str__(self) -> str:
        return f"invalid {self.kind} {self.filename!r}: {self.reason}"


class InvalidWheelFilename(_InvalidFilename):
    """A ``.whl`` filename that does not follow the wheel naming rules (PEP 427, PEP 491).

    >>> from distribution_filename import WheelFilename
    >>> try:
    ...     WheelFilename.parse("foo-1.0-py3-none.whl")
    ... except InvalidWheelFilename as error:
    ...     print(error.reason)
    expected 5 or 6 dash-separated parts (name-version[-build]-python-abi-platform), found 4
    """

    kind = "wheel filename"


class InvalidSourceDistFilename(_InvalidFilename):
    """A source distribution filename without a known extension, name or valid version."""

    kind = "source distribution filename"
