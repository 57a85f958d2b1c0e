"""`BaseClient`: one pooled httpx client with retries, auth, offline mode and ``file://`` URLs."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote, urljoin, urlsplit

from puffin_client._auth import CredentialStore
from puffin_client._response import Response, StreamResponse
from puffin_client.errors import FetchError, IndexConfigError, OfflineError

if TYPE_CHECKING:
    import asyncio

    import httpx

__all__ = [
    "BULK_CONNECTIONS",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "TIMEOUT_ENV",
    "BaseClient",
    "file_url_to_path",
]

TIMEOUT_ENV: Final = "PUFFIN_HTTP_TIMEOUT"
"""Environment variable holding the HTTP timeout in seconds."""
DEFAULT_TIMEOUT: Final = 30.0
"""Seconds to wait for a connection or for the next bytes of a response."""
DEFAULT_RETRIES: Final = 3
"""Tries in all for a request that fails to connect or gets a 5xx, 408 or 429 answer."""
DEFAULT_CONCURRENCY: Final = 50
"""Requests in flight at once, at most."""
BULK_CONNECTIONS: Final = 8
"""HTTP/1.1 connections for bulk downloads (``stream(..., bulk=True)``), and so bulk
downloads in flight at once, at most."""

_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS: Final = 10
_CHUNK: Final = 256 * 1024
# Checked in this order when no bundle is passed: OpenSSL's own variables first (what
# httpx reads too), then those of requests, curl and pip, so that a machine set up for
# pip trusts the same authorities under puffin.
_CA_BUNDLE_VARS: Final = (
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "PIP_CERT",
)
_USER_AGENT: Final = "puffin/0.1.0"
# Headers that must not change for a body sent again whole to continue the first one.
_SAME_BODY: Final = ("content-length", "etag", "last-modified")


def file_url_to_path(url: str) -> Path:
    """The local path of a ``file://`` URL.

    >>> file_url_to_path("file:///srv/simple/a%20b/").as_posix()
    '/srv/simple/a b'
    """
    parts = urlsplit(url)
    if os.name == "nt":  # drive letters and backslashes
        from urllib.request import url2pathname

        path = url2pathname(parts.path)
    else:
        # What url2pathname does on POSIX, without importing urllib.request (and with it
        # http.client and email), which costs start-up time.
        path = unquote(parts.path)
    if parts.netloc and parts.netloc != "localhost":
        # file://server/share: a UNC path on Windows; elsewhere the host is kept as a
        # leading directory so that the path never silently points somewhere local.
        path = f"//{parts.netloc}{path}"
    return Path(path)


def timeout_from_env(env: Mapping[str, str]) -> float:
    """`DEFAULT_TIMEOUT`, or the seconds in ``PUFFIN_HTTP_TIMEOUT``.

    :raises IndexConfigError: the variable is not a positive number.
    """
    text = env.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise IndexConfigError(TIMEOUT_ENV, f"expected a positive number of seconds, not {text!r}")
    return value


def ssl_context(env: Mapping[str, str], ca_bundle: str | os.PathLike[str] | None = None) -> Any:
    """The SSL context to verify servers with: *ca_bundle*, else the first CA file or
    directory named by ``SSL_CERT_FILE``, ``SSL_CERT_DIR``, ``REQUESTS_CA_BUNDLE``,
    ``CURL_CA_BUNDLE``, ``PIP_CERT``; else httpx's default (certifi).
    """
    import ssl

    candidates = [os.fspath(ca_bundle)] if ca_bundle is not None else []
    candidates += [env[name] for name in _CA_BUNDLE_VARS if env.get(name)]
    for candidate in candidates:
        if os.path.isdir(candidate):
            return ssl.create_default_context(capath=candidate)
        if os.path.isfile(candidate):
            return ssl.create_default_context(cafile=candidate)
    return True


def _describe(exc: BaseException) -> str:
    """A short cause for a transport error: the OS error behind it when there is one."""
    import ssl

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            # Its errno is OpenSSL's, not the C library's: os.strerror would mislead.
            detail = (
                getattr(current, "verify_message", None)
                or getattr(current, "reason", None)
                or current
            )
            return f"TLS error: {detail}"
        if isinstance(current, OSError) and current.errno is not None:
            if current.errno > 0:
                return os.strerror(current.errno).lower()
            # getaddrinfo errors (negative errno): "Name or service not known", …
            return str(current.strerror or current).lower()
        current = current.__cause__ or current.__context__
    return str(exc) or type(exc).__name__


def _transient(status: int) -> bool:
    """Whether an answer with *status* is worth asking again: a server error, or a
    server (or proxy) that asks to be asked later."""
    return status >= 500 or status in (408, 429)


def _headers(raw: Any) -> dict[str, str]:
    # httpx joins repeated fields with ", ", as RFC 9110 allows for list-valued ones.
    return {key.lower(): value for key, value in raw.items()}


class BaseClient:
    """Fetches URLs: over one pooled httpx `AsyncClient` (HTTP/2 when offered), or from
    disk for ``file://`` URLs.

    - at most *concurrency* requests at once;
    - *timeout* seconds (default ``PUFFIN_HTTP_TIMEOUT``, else 30) to connect and
      between bytes; a timeout is not retried, since it already waited that long;
    - *retries* tries in all (default 3), with exponential backoff from *backoff*
      seconds, when the connection fails or the server answers 5xx, 408 (request
      timeout) or 429 (too many requests: mirrors and proxies rate-limit);
    - redirects followed (at most 10); credentials (see `CredentialStore`) are added
      per request, so they follow a redirect only to an origin they belong to;
    - proxies from ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY`` (httpx's ``trust_env``),
      CA bundle from *ca_bundle* or the variables `ssl_context` lists;
    - *offline*: any request that would use the network raises `OfflineError`.

    Bulk downloads (`stream` with ``bulk=True``, such as wheels) go over a pool of
    `BULK_CONNECTIONS` HTTP/1.1 connections of their own, at most that many at once:
    a body read from HTTP/2 costs several times the CPU (16 KiB frames, each one
    parsed, acknowledged and passed up by Python code), while small requests (index
    pages, metadata) keep multiplexing over HTTP/2.

    The httpx client (and the import of httpx) is made on the first network request, so
    a run served by the cache and the disk never pays for them. A client belongs to the
    event loop that first used it: close it with `aclose` (or ``async with``).
    """

    def __init__(
        self,
        *,
        offline: bool = False,
        timeout: float | None = None,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 0.25,
        concurrency: int = DEFAULT_CONCURRENCY,
        credentials: CredentialStore | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] = os.environ,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.offline = offline
        self.timeout = timeout_from_env(env) if timeout is None else timeout
        self.retries = max(1, retries)
        self.backoff = backoff
        self.credentials = credentials if credentials is not None else CredentialStore(env=env)
        self._concurrency = concurrency
        self._ca_bundle = ca_bundle
        self._env = env
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._bulk_client: httpx.AsyncClient | None = None
        # Made on first use: asyncio is imported only by runs that go to the network.
        self._semaphore_made: Any = None
        self._bulk_semaphore_made: Any = None
        self.requests = 0
        """Number of HTTP requests sent (redirect hops and retries included)."""

    async def __aenter__(self) -> BaseClient:
        return self

    @property
    def _semaphore(self) -> asyncio.Semaphore:
        if self._semaphore_made is None:
            import asyncio

            self._semaphore_made = asyncio.Semaphore(self._concurrency)
        semaphore: asyncio.Semaphore = self._semaphore_made
        return semaphore

    @property
    def _bulk_semaphore(self) -> asyncio.Semaphore:
        if self._bulk_semaphore_made is None:
            import asyncio

            self._bulk_semaphore_made = asyncio.Semaphore(BULK_CONNECTIONS)
        semaphore: asyncio.Semaphore = self._bulk_semaphore_made
        return semaphore

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        for attribute in ("_client", "_bulk_client"):
            client = getattr(self, attribute)
            if client is not None:
                setattr(self, attribute, None)
                await client.aclose()

    def _http(self, *, bulk: bool = False) -> httpx.AsyncClient:
        client = self._bulk_client if bulk else self._client
        if client is None:
            import httpx

            http2 = False
            if not bulk:
                try:
                    import h2  # noqa: F401
                except ImportError:  # pragma: no cover - httpx[http2] is a dependency
                    pass
                else:
                    http2 = True
            connections = BULK_CONNECTIONS if bulk else self._concurrency
            client = httpx.AsyncClient(
                http2=http2,
                timeout=httpx.Timeout(self.timeout),
                limits=httpx.Limits(
                    max_connections=connections, max_keepalive_connections=connections
                ),
                # One SSL context each: httpcore sets the ALPN protocols (h2 or not) on it.
                verify=ssl_context(self._env, self._ca_bundle),
                headers={"user-agent": _USER_AGENT},
                follow_redirects=False,
                trust_env=True,
                transport=self._transport,
            )
            if bulk:
                self._bulk_client = client
            else:
                self._client = client
        return client

    async def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """GET *url* and read the whole body; any status comes back (5xx, 408 and 429
        after retries).

        :raises FetchError: the connection failed (after retries), or timed out.
        :raises OfflineError: *url* needs the network and the client is offline.
        """
        if url.startswith("file:"):
            return _read_file_url(url)
        self._check_online(url)
        async with self._semaphore:
            response = await self._follow(url, headers or {}, stream=False)
        assert isinstance(response, Response)
        return response

    @asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str] | None = None, bulk: bool = False
    ) -> AsyncIterator[StreamResponse]:
        """GET *url*, to read its body in chunks inside the ``async with`` block.

        *bulk* is for large bodies read whole (files to download): they go over the
        HTTP/1.1 connections (see the class), at most `BULK_CONNECTIONS` at once.

        :raises FetchError: the connection failed (after retries), or timed out.
        :raises OfflineError: *url* needs the network and the client is offline.
        """
        if url.startswith("file:"):
            yield _stream_file_url(url)
            return
        self._check_online(url)
        async with self._bulk_semaphore if bulk else self._semaphore:
            response = await self._follow(url, headers or {}, stream=True, bulk=bulk)
            assert not isinstance(response, Response)
            body = _Body(self, url, dict(headers or {}), response, bulk=bulk)
            try:
                yield body.stream_response()
            finally:
                await body.aclose()

    def _check_online(self, url: str) -> None:
        if self.offline:
            raise OfflineError(url)

    async def _follow(
        self, url: str, headers: Mapping[str, str], *, stream: bool, bulk: bool = False
    ) -> Response | httpx.Response:
        for _ in range(_MAX_REDIRECTS + 1):
            bare, credentials = self.credentials.prepare(url)
            sent = dict(headers)
            if credentials is not None:
                sent["authorization"] = credentials.authorization
            response = await self._send(bare, sent, stream=stream, bulk=bulk)
            status = response.status if isinstance(response, Response) else response.status_code
            location = response.headers.get("location")
            if status not in _REDIRECTS or not location:
                return response
            if not isinstance(response, Response):
                await response.aclose()
            url = urljoin(bare, location)
            if url.startswith("file:"):
                raise FetchError(bare, "redirected to a local file")
        raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")

    async def _send(
        self, url: str, headers: Mapping[str, str], *, stream: bool, bulk: bool = False
    ) -> Response | httpx.Response:
        import httpx

        client = self._http(bulk=bulk)
        for attempt in range(1, self.retries + 1):
            last = attempt == self.retries
            self.requests += 1
            try:
                request = client.build_request("GET", url, headers=headers)
                response = await client.send(request, stream=True)
                if stream:
                    if _transient(response.status_code) and not last:
                        await response.aclose()
                        await self._sleep(attempt)
                        continue
                    return response
                try:
                    content = await response.aread()
                finally:
                    await response.aclose()
            except httpx.TimeoutException as exc:
                raise _transport_error(url, f"timed out after {self.timeout:g} s", exc)  # noqa: B904
            except httpx.TransportError as exc:
                if last:
                    tries = "" if self.retries == 1 else f" (tried {self.retries} times)"
                    raise _transport_error(url, f"{_describe(exc)}{tries}", exc)  # noqa: B904
                await self._sleep(attempt)
                continue
            if _transient(response.status_code) and not last:
                await self._sleep(attempt)
                continue
            return Response(url, response.status_code, _headers(response.headers), content)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _sleep(self, attempt: int) -> None:
        import asyncio

        await asyncio.sleep(self.backoff * 2 ** (attempt - 1))


def _transport_error(url: str, reason: str, exc: BaseException) -> FetchError:
    """A `FetchError` for the transport failure *exc*, which *reason* describes.

    *exc* becomes the error's context, not its cause: a ``--verbose`` traceback still
    shows it, while the cause chain a user reads stays the one line *reason* already
    says (httpx errors often have no message, or a vaguer one such as "All connection
    attempts failed").
    """
    # Raised without ``from`` (hence the B904 waivers at the raise sites): the exception
    # being handled becomes the context by itself.
    error = FetchError(url, reason)
    error.__context__ = exc
    return error


class _Body:
    """The body of one streamed GET, resumed where it broke off when the connection is
    lost mid-way (at most ``retries`` tries in all).

    A resumed request asks for ``Range: bytes=<received>-`` (with ``If-Range`` when the
    first answer had a strong validator); a ``206`` from that offset continues the body,
    and a ``200`` with the first answer's length and validators is read from that offset
    on. Anything else ends the body with the error that broke it. Requests that asked
    for a range themselves, and compressed bodies, are not resumed.
    """

    def __init__(
        self,
        client: BaseClient,
        url: str,
        headers: dict[str, str],
        response: httpx.Response,
        *,
        bulk: bool,
    ) -> None:
        self.client = client
        self.url = url
        self.headers = headers
        self.response = response
        self.bulk = bulk
        self.first = _headers(response.headers)
        # Ranges count the bytes as sent: a compressed body, decoded here, cannot be
        # resumed from the count of decoded bytes.
        self.resumable = (
            response.status_code == 200
            and "range" not in {name.lower() for name in headers}
            and self.first.get("content-encoding", "identity") in ("", "identity")
        )
        self._skip = 0  # bytes of a resent whole body that the caller has already

    async def aclose(self) -> None:
        await self.response.aclose()

    def stream_response(self) -> StreamResponse:
        async def read() -> bytes:
            return b"".join([chunk async for chunk in self.chunks()])

        final = str(self.response.request.url)
        return StreamResponse(final, self.response.status_code, self.first, self.chunks, read)

    async def chunks(self) -> AsyncIterator[bytes]:
        import httpx

        received = 0
        tries = 1
        while True:
            try:
                async for chunk in self.response.aiter_bytes(_CHUNK):
                    if self._skip:
                        dropped = min(self._skip, len(chunk))
                        self._skip -= dropped
                        chunk = chunk[dropped:]
                        if not chunk:
                            continue
                    received += len(chunk)
                    yield chunk
                return
            except httpx.TimeoutException as exc:
                reason = f"timed out after {self.client.timeout:g} s"
                raise _transport_error(self.url, reason, exc)  # noqa: B904
            except httpx.TransportError as exc:
                error: httpx.TransportError = exc
            if not self.resumable or tries >= self.client.retries:
                times = "" if tries == 1 else f" (tried {tries} times)"
                raise _transport_error(self.url, f"{_describe(error)}{times}", error)
            await self.response.aclose()
            await self.client._sleep(tries)
            tries += 1
            if not await self._resume(received):
                raise _transport_error(self.url, _describe(error), error)

    async def _resume(self, offset: int) -> bool:
        """Ask for the body from *offset* on; False if the server cannot give it."""
        headers = dict(self.headers)
        headers["range"] = f"bytes={offset}-"
        validator = self.first.get("etag") or self.first.get("last-modified")
        if validator and not validator.startswith("W/"):
            headers["if-range"] = validator
        final = str(self.response.request.url)
        try:
            response = await self.client._follow(final, headers, stream=True, bulk=self.bulk)
        except FetchError:
            return False
        assert not isinstance(response, Response)
        self.response = response
        got = _headers(response.headers)
        if response.status_code == 206:
            return got.get("content-range", "").startswith(f"bytes {offset}-")
        if response.status_code != 200 or "content-length" not in got:
            return False
        if any(got.get(name) != self.first.get(name) for name in _SAME_BODY):
            return False
        self._skip = offset
        return True


def _file_target(url: str) -> Path | None:
    path = file_url_to_path(url)
    if path.is_dir():
        # A simple index laid out on disk: <project>/index.html (or index.json).
        for name in ("index.html", "index.json"):
            if (path / name).is_file():
                return path / name
        return None
    return path if path.is_file() else None


def _file_headers(path: Path) -> dict[str, str]:
    if path.suffix == ".json":
        kind = "application/vnd.pypi.simple.v1+json"
    elif path.suffix in {".html", ".htm"}:
        kind = "text/html"
    else:
        import mimetypes

        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"content-type": kind, "content-length": str(path.stat().st_size)}


def _read_file_url(url: str) -> Response:
    target = _file_target(url)
    if target is None:
        return Response(url, 404, {}, b"")
    try:
        return Response(url, 200, _file_headers(target), target.read_bytes())
    except OSError as exc:
        raise FetchError(url, exc.strerror or str(exc)) from exc


def _stream_file_url(url: str) -> StreamResponse:
    target = _file_target(url)

    async def chunks() -> AsyncIterator[bytes]:
        if target is None:
            return
        try:
            with open(target, "rb") as file:
                while chunk := file.read(_CHUNK):
                    yield chunk
        except OSError as exc:
            raise FetchError(url, exc.strerror or str(exc)) from exc

    async def read() -> bytes:
        return b"".join([chunk async for chunk in chunks()])

    if target is None:
        return StreamResponse(url, 404, {}, chunks, read)
    return StreamResponse(url, 200, _file_headers(target), chunks, read)
