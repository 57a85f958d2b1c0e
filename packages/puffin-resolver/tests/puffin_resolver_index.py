"""A loopback package index for the resolver's tests, built from wheels and sdists it writes.

`Registry` collects projects (`add`), writes real wheels and source archives into a
directory, and serves them from a threaded ``http.server`` on 127.0.0.1: JSON
(PEP 691) project pages with hashes, ``requires-python``, ``yanked`` and
``upload-time`` (PEP 700), and the files. Requests are counted per path.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["Registry", "RegistryFile", "metadata_text", "sdist_bytes", "wheel_bytes"]

DEFAULT_UPLOAD = "2024-01-01T00:00:00Z"


def metadata_text(
    name: str,
    version: str,
    requires: Sequence[str] = (),
    *,
    requires_python: str | None = None,
    extras: Sequence[str] = (),
    metadata_version: str = "2.1",
    dynamic: Sequence[str] = (),
) -> str:
    """A METADATA / PKG-INFO text."""
    lines = [f"Metadata-Version: {metadata_version}", f"Name: {name}", f"Version: {version}"]
    if requires_python is not None:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Dynamic: {item}" for item in dynamic]
    lines += [f"Provides-Extra: {extra}" for extra in extras]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    return "\n".join(lines) + "\n\n"


def _record_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_bytes(filename: str, metadata: str) -> bytes:
    """A real wheel named *filename* whose METADATA is *metadata*."""
    dist, version = filename.split("-")[:2]
    dist_info = f"{dist}-{version}.dist-info"
    members = [
        (f"{dist}/__init__.py", b"VALUE = 1\n"),
        (f"{dist_info}/METADATA", metadata.encode()),
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"),
    ]
    record = "".join(
        f"{path},sha256={_record_digest(data)},{len(data)}\n" for path, data in members
    )
    members.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members:
            archive.writestr(member, data)
    return buffer.getvalue()


def sdist_bytes(filename: str, members: dict[str, bytes]) -> bytes:
    """A source archive (``.tar.gz`` or ``.zip``) holding *members*."""
    buffer = io.BytesIO()
    if filename.endswith(".zip"):
        with zipfile.ZipFile(buffer, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return buffer.getvalue()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@dataclass
class RegistryFile:
    """One file of a served project."""

    filename: str
    content: bytes
    requires_python: str | None = None
    yanked: str | bool | None = None
    upload_time: str | None = DEFAULT_UPLOAD
    metadata: bytes | None = None
    """Served as ``<file>.metadata`` and announced (PEP 658) when set."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Registry:
    """Projects to serve; `start` (or ``with``) runs the server."""

    root: Path
    projects: dict[str, list[RegistryFile]] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._httpd: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    # -- building ------------------------------------------------------------

    def add(
        self,
        name: str,
        version: str,
        requires: Sequence[str] = (),
        *,
        requires_python: str | None = None,
        extras: Sequence[str] = (),
        tags: Sequence[str] = ("py3-none-any",),
        sdist: bool = False,
        upload_time: str | None = DEFAULT_UPLOAD,
        yanked: str | bool | None = None,
        file_requires_python: str | None = None,
        metadata_version: str = "2.1",
        dynamic: Sequence[str] = (),
        pep658: bool = False,
    ) -> list[RegistryFile]:
        """Add wheels (one per tag in *tags*) and, with *sdist*, a ``.tar.gz``."""
        metadata = metadata_text(
            name,
            version,
            requires,
            requires_python=requires_python,
            extras=extras,
            metadata_version=metadata_version,
            dynamic=dynamic,
        )
        dist = name.replace("-", "_").replace(".", "_").lower()
        added = []
        for tag in tags:
            filename = f"{dist}-{version}-{tag}.whl"
            added.append(
                RegistryFile(
                    filename,
                    wheel_bytes(filename, metadata),
                    requires_python=file_requires_python,
                    yanked=yanked,
                    upload_time=upload_time,
                    metadata=metadata.encode() if pep658 else None,
                )
            )
        if sdist:
            filename = f"{dist}-{version}.tar.gz"
            content = sdist_bytes(
                filename,
                {
                    f"{dist}-{version}/PKG-INFO": metadata.encode(),
                    f"{dist}-{version}/setup.py": b"raise SystemExit('not built in tests')\n",
                },
            )
            added.append(
                RegistryFile(
                    filename,
                    content,
                    requires_python=file_requires_python,
                    yanked=yanked,
                    upload_time=upload_time,
                )
            )
        self.projects.setdefault(_normalize(name), []).extend(added)
        return added

    def add_file(self, name: str, file: RegistryFile) -> None:
        """Add a prepared file to *name*."""
        self.projects.setdefault(_normalize(name), []).append(file)

    def write_files(self, directory: Path) -> Path:
        """Write every file into *directory* (a find-links location) and return it."""
        directory.mkdir(parents=True, exist_ok=True)
        for files in self.projects.values():
            for file in files:
                (directory / file.filename).write_bytes(file.content)
        return directory

    # -- serving -------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._httpd is not None, "the registry is not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def index_url(self) -> str:
        """The simple index URL."""
        return f"{self.url}/simple/"

    def start(self) -> Registry:
        registry = self
        handler = type("Handler", (_Handler,), {"registry": registry})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 128
        thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()
        return self

    def close(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Registry:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def count(self, prefix: str) -> int:
        """Requests whose path starts with *prefix*."""
        with self._lock:
            return sum(n for path, n in self.requests.items() if path.startswith(prefix))

    def _log(self, path: str) -> None:
        with self._lock:
            self.requests[path] = self.requests.get(path, 0) + 1

    def _file(self, filename: str) -> RegistryFile | None:
        for files in self.projects.values():
            for file in files:
                if file.filename == filename:
                    return file
        return None


def _normalize(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


class _Handler(BaseHTTPRequestHandler):
    registry: Registry
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._reply(head=False)

    def do_HEAD(self) -> None:
        self._reply(head=True)

    def _reply(self, *, head: bool) -> None:
        path = self.path.partition("?")[0]
        if not head:
            self.registry._log(path)
        status, content_type, body = self._answer(path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "simple":
            files = self.registry.projects.get(parts[1])
            if files is None:
                return 404, "text/plain", b"not found\n"
            return 200, "application/vnd.pypi.simple.v1+json", _page(parts[1], files)
        if len(parts) == 2 and parts[0] == "files":
            filename = parts[1]
            if filename.endswith(".metadata"):
                file = self.registry._file(filename.removesuffix(".metadata"))
                if file is None or file.metadata is None:
                    return 404, "text/plain", b"not found\n"
                return 200, "application/octet-stream", file.metadata
            file = self.registry._file(filename)
            if file is None:
                return 404, "text/plain", b"not found\n"
            return 200, "application/octet-stream", file.content
        return 404, "text/plain", b"not found\n"


def _page(name: str, files: list[RegistryFile]) -> bytes:
    rows = []
    for file in files:
        row: dict[str, object] = {
            "filename": file.filename,
            "url": f"/files/{file.filename}",
            "hashes": {"sha256": file.sha256},
            "size": len(file.content),
        }
        if file.requires_python is not None:
            row["requires-python"] = file.requires_python
        if file.yanked is not None:
            row["yanked"] = file.yanked
        if file.upload_time is not None:
            row["upload-time"] = file.upload_time
        if file.metadata is not None:
            row["core-metadata"] = {"sha256": hashlib.sha256(file.metadata).hexdigest()}
        rows.append(row)
    page = {"meta": {"api-version": "1.1"}, "name": name, "files": rows}
    return json.dumps(page).encode()
