"""From a dist to its ``direct_url.json`` record (PEP 610), and from a record back to a URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from distribution_types._redact import strip_credentials
from distribution_types._urls import fragment_hashes
from pypi_types import ArchiveInfo, DirectUrl, DirInfo, VcsInfo

if TYPE_CHECKING:
    from puffin_pep508 import VerbatimUrl

__all__ = ["archive_direct_url", "directory_direct_url", "direct_url_to_url", "git_direct_url"]


def archive_direct_url(url: VerbatimUrl, subdirectory: str | None = None) -> DirectUrl:
    """The record of a wheel or source archive from *url*; a ``#sha256=`` fragment
    becomes ``archive_info.hashes``.
    """
    hashes = fragment_hashes(url.url)
    return DirectUrl(
        strip_credentials(url.without_fragment()),
        ArchiveInfo(hashes or None),
        subdirectory,
    )


def directory_direct_url(
    url: VerbatimUrl, *, editable: bool, subdirectory: str | None = None
) -> DirectUrl:
    """The record of a local directory, installed in place when *editable*."""
    return DirectUrl(url.without_fragment(), DirInfo(editable=editable), subdirectory)


def git_direct_url(
    repository: str, commit: str, requested_revision: str | None, subdirectory: str | None
) -> DirectUrl:
    """The record of a git checkout of *commit* from *repository* (no ``git+`` prefix)."""
    return DirectUrl(
        strip_credentials(repository),
        VcsInfo("git", commit, requested_revision),
        subdirectory,
    )


def direct_url_to_url(direct_url: DirectUrl) -> str:
    """The URL a requirement would name to get the same install again (as ``pip freeze``).

    >>> from pypi_types import VcsInfo
    >>> direct_url_to_url(DirectUrl("https://example.com/r.git", VcsInfo("git", "abc"), "sub"))
    'git+https://example.com/r.git@abc#subdirectory=sub'
    >>> direct_url_to_url(
    ...     DirectUrl("https://example.com/a-1.0.tar.gz", ArchiveInfo({"sha256": "ff"}))
    ... )
    'https://example.com/a-1.0.tar.gz#sha256=ff'
    """
    url = direct_url.url
    fragments: list[str] = []
    info = direct_url.info
    if isinstance(info, VcsInfo):
        url = f"{info.vcs}+{url}@{info.commit_id}"
    elif isinstance(info, ArchiveInfo):
        hashes = info.all_hashes()
        if hashes:
            # One digest is enough to pin the archive; take a stable choice.
            algorithm = "sha256" if "sha256" in hashes else min(hashes)
            fragments.append(f"{algorithm}={hashes[algorithm]}")
    if direct_url.subdirectory is not None:
        fragments.append(f"subdirectory={direct_url.subdirectory}")
    return url + "#" + "&".join(fragments) if fragments else url
