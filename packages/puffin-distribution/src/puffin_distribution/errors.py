"""Errors of puffin-distribution.

::

    DistributionError
    ├── BuildNotSupported      only a build would give the metadata, and no builder is given
    ├── BuildFailed            building a source distribution failed (the cause is kept)
    └── SourceDistError        a source distribution could not be downloaded or read

Network failures of the client (`puffin_client.FetchError`, `OfflineError`) and bad
wheel metadata (`puffin_client.MetadataError`) pass through unchanged: they already
name the URL or the file.
"""

from __future__ import annotations

__all__ = ["BuildFailed", "BuildNotSupported", "DistributionError", "SourceDistError"]


class DistributionError(Exception):
    """Root of every error raised by puffin-distribution."""


class BuildNotSupported(DistributionError):
    """The metadata of *dist* (a filename or ``name @ url``) needs a build, and the
    database was given no build context; *reason* says why a build is needed.

    >>> print(BuildNotSupported("foo-1.0.tar.gz"))
    foo-1.0.tar.gz must be built, and building is not available here
    >>> print(BuildNotSupported("foo-1.0.tar.gz", "Requires-Dist is dynamic"))
    foo-1.0.tar.gz must be built, and building is not available here (Requires-Dist is dynamic)
    """

    def __init__(self, dist: str, reason: str | None = None) -> None:
        self.dist = dist
        self.reason = reason
        super().__init__(dist, reason)

    def __str__(self) -> str:
        detail = f" ({self.reason})" if self.reason else ""
        return f"{self.dist} must be built, and building is not available here{detail}"


class BuildFailed(DistributionError):
    """Building *package_id* failed; *cause* (the builder's or resolver's error) says how.

    >>> print(BuildFailed("foo==1.0", ValueError("build_wheel failed")))
    failed to build foo==1.0: build_wheel failed
    """

    def __init__(self, package_id: str, cause: BaseException) -> None:
        self.package_id = package_id
        self.cause = cause
        super().__init__(package_id, cause)

    def __str__(self) -> str:
        text = str(self.cause)
        # A builder's error usually says this already.
        if text.startswith(f"failed to build {self.package_id}"):
            return text
        if text.startswith(self.package_id):
            return f"failed to build {text}"
        return f"failed to build {self.package_id}: {text}"


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
