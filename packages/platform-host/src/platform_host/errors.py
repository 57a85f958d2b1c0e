"""Errors of platform-host.

::

    PlatformError
    ├── UnsupportedPlatform          the host is an OS or architecture puffin does not model
    └── InvalidPlatform (also ValueError)
                                     a platform description (dict, facts, libc string) is malformed
"""

from __future__ import annotations

__all__ = ["InvalidPlatform", "PlatformError", "UnsupportedPlatform"]


class PlatformError(Exception):
    """Root of every error raised by platform-host."""


class UnsupportedPlatform(PlatformError):
    """The running (or reported) host is an operating system or CPU puffin does not know."""

    def __init__(self, what: str, value: str) -> None:
        self.what = what
        self.value = value
        super().__init__(what, value)

    def __str__(self) -> str:
        return f"unsupported {self.what}: {self.value!r}"


class InvalidPlatform(PlatformError, ValueError):
    """A serialized platform, a set of probed facts or a libc version string is malformed."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(value, reason)

    def __str__(self) -> str:
        return f"invalid platform description {self.value!r}: {self.reason}"
