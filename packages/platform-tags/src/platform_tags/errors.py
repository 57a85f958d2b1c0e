"""Errors of platform-tags.

::

    TagsError
    ├── UnsupportedTagPlatform       no wheel platform tags are known for this OS and CPU
    └── InvalidInterpreter (also ValueError)
                                     an unknown implementation or an impossible Python version
"""

from __future__ import annotations

__all__ = ["InvalidInterpreter", "TagsError", "UnsupportedTagPlatform"]


class TagsError(Exception):
    """Root of every error raised by platform-tags."""


class UnsupportedTagPlatform(TagsError):
    """Wheels have no platform tags for this operating system on this architecture."""

    def __init__(self, os: str, arch: str) -> None:
        self.os = os
        self.arch = arch
        super().__init__(os, arch)

    def __str__(self) -> str:
        return f"no wheel platform tags are known for {self.os} on {self.arch}"


class InvalidInterpreter(TagsError, ValueError):
    """An interpreter description `Tags.from_env` cannot turn into tags."""

    def __init__(self, what: str, value: object, reason: str) -> None:
        self.what = what
        self.value = value
        self.reason = reason
        super().__init__(what, value, reason)

    def __str__(self) -> str:
        return f"invalid {self.what} {self.value!r}: {self.reason}"
