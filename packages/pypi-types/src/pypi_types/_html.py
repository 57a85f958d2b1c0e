"""PEP 503 HTML project pages and flat find-links pages, read by a small tag scanner.

The scanner looks only at ``<a>``, ``<base>`` and ``<meta>`` start tags; it
skips comments, ``<script>``/``<style>`` bodies and every other tag. It is
several times faster than `html.parser` on index pages (see the package
README for measurements) and reads the same attributes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from puffin_normalize import PackageName
from pypi_types._hashes import Hashes
from pypi_types._simple import File, Meta, SimpleProject, Yanked
from pypi_types._simple_json import parse_upload_time
from pypi_types._urls import Resolver
from pypi_types.errors import InvalidSimpleResponse

if TYPE_CHECKING:
    import logging

__all__ = ["parse_find_links_html", "parse_simple_html"]


def _logger() -> logging.Logger:
    """This module's logger (logging is imported on first use: most runs log nothing)."""
    import logging

    return logging.getLogger(__name__)


_SPACE = " \t\n\r\f"
_RAW_TEXT = ("script", "style")
_EMPTY_HASHES = Hashes()


def parse_simple_html(
    text: str, base_url: str, *, name: PackageName | None = None
) -> SimpleProject:
    """Read a PEP 503 project page fetched from *base_url*.

    Links resolve against ``<base href>`` when the page has one, else against
    *base_url*. PEP 503 pages do not state the project name, so pass *name*
    to have it on the result. ``<meta name="pypi:repository-version">`` gives
    the API version (PEP 629).

    >>> page = '''<html><head><meta name="pypi:repository-version" content="1.1"></head>
    ... <a href="/files/foo-1.0-py3-none-any.whl#sha256=AB" data-requires-python="&gt;=3.8"
    ...    data-core-metadata="sha256=cd">foo-1.0-py3-none-any.whl</a></html>'''
    >>> project = parse_simple_html(page, "https://example.com/simple/foo/")
    >>> file = project.files[0]
    >>> file.url, file.hashes.sha256, file.requires_python, file.core_metadata
    ('https://example.com/files/foo-1.0-py3-none-any.whl', 'ab', '>=3.8', Hashes(sha256='cd'))
    >>> project.meta.api_version
    '1.1'
    """
    anchors, base_href, api_version = _scan(text, base_url)
    base = base_url
    if base_href:
        try:
            base = urljoin(base_url, base_href)
        except ValueError:  # a malformed host such as "http://[::1"; browsers ignore it too
            _logger().debug("ignoring invalid <base href=%r> on %s", base_href, base_url)
    resolve = Resolver(base)
    files = tuple(file for anchor in anchors if (file := _file(anchor, resolve)) is not None)
    meta = Meta(api_version) if api_version else Meta()
    return SimpleProject(name, files, None, meta)


def parse_find_links_html(text: str, base_url: str) -> tuple[File, ...]:
    """Read a flat page of links (``--find-links``): every link to a file, in page order.

    Links to folders (a URL path ending in ``/``) are left out.

    >>> page = '<a href="sub/">sub/</a> <a href="foo-1.0.tar.gz">foo-1.0.tar.gz</a>'
    >>> [f.url for f in parse_find_links_html(page, "file:///srv/wheels/")]
    ['file:///srv/wheels/foo-1.0.tar.gz']
    """
    return tuple(parse_simple_html(text, base_url).files)


def _file(attributes: dict[str, str], resolve: Resolver) -> File | None:
    href = attributes.get("href")
    if not href:
        return None
    href, _, fragment = href.strip().partition("#")
    if not href:
        return None
    try:
        url = resolve(href)
    except ValueError:  # a malformed host such as "//[::1/x.whl": not a usable link
        _logger().debug("ignoring invalid link %r", href)
        return None
    filename = url.partition("?")[0].rpartition("/")[2]
    if not filename:
        return None
    if "%" in filename:
        filename = unquote(filename)
    requires_python = attributes.get("data-requires-python") or None
    yanked = None
    if "data-yanked" in attributes:
        yanked = Yanked(attributes["data-yanked"] or None)
    core = attributes.get("data-core-metadata")
    if core is None:
        core = attributes.get("data-dist-info-metadata")
    upload_time = None
    if "data-upload-time" in attributes:
        try:
            upload_time = parse_upload_time(attributes["data-upload-time"])
        except ValueError:
            _logger().debug("ignoring invalid data-upload-time on %s", url)
    return File(
        filename,
        url,
        Hashes.from_fragment(fragment) if fragment else _EMPTY_HASHES,
        requires_python,
        yanked,
        False if core is None else _core_metadata(core),
        upload_time,
        None,
    )


def _core_metadata(value: str) -> bool | Hashes:
    """PEP 658: ``true`` or ``<hashname>=<hex>``; any other value still announces the file."""
    if value.lower() == "false":
        return False
    hashes = Hashes.from_fragment(value)
    return True if hashes.is_empty else hashes


def _scan(text: str, url: str) -> tuple[list[dict[str, str]], str | None, str | None]:
    """Collect the attributes of every ``<a>``, the first ``<base href>`` and the API version."""
    anchors: list[dict[str, str]] = []
    base_href: str | None = None
    api_version: str | None = None
    find = text.find
    length = len(text)
    pos = find("<")
    while pos >= 0:
        start = pos + 1
        if text.startswith("!--", start):
            end = find("-->", start + 3)
            if end < 0:
                break
            pos = find("<", end + 3)
            continue
        # The tag name runs to the first space, `>` or `/`.
        end = start
        while end < length and text[end] not in " \t\n\r\f>/":
            end += 1
        tag = text[start:end].lower()
        if tag == "a" or tag == "base" or tag == "meta":
            attributes, pos = _attributes(text, end, url)
            if tag == "a":
                anchors.append(attributes)
            elif tag == "base":
                if base_href is None and attributes.get("href"):
                    base_href = attributes["href"].strip()
            elif attributes.get("name", "").lower() == "pypi:repository-version":
                api_version = attributes.get("content", "").strip() or None
        elif tag in _RAW_TEXT:
            close = text.lower().find(f"</{tag}", end)
            pos = length if close < 0 else close + 2
        else:
            pos = end
        pos = find("<", pos)
    return anchors, base_href, api_version


def _attributes(text: str, pos: int, url: str) -> tuple[dict[str, str], int]:
    """Read the attributes of a start tag from *pos*; return them and the position after ``>``."""
    attributes: dict[str, str] = {}
    length = len(text)
    while True:
        while pos < length and text[pos] in _SPACE:
            pos += 1
        if pos >= length:
            raise InvalidSimpleResponse(url, "unterminated tag at end of page")
        char = text[pos]
        if char == ">":
            return attributes, pos + 1
        if char == "/":
            pos += 1
            continue
        end = text.find("=", pos, pos + 64)
        key = text[pos:end]
        if end < 0 or not (key.isascii() and key.replace("-", "").isalnum()):
            # Not the common `name=value`: walk the name by hand.
            end = pos
            while end < length and text[end] not in " \t\n\r\f=>/":
                end += 1
            if end == pos:
                # A stray `=`: not an attribute name; browsers skip it too.
                end += 1
        key = text[pos:end].lower()
        pos = end
        while pos < length and text[pos] in _SPACE:
            pos += 1
        value = ""
        if pos < length and text[pos] == "=":
            pos += 1
            while pos < length and text[pos] in _SPACE:
                pos += 1
            quote = text[pos] if pos < length else ""
            if quote == '"' or quote == "'":
                close = text.find(quote, pos + 1)
                if close < 0:
                    raise InvalidSimpleResponse(url, f"unterminated attribute value of {key!r}")
                value = text[pos + 1 : close]
                pos = close + 1
            else:
                end = pos
                while end < length and text[end] not in " \t\n\r\f>":
                    end += 1
                value = text[pos:end]
                pos = end
            if "&" in value:
                value = _unescape_attribute(value)
        # HTML keeps the first of duplicated attributes.
        attributes.setdefault(key, value)


@functools.cache
def _entities() -> tuple[dict[str, str], Callable[[str], str]]:
    """`html.entities.html5` and `html.unescape`, imported on first use: the entity
    table is large, and most pages have no character reference in any attribute.
    """
    from html import unescape
    from html.entities import html5

    return html5, unescape


def _unescape_attribute(value: str) -> str:
    """Decode character references the way HTML does inside attribute values.

    Unlike `html.unescape`, a reference without ``;`` stays literal when a
    letter, digit or ``=`` follows it, so ``?a=1&copy=2`` keeps its ``&copy``.

    >>> _unescape_attribute("&gt;=3.7&#44;&lt;4 a&amp;b ?x=1&copy=2 &ampx")
    '>=3.7,<4 a&b ?x=1&copy=2 &ampx'
    """
    html5, unescape = _entities()
    pieces = value.split("&")
    out = [pieces[0]]
    for piece in pieces[1:]:
        if piece.startswith("#"):
            out.append(unescape("&" + piece))
            continue
        end = 0
        while end < len(piece) and piece[end].isascii() and piece[end].isalnum():
            end += 1
        name = piece[:end]
        if end < len(piece) and piece[end] == ";" and name + ";" in html5:
            out.append(html5[name + ";"] + piece[end + 1 :])
        elif name in html5 and piece[end : end + 1] != "=":
            out.append(html5[name] + piece[end:])
        else:
            out.append("&" + piece)
    return "".join(out)
