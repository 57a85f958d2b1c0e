"""`BaseClient`: HTTP(S) with retries, auth, offline mode, and ``file://`` URLs."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import urljoin

from puffin_client._auth import CredentialStore
from puffin_client._file_urls import file_url_to_path, read_file_url, stream_file_url
from puffin_client._httpx_body import ResumableBody, headers_of
from puffin_client._response import Download, Response, Sink, StreamResponse
from puffin_client._transport import (
    DEFAULT_TIMEOUT,
    MAX_REDIRECTS,
    REDIRECTS,
    TIMEOUT_ENV,
    describe,
    ssl_context,
    timeout_from_env,
    transient,
    transport_error,
)
from puffin_client.errors import FetchError, OfflineError

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from puffin_client._blocking import BlockingHttp

T = TypeVar("T")

__all__ = [
    "BULK_CONNECTIONS",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "THREADED_REQUESTS",
    "TIMEOUT_ENV",
    "BaseClient",
    "file_url_to_path",
]

DEFAULT_RETRIES: Final = 3
"""Tries in all for a request that fails to connect or gets a 5xx, 408 or 429 answer."""
DEFAULT_CONCURRENCY: Final = 50
"""Requests in flight at once, at most."""
THREADED_REQUESTS: Final = 16
"""Requests other than bulk downloads that `BlockingHttp` threads make at once, at most
(each over an HTTP/1.1 connection of its own)."""
BULK_CONNECTIONS: Final = 8
"""HTTP/1.1 connections for bulk downloads (``stream(..., bulk=True)``), and so bulk
downloads in flight at once, at most."""

_USER_AGENT: Final = "puffin/0.1.0"


class BaseClient:
    """Fetches URLs over HTTP(S), or from disk for ``file://`` URLs.

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

    `get` and `download` run in worker threads (`puffin_client._blocking`): each one a
    blocking request over a kept-alive HTTP/1.1 connection, whose body `http.client`
    reads in large pieces while the GIL is released (the event loop, which resolves
    and unpacks meanwhile, barely notices them). At most `THREADED_REQUESTS` gets and
    `BULK_CONNECTIONS` downloads run at once, in two thread pools of those sizes: the
    next request starts as soon as a thread is free, even while the event loop is busy.
    Through a proxy, or a *transport* given
    to the client, they go through httpx like `stream` does: one pooled `AsyncClient`
    (HTTP/2 when offered), and a pool of HTTP/1.1 connections for ``bulk`` streams.

    httpx is imported on the first request that needs it, so most runs never pay for
    it. A client belongs to the event loop that first used it: close it with `aclose`
    (or ``async with``).
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
        self._blocking_made: BlockingHttp | None = None
        # Threaded gets and downloads: each pool's size bounds its requests, and a thread
        # that comes free takes the next request at once, without waiting for the event
        # loop (which may be busy reading a page).
        self._pools: dict[bool, ThreadPoolExecutor] = {}
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self.requests = 0
        """Number of HTTP requests sent (redirect hops and retries included)."""

    async def __aenter__(self) -> BaseClient:
        return self

    def _limit(self, kind: str, size: int) -> asyncio.Semaphore:
        """The semaphore that bounds requests of *kind* to *size* at once, made on first
        use (asyncio is imported only by runs that go to the network)."""
        semaphore = self._semaphores.get(kind)
        if semaphore is None:
            import asyncio

            semaphore = self._semaphores[kind] = asyncio.Semaphore(size)
        return semaphore

    @property
    def _semaphore(self) -> asyncio.Semaphore:
        return self._limit("httpx", self._concurrency)

    @property
    def _bulk_semaphore(self) -> asyncio.Semaphore:
        return self._limit("bulk", BULK_CONNECTIONS)

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        for attribute in ("_client", "_bulk_client"):
            client = getattr(self, attribute)
            if client is not None:
                setattr(self, attribute, None)
                await client.aclose()
        # Every transfer has ended (or been told to): the threads are idle or about to be.
        for pool in self._pools.values():
            pool.shutdown(wait=False)
        self._pools.clear()
        if self._blocking_made is not None:
            self._blocking_made.close()
            self._blocking_made = None

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
            return read_file_url(url)
        self._check_online(url)
        if self._threaded(url):
            fetch = self._blocking().fetch
            return await self._in_thread(False, fetch, url, dict(headers or {}))
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
            yield stream_file_url(url)
            return
        self._check_online(url)
        async with self._bulk_semaphore if bulk else self._semaphore:
            response = await self._follow(url, headers or {}, stream=True, bulk=bulk)
            assert not isinstance(response, Response)
            body = ResumableBody(self, url, dict(headers or {}), response, bulk=bulk)
            try:
                yield body.stream_response()
            finally:
                await body.aclose()

    async def download(
        self, url: str, sink: Sink, *, headers: Mapping[str, str] | None = None
    ) -> Download:
        """GET *url* and pass its body, piece by piece, to *sink*: a bulk download (such as
        a wheel), at most `BULK_CONNECTIONS` at once.

        *sink* may be called from a worker thread (see the class), with a view that is
        valid only during the call. It is called only for a 2xx answer; a body cut off
        mid-way is resumed, as `stream` does.

        :raises FetchError: the connection failed (after retries), or timed out.
        :raises OfflineError: *url* needs the network and the client is offline.
        :raises Exception: what *sink* raised.
        """
        if url.startswith("file:") or not self._threaded(url):
            async with self.stream(url, headers=headers, bulk=True) as response:
                if response.ok:
                    async for chunk in response.aiter_bytes():
                        sink(memoryview(chunk))
                return Download(response.url, response.status, response.headers)
        self._check_online(url)
        return await self._in_thread(True, self._blocking().run, url, dict(headers or {}), sink)

    def _threaded(self, url: str) -> bool:
        """Whether *url* is fetched by `BlockingHttp`: not through a proxy, and not
        through a transport given to the client (tests)."""
        return self._transport is None and not _proxied(self._env, url)

    async def _in_thread(self, bulk: bool, function: Callable[..., T], *args: object) -> T:
        """``function(*args, transfer)`` in a thread of the downloads' pool (*bulk*) or
        of the gets'. Cancelled, a call still queued is dropped; a running one has its
        transfer told to stop, and this returns only once the thread has let go of it
        (the caller's clean-up then never races a thread still writing)."""
        import asyncio

        from puffin_client._blocking import Transfer

        pool = self._pools.get(bulk)
        if pool is None:
            from concurrent.futures import ThreadPoolExecutor

            size = BULK_CONNECTIONS if bulk else min(self._concurrency, THREADED_REQUESTS)
            name = "puffin-download" if bulk else "puffin-http"
            pool = self._pools[bulk] = ThreadPoolExecutor(size, thread_name_prefix=name)
        transfer = Transfer()
        call = pool.submit(function, *args, transfer)
        done = asyncio.wrap_future(call)
        try:
            return await asyncio.shield(done)
        except asyncio.CancelledError:
            if not call.cancel():
                transfer.cancel()
                await asyncio.wait([done])
                if not done.cancelled():
                    done.exception()
            raise

    def _blocking(self) -> BlockingHttp:
        if self._blocking_made is None:
            from puffin_client._blocking import BlockingHttp

            self._blocking_made = BlockingHttp(
                credentials=self.credentials,
                timeout=self.timeout,
                retries=self.retries,
                backoff=self.backoff,
                user_agent=_USER_AGENT,
                make_ssl_context=self._blocking_ssl_context,
                count=self._count_request,
            )
        return self._blocking_made

    def _blocking_ssl_context(self) -> Any:
        """The SSL context of `BlockingHttp`: that of `ssl_context`, or certifi's
        authorities (httpx's default) when no bundle is configured."""
        context = ssl_context(self._env, self._ca_bundle)
        if context is True:
            import ssl

            import certifi

            context = ssl.create_default_context(cafile=certifi.where())
        return context

    def _count_request(self) -> None:
        self.requests += 1

    def _check_online(self, url: str) -> None:
        if self.offline:
            raise OfflineError(url)

    async def _follow(
        self, url: str, headers: Mapping[str, str], *, stream: bool, bulk: bool = False
    ) -> Response | httpx.Response:
        for _ in range(MAX_REDIRECTS + 1):
            bare, credentials = self.credentials.prepare(url)
            sent = dict(headers)
            if credentials is not None:
                sent["authorization"] = credentials.authorization
            response = await self._send(bare, sent, stream=stream, bulk=bulk)
            status = response.status if isinstance(response, Response) else response.status_code
            location = response.headers.get("location")
            if status not in REDIRECTS or not location:
                return response
            if not isinstance(response, Response):
                await response.aclose()
            url = urljoin(bare, location)
            if url.startswith("file:"):
                raise FetchError(bare, "redirected to a local file")
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

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
                    if transient(response.status_code) and not last:
                        await response.aclose()
                        await self._sleep(attempt)
                        continue
                    return response
                try:
                    content = await response.aread()
                finally:
                    await response.aclose()
            except httpx.TimeoutException as exc:
                raise transport_error(url, f"timed out after {self.timeout:g} s", exc)  # noqa: B904
            except httpx.TransportError as exc:
                if last:
                    tries = "" if self.retries == 1 else f" (tried {self.retries} times)"
                    raise transport_error(url, f"{describe(exc)}{tries}", exc)  # noqa: B904
                await self._sleep(attempt)
                continue
            if transient(response.status_code) and not last:
                await self._sleep(attempt)
                continue
            return Response(url, response.status_code, headers_of(response.headers), content)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _sleep(self, attempt: int) -> None:
        import asyncio

        await asyncio.sleep(self.backoff * 2 ** (attempt - 1))


def _proxied(env: Mapping[str, str], url: str) -> bool:
    """Whether a proxy variable could apply to *url* (its scheme's, or ``ALL_PROXY``):
    such downloads go through httpx, which reads them all (and ``NO_PROXY``)."""
    scheme = url.partition(":")[0].lower()
    names = {f"{scheme}_proxy", "all_proxy"}
    return any(name.lower() in names and value for name, value in env.items())
