"""Resolver: one host-name lookup shared by every connection to that host."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from puffin_client import BaseClient
from puffin_client._resolver import Resolver
from puffin_client_index_server import IndexServer, ServedFile


class _CountingLookup:
    """`socket.getaddrinfo` that counts its calls, answers slowly, and can fail first."""

    def __init__(self, *, failures: int = 0) -> None:
        self.calls: list[str] = []
        self.failures = failures
        self._real = socket.getaddrinfo
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls.append(host)
            fail = self.failures > 0
            self.failures -= fail
        time.sleep(0.05)  # long enough for every thread to ask while the first waits
        if fail:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return self._real("127.0.0.1" if host == "localhost" else host, port, *args, **kwargs)


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[_CountingLookup]:
    counting = _CountingLookup()
    monkeypatch.setattr(socket, "getaddrinfo", counting)
    yield counting


def _in_threads(count: int, work: Any) -> list[Any]:
    results: list[Any] = [None] * count

    def one(i: int) -> None:
        try:
            results[i] = work()
        except OSError as exc:
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_lookups_of_one_host_ask_once(lookups: _CountingLookup) -> None:
    resolver = Resolver()
    results = _in_threads(12, lambda: resolver.addresses("localhost", 80))
    assert lookups.calls == ["localhost"]
    assert all(result == results[0] and result for result in results)
    # Later connections reuse the answer; another host is looked up on its own.
    resolver.addresses("localhost", 80)
    resolver.addresses("127.0.0.1", 80)
    assert lookups.calls == ["localhost", "127.0.0.1"]


def test_a_failed_lookup_reaches_every_waiter_and_is_asked_again(
    lookups: _CountingLookup,
) -> None:
    lookups.failures = 1
    resolver = Resolver()
    results = _in_threads(4, lambda: resolver.addresses("localhost", 80))
    assert all(isinstance(result, socket.gaierror) for result in results)
    assert lookups.calls == ["localhost"]
    assert resolver.addresses("localhost", 80)  # a retry looks the host up again
    assert lookups.calls == ["localhost", "localhost"]


def test_connect_tries_each_address_until_one_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    closed = socket.create_server(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    stream = socket.SOCK_STREAM
    answers = [
        (socket.AF_INET, stream, 6, "", ("127.0.0.1", dead)),
        (socket.AF_INET, stream, 6, "", ("127.0.0.1", port)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with listener, Resolver().connect(("example.invalid", port), 5.0) as sock:
        assert sock.getpeername() == ("127.0.0.1", port)
        assert sock.gettimeout() == 5.0
    with pytest.raises(ConnectionRefusedError):
        Resolver().connect(("example.invalid", dead), 5.0)


def test_downloads_over_many_connections_look_the_host_up_once(
    index_server: IndexServer, lookups: _CountingLookup
) -> None:
    content = b"wheel" * 50_000
    index_server.add_index("simple").add("foo", ServedFile("foo-1.0.tar.gz", content))
    url = index_server.url.replace("127.0.0.1", "localhost") + "/simple/files/foo-1.0.tar.gz"

    async def main() -> list[bytes]:
        async with BaseClient() as client:

            async def one() -> bytes:
                body = bytearray()
                got = await client.download(url, body.extend)
                assert got.status == 200
                return bytes(body)

            return await asyncio.gather(*(one() for _ in range(12)))

    assert asyncio.run(main()) == [content] * 12
    assert len({r.peer for r in index_server.logged()}) > 1  # several connections at once
    assert lookups.calls == ["localhost"]
