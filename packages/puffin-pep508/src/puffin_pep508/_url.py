"""`VerbatimUrl`: a URL, normalized, together with the text the user wrote for it."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Self
from urllib.parse import quote, unquote, urlsplit

from puffin_pep508._frozen import Frozen, set_field
from puffin_pep508.errors import InvalidUrl

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["VerbatimUrl", "expand_env_vars", "first_surrogate", "looks_like_url"]

# pip expands only upper-case names, so "${lower}" survives as written.
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Characters that may not appear raw in a URL; everything else, including an
# existing %XX escape, is kept as written.
_URL_SAFE = (
    "!#$%&'()*+,-./:;=?@[]_~" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_PATH_SAFE = "/!$&'()*+,;=:@~-._"
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443}


def first_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in *text* (U+D800 to U+DFFF), or None.

    >>> first_surrogate("ab\ud800c"), first_surrogate("abc")
    (2, None)
    """
    # No regex: a character class spanning the surrogates takes a millisecond to
    # compile. UTF-8 encodes every other code point.
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def expand_env_vars(text: str, env: Mapping[str, str] | None = None) -> str:
    """Replace ``${NAME}`` with the variable's value; unset variables stay as written.

    >>> expand_env_vars("${HOST}/simple ${UNSET}", {"HOST": "https://example.com"})
    'https://example.com/simple ${UNSET}'
    """
    if "${" not in text:
        return text
    environ = os.environ if env is None else env
    return _ENV_VAR.sub(lambda m: environ.get(m[1], m[0]), text)


def looks_like_url(text: str) -> bool:
    """Whether *text* starts with a URL scheme (a Windows drive letter is not one).

    >>> [looks_like_url(t) for t in ("git+https://example.com/x.git", "C:/x", "./x")]
    [True, False, False]
    """
    match = _SCHEME.match(text)
    return match is not None and len(match[1]) > 1


class VerbatimUrl(Frozen):
    """A parsed, normalized URL plus exactly what the user wrote for it.

    Equality and hashing look at the normalized `url` only; `given` is kept
    for messages and for writing requirements back out as they were written.

    >>> u = VerbatimUrl.parse_url("HTTPS://Example.COM:443/pkgs/x-1.0.whl#sha256=ab")
    >>> u.url
    'https://example.com/pkgs/x-1.0.whl#sha256=ab'
    >>> u.given, u.scheme
    ('HTTPS://Example.COM:443/pkgs/x-1.0.whl#sha256=ab', 'https')
    """

    __match_args__ = ("url", "given")
    __slots__ = __match_args__
    _compare = ("url",)

    url: str
    given: str | None

    def __init__(self, url: str, given: str | None = None) -> None:
        set_field(self, "url", url)
        set_field(self, "given", given)

    @classmethod
    def parse_url(cls, text: str, *, env: Mapping[str, str] | None = None) -> Self:
        """Parse an absolute URL after ``${VAR}`` expansion; raise `InvalidUrl` otherwise."""
        expanded = expand_env_vars(text, env)
        _check_encodable(text, expanded)
        match = _SCHEME.match(expanded)
        if match is None or len(match[1]) == 1:
            raise InvalidUrl(text, "expected a URL starting with a scheme such as 'https:'", 0)
        scheme = match[1].lower()
        if scheme == "file":
            return cls(_normalize_file_url(text, expanded, None), text)
        return cls(_normalize_url(text, expanded), text)

    @classmethod
    def parse_path(
        cls,
        text: str,
        working_dir: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> Self:
        """A local path as a ``file://`` URL; relative paths are resolved against *working_dir*.

        Without *working_dir* the current directory is used. A trailing
        ``#key=value`` fragment (``#egg=``, ``#subdirectory=``) is kept on the URL.

        >>> VerbatimUrl.parse_path("../b/c.whl", "/a/x").url
        'file:///a/b/c.whl'
        """
        expanded = expand_env_vars(text, env)
        _check_encodable(text, expanded)
        path, fragment = _split_fragment(expanded)
        if not path:
            raise InvalidUrl(text, "expected a path", 0)
        return cls(_path_to_url(path, working_dir) + fragment, text)

    @classmethod
    def parse(
        cls,
        text: str,
        working_dir: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> Self:
        """`parse_url` when *text* (after expansion) starts with a scheme, else `parse_path`.

        ``file:`` URLs whose path is relative are resolved against *working_dir*.
        """
        expanded = expand_env_vars(text, env)
        if not looks_like_url(expanded):
            return cls.parse_path(text, working_dir, env=env)
        _check_encodable(text, expanded)
        if expanded[:5].lower() == "file:":
            return cls(_normalize_file_url(text, expanded, working_dir), text)
        return cls(_normalize_url(text, expanded), text)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Self:
        """The ``file://`` URL of an absolute path (no `given` text)."""
        return cls(_path_to_url(os.fspath(path), None))

    @property
    def scheme(self) -> str:
        """The lower-case scheme, e.g. ``https``, ``file``, ``git+https``."""
        return self.url.partition(":")[0]

    @property
    def fragment(self) -> str:
        """The text after ``#`` (e.g. ``egg=x&subdirectory=y``), or ``""``."""
        return self.url.partition("#")[2]

    def without_fragment(self) -> str:
        """The URL without its ``#fragment``."""
        return self.url.partition("#")[0]

    def to_path(self) -> Path | None:
        """The local path of a ``file:`` URL (fragment dropped), else ``None``.

        >>> VerbatimUrl.parse_url("file:///tmp/a%20b/x.whl").to_path()
        PosixPath('/tmp/a b/x.whl')
        """
        if self.scheme != "file":
            return None
        parts = urlsplit(self.without_fragment())
        path = unquote(parts.path)
        if parts.netloc and parts.netloc != "localhost":
            path = f"//{parts.netloc}{path}"  # a UNC share
        elif os.name == "nt" and re.match(r"/[A-Za-z]:", path):
            path = path[1:]
        return Path(path)

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"<VerbatimUrl({self.url!r})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VerbatimUrl):
            return NotImplemented
        return self.url == other.url

    def __hash__(self) -> int:
        return hash(self.url)


def _check_encodable(given: str, expanded: str) -> None:
    """Raise `InvalidUrl` if *expanded* holds a lone surrogate (no URL can hold one)."""
    if first_surrogate(expanded) is None:
        return
    # Point at the character when the user wrote it, else at the whole text.
    found = first_surrogate(given)
    start, length = (found, 1) if found is not None else (0, len(given))
    raise InvalidUrl(given, "a URL or path cannot hold a lone surrogate", start, length)


def _split_fragment(path: str) -> tuple[str, str]:
    head, sep, tail = path.partition("#")
    if sep and "=" in tail:
        return head, sep + tail
    return path, ""


def _path_to_url(path: str, working_dir: str | os.PathLike[str] | None) -> str:
    if not os.path.isabs(path):
        base = os.fspath(working_dir) if working_dir is not None else os.getcwd()
        path = os.path.join(base, path)
    # Lexical, like uv: "." and ".." segments go, symlinks stay.
    path = os.path.normpath(path)
    if os.name == "nt":
        return PureWindowsPath(path).as_uri()
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    return "file://" + quote(path, safe=_PATH_SAFE)


def _normalize_file_url(
    given: str, expanded: str, working_dir: str | os.PathLike[str] | None
) -> str:
    body, sep, fragment = expanded.partition("#")
    rest = body[5:]
    if rest.startswith("//"):
        netloc, _, path = rest[2:].partition("/")
        if netloc.lower() in ("", "localhost"):
            return _path_to_url(unquote("/" + path), None) + sep + fragment
        return "file://" + netloc.lower() + _encode("/" + path) + sep + fragment
    if rest.startswith("/"):
        return _path_to_url(unquote(rest), None) + sep + fragment
    if not rest:
        raise InvalidUrl(given, "expected a path after 'file:'", 5)
    return _path_to_url(unquote(rest), working_dir) + sep + fragment


def _encode(text: str) -> str:
    return quote(text, safe=_URL_SAFE)


def _normalize_url(given: str, expanded: str) -> str:
    try:
        parts = urlsplit(expanded)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(given, f"invalid URL: {exc}", 0, len(given)) from None
    scheme = parts.scheme.lower()
    netloc = parts.netloc
    if parts.hostname is not None:
        userinfo, at, _ = netloc.rpartition("@")
        host = parts.hostname
        if ":" in host:
            host = f"[{host}]"  # IPv6
        base = scheme.rpartition("+")[2]
        if port is not None and port != _DEFAULT_PORTS.get(base):
            host += f":{port}"
        netloc = f"{userinfo}{at}{host}"
    elif "//" not in expanded[len(scheme) + 1 : len(scheme) + 3]:
        # "mailto:x" style; nothing here is installable, but it is a URL.
        return _encode(f"{scheme}:{expanded[len(scheme) + 1 :]}")
    path = parts.path
    if scheme.rpartition("+")[2] in _DEFAULT_PORTS:
        path = _remove_dot_segments(path) or "/"
    # Not urlunsplit: it drops the "//" of an empty host for unknown schemes
    # ("git+file:///repo" would lose it).
    url = f"{scheme}://{_encode(netloc)}{_encode(path)}"
    if parts.query:
        url += "?" + _encode(parts.query)
    if parts.fragment:
        url += "#" + _encode(parts.fragment)
    return url


def _remove_dot_segments(path: str) -> str:
    if "/." not in path:
        return path
    trailing = path.endswith(("/", "/.", "/.."))
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):
        resolved = "/" + resolved.lstrip("/")
    return resolved + "/" if trailing and resolved != "/" else resolved
