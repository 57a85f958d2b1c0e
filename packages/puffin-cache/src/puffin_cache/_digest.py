"""Stable digests for cache keys: the same value gives the same folder on every run."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final, Protocol

    class _Hasher(Protocol):
        def update(self, data: bytes, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...


def _sha256_constructor() -> Callable[[], _Hasher]:
    """CPython's built-in SHA-256, else hashlib's.

    Every command digests a cache key at start-up, and importing hashlib loads OpenSSL,
    which takes milliseconds; the built-in module gives the same digests.
    """
    # The module's name from 3.12 on, and before.
    for name in ("_sha2", "_sha256") if sys.version_info >= (3, 12) else ("_sha256",):
        try:
            constructor: Callable[[], _Hasher] = __import__(name).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    import hashlib

    return hashlib.sha256


_sha256 = _sha256_constructor()


__all__ = ["DEFAULT_INDEX_FOLDER", "cache_digest", "canonical_url", "index_folder", "url_digest"]

DEFAULT_INDEX_FOLDER: Final = "pypi"
"""Folder of the default index inside the per-index buckets."""

_DIGEST_LENGTH: Final = 16
_DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
# A pattern string, compiled (and cached by re) on first use, not at every start-up.
_ESCAPE = r"%([0-9A-Fa-f]{2})"
_UNRESERVED: Final = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)


def cache_digest(value: object) -> str:
    """A short hex digest of *value*, identical on every run, platform and Python version.

    *value* may be ``str``, ``bytes``, ``int``, ``float``, ``bool``, ``None``, a path
    (digested as its string), or lists, tuples, sets and dicts of those. The encoding is
    type-tagged and length-prefixed, so ``("ab", "c")`` and ``("a", "bc")`` differ. Never
    use the built-in ``hash()`` for this: it is salted per process.

    >>> cache_digest("https://example.com/simple")
    'db804120728560e9'
    >>> len(cache_digest(("a", 1, None)))
    16
    """
    hasher = _sha256()
    _feed(hasher, value)
    return hasher.hexdigest()[:_DIGEST_LENGTH]


def _feed(hasher: _Hasher, value: object) -> None:
    # Order matters: bool is an int, and str-enums and paths must digest as strings.
    if value is None:
        hasher.update(b"n")
    elif value is True or value is False:
        hasher.update(b"t" if value else b"f")
    elif isinstance(value, int):
        hasher.update(b"i%d;" % value)
    elif isinstance(value, float):
        hasher.update(b"d" + value.hex().encode() + b";")
    elif isinstance(value, str | os.PathLike):
        data = os.fspath(value).encode("utf-8", "surrogateescape")
        hasher.update(b"s%d:" % len(data))
        hasher.update(data)
    elif isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        hasher.update(b"b%d:" % len(data))
        hasher.update(data)
    elif isinstance(value, list | tuple):
        hasher.update(b"l%d:" % len(value))
        for item in value:
            _feed(hasher, item)
    elif isinstance(value, set | frozenset):
        hasher.update(b"e%d:" % len(value))
        for encoded in sorted(_encoded(item) for item in value):
            hasher.update(encoded)
    elif isinstance(value, Mapping):
        hasher.update(b"m%d:" % len(value))
        for key, item in sorted((_encoded(k), _encoded(v)) for k, v in value.items()):
            hasher.update(key)
            hasher.update(item)
    else:
        raise TypeError(f"cannot digest a {type(value).__name__} for a cache key")


def _encoded(value: object) -> bytes:
    """A fixed-size stand-in for *value*, so that unordered collections can be sorted."""
    hasher = _sha256()
    _feed(hasher, value)
    return hasher.digest()


def canonical_url(url: str) -> str:
    """*url* in one canonical spelling: no credentials or fragment, lowercase scheme and
    host, no default port, no dot segments, no trailing slash, normalized escapes.

    >>> canonical_url("HTTPS://user:secret@Example.COM:443/a/./b/../simple/#frag")
    'https://example.com/a/simple'
    >>> canonical_url("http://127.0.0.1:8080")
    'http://127.0.0.1:8080'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = _canonical_netloc(scheme, parts.netloc)
    path = _remove_dot_segments(_normalize_escapes(parts.path)).rstrip("/")
    query = _normalize_escapes(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _canonical_netloc(scheme: str, netloc: str) -> str:
    host_port = netloc.rpartition("@")[2].lower()
    if host_port.startswith("["):
        host, _, rest = host_port.partition("]")
        host += "]"
        port = rest.removeprefix(":")
    else:
        host, _, port = host_port.partition(":")
    if port and port.isdigit() and int(port) != _DEFAULT_PORTS.get(scheme):
        return f"{host}:{int(port)}"
    if port and not port.isdigit():
        # Not a valid port; keep it verbatim rather than guess what was meant.
        return host_port
    return host


def _normalize_escapes(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        byte = int(match[1], 16)
        return chr(byte) if byte in _UNRESERVED else f"%{match[1].upper()}"

    return re.sub(_ESCAPE, replace, text)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output)


def url_digest(url: str) -> str:
    """The digest of *url*'s canonical form (see `canonical_url`), used as a folder name.

    Credentials, fragments, case and trailing slashes do not change it:

    >>> url_digest("https://user:pw@Example.com/simple/") == url_digest(
    ...     "https://example.com/simple#x")
    True
    """
    return cache_digest(canonical_url(url))


def index_folder(url: str, *, default: bool = False) -> str:
    """The folder of an index inside the per-index buckets: ``pypi`` for the default
    index, else the digest of its URL.

    >>> index_folder("https://example.com/simple", default=True)
    'pypi'
    >>> index_folder("https://example.com/simple") == url_digest("https://example.com/simple")
    True
    """
    return DEFAULT_INDEX_FOLDER if default else url_digest(url)
