"""Errors of puffin-normalize.

::

    NormalizeError
    └── InvalidName (also ValueError)
"""

from __future__ import annotations

__all__ = ["InvalidName", "NormalizeError"]


class NormalizeError(Exception):
    """Root of every error raised by puffin-normalize."""


class InvalidName(NormalizeError, ValueError):
    """A package or extra name that is not a valid Python project name."""

    def __init__(self, name: str, *, kind: str = "package name") -> None:
        self.name = name
        self.kind = kind
        super().__init__(name)

    def __str__(self) -> str:
        return (
            f"invalid {self.kind} {self.name!r}: names start and end with a letter or digit "
            "and contain only letters, digits, '-', '_' and '.'"
        )
