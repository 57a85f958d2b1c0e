"""Declarative registries for `puffin pip-compile` scenarios, built as real files and served.

A scenario is a test function decorated with `scenario`: the releases of its registry
(`pkg`), the text of its ``requirements.in``, more input files and the command's arguments.
`ScenarioServer` builds each scenario's files once (wheels with METADATA, WHEEL and RECORD;
sdists with PKG-INFO, a pyproject.toml and an in-tree build backend) and serves them on
127.0.0.1 below ``/<scenario>/``: ``simple/<project>/`` as PEP 691 JSON (hashes,
requires-python, yanked, PEP 700 upload-time, PEP 658 core-metadata) or PEP 503 HTML, and
``files/<filename>``. `ScenarioRun` writes the inputs into a `Context` and runs
``pip-compile requirements.in <args> --index-url <server>/simple``.

``{server}`` in requirements, files and arguments stands for the scenario's root URL
(``http://127.0.0.1:<port>/<scenario>``), which transcripts show as ``[SERVER]``.
``tools/scenario_oracle.py`` runs the same inputs through uv.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import importlib.util
import json
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from textwrap import dedent
from types import TracebackType
from typing import Literal, TypeVar

import pytest

from puffin_index import build_sdist, build_wheel, normalize
from puffin_test_support import Context

__all__ = [
    "Release",
    "Scenario",
    "ScenarioRun",
    "ScenarioServer",
    "pkg",
    "requires_pip_compile",
    "scenario",
    "scenario_of",
]

#: Skips a scenario module until the `puffin pip-compile` command exists.
requires_pip_compile = pytest.mark.skipif(
    importlib.util.find_spec("puffin_cli.commands.pip_compile") is None,
    reason="`puffin pip-compile` does not exist yet (puffin_cli.commands.pip_compile)",
)

SdistKind = Literal["static", "dynamic"]


@dataclass(frozen=True, slots=True)
class Release:
    """One version of a project on the index: its metadata and which files it has.

    *extras* map an extra's name to its requirements (markers allowed); *wheels* are the
    wheel tags (none: an sdist-only release); *sdist* adds a source distribution whose
    PKG-INFO (Metadata-Version 2.2) lists the requirements (``"static"``) or declares
    ``Dynamic: Requires-Dist`` (``"dynamic"``: only a build tells them). *yanked* is True
    or the reason; *upload_time* an ISO 8601 UTC time for the JSON index.
    """

    name: str
    version: str
    requires: tuple[str, ...] = ()
    extras: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    requires_python: str | None = None
    wheels: tuple[str, ...] = ("py3-none-any",)
    sdist: SdistKind | None = None
    yanked: bool | str = False
    upload_time: str | None = None

    def requires_dist(self) -> list[str]:
        """The ``Requires-Dist`` values, extras' requirements marked with ``extra == '…'``."""
        lines = list(self.requires)
        for extra, requirements in self.extras.items():
            for requirement in requirements:
                spec, _, marker = requirement.partition(";")
                condition = f'extra == "{extra}"'
                if marker.strip():
                    condition = f"({marker.strip()}) and {condition}"
                lines.append(f"{spec.strip()} ; {condition}")
        return lines

    def headers(self) -> list[str]:
        """METADATA headers after Name and Version (Requires-Python, Provides-Extra)."""
        headers = [f"Requires-Python: {self.requires_python}"] if self.requires_python else []
        return headers + [f"Provides-Extra: {extra}" for extra in self.extras]


def pkg(
    name: str,
    version: str,
    *requires: str,
    extras: Mapping[str, Sequence[str]] | None = None,
    requires_python: str | None = None,
    wheels: Sequence[str] = ("py3-none-any",),
    sdist: SdistKind | None = None,
    yanked: bool | str = False,
    upload_time: str | None = None,
) -> Release:
    """A `Release` of *name* *version* that depends on *requires*.

    >>> pkg("a", "1.0", "b>=2", extras={"x": ["c"]}).requires_dist()
    ['b>=2', 'c ; extra == "x"']
    """
    return Release(
        name,
        version,
        tuple(requires),
        {extra: tuple(reqs) for extra, reqs in (extras or {}).items()},
        requires_python,
        tuple(wheels),
        sdist,
        yanked,
        upload_time,
    )


@dataclass(frozen=True, slots=True)
class Scenario:
    """A registry and the inputs of one `pip-compile` run."""

    name: str
    packages: tuple[Release, ...]
    requirements: str
    args: tuple[str, ...]
    files: Mapping[str, str]
    html: bool
    core_metadata: bool

    def inputs(self, server: str) -> dict[str, str]:
        """The files to write in the working directory, ``{server}`` filled in."""
        files = {"requirements.in": self.requirements, **self.files}
        return {name: dedent(text).replace("{server}", server) for name, text in files.items()}

    def arguments(self, server: str) -> list[str]:
        """The arguments after the command's name."""
        args = [arg.replace("{server}", server) for arg in self.args]
        return ["requirements.in", *args, "--index-url", f"{server}/simple"]


_SCENARIOS: dict[object, Scenario] = {}
_Test = TypeVar("_Test", bound=Callable[..., object])


def scenario(
    *packages: Release,
    requirements: str,
    args: Sequence[str] = (),
    files: Mapping[str, str] | None = None,
    html: bool = False,
    core_metadata: bool = True,
) -> Callable[[_Test], _Test]:
    """Attach a scenario (registry *packages*, ``requirements.in`` text, inputs) to a test.

    *html* serves PEP 503 pages only (no JSON, so no upload times); *core_metadata* False
    hides PEP 658 metadata files, so that metadata comes from the wheels themselves.
    """

    def attach(test: _Test) -> _Test:
        _SCENARIOS[test] = Scenario(
            test.__name__,
            packages,
            requirements,
            tuple(args),
            dict(files or {}),
            html,
            core_metadata,
        )
        return test

    return attach


def scenario_of(test: object) -> Scenario:
    """The scenario attached to *test* by `scenario`."""
    return _SCENARIOS[test]


# -- building -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _File:
    """A file the index lists: bytes on disk plus what the index says about it."""

    path: Path
    release: Release
    sha256: str
    metadata: bytes | None  # the wheel's METADATA, served as ``<file>.metadata``


def _with_server(release: Release, url: str) -> Release:
    """*release* with ``{server}`` in its requirements replaced by *url*."""
    extras = {
        extra: tuple(req.replace("{server}", url) for req in reqs)
        for extra, reqs in release.extras.items()
    }
    requires = tuple(req.replace("{server}", url) for req in release.requires)
    return dataclasses.replace(release, requires=requires, extras=extras)


def _build(directory: Path, release: Release) -> list[_File]:
    files = []
    metadata = release.headers()
    for tag in release.wheels:
        path = build_wheel(
            directory,
            release.name,
            release.version,
            requires=release.requires_dist(),
            tag=tag,
            metadata=metadata,
        )
        text = _member(path, "METADATA")
        files.append(_File(path, release, hashlib.sha256(path.read_bytes()).hexdigest(), text))
    if release.sdist is not None:
        path = build_sdist(
            directory,
            release.name,
            release.version,
            requires=release.requires_dist(),
            metadata=metadata,
            dynamic=release.sdist == "dynamic",
        )
        files.append(_File(path, release, hashlib.sha256(path.read_bytes()).hexdigest(), None))
    return files


def _member(wheel: Path, name: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        (member,) = (m for m in archive.namelist() if m.endswith(f".dist-info/{name}"))
        return archive.read(member)


# -- serving --------------------------------------------------------------------------


class ScenarioServer:
    """Serves the files of any number of scenarios on 127.0.0.1, each below its own path.

    Use it as a context manager; `add` builds a scenario (once) and returns its root URL.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._scenarios: dict[str, tuple[Scenario, dict[str, list[_File]]]] = {}
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def root(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, scenario: Scenario) -> str:
        """Build *scenario*'s files unless built already; its root URL."""
        with self._lock:
            if scenario.name not in self._scenarios:
                directory = self.directory / scenario.name
                directory.mkdir(parents=True)
                projects: dict[str, list[_File]] = {}
                url = f"{self.root}/{scenario.name}"
                for release in scenario.packages:
                    built = _build(directory, _with_server(release, url))
                    projects.setdefault(normalize(release.name), []).extend(built)
                self._scenarios[scenario.name] = (scenario, projects)
        return f"{self.root}/{scenario.name}"

    def hashes(self, scenario: Scenario) -> dict[str, str]:
        """The sha256 of each file of *scenario*, by file name."""
        with self._lock:
            _, projects = self._scenarios[scenario.name]
        return {file.path.name: file.sha256 for files in projects.values() for file in files}

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ScenarioServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _lookup(self, name: str) -> tuple[Scenario, dict[str, list[_File]]] | None:
        with self._lock:
            return self._scenarios.get(name)

    def page(self, name: str, project: str, wants_json: bool) -> tuple[str, bytes] | None:
        """The simple-API page of *project* in scenario *name*: (content type, body)."""
        found = self._lookup(name)
        if found is None or not found[1].get(project):
            return None
        scenario, projects = found
        files = projects[project]
        if wants_json and not scenario.html:
            return "application/vnd.pypi.simple.v1+json", _json_page(project, files, scenario)
        return "text/html", _html_page(files, scenario)

    def file(self, name: str, filename: str) -> bytes | None:
        """The bytes of *filename* (or of its ``.metadata``) in scenario *name*."""
        found = self._lookup(name)
        if found is None:
            return None
        scenario, projects = found
        for files in projects.values():
            for file in files:
                if file.path.name == filename:
                    return file.path.read_bytes()
                if scenario.core_metadata and f"{file.path.name}.metadata" == filename:
                    return file.metadata
        return None


def _yanked(release: Release) -> str | None:
    if release.yanked is False:
        return None
    return "" if release.yanked is True else release.yanked


def _json_page(project: str, files: Iterable[_File], scenario: Scenario) -> bytes:
    entries = []
    versions: dict[str, None] = {}
    for file in files:
        release = file.release
        versions[release.version] = None
        entry: dict[str, object] = {
            "filename": file.path.name,
            "url": f"../../files/{file.path.name}",
            "hashes": {"sha256": file.sha256},
            "size": file.path.stat().st_size,
        }
        if release.requires_python is not None:
            entry["requires-python"] = release.requires_python
        if (reason := _yanked(release)) is not None:
            entry["yanked"] = reason or True
        if release.upload_time is not None:
            entry["upload-time"] = release.upload_time
        if scenario.core_metadata and file.metadata is not None:
            entry["core-metadata"] = {"sha256": hashlib.sha256(file.metadata).hexdigest()}
        entries.append(entry)
    body: dict[str, object] = {"meta": {"api-version": "1.1"}, "name": project}
    body.update({"versions": list(versions), "files": entries})
    return json.dumps(body, indent=1).encode()


def _html_page(files: Iterable[_File], scenario: Scenario) -> bytes:
    links = []
    for file in files:
        release = file.release
        attributes = ""
        if release.requires_python is not None:
            attributes += f' data-requires-python="{html.escape(release.requires_python)}"'
        if (reason := _yanked(release)) is not None:
            attributes += f' data-yanked="{html.escape(reason)}"'
        if scenario.core_metadata and file.metadata is not None:
            digest = hashlib.sha256(file.metadata).hexdigest()
            attributes += f' data-core-metadata="sha256={digest}"'
        href = f"../../files/{file.path.name}#sha256={file.sha256}"
        links.append(f'<a href="{href}"{attributes}>{file.path.name}</a><br/>')
    return ("<!DOCTYPE html>\n<html><body>\n" + "\n".join(links) + "\n</body></html>\n").encode()


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD, with single byte ranges on files (clients read wheel metadata so)."""

    server_: ScenarioServer
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = self.path.partition("?")[0]
        found: tuple[str, bytes] | None = None
        if match := re.fullmatch(r"/([^/]+)/simple/([^/]+)/?", path):
            wants_json = "application/vnd.pypi.simple.v1+json" in self.headers.get("accept", "")
            found = self.server_.page(match[1], normalize(match[2]), wants_json)
        elif match := re.fullmatch(r"/([^/]+)/files/([^/]+)", path):
            content = self.server_.file(match[1], match[2])
            if content is not None:
                found = ("application/octet-stream", content)
        if found is None:
            self._send(404, "text/plain", b"not found\n", head=head)
            return
        content_type, body = found
        wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("range", ""))
        if wanted is None or content_type != "application/octet-stream" or not any(wanted.groups()):
            self._send(200, content_type, body, head=head)
            return
        size = len(body)
        if wanted[1]:
            start, end = int(wanted[1]), min(int(wanted[2] or size - 1), size - 1)
        else:
            start, end = max(size - int(wanted[2]), 0), size - 1
        if start > end:
            self._send(
                416, "text/plain", b"", head=head, extra={"Content-Range": f"bytes */{size}"}
            )
            return
        extra = {"Content-Range": f"bytes {start}-{end}/{size}"}
        self._send(206, content_type, body[start : end + 1], head=head, extra=extra)

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        *,
        head: bool,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=0")
        if content_type == "application/octet-stream":
            self.send_header("Accept-Ranges", "bytes")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


# -- running --------------------------------------------------------------------------


class ScenarioRun:
    """One scenario's inputs written into a `Context`, ready to run `puffin pip-compile`."""

    def __init__(self, context: Context, server: ScenarioServer, scenario: Scenario) -> None:
        self.context = context
        self.scenario = scenario
        self.url = server.add(scenario)
        for name, text in scenario.inputs(self.url).items():
            (context.temp_dir / name).write_text(text)
        context.add_filter(re.escape(self.url), "[SERVER]")
        for filename, digest in server.hashes(scenario).items():
            context.add_filter(digest, f"[{filename}]")

    def __call__(self, *extra: str) -> str:
        """Run ``puffin pip-compile`` with the scenario's arguments and *extra*; the transcript."""
        return self.context.run("pip-compile", *self.scenario.arguments(self.url), *extra)

    def read(self, name: str) -> str:
        """The text of *name* in the working directory."""
        return (self.context.temp_dir / name).read_text()
