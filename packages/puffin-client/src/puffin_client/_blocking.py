"""Bulk downloads: blocking HTTP/1.1 transfers, each in a worker thread of its own.

A wheel read through the event loop costs Python code for every TLS record (16 KiB):
the stream wrapper, the HTTP parser and the client each pass it up. Read in a thread
with `http.client`, one call fills a 1 MiB buffer in C, the socket read, the TLS
decryption and the caller's hashing and writing all release the GIL, and the event
loop (which is looking up the next wheels meanwhile) hardly notices the downloads.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit

from puffin_client._resolver import Resolver
from puffin_client._response import Download, Response, Sink
from puffin_client._transport import (
    MAX_REDIRECTS,
    REDIRECTS,
    SAME_BODY,
    describe,
    transient,
    transport_error,
)
from puffin_client.errors import FetchError

if TYPE_CHECKING:
    import ssl

    from puffin_client._auth import CredentialStore

__all__ = ["BlockingHttp", "Transfer"]

_BUFFER: Final = 1 << 20
# A body this small (redirects, errors) is read so that its connection can be reused.
_SMALL_BODY: Final = 64 * 1024
# What a kept-alive connection that the server has meanwhile closed fails with.
_STALE: Final = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class _Cancelled(Exception):
    """The transfer was cancelled by the event loop."""


class _SinkFailed(Exception):
    """The sink raised (the error is the cause): it is not the network's fault."""


def _pass_on(sink: Sink, piece: memoryview) -> None:
    """Call *sink*; what it raises comes out as `_SinkFailed` (not the network's fault)."""
    try:
        sink(piece)
    except Exception as exc:
        raise _SinkFailed from exc


class _CutShort(Exception):
    """The peer closed the connection before the whole body was sent."""

    def __init__(self, missing: int) -> None:
        super().__init__(f"peer closed connection {missing} bytes before the end of the body")


class _Answer:
    """An answer's URL (after redirects), connection, response, and body if read."""

    __slots__ = ("body", "connection", "response", "url")

    def __init__(
        self,
        url: str,
        connection: http.client.HTTPConnection,
        response: http.client.HTTPResponse,
        body: bytes | None,
    ) -> None:
        self.url = url
        self.connection = connection
        self.response = response
        self.body = body


def _close(connection: http.client.HTTPConnection | None) -> None:
    if connection is not None:
        connection.close()


def _decoder(url: str, headers: Mapping[str, str]) -> Any:
    """A decompressor for the body the *headers* announce, or None for an identity body.

    :raises FetchError: an encoding other than gzip and deflate.
    """
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"the body has an unsupported content-encoding: {encoding}")
    import zlib

    return zlib.decompressobj(wbits=47)  # a gzip or zlib header, whichever it is


def _read_whole(url: str, response: http.client.HTTPResponse) -> bytes:
    """The whole body of *response*, decompressed.

    :raises http.client.IncompleteRead: the peer closed the connection too early.
    """
    body = response.read()
    decoder = _decoder(url, _headers(response))
    if decoder is None:
        return body
    import zlib

    try:
        return bytes(decoder.decompress(body) + decoder.flush())
    except zlib.error as exc:
        raise FetchError(url, f"the body cannot be decompressed: {exc}") from None


class Transfer:
    """One download's state, shared by its thread and the event loop that cancels it."""

    def __init__(self) -> None:
        self.cancelled = False
        self.connection: http.client.HTTPConnection | None = None
        self.received = 0
        """Bytes of the body passed to the sink so far."""

    def cancel(self) -> None:
        """Stop the transfer at its next read, waking a read that is waiting now."""
        self.cancelled = True
        connection = self.connection
        sock = connection.sock if connection is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _headers(response: http.client.HTTPResponse) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, value in response.getheaders():
        key = key.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _reason(exc: BaseException) -> str:
    """A short cause for a failed transfer."""
    if isinstance(exc, http.client.RemoteDisconnected):
        return "peer closed connection without answering"
    if isinstance(exc, http.client.IncompleteRead):
        return f"peer closed connection after {len(exc.partial)} bytes of a chunk"
    if isinstance(exc, _CutShort):
        return str(exc)
    if isinstance(exc, http.client.HTTPException) and not isinstance(exc, OSError):
        return f"invalid HTTP answer ({type(exc).__name__}: {exc})"
    return describe(exc)


class BlockingHttp:
    """Blocking downloads over kept-alive HTTP/1.1 connections, one per thread at a
    time: redirects, credentials, retries with backoff, resumption of a body cut off
    mid-way, timeouts, as `BaseClient` does them for its other requests.
    """

    def __init__(
        self,
        *,
        credentials: CredentialStore,
        timeout: float,
        retries: int,
        backoff: float,
        user_agent: str,
        make_ssl_context: Callable[[], ssl.SSLContext],
        count: Callable[[], None],
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self._make_ssl_context = make_ssl_context
        self._ssl: ssl.SSLContext | None = None
        self._count = count
        self._idle: dict[tuple[str, str], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._buffers = threading.local()
        self._resolver = Resolver()
        self._closed = False

    def close(self) -> None:
        """Close the idle connections; those still in use are closed when their
        transfer ends."""
        with self._lock:
            self._closed = True
            idle = [c for connections in self._idle.values() for c in connections]
            self._idle.clear()
        for connection in idle:
            connection.close()

    # -- connections -------------------------------------------------------------------

    def _connection(self, scheme: str, netloc: str) -> tuple[http.client.HTTPConnection, bool]:
        """A connection to *netloc*: an idle one (True) or a new one (False)."""
        with self._lock:
            idle = self._idle.get((scheme, netloc))
            if idle:
                return idle.pop(), True
            if scheme == "https" and self._ssl is None:
                self._ssl = self._make_ssl_context()
        made: http.client.HTTPConnection
        if scheme == "https":
            made = http.client.HTTPSConnection(netloc, timeout=self.timeout, context=self._ssl)
        else:
            made = http.client.HTTPConnection(netloc, timeout=self.timeout)
        made._create_connection = self._resolver.connect  # type: ignore[attr-defined]
        return made, False

    def _keep(self, scheme: str, netloc: str, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if not self._closed:
                self._idle.setdefault((scheme, netloc), []).append(connection)
                return
        connection.close()  # a transfer that ended after `close`

    def _done_with(
        self, url: str, connection: http.client.HTTPConnection, response: http.client.HTTPResponse
    ) -> None:
        """Keep *connection* for the next request when *response* was read whole."""
        if response.isclosed() and not response.will_close and connection.sock is not None:
            parts = urlsplit(url)
            self._keep(parts.scheme, parts.netloc, connection)
        else:
            connection.close()

    def _discard(
        self, url: str, connection: http.client.HTTPConnection, response: http.client.HTTPResponse
    ) -> None:
        """Done with an answer whose body is not wanted: a small one is read, to keep the
        connection for the next request; a larger one closes the connection."""
        if self._small(response):
            try:
                response.read()
            except (OSError, http.client.HTTPException):
                pass
            else:
                self._done_with(url, connection, response)
                return
        connection.close()

    @staticmethod
    def _small(response: http.client.HTTPResponse) -> bool:
        length = response.length
        return length is not None and length <= _SMALL_BODY

    # -- requests ----------------------------------------------------------------------

    def _request(
        self, url: str, headers: Mapping[str, str], transfer: Transfer
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send one GET of *url* (credentials added) and read the answer's head; a kept-
        alive connection that turns out to be closed is replaced once by a new one."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(url, "not an http or https URL")
        target = parts.path or "/"
        if parts.query:
            target = f"{target}?{parts.query}"
        sent = {"user-agent": self.user_agent, **headers}
        while True:
            connection, reused = self._connection(parts.scheme, parts.netloc)
            transfer.connection = connection
            if transfer.cancelled:
                connection.close()
                raise _Cancelled
            self._count()
            try:
                connection.request("GET", target, headers=sent)
                return connection, connection.getresponse()
            except _STALE:
                connection.close()
                if not reused or transfer.cancelled:
                    raise
            except BaseException:
                connection.close()
                raise

    def _send(
        self, url: str, headers: Mapping[str, str], transfer: Transfer, *, whole: bool
    ) -> _Answer:
        """`_request` with retries: when it cannot connect, or the server answers 5xx,
        408 or 429 (a timeout is not retried: it already waited that long). With
        *whole*, the body is read too, and a body cut short is asked for again."""
        for attempt in range(1, self.retries + 1):
            last = attempt == self.retries
            connection = None
            try:
                connection, response = self._request(url, headers, transfer)
                if transient(response.status) and not last:
                    self._discard(url, connection, response)
                    self._sleep(attempt, transfer)
                    continue
                body = _read_whole(url, response) if whole else None
            except TimeoutError as exc:
                _close(connection)
                raise transport_error(url, f"timed out after {self.timeout:g} s", exc) from None
            except (OSError, http.client.HTTPException) as exc:
                _close(connection)
                if transfer.cancelled:
                    raise _Cancelled from None
                if last:
                    tries = "" if self.retries == 1 else f" (tried {self.retries} times)"
                    raise transport_error(url, f"{_reason(exc)}{tries}", exc) from None
                self._sleep(attempt, transfer)
                continue
            except BaseException:
                _close(connection)
                raise
            if body is not None:
                self._done_with(url, connection, response)
            return _Answer(url, connection, response, body)
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(
        self, url: str, headers: Mapping[str, str], transfer: Transfer, *, whole: bool = False
    ) -> _Answer:
        """`_send`, following redirects: the last answer."""
        for _ in range(MAX_REDIRECTS + 1):
            bare, credentials = self.credentials.prepare(url)
            sent = dict(headers)
            if credentials is not None:
                sent["authorization"] = credentials.authorization
            answer = self._send(bare, sent, transfer, whole=whole)
            response = answer.response
            location = response.getheader("location")
            if response.status not in REDIRECTS or not location:
                return answer
            if answer.body is None:
                self._discard(bare, answer.connection, response)
            url = urljoin(bare, location)
            if url.startswith("file:"):
                raise FetchError(bare, "redirected to a local file")
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def fetch(self, url: str, headers: Mapping[str, str], transfer: Transfer) -> Response:
        """GET *url* and read the whole body, as `BaseClient.get` does; a gzip or deflate
        body is decompressed.

        :raises FetchError: the transfer failed.
        """
        sent = {"accept-encoding": "gzip, deflate", **headers}
        try:
            answer = self._follow(url, sent, transfer, whole=True)
        except _Cancelled:
            raise FetchError(url, "cancelled") from None
        finally:
            transfer.connection = None
        assert answer.body is not None
        headers = _headers(answer.response)
        return Response(answer.url, answer.response.status, headers, answer.body)

    def _sleep(self, attempt: int, transfer: Transfer) -> None:
        time.sleep(self.backoff * 2 ** (attempt - 1))
        if transfer.cancelled:
            raise _Cancelled

    # -- bodies ------------------------------------------------------------------------

    def run(self, url: str, headers: Mapping[str, str], sink: Sink, transfer: Transfer) -> Download:
        """GET *url* and pass its body to *sink*, resuming it where it broke off when the
        connection is lost mid-way (*retries* tries in all).

        A resumed request asks for ``Range: bytes=<received>-`` (with ``If-Range`` when
        the first answer had a strong validator); a ``206`` from that offset continues
        the body, and a ``200`` with the first answer's length and validators is read
        from that offset on. A request that asked for a range itself is not resumed.

        :raises FetchError: the transfer failed.
        :raises Exception: what *sink* raised.
        """
        try:
            return self._run(url, headers, sink, transfer)
        except _SinkFailed as exc:
            assert exc.__cause__ is not None
            raise exc.__cause__ from None
        except _Cancelled:
            raise FetchError(url, "cancelled") from None
        finally:
            transfer.connection = None

    def _run(
        self, url: str, headers: Mapping[str, str], sink: Sink, transfer: Transfer
    ) -> Download:
        answer = self._follow(url, headers, transfer)
        final, connection, response = answer.url, answer.connection, answer.response
        first = _headers(response)
        if not 200 <= response.status < 300:
            self._discard(final, connection, response)
            return Download(final, response.status, first)
        status = response.status
        # A server may compress although asked not to (http.client sends
        # "Accept-Encoding: identity"); a compressed body is not resumed, since ranges
        # count the bytes as sent.
        try:
            decoder = _decoder(final, first)
        except FetchError:
            self._discard(final, connection, response)
            raise
        resumable = (
            status == 200 and decoder is None and "range" not in {k.lower() for k in headers}
        )
        skip = 0  # bytes of a body sent again whole that the sink already has
        tries = 1
        while True:
            try:
                self._read(response, sink, transfer, skip, decoder)
                if response.length:  # readinto ended before the announced length
                    raise _CutShort(response.length)
            except TimeoutError as exc:
                connection.close()
                raise transport_error(final, f"timed out after {self.timeout:g} s", exc) from None
            except (OSError, http.client.HTTPException, _CutShort) as exc:
                connection.close()
                if transfer.cancelled:
                    raise _Cancelled from None
                if not resumable or tries >= self.retries:
                    times = "" if tries == 1 else f" (tried {tries} times)"
                    raise transport_error(final, f"{_reason(exc)}{times}", exc) from None
                self._sleep(tries, transfer)
                tries += 1
                resumed = self._resume(final, headers, first, transfer.received, transfer)
                if resumed is None:
                    raise transport_error(final, _reason(exc), exc) from None
                connection, response, skip = resumed
                continue
            except BaseException:  # cancelled, or the sink failed
                connection.close()
                raise
            self._done_with(final, connection, response)
            return Download(final, status, first)

    def _read(
        self,
        response: http.client.HTTPResponse,
        sink: Sink,
        transfer: Transfer,
        skip: int,
        decoder: Any = None,
    ) -> None:
        """Read *response* to its end into *sink*, dropping its first *skip* bytes (the
        bytes passed on are counted in *transfer*)."""
        buffer: memoryview | None = getattr(self._buffers, "view", None)
        if buffer is None:
            buffer = self._buffers.view = memoryview(bytearray(_BUFFER))
        while True:
            if transfer.cancelled:
                raise _Cancelled
            size = response.readinto(buffer)
            if not size:
                if decoder is not None and (tail := decoder.flush()):
                    _pass_on(sink, memoryview(tail))
                return
            if transfer.cancelled:
                raise _Cancelled
            start = min(skip, size)
            skip -= start
            if start == size:
                continue
            piece = buffer[start:size]
            if decoder is not None:
                piece = memoryview(decoder.decompress(piece))
            _pass_on(sink, piece)
            transfer.received += size - start

    def _resume(
        self,
        url: str,
        headers: Mapping[str, str],
        first: Mapping[str, str],
        offset: int,
        transfer: Transfer,
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse, int] | None:
        """Ask for the body from *offset* on: the connection, answer and bytes to skip of
        it; None if the server cannot give it."""
        asked = dict(headers)
        asked["range"] = f"bytes={offset}-"
        validator = first.get("etag") or first.get("last-modified")
        if validator and not validator.startswith("W/"):
            asked["if-range"] = validator
        try:
            answer = self._follow(url, asked, transfer)
        except FetchError:
            return None
        connection, response = answer.connection, answer.response
        got = _headers(response)
        if response.status == 206 and got.get("content-range", "").startswith(f"bytes {offset}-"):
            return connection, response, 0
        if (
            response.status == 200
            and "content-length" in got
            and all(got.get(name) == first.get(name) for name in SAME_BODY)
        ):
            return connection, response, offset
        self._discard(url, connection, response)
        return None
