"""A loopback package index for end-to-end tests: real wheels, served as PEP 503/691 pages.

`build_wheel` writes a real wheel with `zipfile` (METADATA with ``Requires-Dist``,
WHEEL, entry points, RECORD with hashes); `build_sdist` a source distribution with an
in-tree build backend. `PackageIndex` serves added files from a threaded
``http.server`` on 127.0.0.1 (port 0): ``/simple/<project>/`` as HTML, or as JSON
(PEP 691) when asked and enabled, and ``/files/<filename>``. Every request is
logged, so tests can check that a run made none. The helpers at the end make and
inspect environments for the installer's command tests.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import io
import json
import re
import subprocess
import sys
import tarfile
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from puffin_test_support import Context

__all__ = [
    "IndexFile",
    "PackageIndex",
    "build_sdist",
    "build_wheel",
    "make_venv",
    "normalize",
    "python",
    "site_packages",
    "sync",
    "tree",
]


def normalize(name: str) -> str:
    """A project name as index URLs spell it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build_wheel(
    directory: Path,
    name: str,
    version: str,
    *,
    requires: Sequence[str] = (),
    tag: str = "py3-none-any",
    files: Mapping[str, str] | None = None,
    entry_points: Mapping[str, str] | None = None,
    metadata: Sequence[str] = (),
) -> Path:
    """Write ``<name>-<version>-<tag>.whl`` into *directory* and return its path.

    *files* default to a module ``<name>/__init__.py`` with ``VERSION``;
    *entry_points* map console-script names to ``module:function``; *metadata* are
    more METADATA header lines (``Requires-Python: >=3.8``, ``Provides-Extra: x``).
    The archive is the same bytes for the same inputs.
    """
    module = re.sub(r"[-.]+", "_", name)
    dist_info = f"{module}-{version}.dist-info"
    if files is None:
        files = {
            f"{module}/__init__.py": (
                f"VERSION = {version!r}\n\n\ndef main() -> None:\n    print({name!r}, VERSION)\n"
            )
        }
    members = {path: text.encode() for path, text in files.items()}
    headers = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *metadata]
    headers += [f"Requires-Dist: {requirement}" for requirement in requires]
    members[f"{dist_info}/METADATA"] = ("\n".join(headers) + "\n\n").encode()
    members[f"{dist_info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: puffin-tests\nRoot-Is-Purelib: true\nTag: {tag}\n"
    ).encode()
    if entry_points:
        lines = "".join(f"{script} = {target}\n" for script, target in entry_points.items())
        members[f"{dist_info}/entry_points.txt"] = f"[console_scripts]\n{lines}".encode()
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in members.items())
    members[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{module}-{version}-{tag}.whl"
    # Stored, not deflated, at a fixed time: the bytes (and so the hashes, whose order
    # `--generate-hashes` output follows) do not depend on the zlib build.
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            info = zipfile.ZipInfo(member, date_time=(2020, 2, 2, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path


# An in-tree PEP 517 backend (``backend-path = ["."]``, no build requirements), so that a
# frontend can build the sdists below without fetching anything.
_BACKEND = '''\
"""An in-tree PEP 517 backend: builds a wheel whose METADATA is _metadata.txt."""
import base64, hashlib, os, zipfile

_HERE = os.path.dirname(os.path.abspath(__file__))


def _metadata():
    with open(os.path.join(_HERE, "_metadata.txt"), encoding="utf-8") as file:
        return file.read()


def _dist_info():
    fields = dict(line.split(": ", 1) for line in _metadata().splitlines() if ": " in line)
    module = fields["Name"].replace("-", "_").replace(".", "_")
    return module, fields["Version"], f"{module}-{fields['Version']}.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    module, version, dist_info = _dist_info()
    os.makedirs(os.path.join(metadata_directory, dist_info))
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w") as file:
        file.write(_metadata())
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    module, version, dist_info = _dist_info()
    members = {
        f"{module}/__init__.py": f"VERSION = {version!r}\\n".encode(),
        f"{dist_info}/METADATA": _metadata().encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    }
    record = ""
    for path, data in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record += f"{path},sha256={digest.decode()},{len(data)}\\n"
    members[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\\n").encode()
    filename = f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as archive:
        for path, data in members.items():
            archive.writestr(path, data)
    return filename
'''

_PYPROJECT = """\
[build-system]
requires = []
build-backend = "puffin_test_backend"
backend-path = ["."]
"""


def build_sdist(
    directory: Path,
    name: str,
    version: str,
    *,
    requires: Sequence[str] = (),
    metadata: Sequence[str] = (),
    dynamic: bool = False,
) -> Path:
    """Write the source distribution ``<name>-<version>.tar.gz`` into *directory*.

    Its PKG-INFO (Metadata-Version 2.2) lists *requires* as Requires-Dist, or, with
    *dynamic*, declares ``Dynamic: Requires-Dist`` instead, so that only a build tells
    them. An in-tree backend builds a ``py3-none-any`` wheel with the full metadata.
    *metadata* are more header lines, as for `build_wheel`. Same inputs, same bytes.
    """
    headers = [f"Name: {name}", f"Version: {version}", *metadata]
    listed = [f"Requires-Dist: {requirement}" for requirement in requires]
    pkg_info = ["Metadata-Version: 2.2", *headers]
    pkg_info += ["Dynamic: Requires-Dist"] if dynamic else listed
    stem = f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"
    members = {
        "PKG-INFO": "\n".join(pkg_info) + "\n\n",
        "pyproject.toml": _PYPROJECT,
        "puffin_test_backend.py": _BACKEND,
        "_metadata.txt": "\n".join(["Metadata-Version: 2.1", *headers, *listed]) + "\n\n",
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for member, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{stem}/{member}")
            info.size, info.mtime, info.mode = len(data), 1_580_601_600, 0o644
            archive.addfile(info, io.BytesIO(data))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem}.tar.gz"
    path.write_bytes(gzip.compress(buffer.getvalue(), compresslevel=0, mtime=0))
    return path


@dataclass(frozen=True)
class IndexFile:
    """A file the index lists for a project."""

    path: Path
    requires_python: str | None = None
    yanked: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


class PackageIndex:
    """A PEP 503 (and, with ``json=True``, PEP 691) index on 127.0.0.1, in a thread.

    Use it as a context manager; `url` is the index URL to pass as ``--index-url``.
    """

    def __init__(self, directory: Path, *, json: bool = False) -> None:
        self.directory = directory
        self.json = json
        self.projects: dict[str, list[IndexFile]] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"index": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The index URL (``http://127.0.0.1:<port>/simple``)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/simple"

    def add(
        self,
        name: str,
        version: str,
        *,
        requires: Sequence[str] = (),
        requires_python: str | None = None,
        yanked: str | None = None,
        **options: object,
    ) -> IndexFile:
        """Build a wheel of *name* *version* (see `build_wheel`) and list it."""
        path = build_wheel(self.directory, name, version, requires=requires, **options)  # type: ignore[arg-type]
        return self.add_file(name, path, requires_python=requires_python, yanked=yanked)

    def add_file(
        self,
        name: str,
        path: Path,
        *,
        requires_python: str | None = None,
        yanked: str | None = None,
    ) -> IndexFile:
        """List the existing file *path* for the project *name*."""
        file = IndexFile(path, requires_python, yanked)
        with self._lock:
            self.projects.setdefault(normalize(name), []).append(file)
        return file

    def count(self, prefix: str = "/") -> int:
        """How many requests for paths starting with *prefix* arrived."""
        with self._lock:
            return sum(1 for path in self.requests if path.startswith(prefix))

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> PackageIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _page(self, project: str, as_json: bool) -> tuple[str, bytes] | None:
        with self._lock:
            files = list(self.projects.get(project, ()))
        if not files:
            return None
        if as_json:
            entries = []
            for file in files:
                entry: dict[str, object] = {
                    "filename": file.path.name,
                    "url": f"../../files/{file.path.name}",
                    "hashes": {"sha256": file.sha256},
                    "size": file.path.stat().st_size,
                }
                if file.requires_python is not None:
                    entry["requires-python"] = file.requires_python
                if file.yanked is not None:
                    entry["yanked"] = file.yanked or True
                entries.append(entry)
            body = {"meta": {"api-version": "1.0"}, "name": project, "files": entries}
            return "application/vnd.pypi.simple.v1+json", json.dumps(body).encode()
        links = []
        for file in files:
            attributes = ""
            if file.requires_python is not None:
                attributes += f' data-requires-python="{html.escape(file.requires_python)}"'
            if file.yanked is not None:
                attributes += f' data-yanked="{html.escape(file.yanked)}"'
            href = f"../../files/{file.path.name}#sha256={file.sha256}"
            links.append(f'<a href="{href}"{attributes}>{file.path.name}</a><br/>')
        page = "<!DOCTYPE html>\n<html><body>\n" + "\n".join(links) + "\n</body></html>\n"
        return "text/html", page.encode()

    def _file(self, filename: str) -> bytes | None:
        with self._lock:
            for files in self.projects.values():
                for file in files:
                    if file.path.name == filename:
                        return file.path.read_bytes()
        return None


class _Handler(BaseHTTPRequestHandler):
    index: PackageIndex
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        with self.index._lock:
            self.index.requests.append(self.path)
        path = self.path.partition("?")[0]
        found: tuple[str, bytes] | None = None
        if match := re.fullmatch(r"/simple/([^/]+)/?", path):
            wants_json = "application/vnd.pypi.simple.v1+json" in self.headers.get("accept", "")
            found = self.index._page(normalize(match[1]), wants_json and self.index.json)
        elif match := re.fullmatch(r"/files/([^/]+)", path):
            content = self.index._file(match[1])
            if content is not None:
                found = ("application/octet-stream", content)
        if found is None:
            self._send(404, "text/plain", b"not found\n")
        else:
            self._send(200, *found)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=0")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request log is `PackageIndex.requests`


# -- environments for the installer commands ----------------------------------------


def make_venv(context: Context) -> Path:
    """A fresh environment made by `puffin venv` at ``[TEMP_DIR]/.venv``."""
    transcript = context.run("venv", "--python", sys.executable)
    assert transcript.startswith("exit_code: 0\n"), transcript
    return context.temp_dir / ".venv"


def tree(root: Path) -> set[str]:
    """Every file and directory below *root*, relative to it."""
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def site_packages(venv: Path) -> Path:
    (found,) = venv.glob("lib/python3.*/site-packages")
    return found


def python(venv: Path, code: str) -> str:
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout


def sync(context: Context, index: PackageIndex, *args: str, stdin: str | None = None) -> str:
    context.add_filter(f"{index.url.rsplit('/', 1)[0]}", "[INDEX]")
    return context.run("pip-sync", *args, "--index-url", index.url, stdin=stdin)
