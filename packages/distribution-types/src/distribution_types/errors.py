"""Errors of distribution-types.

::

    DistributionTypesError
    ├── InvalidIndexUrl (also ValueError)  an index or find-links value, neither URL nor path
    ├── UnsupportedUrl (also ValueError)   a URL that names nothing puffin can install
    ├── InvalidDistUrl (also ValueError)   a bad wheel filename, git revision or subdirectory
    ├── InvalidDistInfo (also ValueError)  a ``.dist-info`` directory without usable METADATA
    ├── DuplicateDist (also ValueError)    two distributions of one package in a `Resolution`
    └── MissingGitCommit                   ``direct_url.json`` asked for before the commit is known

URLs in messages have their credentials redacted; the fields keep them as given.
"""

from __future__ import annotations

import os

from distribution_types._redact import redact_url

__all__ = [
    "DistributionTypesError",
    "DuplicateDist",
    "InvalidDistInfo",
    "InvalidDistUrl",
    "InvalidIndexUrl",
    "MissingGitCommit",
    "UnsupportedUrl",
]


class DistributionTypesError(Exception):
    """Root of every error raised by distribution-types."""


class InvalidIndexUrl(DistributionTypesError, ValueError):
    """An ``--index-url``, ``--extra-index-url`` or ``--find-links`` value that is not usable."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(text, reason)

    def __str__(self) -> str:
        return f"invalid index location {redact_url(self.text)!r}: {self.reason}"


class UnsupportedUrl(DistributionTypesError, ValueError):
    """A URL or path that is not a git repository, a wheel, a directory or a source archive."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(url, reason)

    def __str__(self) -> str:
        return f"unsupported URL {redact_url(self.url)!r}: {self.reason}"


class InvalidDistUrl(DistributionTypesError, ValueError):
    """A distribution URL of a supported kind whose details are wrong.

    For example a wheel of another project, an empty git revision, or a
    ``#subdirectory=`` that leaves the source tree.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(url, reason)

    def __str__(self) -> str:
        return f"invalid distribution URL {redact_url(self.url)!r}: {self.reason}"


class InvalidDistInfo(DistributionTypesError, ValueError):
    """An installed distribution's ``.dist-info`` directory that cannot be read."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(self.path, reason)

    def __str__(self) -> str:
        return f"invalid installed distribution {self.path}: {self.reason}"


class DuplicateDist(DistributionTypesError, ValueError):
    """Two distributions of the same package given to one `Resolution`."""

    def __init__(self, name: str, first: str, second: str) -> None:
        self.name = name
        self.first = first
        self.second = second
        super().__init__(name, first, second)

    def __str__(self) -> str:
        return (
            f"a resolution holds one distribution per package, got two for {self.name}: "
            f"{self.first} and {self.second}"
        )


class MissingGitCommit(DistributionTypesError):
    """A git source whose commit is not known yet, so no ``direct_url.json`` can be written."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url)

    def __str__(self) -> str:
        return (
            f"the commit of git source {redact_url(self.url)!r} is not known yet; "
            "fetch it before recording where it came from"
        )
