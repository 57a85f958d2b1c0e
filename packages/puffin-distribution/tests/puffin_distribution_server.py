"""A loopback file server for the database tests: index pages and files, requests counted."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["FileServer", "sdist", "wheel"]


def wheel(name: str, version: str, requires: tuple[str, ...] = ()) -> bytes:
    """A minimal wheel of *name* *version*."""
    dist_info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{name}/__init__.py", b"")
        archive.writestr(f"{dist_info}/METADATA", metadata)
        archive.writestr(f"{dist_info}/WHEEL", "Wheel-Version: 1.0\n")
        archive.writestr(f"{dist_info}/RECORD", "")
    return buffer.getvalue()


def sdist(members: dict[str, bytes], *, kind: str = "tar.gz") -> bytes:
    """A source archive holding *members* (``tar.gz``, ``tar.bz2``, ``tar`` or ``zip``)."""
    buffer = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return buffer.getvalue()
    mode = {"tar.gz": "w:gz", "tar.bz2": "w:bz2", "tar": "w"}[kind]
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class FileServer:
    """Serves ``/simple/<project>/`` (JSON) and ``/files/<filename>``."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.projects: dict[str, list[str]] = {}
        self.listed_hashes: dict[str, str] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def add(self, project: str, filename: str, content: bytes) -> None:
        self.files[filename] = content
        self.projects.setdefault(project, []).append(filename)

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests.count(path)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_state: FileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server_state
        with state._lock:
            state.requests.append(self.path)
        parts = self.path.strip("/").split("/")
        status, kind, body = 404, "text/plain", b"not found\n"
        if len(parts) == 2 and parts[0] == "files" and parts[1] in state.files:
            status, kind, body = 200, "application/octet-stream", state.files[parts[1]]
        elif len(parts) == 2 and parts[0] == "simple" and parts[1] in state.projects:
            rows = [
                {
                    "filename": filename,
                    "url": f"/files/{filename}",
                    "hashes": {"sha256": _listed(state, filename)},
                }
                for filename in state.projects[parts[1]]
            ]
            page = {"meta": {"api-version": "1.0"}, "name": parts[1], "files": rows}
            status, kind = 200, "application/vnd.pypi.simple.v1+json"
            body = json.dumps(page).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _listed(state: FileServer, filename: str) -> str:
    listed = state.listed_hashes.get(filename)
    if listed is None:
        listed = hashlib.sha256(state.files[filename]).hexdigest()
    return listed
