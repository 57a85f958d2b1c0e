"""Errors of puffin-client.

::

    ClientError
    ├── FetchError                 a request failed: connection, status, or a bad body
    │   └── OfflineError           the network is off (--offline) and nothing is cached
    ├── PackageNotFound            no index (or find-links location) has the package
    ├── MetadataError              a wheel's METADATA is missing, unreadable or mismatched
    └── IndexConfigError           a setting is unusable (pip config, variables, no default index)

Every URL in a message is redacted: a password (or a lone token) shows as ``****``.
"""

from __future__ import annotations

from collections.abc import Sequence

from puffin_client._auth import redact_url

__all__ = [
    "ClientError",
    "FetchError",
    "IndexConfigError",
    "MetadataError",
    "OfflineError",
    "PackageNotFound",
]


class ClientError(Exception):
    """Root of every error raised by puffin-client."""


class FetchError(ClientError):
    """A request to *url* failed; *reason* says how (connection refused, HTTP 403, …).

    >>> print(FetchError("https://user:secret@example.com/simple/foo/", "HTTP 500"))
    could not fetch https://user:****@example.com/simple/foo/: HTTP 500
    """

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        self.url = redact_url(url)
        self.reason = reason
        self.status = status
        super().__init__(self.url, reason)

    def __str__(self) -> str:
        return f"could not fetch {self.url}: {self.reason}"


class OfflineError(FetchError):
    """Offline mode (``--offline``) needs *url* (of *package*, if known) but it is not cached.

    >>> print(OfflineError("https://example.com/simple/foo/", package="foo"))
    foo is not in the cache and the network is off (--offline): https://example.com/simple/foo/
    """

    def __init__(self, url: str, *, package: str | None = None) -> None:
        super().__init__(url, "not in the cache and the network is off (--offline)")
        self.package = package

    def __str__(self) -> str:
        what = self.package if self.package is not None else "the URL"
        return f"{what} is not in the cache and the network is off (--offline): {self.url}"


class PackageNotFound(ClientError):
    """No index searched has *package*; *indexes* are the (redacted) URLs looked at.

    >>> print(PackageNotFound("foo", ["https://example.com/simple"]))
    package foo was not found in the index https://example.com/simple
    >>> print(PackageNotFound("foo", []))
    package foo was not found: no index is searched (--no-index)
    """

    def __init__(self, package: str, indexes: Sequence[str]) -> None:
        self.package = package
        self.indexes = tuple(redact_url(url) for url in indexes)
        super().__init__(package, self.indexes)

    def __str__(self) -> str:
        if not self.indexes:
            return f"package {self.package} was not found: no index is searched (--no-index)"
        if len(self.indexes) == 1:
            return f"package {self.package} was not found in the index {self.indexes[0]}"
        return f"package {self.package} was not found in the indexes {', '.join(self.indexes)}"


class MetadataError(ClientError):
    """The METADATA of *filename* (from *url*) could not be obtained or is wrong; the
    message names a remote *url*, which tells a broken mirror from a broken wheel.

    >>> print(MetadataError("foo-1.0-py3-none-any.whl", "no .dist-info/METADATA in the archive"))
    bad metadata for foo-1.0-py3-none-any.whl: no .dist-info/METADATA in the archive
    >>> print(MetadataError("foo-1.0-py3-none-any.whl", "not a zip", url="https://example.com/f"))
    bad metadata for foo-1.0-py3-none-any.whl: not a zip (from https://example.com/f)
    """

    def __init__(
        self, filename: str, reason: str, *, url: str | None = None, content: bool = False
    ) -> None:
        self.filename = filename
        self.reason = reason
        self.url = None if url is None else redact_url(url)
        self.content = content
        """True when the METADATA was read and is wrong (the wheel is broken: its version
        is unusable); False when it could not be read (a broken download or mirror)."""
        super().__init__(filename, reason)

    def __str__(self) -> str:
        message = f"bad metadata for {self.filename}: {self.reason}"
        if self.url is not None and not self.url.startswith("file:"):
            message += f" (from {self.url})"
        return message


class IndexConfigError(ClientError):
    """A setting from *source* (a flag, a variable, a pip config file) is unusable: the
    index settings, or ``PUFFIN_HTTP_TIMEOUT``.

    >>> print(IndexConfigError("/etc/pip.conf", "File contains no section headers"))
    invalid settings in /etc/pip.conf: File contains no section headers
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(source, reason)

    def __str__(self) -> str:
        return f"invalid settings in {self.source}: {self.reason}"
