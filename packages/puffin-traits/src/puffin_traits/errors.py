"""Errors shared by builders and build contexts.

::

    TraitsError
    └── BuildForbidden     building this source distribution is not allowed (--no-build)
"""

from __future__ import annotations

__all__ = ["BuildForbidden", "TraitsError"]


class TraitsError(Exception):
    """The root of this package's errors."""


class BuildForbidden(TraitsError):
    """A source distribution would have to be built, and the options forbid it."""

    def __init__(self, package_id: str, flag: str = "--no-build") -> None:
        super().__init__(package_id, flag)
        self.package_id = package_id
        self.flag = flag

    def __str__(self) -> str:
        return f"{self.package_id} would have to be built from source, and {self.flag} forbids it"
