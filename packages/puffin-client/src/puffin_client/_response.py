"""What a request gives back, whether it went over HTTP or read a ``file://`` URL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

from puffin_normalize import Frozen, set_field

__all__ = ["Response", "StreamResponse", "media_type"]


def media_type(headers: Mapping[str, str]) -> str:
    """The ``Content-Type`` without parameters, lowercased ("" when absent).

    >>> media_type({"content-type": "Text/HTML; charset=utf-8"})
    'text/html'
    """
    return headers.get("content-type", "").partition(";")[0].strip().lower()


def _charset(headers: Mapping[str, str]) -> str:
    for parameter in headers.get("content-type", "").split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


class Response(Frozen):
    """A complete response: final *url* (after redirects, without credentials), *status*,
    *headers* (lowercase names) and the body.

    >>> response = Response("https://example.com/", 200, {"content-type": "text/html"}, b"hi")
    >>> response.ok, response.media_type, response.text()
    (True, 'text/html', 'hi')
    """

    __match_args__ = ("url", "status", "headers", "content")
    __slots__ = __match_args__

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes

    def __init__(self, url: str, status: int, headers: Mapping[str, str], content: bytes) -> None:
        set_field(self, "url", url)
        set_field(self, "status", status)
        set_field(self, "headers", headers)
        set_field(self, "content", content)

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    @property
    def media_type(self) -> str:
        """The ``Content-Type`` without parameters, lowercased."""
        return media_type(self.headers)

    def text(self) -> str:
        """The body decoded with the charset of ``Content-Type`` (UTF-8 if none); bad
        bytes become U+FFFD."""
        try:
            return self.content.decode(_charset(self.headers), errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


class StreamResponse(Frozen):
    """A response whose body is read in chunks (downloads); valid inside its ``async with``."""

    __match_args__ = ("url", "status", "headers", "_chunks", "_read")
    __slots__ = __match_args__

    url: str
    status: int
    headers: Mapping[str, str]
    _chunks: Callable[[], AsyncIterator[bytes]]
    _read: Callable[[], Awaitable[bytes]]

    def __init__(
        self,
        url: str,
        status: int,
        headers: Mapping[str, str],
        _chunks: Callable[[], AsyncIterator[bytes]],
        _read: Callable[[], Awaitable[bytes]],
    ) -> None:
        set_field(self, "url", url)
        set_field(self, "status", status)
        set_field(self, "headers", headers)
        set_field(self, "_chunks", _chunks)
        set_field(self, "_read", _read)

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body, chunk by chunk."""
        return self._chunks()

    async def aread(self) -> bytes:
        """The whole body."""
        return await self._read()


Sink = Callable[[memoryview], object]
"""Takes each piece of a body, in order (`BaseClient.download`); it may be called from
another thread, and the view is valid only during the call."""


class Download(Frozen):
    """What a bulk download got: the final URL (after redirects), status and headers.
    The body went to the sink, and only when the status is 2xx."""

    __match_args__ = ("url", "status", "headers")
    __slots__ = __match_args__

    url: str
    status: int
    headers: Mapping[str, str]

    def __init__(self, url: str, status: int, headers: Mapping[str, str]) -> None:
        set_field(self, "url", url)
        set_field(self, "status", status)
        set_field(self, "headers", headers)

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300
