"""Errors of gourgeist.

::

    GourgeistError
    ├── VenvExists          the target directory is not empty (and neither clear nor
    │                       allow_existing was asked for)
    └── VenvCreationError   the file system refused: the path is a file, a parent is
                            missing or unwritable, a link could not be made, ...
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["GourgeistError", "VenvCreationError", "VenvExists"]


class GourgeistError(Exception):
    """Root of every error raised by gourgeist."""


class VenvExists(GourgeistError):
    """The target directory already holds files.

    >>> str(VenvExists(Path("/tmp/env")))
    '/tmp/env already exists and is not empty: clear it or allow writing into it'
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(path)

    def __str__(self) -> str:
        return f"{self.path} already exists and is not empty: clear it or allow writing into it"


class VenvCreationError(GourgeistError):
    """Creating the environment at ``path`` failed; ``cause`` says why.

    The message fits on one line: the environment's path, the system's reason, and the
    file it concerned when that is not the environment's root.

    >>> import errno, os
    >>> cause = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/tmp/env/bin")
    >>> str(VenvCreationError(Path("/tmp/env"), cause))
    'cannot create virtual environment at /tmp/env: Permission denied: /tmp/env/bin'
    """

    def __init__(self, path: Path, cause: Exception) -> None:
        self.path = path
        self.cause = cause
        super().__init__(path, cause)

    def __str__(self) -> str:
        cause = self.cause
        if isinstance(cause, OSError) and cause.strerror:
            reason = cause.strerror
            if cause.filename is not None and Path(cause.filename) != self.path:
                reason = f"{reason}: {cause.filename}"
        else:
            reason = str(cause) or type(cause).__name__
        return f"cannot create virtual environment at {self.path}: {reason}"
