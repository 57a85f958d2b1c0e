"""BaseClient: file:// URLs, retries, failures, offline, redirects and credentials."""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from puffin_client import (
    BULK_CONNECTIONS,
    BaseClient,
    CredentialStore,
    FetchError,
    IndexConfigError,
    OfflineError,
    Response,
)
from puffin_client._transport import describe, ssl_context, timeout_from_env
from puffin_client_index_server import IndexServer, ServedFile

T = TypeVar("T")


def run(client: BaseClient, work: Callable[[BaseClient], Awaitable[T]]) -> T:
    """Run *work* with *client* in a fresh event loop, closing the client after."""

    async def main() -> T:
        async with client:
            return await work(client)

    return asyncio.run(main())


def _moved_private_file(index_server: IndexServer) -> CredentialStore:
    """``/moved/foo-1.0.tar.gz`` redirects to a file of an index that wants credentials
    and fails once with 503; the credentials, learnt from the index URL."""
    private = index_server.add_index("private", credentials=("user", "pw"))
    private.add("foo", ServedFile("foo-1.0.tar.gz", b"data" * 10_000))
    index_server.redirects["/moved/foo-1.0.tar.gz"] = "/private/files/foo-1.0.tar.gz"
    index_server.fail_next("/private/files/foo-1.0.tar.gz", [503])
    store = CredentialStore(netrc_path=None)
    store.prepare(index_server.index_url("private", credentials=("user", "pw")))
    return store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class TestFileUrls:
    def test_reads_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "page.html").write_text("<a href='x-1.0.tar.gz'>x</a>")
        url = (tmp_path / "page.html").as_uri()
        response = run(BaseClient(offline=True), lambda c: c.get(url))
        assert (response.status, response.media_type) == (200, "text/html")
        assert response.content == b"<a href='x-1.0.tar.gz'>x</a>"

    def test_directory_serves_its_index_html(self, tmp_path: Path) -> None:
        (tmp_path / "foo").mkdir()
        (tmp_path / "foo" / "index.html").write_text("<html></html>")
        response = run(BaseClient(), lambda c: c.get((tmp_path / "foo").as_uri() + "/"))
        assert response.status == 200
        assert response.content == b"<html></html>"

    def test_missing_path_is_404(self, tmp_path: Path) -> None:
        response = run(BaseClient(), lambda c: c.get((tmp_path / "nope").as_uri()))
        assert response.status == 404

    def test_streams_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "blob").write_bytes(b"x" * 300_000)

        async def work(client: BaseClient) -> bytes:
            async with client.stream((tmp_path / "blob").as_uri()) as response:
                return b"".join([chunk async for chunk in response.aiter_bytes()])

        assert run(BaseClient(), work) == b"x" * 300_000

    def test_never_uses_the_network(self, tmp_path: Path) -> None:
        (tmp_path / "a").write_text("a")
        client = BaseClient()
        run(client, lambda c: c.get((tmp_path / "a").as_uri()))
        assert client.requests == 0


class TestRetries:
    def test_retries_500_then_succeeds(self, index_server: IndexServer) -> None:
        index_server.add_index("simple").add("foo", ServedFile("foo-1.0.tar.gz", b"x"))
        index_server.fail_next("/simple/foo/", [500, 503])
        client = BaseClient(backoff=0.01)
        response = run(client, lambda c: c.get(index_server.url + "/simple/foo/"))
        assert response.status == 200
        assert [r.status for r in index_server.logged("/simple/foo/")] == [500, 503, 200]

    def test_gives_up_after_three_tries(self, index_server: IndexServer) -> None:
        index_server.add_index("simple")
        index_server.fail_next("/simple/foo/", [500, 500, 500, 500])
        response = run(BaseClient(backoff=0.01), lambda c: c.get(index_server.url + "/simple/foo/"))
        assert response.status == 500
        assert index_server.count("/simple/foo/") == 3

    def test_4xx_is_not_retried(self, index_server: IndexServer) -> None:
        index_server.add_index("simple")
        response = run(BaseClient(backoff=0.01), lambda c: c.get(index_server.url + "/simple/x/"))
        assert response.status == 404
        assert index_server.count("/simple/x/") == 1

    def test_stream_retries_500(self, index_server: IndexServer) -> None:
        index_server.add_index("simple").add("foo", ServedFile("foo-1.0.tar.gz", b"data"))
        index_server.fail_next("/simple/files/foo-1.0.tar.gz", [502])

        async def work(client: BaseClient) -> bytes:
            async with client.stream(index_server.url + "/simple/files/foo-1.0.tar.gz") as response:
                assert response.status == 200
                return await response.aread()

        assert run(BaseClient(backoff=0.01), work) == b"data"

    def test_bulk_stream_retries_500_with_credentials_and_redirects(
        self, index_server: IndexServer
    ) -> None:
        store = _moved_private_file(index_server)

        async def work(client: BaseClient) -> list[bytes]:
            async def one() -> bytes:
                url = index_server.url + "/moved/foo-1.0.tar.gz"
                async with client.stream(url, bulk=True) as response:
                    assert response.status == 200
                    return await response.aread()

            return await asyncio.gather(*(one() for _ in range(BULK_CONNECTIONS + 3)))

        bodies = run(BaseClient(backoff=0.01, credentials=store), work)
        assert bodies == [b"data" * 10_000] * (BULK_CONNECTIONS + 3)
        sent = {r.headers.get("authorization") for r in index_server.logged("/private/")}
        assert sent == {_basic("user", "pw")}

    def test_unreachable_port_fails_fast_with_one_clear_error(self) -> None:
        url = f"http://127.0.0.1:{_free_port()}/simple/foo/"
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            run(BaseClient(backoff=0.01), lambda c: c.get(url))
        assert time.monotonic() - started < 5
        assert str(caught.value) == f"could not fetch {url}: connection refused (tried 3 times)"


class TestDownload:
    """`BaseClient.download`: bulk bodies read in threads over kept-alive connections."""

    @staticmethod
    def _serve(index_server: IndexServer, size: int = 300_000) -> tuple[str, bytes]:
        content = bytes(range(256)) * (size // 256)
        index_server.add_index("simple").add("foo", ServedFile("foo-1.0.tar.gz", content))
        return index_server.url + "/simple/files/foo-1.0.tar.gz", content

    def test_body_goes_to_the_sink(self, index_server: IndexServer) -> None:
        url, content = self._serve(index_server)
        body = bytearray()
        got = run(BaseClient(), lambda c: c.download(url, body.extend))
        assert (got.ok, got.status, got.url) == (True, 200, url)
        assert got.headers["content-length"] == str(len(content))
        assert body == content

    def test_retries_credentials_redirects_and_kept_alive_connections(
        self, index_server: IndexServer
    ) -> None:
        store = _moved_private_file(index_server)

        async def work(client: BaseClient) -> list[bytes]:
            async def one() -> bytes:
                body = bytearray()
                got = await client.download(index_server.url + "/moved/foo-1.0.tar.gz", body.extend)
                assert got.status == 200
                assert got.url == index_server.url + "/private/files/foo-1.0.tar.gz"
                return bytes(body)

            return await asyncio.gather(*(one() for _ in range(3 * BULK_CONNECTIONS)))

        client = BaseClient(backoff=0.01, credentials=store)
        bodies = run(client, work)
        assert bodies == [b"data" * 10_000] * (3 * BULK_CONNECTIONS)
        logged = index_server.logged("/private/")
        assert {r.headers.get("authorization") for r in logged} == {_basic("user", "pw")}
        assert client.requests == len(index_server.logged())
        # Connections are kept alive between downloads (and redirects): one per thread.
        assert len({r.peer for r in index_server.logged()}) <= BULK_CONNECTIONS + 1

    def test_an_error_status_is_returned_and_nothing_sunk(self, index_server: IndexServer) -> None:
        index_server.add_index("simple")
        url = index_server.url + "/simple/files/missing-1.0.tar.gz"
        pieces: list[bytes] = []
        got = run(BaseClient(), lambda c: c.download(url, lambda v: pieces.append(bytes(v))))
        assert (got.ok, got.status, pieces) == (False, 404, [])

    def test_an_error_of_the_sink_is_raised_as_is(self, index_server: IndexServer) -> None:
        url, _ = self._serve(index_server)

        def sink(view: memoryview) -> None:
            raise OSError(28, "No space left on device")

        with pytest.raises(OSError, match="No space left") as caught:
            run(BaseClient(), lambda c: c.download(url, sink))
        assert not isinstance(caught.value, FetchError)

    def test_unreachable_port_is_one_clear_error(self) -> None:
        url = f"http://127.0.0.1:{_free_port()}/files/foo-1.0.tar.gz"
        with pytest.raises(FetchError) as caught:
            run(BaseClient(backoff=0.01), lambda c: c.download(url, lambda v: None))
        assert str(caught.value) == f"could not fetch {url}: connection refused (tried 3 times)"

    def test_cancelled_download_stops_its_thread_first(self, index_server: IndexServer) -> None:
        url, _ = self._serve(index_server, size=2_000_000)
        calls: list[float] = []

        def sink(view: memoryview) -> None:
            calls.append(time.monotonic())
            time.sleep(0.05)

        async def work(client: BaseClient) -> float:
            task = asyncio.ensure_future(client.download(url, sink))
            while not calls:
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return time.monotonic()

        returned = run(BaseClient(), work)
        # The sink is never called once the cancelled download has returned.
        assert all(called < returned for called in calls)

    def test_a_proxy_variable_sends_downloads_through_httpx(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # httpx reads the proxy variables from the process's environment.
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_free_port()}")
        url = "http://files.example/foo-1.0.tar.gz"
        client = BaseClient(backoff=0.01, retries=1)
        with pytest.raises(FetchError) as caught:
            run(client, lambda c: c.download(url, lambda v: None))
        assert "connection refused" in str(caught.value)  # the proxy's port: no DNS lookup

    @pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
    def test_a_compressed_body_is_decoded(self, encoding: str) -> None:
        import gzip
        import http.server
        import threading
        import zlib

        content = b"wheel bytes " * 50_000
        encoded = {
            "gzip": gzip.compress(content),
            "deflate": zlib.compress(content),
            "br": b"not really brotli",
        }[encoding]

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(encoded)))
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, *args: object) -> None:
                pass

        with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            url = f"http://127.0.0.1:{server.server_address[1]}/foo-1.0.tar.gz"
            body = bytearray()
            try:
                if encoding == "br":
                    with pytest.raises(FetchError) as caught:
                        run(BaseClient(), lambda c: c.download(url, body.extend))
                    assert str(caught.value) == (
                        f"could not fetch {url}: the body has an unsupported content-encoding: br"
                    )
                else:
                    run(BaseClient(), lambda c: c.download(url, body.extend))
                    assert body == content
            finally:
                server.shutdown()

    def test_file_url(self, tmp_path: Path) -> None:
        (tmp_path / "blob").write_bytes(b"x" * 1000)
        body = bytearray()
        got = run(
            BaseClient(offline=True),
            lambda c: c.download((tmp_path / "blob").as_uri(), body.extend),
        )
        assert got.status == 200 and body == b"x" * 1000


class TestOffline:
    def test_network_request_raises(self) -> None:
        with pytest.raises(OfflineError) as caught:
            run(BaseClient(offline=True), lambda c: c.get("https://example.com/simple/foo/"))
        assert "--offline" in str(caught.value)

    def test_stream_raises(self) -> None:
        async def work(client: BaseClient) -> None:
            async with client.stream("https://example.com/files/foo.whl"):
                pass

        with pytest.raises(OfflineError):
            run(BaseClient(offline=True), work)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class TestCredentials:
    def test_url_credentials_are_sent_and_remembered_for_the_host(
        self, index_server: IndexServer
    ) -> None:
        private = index_server.add_index("private", credentials=("user", "s3cret"))
        private.add("foo", ServedFile("foo-1.0.tar.gz", b"data"))
        base = index_server.index_url("private", credentials=("user", "s3cret"))

        async def work(client: BaseClient) -> tuple[Response, Response]:
            page = await client.get(base + "/foo/")
            # A follow-up URL without credentials, as found on the page.
            file = await client.get(index_server.url + "/private/files/foo-1.0.tar.gz")
            return page, file

        page, file = run(BaseClient(), work)
        assert (page.status, file.status) == (200, 200)
        assert file.content == b"data"
        assert "s3cret" not in page.url
        sent = {r.headers.get("authorization") for r in index_server.logged("/private/")}
        assert sent == {_basic("user", "s3cret")}

    def test_credentials_stay_with_their_port(self, index_server: IndexServer) -> None:
        index_server.add_index("private", credentials=("user", "pw"))
        other = f"http://127.0.0.1:{_free_port()}/"
        store = CredentialStore(netrc_path=None)
        store.prepare(index_server.index_url("private", credentials=("user", "pw")))
        assert store.prepare(other)[1] is None

    def test_redirect_within_the_host_keeps_credentials(self, index_server: IndexServer) -> None:
        private = index_server.add_index("private", credentials=("user", "pw"))
        private.add("foo", ServedFile("foo-1.0.tar.gz", b"data"))
        index_server.redirects["/moved/foo-1.0.tar.gz"] = "/private/files/foo-1.0.tar.gz"
        store = CredentialStore(netrc_path=None)
        store.prepare(index_server.index_url("private", credentials=("user", "pw")))
        response = run(
            BaseClient(credentials=store),
            lambda c: c.get(index_server.url + "/moved/foo-1.0.tar.gz"),
        )
        assert response.status == 200
        assert response.url == index_server.url + "/private/files/foo-1.0.tar.gz"

    def test_netrc_credentials(self, index_server: IndexServer, tmp_path: Path) -> None:
        private = index_server.add_index("private", credentials=("netrc-user", "netrc-pw"))
        private.add("foo", ServedFile("foo-1.0.tar.gz", b"data"))
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1\n  login netrc-user\n  password netrc-pw\n")
        store = CredentialStore(env={"NETRC": str(netrc)})
        response = run(
            BaseClient(credentials=store),
            lambda c: c.get(index_server.url + "/private/foo/"),
        )
        assert response.status == 200

    def test_without_credentials_the_answer_is_401(self, index_server: IndexServer) -> None:
        index_server.add_index("private", credentials=("user", "pw"))
        client = BaseClient(credentials=CredentialStore(netrc_path=None))
        response = run(client, lambda c: c.get(index_server.url + "/private/foo/"))
        assert response.status == 401

    def test_errors_never_show_the_password(self) -> None:
        url = f"http://user:topsecret@127.0.0.1:{_free_port()}/simple/"
        with pytest.raises(FetchError) as caught:
            run(BaseClient(retries=1), lambda c: c.get(url))
        assert "topsecret" not in str(caught.value)
        assert "topsecret" not in repr(caught.value)


class TestProxy:
    def test_http_proxy_from_the_environment(
        self, index_server: IndexServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        index_server.add_index("simple").add("foo", ServedFile("foo-1.0.tar.gz", b"x"))
        monkeypatch.setenv("HTTP_PROXY", index_server.url)
        monkeypatch.setenv("NO_PROXY", "")
        response = run(BaseClient(), lambda c: c.get("http://example.com/simple/foo/"))
        assert response.status == 200
        assert [r.path for r in index_server.logged()] == ["http://example.com/simple/foo/"]


class TestSettings:
    def test_timeout_from_env(self) -> None:
        assert timeout_from_env({}) == 30.0
        assert timeout_from_env({"PUFFIN_HTTP_TIMEOUT": "2.5"}) == 2.5
        assert BaseClient(env={"PUFFIN_HTTP_TIMEOUT": "7"}).timeout == 7.0

    @pytest.mark.parametrize("value", ["abc", "0", "-3"])
    def test_bad_timeout(self, value: str) -> None:
        with pytest.raises(IndexConfigError) as caught:
            timeout_from_env({"PUFFIN_HTTP_TIMEOUT": value})
        assert "PUFFIN_HTTP_TIMEOUT" in str(caught.value)

    def test_ca_bundle_from_pip_variables(self, tmp_path: Path) -> None:
        assert ssl_context({}) is True
        assert ssl_context({"PIP_CERT": str(tmp_path / "missing.pem")}) is True
        context = ssl_context({"REQUESTS_CA_BUNDLE": str(tmp_path)})
        assert isinstance(context, ssl.SSLContext)

    def test_redirect_loop_is_an_error(self, index_server: IndexServer) -> None:
        index_server.redirects["/a"] = "/b"
        index_server.redirects["/b"] = "/a"
        with pytest.raises(FetchError) as caught:
            run(BaseClient(), lambda c: c.get(index_server.url + "/a"))
        assert "redirects" in str(caught.value)


class TestDescribe:
    def test_os_error_behind_the_transport_error(self) -> None:
        try:
            raise RuntimeError("All connection attempts failed") from ConnectionRefusedError(
                111, "Connect call failed"
            )
        except RuntimeError as exc:
            assert describe(exc) == "connection refused"

    def test_name_resolution(self) -> None:
        assert describe(socket.gaierror(-2, "Name or service not known")) == (
            "name or service not known"
        )

    def test_tls_error_is_not_read_as_a_c_errno(self) -> None:
        error = ssl.SSLCertVerificationError(1, "certificate verify failed")
        assert describe(error).startswith("TLS error:")

    def test_plain_exception(self) -> None:
        assert describe(ValueError("odd")) == "odd"
