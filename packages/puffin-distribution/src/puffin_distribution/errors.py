"""Errors of puffin-distribution.

::

    DistributionError
    ├── BuildNotSupported      only a build would give the metadata (not supported yet)
    └── SourceDistError        a source distribution could not be downloaded or read

Network failures of the client (`puffin_client.FetchError`, `OfflineError`) and bad
wheel metadata (`puffin_client.MetadataError`) pass through unchanged: they already
name the URL or the file.
"""

from __future__ import annotations

__all__ = ["BuildNotSupported", "DistributionError", "SourceDistError"]


class DistributionError(Exception):
    """Root of every error raised by puffin-distribution."""


class BuildNotSupported(DistributionError):
    """The metadata of *dist* (a filename or ``name @ url``) needs a build; *reason* says why.

    >>> print(BuildNotSupported("foo-1.0.tar.gz"))
    building source distributions is not supported yet: foo-1.0.tar.gz
    >>> print(BuildNotSupported("foo-1.0.tar.gz", "Requires-Dist is dynamic"))
    building source distributions is not supported yet: foo-1.0.tar.gz (Requires-Dist is dynamic)
    """

    def __init__(self, dist: str, reason: str | None = None) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        detail = f" ({self.reason})" if self.reason else ""
        return f"building source distributions is not supported yet: {self.dist}{detail}"


class SourceDistError(DistributionError):
    """The source distribution *filename* could not be downloaded or read: *reason*.

    >>> print(SourceDistError("foo-1.0.tar.gz", "no foo-1.0/PKG-INFO in the archive"))
    cannot read the source distribution foo-1.0.tar.gz: no foo-1.0/PKG-INFO in the archive
    """

    def __init__(self, filename: str, reason: str, *, url: str | None = None) -> None:
        self.filename = filename
        self.reason = reason
        self.url = url
        super().__init__(filename, reason)

    def __str__(self) -> str:
        return f"cannot read the source distribution {self.filename}: {self.reason}"
