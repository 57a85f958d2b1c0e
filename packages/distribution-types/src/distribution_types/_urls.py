"""URL pieces that distributions need: fragment options, filenames, canonical identities."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from distribution_types._redact import split_userinfo
from distribution_types.errors import InvalidDistUrl

__all__ = [
    "canonical_repository",
    "canonical_url",
    "fragment_hashes",
    "fragment_params",
    "subdirectory_of",
    "url_filename",
]


def fragment_params(url: str) -> dict[str, str]:
    """The ``key=value`` pairs of *url*'s fragment (``#egg=x&subdirectory=y``), unquoted.

    >>> fragment_params("https://example.com/a.tar.gz#egg=a&subdirectory=pkg%20one")
    {'egg': 'a', 'subdirectory': 'pkg one'}
    """
    fragment = url.partition("#")[2]
    params: dict[str, str] = {}
    for pair in fragment.split("&"):
        key, sep, value = pair.partition("=")
        if sep and key:
            params[key] = unquote(value)
    return params


def subdirectory_of(url: str) -> str | None:
    """The ``#subdirectory=`` of *url*, checked to stay inside the source tree.

    >>> subdirectory_of("git+https://example.com/r.git#subdirectory=./libs/a/")
    'libs/a'
    """
    value = fragment_params(url).get("subdirectory")
    if value is None or value == "":
        return None
    cleaned = value.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise InvalidDistUrl(url, f"subdirectory {value!r} must be a relative path")
    normalized = posixpath.normpath(cleaned)
    if normalized == ".." or normalized.startswith("../"):
        raise InvalidDistUrl(url, f"subdirectory {value!r} leaves the source tree")
    return None if normalized == "." else normalized


def fragment_hashes(url: str) -> dict[str, str]:
    """Digests given in *url*'s fragment (``#sha256=<hex>``), by hashlib algorithm name.

    >>> fragment_hashes("https://example.com/a-1.0.tar.gz#sha256=AB&egg=a")
    {'sha256': 'ab'}
    """
    # Imported here: hashlib loads OpenSSL, and few URLs carry a digest.
    import hashlib

    return {
        key.lower(): value.lower()
        for key, value in fragment_params(url).items()
        if key.lower() in hashlib.algorithms_guaranteed and value
    }


def url_filename(url: str) -> str:
    """The last segment of *url*'s path, unquoted (``""`` when the path ends with ``/``).

    >>> url_filename("https://example.com/files/foo%2Bbar-1.0.tar.gz?x=1#frag")
    'foo+bar-1.0.tar.gz'
    """
    base = url.partition("#")[0].partition("?")[0]
    scheme_end = base.find("://")
    path = base[scheme_end + 3 :] if scheme_end != -1 else base
    slash = path.find("/")
    path = path[slash:] if slash != -1 else ""
    return unquote(path.rpartition("/")[2])


def _lower_scheme_and_host(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = len(rest)
    for delimiter in "/?#":
        found = rest.find(delimiter)
        if found != -1:
            end = min(end, found)
    return f"{scheme.lower()}://{rest[:end].lower()}{rest[end:]}"


def canonical_url(url: str, *, subdirectory: str | None = None) -> str:
    """One spelling of *url* for identity: no credentials, no fragment, no trailing slash.

    A *subdirectory* is kept as ``#subdirectory=``, since it selects another project.

    >>> canonical_url("HTTPS://user:pw@Example.COM/a/b.tar.gz#sha256=00")
    'https://example.com/a/b.tar.gz'
    >>> canonical_url("file:///src/proj/", subdirectory="sub")
    'file:///src/proj#subdirectory=sub'
    """
    head, _, rest = split_userinfo(url)
    base = _lower_scheme_and_host(head + rest).partition("#")[0]
    if base.endswith("/") and not base.endswith("://"):
        base = base.rstrip("/")
    if subdirectory is not None:
        base += f"#subdirectory={subdirectory}"
    return base


def canonical_repository(repository: str) -> str:
    """A git repository URL for identity: `canonical_url` without a trailing ``.git``.

    >>> canonical_repository("https://git@Example.com/org/repo.git/")
    'https://example.com/org/repo'
    """
    return canonical_url(repository).removesuffix(".git")
