"""Errors of puffin-build.

::

    PuffinBuildError
    ├── InvalidSourceArchive (also ValueError)  an archive that cannot be unpacked safely:
    │                                           a member outside the tree, a link out, a
    │                                           device, too big, a zip bomb, corrupt data
    ├── InvalidPyProject (also ValueError)      pyproject.toml is not TOML, or its
    │                                           [build-system] has wrong types or values
    ├── NotAPythonProject (also ValueError)     no pyproject.toml and no setup.py, or a
    │                                           subdirectory that is missing or outside
    ├── BuildEnvironmentError                   the isolated build environment could not
    │                                           be created
    ├── BuildBackendError                       a hook failed, or the backend could not be
    │                                           imported; carries the end of its output
    └── EditableNotSupported                    an editable build of a project whose
                                                backend has no ``build_editable``

The resolver's and installer's errors, raised by the `BuildContext` while build
requirements are resolved and installed, pass through unchanged.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BuildBackendError",
    "BuildEnvironmentError",
    "EditableNotSupported",
    "InvalidPyProject",
    "InvalidSourceArchive",
    "NotAPythonProject",
    "PuffinBuildError",
]

#: How many of the last lines of a backend's output a `BuildBackendError` keeps.
OUTPUT_TAIL_LINES = 10


class PuffinBuildError(Exception):
    """Root of every error raised by puffin-build."""


class InvalidSourceArchive(PuffinBuildError, ValueError):
    """A source archive that is refused; nothing was written outside the target.

    ``member`` is the archive member at fault, or None when the archive as a whole
    is (unreadable, corrupt, an unknown format).

    >>> str(InvalidSourceArchive("foo-1.0.tar.gz", "../evil", "'..' in its path"))
    "refusing to unpack foo-1.0.tar.gz: member '../evil': '..' in its path"
    >>> str(InvalidSourceArchive("foo-1.0.zip", None, "not a zip file"))
    'cannot unpack foo-1.0.zip: not a zip file'
    """

    def __init__(self, archive: str, member: str | None, reason: str) -> None:
        self.archive = archive
        self.member = member
        self.reason = reason
        super().__init__(archive, member, reason)

    def __str__(self) -> str:
        if self.member is None:
            return f"cannot unpack {self.archive}: {self.reason}"
        return f"refusing to unpack {self.archive}: member {self.member!r}: {self.reason}"


class InvalidPyProject(PuffinBuildError, ValueError):
    """A ``pyproject.toml`` that cannot be read, or whose ``[build-system]`` is invalid.

    >>> str(InvalidPyProject(Path("/src/pyproject.toml"), "build-system.requires: not a list"))
    'invalid /src/pyproject.toml: build-system.requires: not a list'
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"invalid {self.path}: {self.reason}"


class NotAPythonProject(PuffinBuildError, ValueError):
    """A directory that holds no buildable project (or a subdirectory that is not in the tree).

    >>> str(NotAPythonProject(Path("/src/foo")))
    '/src/foo is not a Python project: it has neither pyproject.toml nor setup.py'
    """

    def __init__(
        self, path: Path, reason: str = "it has neither pyproject.toml nor setup.py"
    ) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"{self.path} is not a Python project: {self.reason}"


class BuildEnvironmentError(PuffinBuildError):
    """The isolated environment of a build could not be created at ``path``."""

    def __init__(self, package_id: str, path: Path, reason: str) -> None:
        self.package_id = package_id
        self.path = path
        self.reason = reason
        super().__init__(package_id, path, reason)

    def __str__(self) -> str:
        return f"cannot create the build environment of {self.package_id} at {self.path}: " + (
            self.reason
        )


class BuildBackendError(PuffinBuildError):
    """A build backend's hook failed (or the backend could not be loaded to run it).

    ``output`` may be the backend's whole output: only its last `OUTPUT_TAIL_LINES`
    non-empty lines are kept, as ``output_tail``. ``reason`` says what went wrong
    when that is known (an exit status, an import failure, a bad return value).

    >>> print(BuildBackendError("foo==1.0", "build_wheel", "compiling\\nerror: no cc\\n",
    ...                         "exit status 1"))
    failed to build foo==1.0: build_wheel failed (exit status 1)
        compiling
        error: no cc
    """

    def __init__(
        self, package_id: str, hook: str, output: str = "", reason: str | None = None
    ) -> None:
        self.package_id = package_id
        self.hook = hook
        lines = [line.rstrip() for line in output.splitlines() if line.strip()]
        self.output_tail = "\n".join(lines[-OUTPUT_TAIL_LINES:])
        self.reason = reason
        super().__init__(package_id, hook, self.output_tail, reason)

    def __str__(self) -> str:
        reason = f" ({self.reason})" if self.reason else ""
        head = f"failed to build {self.package_id}: {self.hook} failed{reason}"
        if not self.output_tail:
            return head
        return head + "".join(f"\n    {line}" for line in self.output_tail.splitlines())


class EditableNotSupported(PuffinBuildError):
    """An editable build was asked of a project whose backend does not implement PEP 660.

    >>> print(EditableNotSupported("foo==1.0"))
    foo==1.0 cannot be installed as editable: its build backend has no build_editable hook (PEP 660)
    """

    def __init__(self, package_id: str) -> None:
        self.package_id = package_id
        super().__init__(package_id)

    def __str__(self) -> str:
        return (
            f"{self.package_id} cannot be installed as editable: "
            "its build backend has no build_editable hook (PEP 660)"
        )
