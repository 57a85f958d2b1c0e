"""Host names looked up once per client, however many connections open at once.

The thread transport opens up to two dozen connections to the same host within a few
milliseconds. Left to `socket.create_connection`, each would ask the system resolver
on its own; a burst of identical queries is what some resolvers and NAT tables drop,
and a dropped query costs the resolver's whole timeout (5 s by default) before its
retry. Here the first connection to a host looks it up, the others wait for that
answer and share it.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

__all__ = ["Resolver"]

# What `socket.getaddrinfo` returns: (family, type, proto, canonname, sockaddr) tuples.
_Infos = list[tuple[Any, ...]]


class _Lookup:
    """One host's lookup: done once, by the first thread that needs it."""

    __slots__ = ("done", "error", "infos")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.infos: _Infos = []
        self.error: OSError | None = None


class Resolver:
    """Addresses of ``(host, port)`` pairs, looked up once and shared by every thread.

    A failed lookup is not remembered: the next connection (a retry) asks again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lookups: dict[tuple[str, int], _Lookup] = {}

    def addresses(self, host: str, port: int) -> _Infos:
        """`socket.getaddrinfo` of *host* and *port* for a TCP connection.

        :raises OSError: the lookup failed (`socket.gaierror`).
        """
        key = (host, port)
        with self._lock:
            lookup = self._lookups.get(key)
            mine = lookup is None
            if lookup is None:
                lookup = self._lookups[key] = _Lookup()
        if not mine:
            lookup.done.wait()
            if lookup.error is not None:
                raise lookup.error
            return lookup.infos
        try:
            lookup.infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            lookup.error = exc
            with self._lock:
                del self._lookups[key]
            raise
        finally:
            lookup.done.set()
        return lookup.infos

    def connect(
        self,
        address: tuple[str, int],
        timeout: object = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """A TCP socket connected to *address*, trying its addresses in the order the
        system gives them; a drop-in for `socket.create_connection`.

        :raises OSError: no address could be connected to (the last attempt's error).
        """
        host, port = address
        last: OSError | None = None
        for family, kind, proto, _name, sockaddr in self.addresses(host, port):
            sock = socket.socket(family, kind, proto)
            try:
                if isinstance(timeout, (int, float)):  # not http.client's "default" marker
                    sock.settimeout(timeout)
                if source_address is not None:
                    sock.bind(source_address)
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                last = exc
                continue
            return sock
        raise last if last is not None else OSError(f"no address found for {host}")
