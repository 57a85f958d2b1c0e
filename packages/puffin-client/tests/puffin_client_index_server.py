"""A loopback package index for tests: JSON and HTML pages, 304s, ranges, auth, failures.

`IndexServer` runs a threaded ``http.server`` on 127.0.0.1 (port 0) serving in-memory
indexes under path prefixes (``/simple/``, ``/extra/``…). Every request is logged, so
tests can assert how many went out and what they asked. `build_wheel` writes a real
wheel (METADATA, WHEEL, RECORD) with `zipfile`.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import os
import re
import threading
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal

__all__ = [
    "IndexServer",
    "LoggedRequest",
    "ServedFile",
    "ServedIndex",
    "build_wheel",
    "wheel_metadata_text",
]

Format = Literal["json", "html"]
_JSON_TYPE = "application/vnd.pypi.simple.v1+json"
_HTML_TYPE = "application/vnd.pypi.simple.v1+html"


def wheel_metadata_text(name: str, version: str, requires: Sequence[str] = ()) -> str:
    """A METADATA file for *name* *version* with *requires* as ``Requires-Dist``."""
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    return "\n".join(lines) + "\n\n"


def build_wheel(
    directory: Path,
    name: str,
    version: str,
    *,
    requires: Sequence[str] = (),
    padding: int = 0,
    metadata_first: bool = False,
) -> Path:
    """Write ``<name>-<version>-py3-none-any.whl`` into *directory* and return its path.

    *padding* adds an incompressible member of that many bytes, so that reading the
    whole wheel and reading its central directory differ by a lot; *metadata_first*
    puts the ``.dist-info`` members first (they are normally last).
    """
    dist = name.replace("-", "_")
    dist_info = f"{dist}-{version}.dist-info"
    members: list[tuple[str, bytes]] = [(f"{dist}/__init__.py", b"VALUE = 1\n")]
    if padding:
        members.append((f"{dist}/blob.bin", os.urandom(padding)))
    info = [
        (f"{dist_info}/METADATA", wheel_metadata_text(name, version, requires).encode()),
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
    ]
    members = info + members if metadata_first else members + info
    record = (
        "".join(f"{path},sha256={_b64_digest(data)},{len(data)}\n" for path, data in members)
        + f"{dist_info}/RECORD,,\n"
    )
    members.append((f"{dist_info}/RECORD", record.encode()))
    path = directory / f"{dist}-{version}-py3-none-any.whl"
    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return path


def _b64_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


@dataclass
class ServedFile:
    """A distribution file of a served project."""

    filename: str
    content: bytes
    metadata: bytes | None = None
    """Served as ``<file>.metadata`` and announced (PEP 658) when set."""
    requires_python: str | None = None
    yanked: str | None = None
    upload_time: str | None = None
    """PEP 700 upload time, as the index writes it (``2024-01-02T03:04:05.123456Z``)."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class ServedIndex:
    """One index under ``/<prefix>/``."""

    prefix: str
    formats: tuple[Format, ...] = ("json", "html")
    credentials: tuple[str, str] | None = None
    cache_control: str | None = None
    validators: bool = True
    delay: float = 0.0
    """Seconds every project page takes (to see requests overlap)."""
    projects: dict[str, list[ServedFile]] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)

    def add(self, project: str, file: ServedFile) -> None:
        """Add *file* to *project* (a change: its ETag changes)."""
        self.projects.setdefault(project, []).append(file)
        self.versions[project] = self.versions.get(project, 0) + 1

    def file(self, filename: str) -> ServedFile | None:
        for files in self.projects.values():
            for file in files:
                if file.filename == filename:
                    return file
        return None


@dataclass(frozen=True)
class LoggedRequest:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    sent: int
    peer: int = 0
    """The client's port: requests with the same one came over one connection."""


class IndexServer:
    """The loopback index; use as a context manager or call `close`."""

    def __init__(self) -> None:
        self.indexes: dict[str, ServedIndex] = {}
        self.requests: list[LoggedRequest] = []
        self.failures: dict[str, list[int]] = {}
        self.honor_range = True
        self.redirects: dict[str, str] = {}
        self._lock = threading.Lock()
        server = self
        handler = type("Handler", (_Handler,), {"index_server": server})
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def index_url(self, prefix: str, *, credentials: tuple[str, str] | None = None) -> str:
        """The URL of an index, optionally with ``user:password@``."""
        if credentials is None:
            return f"{self.url}/{prefix}"
        user, password = credentials
        return f"http://{user}:{password}@127.0.0.1:{self._httpd.server_address[1]}/{prefix}"

    def add_index(self, prefix: str, **options: object) -> ServedIndex:
        """Serve a new (empty) index under ``/<prefix>/``; options are `ServedIndex` fields."""
        index = ServedIndex(prefix, **options)  # type: ignore[arg-type]
        self.indexes[prefix] = index
        return index

    def fail_next(self, path: str, statuses: Iterable[int]) -> None:
        """Answer the next requests for *path* with *statuses*, in order."""
        self.failures.setdefault(path, []).extend(statuses)

    def count(self, prefix: str = "", *, method: str = "GET") -> int:
        """How many requests for paths starting with *prefix* arrived."""
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(prefix) and r.method == method)

    def logged(self, prefix: str = "") -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> IndexServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)


class _QuietServer(ThreadingHTTPServer):
    # The default backlog of 5 makes a burst of concurrent connections wait for SYN retries.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up early (it read enough of a range) is not an error.
        pass


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class _Handler(BaseHTTPRequestHandler):
    index_server: IndexServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, headers, body = self._answer()
        headers.setdefault("Content-Length", str(len(body)))
        # Logged before anything goes out (end_headers flushes): a client that has its
        # answer always finds the request in the log.
        self.index_server._log(
            LoggedRequest(
                "GET",
                self.path,
                {name.lower(): value for name, value in self.headers.items()},
                status,
                len(body),
                self.client_address[1],
            )
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _answer(self) -> tuple[int, dict[str, str], bytes]:
        server = self.index_server
        path = self.path.partition("?")[0]
        if path.startswith("http://"):
            # Absolute form: the client took this server for its HTTP proxy.
            path = "/" + path.split("/", 3)[3]
        pending = server.failures.get(path)
        if pending:
            return pending.pop(0), {}, b"failure injected by the test\n"
        if path in server.redirects:
            return 302, {"Location": server.redirects[path]}, b""
        parts = path.strip("/").split("/")
        index = server.indexes.get(parts[0])
        if index is None:
            return 404, {}, b"no such index\n"
        if index.credentials is not None and not self._authorized(index.credentials):
            return 401, {"WWW-Authenticate": 'Basic realm="test"'}, b"credentials needed\n"
        if len(parts) == 3 and parts[1] == "files":
            return self._file(index, parts[2])
        if len(parts) == 2:
            if not path.endswith("/"):
                return 301, {"Location": path + "/"}, b""
            return self._project(index, parts[1])
        return 404, {}, b"not found\n"

    def _authorized(self, credentials: tuple[str, str]) -> bool:
        expected = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
        return self.headers.get("Authorization") == f"Basic {expected}"

    def _project(self, index: ServedIndex, name: str) -> tuple[int, dict[str, str], bytes]:
        if index.delay:
            time.sleep(index.delay)
        files = index.projects.get(name)
        if files is None:
            return 404, {}, b"not found\n"
        headers: dict[str, str] = {}
        if index.cache_control is not None:
            headers["Cache-Control"] = index.cache_control
        if index.validators:
            version = index.versions[name]
            etag = f'"{index.prefix}-{name}-{version}"'
            modified = email.utils.formatdate(1_600_000_000 + version * 3600, usegmt=True)
            headers["ETag"] = etag
            headers["Last-Modified"] = modified
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None
                and self.headers.get("If-Modified-Since") == modified
            ):
                return 304, headers, b""
        if self._wants_json(index):
            headers["Content-Type"] = _JSON_TYPE
            return 200, headers, _json_page(index, name, files)
        headers["Content-Type"] = (
            _HTML_TYPE if "json" in index.formats else "text/html; charset=utf-8"
        )
        return 200, headers, _html_page(files)

    def _wants_json(self, index: ServedIndex) -> bool:
        if "json" not in index.formats:
            return False
        if "html" not in index.formats:
            return True
        quality = {"json": 0.0, "html": 0.0}
        for item in self.headers.get("Accept", "").split(","):
            kind, *params = (part.strip() for part in item.split(";"))
            q = 1.0
            for param in params:
                if param.startswith("q="):
                    q = float(param[2:])
            if kind == _JSON_TYPE:
                quality["json"] = max(quality["json"], q)
            elif kind in (_HTML_TYPE, "text/html"):
                quality["html"] = max(quality["html"], q)
        return quality["json"] > 0 and quality["json"] >= quality["html"]

    def _file(self, index: ServedIndex, filename: str) -> tuple[int, dict[str, str], bytes]:
        if filename.endswith(".metadata"):
            file = index.file(filename.removesuffix(".metadata"))
            if file is None or file.metadata is None:
                return 404, {}, b"not found\n"
            return 200, {"Content-Type": "application/octet-stream"}, file.metadata
        file = index.file(filename)
        if file is None:
            return 404, {}, b"not found\n"
        content = file.content
        headers = {"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes"}
        requested = self.headers.get("Range")
        if requested is None or not self.index_server.honor_range:
            return 200, headers, content
        match = _RANGE.match(requested.strip())
        if match is None or (not match[1] and not match[2]):
            return 416, {"Content-Range": f"bytes */{len(content)}"}, b""
        if not match[1]:
            start = max(0, len(content) - int(match[2]))
            end = len(content) - 1
        else:
            start = int(match[1])
            end = min(int(match[2]), len(content) - 1) if match[2] else len(content) - 1
        if start >= len(content) or start > end:
            return 416, {"Content-Range": f"bytes */{len(content)}"}, b""
        headers["Content-Range"] = f"bytes {start}-{end}/{len(content)}"
        return 206, headers, content[start : end + 1]


def _json_page(index: ServedIndex, name: str, files: list[ServedFile]) -> bytes:
    rows = []
    for file in files:
        row: dict[str, object] = {
            "filename": file.filename,
            # Absolute paths here, relative links in HTML: both must resolve.
            "url": f"/{index.prefix}/files/{file.filename}",
            "hashes": {"sha256": file.sha256},
            "size": len(file.content),
        }
        if file.requires_python is not None:
            row["requires-python"] = file.requires_python
        if file.yanked is not None:
            row["yanked"] = file.yanked or True
        if file.upload_time is not None:
            row["upload-time"] = file.upload_time
        if file.metadata is not None:
            row["core-metadata"] = {"sha256": hashlib.sha256(file.metadata).hexdigest()}
        rows.append(row)
    return json.dumps({"meta": {"api-version": "1.1"}, "name": name, "files": rows}).encode()


def _html_page(files: list[ServedFile]) -> bytes:
    links = []
    for file in files:
        attributes = f'href="../files/{file.filename}#sha256={file.sha256}"'
        if file.requires_python is not None:
            attributes += f' data-requires-python="{file.requires_python.replace(">", "&gt;")}"'
        if file.yanked is not None:
            attributes += f' data-yanked="{file.yanked}"'
        if file.upload_time is not None:
            attributes += f' data-upload-time="{file.upload_time}"'
        if file.metadata is not None:
            digest = hashlib.sha256(file.metadata).hexdigest()
            attributes += f' data-core-metadata="sha256={digest}"'
        links.append(f"<a {attributes}>{file.filename}</a><br/>")
    return ("<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n").encode()
