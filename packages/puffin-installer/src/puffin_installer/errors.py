"""Errors of puffin-installer.

::

    InstallerError
    ├── InvalidPin (also ValueError)      a requirement that is not an exact pin (== or a URL)
    │   └── MissingHashes                 hash-checking mode and a requirement without --hash
    ├── ConflictingPins (also ValueError) two different pins of one package
    ├── DistNotFound                      no file of a pinned version fits the environment
    ├── BuildNotSupported                 only a source distribution (or a source tree) is there
    ├── HashMismatch                      a downloaded file's digest is not the expected one
    ├── DownloadError                     a file could not be downloaded or unpacked
    ├── InstallError                      linking a wheel into the environment failed
    └── UninstallError                    removing an installed distribution failed

Messages name the package (as ``name==version`` or ``name @ url``), the requirements
file and line it came from when there is one, and the file or URL at fault.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "BuildNotSupported",
    "ConflictingPins",
    "DistNotFound",
    "DownloadError",
    "HashMismatch",
    "InstallError",
    "InstallerError",
    "InvalidPin",
    "MissingHashes",
    "UninstallError",
]


def _where(source: str | None) -> str:
    return f" ({source})" if source else ""


class InstallerError(Exception):
    """Root of every error raised by puffin-installer."""


class InvalidPin(InstallerError, ValueError):
    """A requirement that names no exact version or URL, so there is nothing to sync to.

    >>> print(InvalidPin("foo>=1.0", "requirements.txt:3", "it is not pinned with =="))
    foo>=1.0 (requirements.txt:3): it is not pinned with ==
    """

    def __init__(self, requirement: str, source: str | None, reason: str) -> None:
        self.requirement = requirement
        self.source = source
        self.reason = reason
        super().__init__(requirement, source, reason)

    def __str__(self) -> str:
        return f"{self.requirement}{_where(self.source)}: {self.reason}"


class MissingHashes(InvalidPin):
    """Hash-checking mode is on, and this requirement carries no ``--hash``.

    >>> print(MissingHashes("foo==1.0", "requirements.txt:3"))  # doctest: +NORMALIZE_WHITESPACE
    foo==1.0 (requirements.txt:3): hashes are required (--require-hashes, or another
    requirement has --hash), but this requirement has none
    """

    def __init__(self, requirement: str, source: str | None) -> None:
        super().__init__(
            requirement,
            source,
            "hashes are required (--require-hashes, or another requirement has --hash), "
            "but this requirement has none",
        )


class ConflictingPins(InstallerError, ValueError):
    """The same package pinned twice, to different versions or URLs.

    >>> print(ConflictingPins("foo", "foo==1.0 (a.txt:1)", "foo==2.0 (b.txt:4)"))
    foo is pinned twice: foo==1.0 (a.txt:1) and foo==2.0 (b.txt:4)
    """

    def __init__(self, name: str, first: str, second: str) -> None:
        self.name = name
        self.first = first
        self.second = second
        super().__init__(name, first, second)

    def __str__(self) -> str:
        return f"{self.name} is pinned twice: {self.first} and {self.second}"


class DistNotFound(InstallerError):
    """No file of *pin* can be installed here; *reasons* say what was found and refused.

    >>> print(DistNotFound("foo==1.0", ["2 wheels do not fit this interpreter"]))
    no distribution of foo==1.0 can be installed: 2 wheels do not fit this interpreter
    """

    def __init__(self, pin: str, reasons: Sequence[str]) -> None:
        self.pin = pin
        self.reasons = tuple(reasons)
        super().__init__(pin, self.reasons)

    def __str__(self) -> str:
        why = "; ".join(self.reasons) if self.reasons else "no file of this version was found"
        return f"no distribution of {self.pin} can be installed: {why}"


class BuildNotSupported(InstallerError):
    """Installing *pin* needs a build from source, which puffin cannot do yet.

    >>> print(BuildNotSupported("foo==1.0"))
    building source distributions is not supported yet: foo==1.0
    """

    def __init__(self, pin: str, detail: str | None = None) -> None:
        self.pin = pin
        self.detail = detail
        super().__init__(pin, detail)

    def __str__(self) -> str:
        tail = f" ({self.detail})" if self.detail else ""
        return f"building source distributions is not supported yet: {self.pin}{tail}"


class HashMismatch(InstallerError):
    """A downloaded file whose digest matches none of the expected ones; nothing was installed.

    >>> print(HashMismatch("foo-1.0-py3-none-any.whl", "req.txt:2", ["sha256:aa"], "sha256:bb"))
    hash mismatch for foo-1.0-py3-none-any.whl (req.txt:2): expected sha256:aa, got sha256:bb
    """

    def __init__(
        self, filename: str, source: str | None, expected: Sequence[str], actual: str
    ) -> None:
        self.filename = filename
        self.source = source
        self.expected = tuple(expected)
        self.actual = actual
        super().__init__(filename, source, self.expected, actual)

    def __str__(self) -> str:
        expected = (
            self.expected[0] if len(self.expected) == 1 else "one of " + ", ".join(self.expected)
        )
        return (
            f"hash mismatch for {self.filename}{_where(self.source)}: "
            f"expected {expected}, got {self.actual}"
        )


class DownloadError(InstallerError):
    """*dist* could not be downloaded or unpacked into the cache; the cause says why.

    >>> print(DownloadError("foo==1.0", "HTTP 404"))
    failed to download foo==1.0: HTTP 404
    """

    def __init__(self, dist: str, reason: str) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        return f"failed to download {self.dist}: {self.reason}"


class InstallError(InstallerError):
    """Installing *dist* into the environment failed; the cause says why.

    >>> print(InstallError("foo==1.0", "a file of bar is in the way"))
    failed to install foo==1.0: a file of bar is in the way
    """

    def __init__(self, dist: str, reason: str) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        return f"failed to install {self.dist}: {self.reason}"


class UninstallError(InstallerError):
    """Removing the installed *dist* failed; the cause says why.

    >>> print(UninstallError("foo==1.0", "its RECORD lists a file outside the environment"))
    failed to uninstall foo==1.0: its RECORD lists a file outside the environment
    """

    def __init__(self, dist: str, reason: str) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        return f"failed to uninstall {self.dist}: {self.reason}"
