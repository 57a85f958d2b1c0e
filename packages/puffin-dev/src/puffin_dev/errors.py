"""Errors of puffin-dev.

::

    DevError
    ├── InvalidOption (also ValueError)   a command-line value that cannot be used
    └── InputFileError                    the file of requirements cannot be read
"""

from __future__ import annotations

__all__ = ["DevError", "InputFileError", "InvalidOption"]


class DevError(Exception):
    """Root of every error raised by puffin-dev."""


class InvalidOption(DevError, ValueError):
    """A command-line value that cannot be used (a bad date, a bad Python version)."""

    def __init__(self, option: str, value: str, expected: str) -> None:
        self.option = option
        self.value = value
        self.expected = expected
        super().__init__(option, value, expected)

    def __str__(self) -> str:
        return f"invalid {self.option} {self.value!r}: expected {self.expected}"


class InputFileError(DevError):
    """The file of requirements is missing or unreadable."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"cannot read {self.path}: {self.reason}"
