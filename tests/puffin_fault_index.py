"""A fault-injecting loopback proxy in front of a package index, for the command's
reliability tests (`puffin_index.PackageIndex` behind it) and puffin-client's (their own
index server behind it).

`FaultProxy` listens on 127.0.0.1 (port 0) and forwards every GET to an upstream
server (such as `puffin_index.PackageIndex`), unless a rule added with
`inject` matches the path: then it answers with that `Fault` instead (a 500, a
connection reset, a slow or cut-short answer, a lying ``Content-Length``, garbage, a
404, a redirect loop) or passes the real answer on slowly (`Fault.THROTTLE`). A rule
holds for *times* requests, or for good. Every request is logged with the fault it
got, so tests can count retries.
"""

from __future__ import annotations

import contextlib
import enum
import http.client
import re
import socket
import struct
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

__all__ = ["Fault", "FaultProxy", "ProxiedRequest"]

# Passed on from the client to the upstream server, and back.
_REQUEST_HEADERS = ("Accept", "Range", "If-None-Match", "If-Modified-Since", "Authorization")
_RESPONSE_HEADERS = (
    "Content-Type",
    "Content-Range",
    "Accept-Ranges",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Location",
    "WWW-Authenticate",
)


class Fault(enum.Enum):
    """How a matching request is answered."""

    STATUS = "status"
    """The rule's *status* (500 by default) and a short text body."""
    RESET = "reset"
    """Nothing: the connection is closed with a TCP reset."""
    SLOW = "slow"
    """The real answer, after *delay* seconds of silence."""
    TRUNCATE = "truncate"
    """The real headers, half the body, then the connection closes."""
    LONG_LENGTH = "long-length"
    """``Content-Length`` twice the body; the body is sent and the connection kept open."""
    SHORT_LENGTH = "short-length"
    """``Content-Length`` half the body; the whole body is sent, then the connection closes."""
    GARBAGE = "garbage"
    """200, ``text/html``, and bytes that are no HTML page at all."""
    NOT_FOUND = "not-found"
    """404, as for a file the server does not have."""
    REDIRECT_LOOP = "redirect-loop"
    """302 to the same path, for ever."""
    THROTTLE = "throttle"
    """The real answer, its body sent in small pieces *delay* seconds apart."""


GARBAGE_BODY = b"\x00\xff\xfe<<<\x1b[31m" + bytes(range(256)) * 4 + b"<a href='unterminated"
"""What `Fault.GARBAGE` sends: binary junk ending inside an unterminated tag."""


@dataclass
class _Rule:
    pattern: re.Pattern[str]
    fault: Fault
    times: int | None
    status: int
    delay: float


@dataclass(frozen=True)
class ProxiedRequest:
    """A request the proxy received, and the fault it got (None: passed through)."""

    path: str
    fault: Fault | None


class FaultProxy:
    """The proxy; use it as a context manager, or call `close`.

    >>> # proxy = FaultProxy(index_server.url); proxy.inject(r"/files/", Fault.RESET)
    """

    def __init__(self, upstream: str, *, announce_metadata: bool = False) -> None:
        """Forward to *upstream*; with *announce_metadata*, HTML project pages passed on
        announce a PEP 658 ``.metadata`` file for every wheel (which `PackageIndex`
        does not serve: a client must fall back to the wheel)."""
        parts = urlsplit(upstream)
        self.announce_metadata = announce_metadata
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.requests: list[ProxiedRequest] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        handler = type("Handler", (_Handler,), {"proxy": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``: use it where the upstream URL would go."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def index_url(self) -> str:
        """The proxied index URL of a `PackageIndex` (``<url>/simple``)."""
        return f"{self.url}/simple"

    def inject(
        self,
        pattern: str,
        fault: Fault,
        *,
        times: int | None = None,
        status: int = 500,
        delay: float = 0.0,
    ) -> None:
        """Answer requests whose path matches the regex *pattern* (searched) with *fault*,
        *times* times (None: always). The first matching rule applies."""
        with self._lock:
            self._rules.append(_Rule(re.compile(pattern), fault, times, status, delay))

    def clear(self) -> None:
        """Remove every rule: from now on, every request is passed through."""
        with self._lock:
            self._rules.clear()

    def count(self, pattern: str = "", fault: Fault | None = None) -> int:
        """How many requests matched the regex *pattern* (and got *fault*, if given)."""
        regex = re.compile(pattern)
        with self._lock:
            return sum(
                1
                for r in self.requests
                if regex.search(r.path) and (fault is None or r.fault is fault)
            )

    def close(self) -> None:
        """Stop serving; requests waiting in a slow fault end at once."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _take(self, path: str) -> _Rule | None:
        with self._lock:
            rule = next((r for r in self._rules if r.pattern.search(path)), None)
            if rule is not None and rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
            self.requests.append(ProxiedRequest(path, None if rule is None else rule.fault))
        return rule

    def _wait(self, seconds: float) -> bool:
        """Sleep *seconds*; False if the proxy closed meanwhile."""
        return not self._closing.wait(seconds)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # broken connections are what this server is for


class _Handler(BaseHTTPRequestHandler):
    proxy: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def finish(self) -> None:
        # The socket may have been reset or closed on purpose.
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def do_GET(self) -> None:
        rule = self.proxy._take(self.path)
        fault = None if rule is None else rule.fault
        if rule is None or fault is None:
            self._send(*self._upstream())
        elif fault is Fault.STATUS:
            self._send(rule.status, {"Content-Type": "text/plain"}, b"injected failure\n")
        elif fault is Fault.RESET:
            self._reset()
        elif fault is Fault.NOT_FOUND:
            self._send(404, {"Content-Type": "text/plain"}, b"not found\n")
        elif fault is Fault.REDIRECT_LOOP:
            self._send(302, {"Location": self.path}, b"")
        elif fault is Fault.GARBAGE:
            self._send(200, {"Content-Type": "text/html"}, GARBAGE_BODY)
        elif fault is Fault.SLOW:
            if self.proxy._wait(rule.delay):
                self._send(*self._upstream())
        else:
            self._broken(fault, rule.delay, *self._upstream())

    def _upstream(self) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self.proxy.upstream, timeout=30)
        try:
            headers = {k: v for k in _REQUEST_HEADERS if (v := self.headers.get(k)) is not None}
            connection.request("GET", self.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            kept = {k: v for k in _RESPONSE_HEADERS if (v := response.getheader(k)) is not None}
            if self.proxy.announce_metadata and kept.get("Content-Type", "").startswith(
                "text/html"
            ):
                body = re.sub(
                    rb'(<a href="[^"]+\.whl#[^"]*")', rb'\1 data-core-metadata="true"', body
                )
            return response.status, kept, body
        finally:
            connection.close()

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _broken(
        self, fault: Fault, delay: float, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        declared = {
            Fault.TRUNCATE: len(body),
            Fault.LONG_LENGTH: 2 * len(body) + 1,
            Fault.SHORT_LENGTH: len(body) // 2,
            Fault.THROTTLE: len(body),
        }[fault]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(declared))
        if fault in (Fault.TRUNCATE, Fault.SHORT_LENGTH):
            self.send_header("Connection", "close")
        self.end_headers()
        if fault is Fault.TRUNCATE:
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        elif fault is Fault.SHORT_LENGTH:
            self.wfile.write(body)
            self.close_connection = True
        elif fault is Fault.LONG_LENGTH:
            self.wfile.write(body)
            self.wfile.flush()
            # Keep the connection open without the bytes promised: the client must time out.
            self.proxy._wait(60)
            self.close_connection = True
        else:
            piece = max(1, len(body) // 20)
            for start in range(0, len(body), piece):
                self.wfile.write(body[start : start + piece])
                self.wfile.flush()
                if not self.proxy._wait(delay):
                    break
