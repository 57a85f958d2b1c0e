"""Errors of install-wheel.

::

    InstallWheelError
    ├── InvalidWheel (also ValueError)   no WHEEL or .dist-info, an unreadable zip or RECORD
    │   ├── UnsafeArchive                a member that would land outside the target, a
    │   │                                link, a device, a duplicate, a zip bomb
    │   └── RecordMismatch               a file whose hash or size is not what RECORD says
    ├── FileConflict                     installing would replace another distribution's file
    ├── WriteError                       the file system refused a write (disk full, permissions)
    ├── UninstallError                   a RECORD that cannot be trusted or read
    └── CompileError                     the target interpreter could not byte-compile at all

Every error names the wheel (or installed distribution) and, where there is one,
the member or path at fault.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CompileError",
    "FileConflict",
    "InstallWheelError",
    "InvalidWheel",
    "RecordMismatch",
    "UninstallError",
    "UnsafeArchive",
    "WriteError",
]


class InstallWheelError(Exception):
    """Root of every error raised by install-wheel."""


class InvalidWheel(InstallWheelError, ValueError):
    """A wheel (zipped or unpacked) that breaks the wheel format.

    ``wheel`` is the wheel's file name, or the unpacked directory's path.
    """

    def __init__(self, wheel: str, reason: str) -> None:
        self.wheel = wheel
        self.reason = reason
        super().__init__(wheel, reason)

    def __str__(self) -> str:
        return f"invalid wheel {self.wheel}: {self.reason}"


class UnsafeArchive(InvalidWheel):
    """A wheel member that unpacking refuses, and why; nothing was written for it."""

    def __init__(self, wheel: str, member: str, reason: str) -> None:
        self.member = member
        super().__init__(wheel, reason)
        self.args = (wheel, member, reason)

    def __str__(self) -> str:
        return f"refusing to unpack {self.wheel}: member {self.member!r}: {self.reason}"


class RecordMismatch(InvalidWheel):
    """A wheel member that RECORD does not vouch for: unlisted, or another hash or size."""

    def __init__(self, wheel: str, member: str, reason: str) -> None:
        self.member = member
        super().__init__(wheel, reason)
        self.args = (wheel, member, reason)

    def __str__(self) -> str:
        return f"RECORD of {self.wheel} does not match member {self.member!r}: {self.reason}"


class FileConflict(InstallWheelError):
    """A file that the wheel installs already exists with other content.

    ``path`` is the file in the environment, ``source`` the wheel's file that would
    replace it, ``owner`` the ``.dist-info`` whose RECORD lists ``path`` (if found).
    """

    def __init__(self, wheel: str, path: Path, source: Path, owner: str | None = None) -> None:
        self.wheel = wheel
        self.path = path
        self.source = source
        self.owner = owner
        super().__init__(wheel, path, source, owner)

    def __str__(self) -> str:
        owner = f" (installed by {self.owner})" if self.owner else ""
        return (
            f"installing {self.wheel} would overwrite {self.path}{owner} "
            f"with {self.source}; nothing of {self.wheel} was installed"
        )


class WriteError(InstallWheelError):
    """A file or directory could not be created, linked or copied."""

    def __init__(self, wheel: str, path: Path, reason: str) -> None:
        self.wheel = wheel
        self.path = path
        self.reason = reason
        super().__init__(wheel, path, reason)

    def __str__(self) -> str:
        return f"cannot write {self.path} for {self.wheel}: {self.reason}"


class UninstallError(InstallWheelError):
    """An installed distribution that cannot be removed safely; nothing was removed."""

    def __init__(self, dist: Path, reason: str) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        return f"cannot uninstall {self.dist}: {self.reason}"


class CompileError(InstallWheelError):
    """The target interpreter could not be run to byte-compile installed files."""

    def __init__(self, python: Path, reason: str) -> None:
        self.python = python
        self.reason = reason
        super().__init__(python, reason)

    def __str__(self) -> str:
        return f"cannot byte-compile with {self.python}: {self.reason}"
