"""Where packages are looked up: simple indexes (PEP 503) and find-links locations."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from distribution_types._frozen import Frozen, set_field
from distribution_types._redact import redact_url
from distribution_types.errors import InvalidIndexUrl
from puffin_pep508 import InvalidUrl, VerbatimUrl

__all__ = ["FlatIndexLocation", "IndexLocations", "IndexUrl"]

_INDEX_SCHEMES = ("http", "https", "file")
# No ${VAR} expansion: callers hand over final values (requirements files expand their own).
_NO_ENV: dict[str, str] = {}


def _scheme(text: str) -> str | None:
    """The lower-case scheme of *text*, or None for a path (a drive letter is no scheme)."""
    head, colon, _ = text.partition(":")
    if not colon or len(head) < 2 or not head[0].isalpha():
        return None
    if not all(c.isalnum() or c in "+-." for c in head):
        return None
    return head.lower()


def _with_trailing_slash(url: str) -> str:
    """*url* without a fragment and with a path that ends in ``/``."""
    url = url.partition("#")[0]
    base, question, query = url.partition("?")
    if not base.endswith("/"):
        base += "/"
    return base + question + query


def _to_url(text: str, working_dir: str | os.PathLike[str] | None) -> VerbatimUrl:
    """Parse an index or find-links location: an http(s) or file URL, or a local path."""
    stripped = text.strip()
    if not stripped:
        raise InvalidIndexUrl(text, "expected a URL or a path")
    scheme = _scheme(stripped)
    if scheme is not None and scheme not in _INDEX_SCHEMES:
        raise InvalidIndexUrl(text, f"unsupported scheme {scheme!r}; expected http, https or file")
    try:
        if scheme is None:
            return VerbatimUrl.parse_path(stripped, working_dir, env=_NO_ENV)
        url = VerbatimUrl.parse(stripped, working_dir, env=_NO_ENV)
    except InvalidUrl as exc:
        raise InvalidIndexUrl(text, exc.message) from exc
    if scheme != "file" and not url.url.partition("://")[2].partition("/")[0]:
        raise InvalidIndexUrl(text, "missing host name")
    return url


class IndexUrl(Frozen):
    """The base URL of a simple index (PEP 503), credentials included but never displayed.

    The URL always ends with ``/``, so a project page is ``url + name + "/"``.
    ``str()`` and ``repr()`` show the `redacted` form; ``url`` holds the real one.
    ``is_default`` marks the built-in default index (it gets its own cache folder).

    >>> index = IndexUrl.parse("https://user:secret@example.com/simple")
    >>> index.url
    'https://user:secret@example.com/simple/'
    >>> index
    <IndexUrl('https://user:****@example.com/simple/')>
    >>> IndexUrl.parse("./wheels", working_dir="/srv").url
    'file:///srv/wheels/'
    """

    __match_args__ = ("url",)
    __slots__ = ("is_default", "url")

    url: str
    is_default: bool

    def __init__(self, url: str, *, is_default: bool = False) -> None:
        set_field(self, "url", _with_trailing_slash(url))
        set_field(self, "is_default", is_default)

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        working_dir: str | os.PathLike[str] | None = None,
        is_default: bool = False,
    ) -> IndexUrl:
        """Parse an http(s) or ``file:`` URL, or a local directory path (made a ``file:`` URL).

        Relative paths are resolved against *working_dir* (default: the current
        directory). Raise `InvalidIndexUrl` for other schemes or empty text.
        """
        return cls(_to_url(text, working_dir).url, is_default=is_default)

    @property
    def redacted(self) -> str:
        """The URL with its password (or lone user name) replaced by ``****``."""
        return redact_url(self.url)

    @property
    def local_path(self) -> Path | None:
        """The directory of a ``file:`` index, else None."""
        if not self.url.startswith("file:"):
            return None
        return VerbatimUrl(self.url).to_path()

    def project_url(self, name: str) -> str:
        """The URL of the page of project *name* (a normalized `PackageName`).

        >>> IndexUrl("https://example.com/simple").project_url("foo-bar")
        'https://example.com/simple/foo-bar/'
        """
        base, question, query = self.url.partition("?")
        return f"{base}{name}/{question}{query}"

    def __str__(self) -> str:
        return self.redacted

    def __repr__(self) -> str:
        return f"<IndexUrl({self.redacted!r})>"


class FlatIndexLocation(Frozen):
    """A find-links location: a local directory of distributions, or the URL of a page of links.

    Exactly one of ``path`` (absolute) and ``url`` (http or https) is set.

    >>> FlatIndexLocation.parse("file:///srv/wheels").path
    PosixPath('/srv/wheels')
    >>> FlatIndexLocation.parse("https://example.com/links.html").url
    'https://example.com/links.html'
    """

    __match_args__ = ()
    __slots__ = ("path", "url")

    path: Path | None
    url: str | None

    def __init__(
        self, *, path: str | os.PathLike[str] | None = None, url: str | None = None
    ) -> None:
        if (path is None) == (url is None):
            raise ValueError("a FlatIndexLocation has either a path or a URL, not both or neither")
        set_field(self, "path", None if path is None else Path(path))
        set_field(self, "url", url)

    @classmethod
    def parse(
        cls, text: str, *, working_dir: str | os.PathLike[str] | None = None
    ) -> FlatIndexLocation:
        """Parse an http(s) URL, a ``file:`` URL or a path (relative to *working_dir*)."""
        url = _to_url(text, working_dir)
        path = url.to_path()
        if path is not None:
            return cls(path=path)
        return cls(url=url.url)

    @property
    def redacted(self) -> str:
        """The path, or the URL with its credentials replaced by ``****``."""
        if self.url is not None:
            return redact_url(self.url)
        return str(self.path)

    def to_url(self) -> str:
        """The URL of this location (``file:`` for a directory), credentials included."""
        if self.url is not None:
            return self.url
        assert self.path is not None
        return VerbatimUrl.from_path(self.path).url

    def __str__(self) -> str:
        return self.redacted

    def __repr__(self) -> str:
        return f"<FlatIndexLocation({self.redacted!r})>"


class IndexLocations(Frozen):
    """Every place to look for distributions: the index, extra indexes, find-links locations.

    ``no_index`` turns the indexes off (``--no-index``) but not the find-links
    locations, which is how offline installs from a wheel directory work.

    >>> locations = IndexLocations(
    ...     index=IndexUrl("https://example.com/simple"),
    ...     extra_indexes=[IndexUrl("https://example.com/extra")],
    ... )
    >>> [index.url for index in locations.indexes()]
    ['https://example.com/simple/', 'https://example.com/extra/']
    """

    __match_args__ = ("index", "extra_indexes", "flat_indexes", "no_index")
    __slots__ = __match_args__

    index: IndexUrl | None
    extra_indexes: tuple[IndexUrl, ...]
    flat_indexes: tuple[FlatIndexLocation, ...]
    no_index: bool

    def __init__(
        self,
        index: IndexUrl | None = None,
        extra_indexes: Iterable[IndexUrl] = (),
        flat_indexes: Iterable[FlatIndexLocation] = (),
        no_index: bool = False,
    ) -> None:
        set_field(self, "index", index)
        set_field(self, "extra_indexes", tuple(extra_indexes))
        set_field(self, "flat_indexes", tuple(flat_indexes))
        set_field(self, "no_index", no_index)

    def indexes(self) -> Iterator[IndexUrl]:
        """The indexes in search order: the index, then each extra index (once each).

        Nothing when ``no_index`` is set.
        """
        if self.no_index:
            return
        seen: set[str] = set()
        for index in (self.index, *self.extra_indexes):
            if index is not None and index.url not in seen:
                seen.add(index.url)
                yield index
